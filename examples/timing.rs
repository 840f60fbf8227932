//! Where the time of a full lint goes: the document model, the voice analysis and each rule,
//! summed over stories each linted on its own.
//!
//! `cargo run --release --example timing -- [FILE|FOLDER]... [--passes N]`; with no path, the
//! Wikinews stories of the test corpus.
use copydesk::{Config, Document, Kind, RuleId};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn stories(paths: &[PathBuf]) -> Vec<String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .expect("a readable folder")
                .map(|entry| entry.expect("a folder entry").path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("readable UTF-8"))
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut passes = 20;
    while let Some(arg) = args.next() {
        if arg == "--passes" {
            passes = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--passes N");
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        paths.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/wikinews"));
    }
    let stories = stories(&paths);
    let config = Config::default();
    // A first full lint builds the word-list automata, so the timings below are steady state.
    for story in &stories {
        copydesk::lint(story, Kind::Plain, &config);
    }
    let (mut full, mut parse, mut voice) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut rules = vec![Duration::ZERO; RuleId::ALL.len()];
    let only: Vec<Config> = RuleId::ALL
        .iter()
        .map(|&rule| Config::only(&[rule]))
        .collect();
    for _ in 0..passes {
        for story in &stories {
            let start = Instant::now();
            copydesk::lint(story, Kind::Plain, &config);
            full += start.elapsed();
            let start = Instant::now();
            let document = Document::parse(story, Kind::Plain);
            parse += start.elapsed();
            let start = Instant::now();
            document.voice();
            voice += start.elapsed();
            for (time, config) in rules.iter_mut().zip(&only) {
                let start = Instant::now();
                copydesk::rules::run(&document, config);
                *time += start.elapsed();
            }
        }
    }
    let bytes = (stories.iter().map(String::len).sum::<usize>() * passes) as f64;
    let report = |what: &str, time: Duration| {
        let seconds = time.as_secs_f64();
        println!(
            "{what:>20}: {:7.2} ns/byte {:8.1} MB/s",
            seconds * 1e9 / bytes,
            bytes / seconds / 1e6
        );
    };
    println!("{} stories, {} passes", stories.len(), passes);
    report("full lint", full);
    report("document model", parse);
    report("voice analysis", voice);
    for (&rule, &time) in RuleId::ALL.iter().zip(&rules) {
        report(rule.as_str(), time);
    }
}
