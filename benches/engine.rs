//! Engine throughput on real copy: the Wikinews stories repeated to about 10 MB.
//!
//! `cargo bench --bench engine` prints MB/s for the full lint and for the quotation rules.

use copydesk::{Config, Document, Kind, RuleId};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn corpus(target_bytes: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/wikinews");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let stories: Vec<String> = paths
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let mut text = String::with_capacity(target_bytes + 200_000);
    while text.len() < target_bytes {
        for story in &stories {
            text.push_str(story);
            text.push_str("\n\n");
        }
    }
    text
}

fn engine(c: &mut Criterion) {
    let text = corpus(10 * 1024 * 1024);
    let mut group = c.benchmark_group("engine-10MB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    let all = Config::default();
    group.bench_function("full lint", |b| {
        b.iter(|| copydesk::lint(&text, Kind::Plain, &all))
    });
    let quotes = Config::only(&[RuleId::UnbalancedQuote, RuleId::QuoteStyle]);
    group.bench_function("quotation rules", |b| {
        b.iter(|| copydesk::lint(&text, Kind::Plain, &quotes))
    });
    group.bench_function("document model only", |b| {
        b.iter(|| Document::parse(&text, Kind::Plain).sentences.len())
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
