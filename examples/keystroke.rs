//! Profile target: an editor's linter on a 1 MB text, a character typed in its middle and
//! erased, over and over, as the language server relints it
//! (`perf record target/release/examples/keystroke`).
use copydesk::{Config, Kind, Linter};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/wikinews");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the corpus folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for path in &paths {
            text.push_str(&std::fs::read_to_string(path).expect("a readable story"));
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
