//! Full-lint throughput on the Wikinews stories, each linted as its own story, for a quick
//! reading while profiling: `cargo run --release --example throughput [SECONDS]` runs for a
//! time (for `perf record`); `-- --passes N` runs N passes over the stories, a fixed amount of
//! work (for `valgrind --tool=callgrind`, whose instruction counts the load does not move).
//! The benchmark of record is `cargo bench --bench engine`.
use copydesk::{Config, Kind};
use std::time::Instant;

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (seconds, passes) = match args.as_slice() {
        [flag, n] if flag == "--passes" => (f64::INFINITY, n.parse().expect("--passes N")),
        [seconds] => (seconds.parse().expect("a number of seconds"), usize::MAX),
        _ => (5.0, usize::MAX),
    };
    let stories = corpus::stories();
    let config = Config::default();
    let start = Instant::now();
    let (mut bytes, mut findings) = (0usize, 0usize);
    let mut pass = 0;
    while pass < passes && start.elapsed().as_secs_f64() < seconds {
        pass += 1;
        for story in &stories {
            findings += copydesk::lint(story, Kind::Plain, &config).len();
            bytes += story.len();
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "{:.1} MB/s ({} bytes, {} findings, {:.2} s)",
        bytes as f64 / elapsed / 1e6,
        bytes,
        findings,
        elapsed
    );
}
