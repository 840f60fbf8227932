//! Profile target: an editor's linter on a 1 MB text, a character typed in its middle and
//! erased, over and over, as the language server relints it
//! (`perf record target/release/examples/keystroke`).
use copydesk::{Config, Kind, Linter};
use std::sync::Arc;
use std::time::Instant;

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let stories = corpus::stories();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for story in &stories {
            text.push_str(story);
            text.push_str("\n\n");
        }
    }
    let at = (text.len() / 2..)
        .find(|&i| text.is_char_boundary(i))
        .expect("a boundary");
    let mut typed = text.clone();
    typed.insert(at, 'x');
    let mut linter = Linter::new(Kind::Plain, Arc::new(Config::default()));
    linter.lint(&text);
    let rounds = 2000;
    let start = Instant::now();
    for round in 0..rounds {
        linter.update(if round % 2 == 0 { &typed } else { &text });
        std::hint::black_box(linter.sections());
    }
    let (relinted, sections) = linter.relinted();
    println!(
        "{:.3} ms a keystroke ({relinted} of {sections} sections relinted, {} bytes)",
        start.elapsed().as_secs_f64() * 1e3 / rounds as f64,
        text.len()
    );
}
