//! Time the document model and each rule on a text: `cargo run --release --example timing -- FILE`.
use copydesk::{Config, Document, Kind, RuleId};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8");
    // A first full lint builds the word-list automata, so the timings below are steady state.
    copydesk::lint(&text, Kind::Plain, &Config::default());
    let start = Instant::now();
    copydesk::lint(&text, Kind::Plain, &Config::default());
    println!("full lint: {:?}", start.elapsed());
    let start = Instant::now();
    let document = Document::parse(&text, Kind::Plain);
    println!(
        "document: {:?} ({} sentences)",
        start.elapsed(),
        document.sentences.len()
    );
    for &rule in RuleId::ALL {
        let start = Instant::now();
        let findings = copydesk::rules::run(&document, &Config::only(&[rule]));
        println!(
            "{rule}: {:?} ({} findings)",
            start.elapsed(),
            findings.len()
        );
    }
}
