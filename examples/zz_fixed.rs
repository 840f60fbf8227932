use copydesk::{Config, Kind};
use std::time::Instant;
fn main() {
    let config = Config::default();
    for text in ["Hello.", "The mayor said the bridge would open on Monday.\n\nIt will cost $3 million, officials said.\n"] {
        let n = 200_000;
        let start = Instant::now();
        let mut f = 0;
        for _ in 0..n { f += copydesk::lint(text, Kind::Plain, &config).len(); }
        let el = start.elapsed().as_secs_f64();
        println!("{:?}: {:.2} us/lint ({} findings)", &text[..5], el / n as f64 * 1e6, f / n);
    }
}
