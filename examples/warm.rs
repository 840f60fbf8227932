//! How much of a lint is paid for copy the machine has not just read: each Wikinews story is
//! linted twice in a row, and the first lint is timed apart from the second, which finds the
//! caches and branch predictors as the first left them. `--evict MB` writes that many
//! megabytes between the two, so that the second starts with cold caches instead.
//!
//!   cargo run --release --example warm -- [--passes N] [--evict MB]
//!
//! Each line is one round of N passes (default 20) over the stories, in ns a byte: the first
//! lints, the second lints, and a plain pass (each story once, as `throughput` and the
//! benchmark lint them) timed in the same round. docs/PERFORMANCE.md reads the figures.
use copydesk::{Config, Kind};
use std::time::{Duration, Instant};

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut passes = 20;
    let mut evict_mb = 0;
    for pair in args.chunks(2) {
        let value = pair.get(1).and_then(|n| n.parse().ok());
        match (pair[0].as_str(), value) {
            ("--passes", Some(n)) => passes = n,
            ("--evict", Some(mb)) => evict_mb = mb,
            _ => {
                eprintln!("usage: warm [--passes N] [--evict MB]");
                std::process::exit(2);
            }
        }
    }
    let stories = corpus::stories();
    let config = Config::default();
    let bytes = (stories.iter().map(String::len).sum::<usize>() * passes) as f64;
    let mut evict = vec![0u8; evict_mb << 20];
    let ns = |time: Duration| time.as_secs_f64() * 1e9 / bytes;
    println!("ns a byte: first lint, second lint, plain pass");
    for _round in 0..5 {
        let (mut first, mut second, mut plain) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for _ in 0..passes {
            for story in &stories {
                let start = Instant::now();
                std::hint::black_box(copydesk::lint(story, Kind::Plain, &config));
                first += start.elapsed();
                for byte in &mut evict {
                    *byte = byte.wrapping_add(1);
                }
                std::hint::black_box(&evict);
                let start = Instant::now();
                std::hint::black_box(copydesk::lint(story, Kind::Plain, &config));
                second += start.elapsed();
            }
            let start = Instant::now();
            for story in &stories {
                std::hint::black_box(copydesk::lint(story, Kind::Plain, &config));
            }
            plain += start.elapsed();
        }
        println!("{:6.2} {:6.2} {:6.2}", ns(first), ns(second), ns(plain));
    }
}
