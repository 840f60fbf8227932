//! Engine throughput on real copy: the Wikinews stories repeated to about 10 MB, each linted
//! as its own story (as `check` and an editor see them).
//!
//! `cargo bench --bench engine` prints MB/s for the full lint and for the quotation rules.

use copydesk::{Config, Document, Kind, RuleId};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod corpus;

/// The stories, repeated until they hold `target_bytes`.
fn corpus(target_bytes: usize) -> Vec<String> {
    let stories = corpus::stories();
    let mut out = Vec::new();
    let mut total = 0;
    while total < target_bytes {
        for story in &stories {
            total += story.len();
            out.push(story.clone());
        }
    }
    out
}

fn engine(c: &mut Criterion) {
    let stories = corpus(10 * 1024 * 1024);
    let bytes: usize = stories.iter().map(String::len).sum();
    let mut group = c.benchmark_group("engine-10MB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    let lint_all = |config: &Config| {
        stories
            .iter()
            .map(|story| copydesk::lint(story, Kind::Plain, config).len())
            .sum::<usize>()
    };
    let all = Config::default();
    group.bench_function("full lint", |b| b.iter(|| lint_all(&all)));
    let quotes = Config::only(&[RuleId::UnbalancedQuote, RuleId::QuoteStyle]);
    group.bench_function("quotation rules", |b| b.iter(|| lint_all(&quotes)));
    group.bench_function("document model only", |b| {
        b.iter(|| {
            stories
                .iter()
                .map(|story| Document::parse(story, Kind::Plain).sentences.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
