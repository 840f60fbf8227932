//! Engine throughput on real copy: the Wikinews stories repeated to about 10 MB, each linted
//! as its own story (as `check` and an editor see them).
//!
//! `cargo bench --bench engine` prints MB/s for the full lint and for the quotation rules,
//! then the time an editor's linter takes to relint a 1 MB text after a one-character edit.

use copydesk::sections::UnchangedEnds;
use copydesk::{Config, Document, Kind, Linter, RuleId};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::sync::Arc;

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

/// A 1 MB text (the stories one after another), a character typed in its middle and erased
/// again: what [`Linter`] redoes per keystroke, against a lint from scratch.
fn keystroke(c: &mut Criterion) {
    let mut text = String::new();
    for story in corpus(1024 * 1024) {
        text.push_str(&story);
        text.push_str("\n\n");
    }
    let at = text.len() / 2;
    let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap_or(at);
    let mut typed = text.clone();
    typed.insert(at, 'x');
    let mut group = c.benchmark_group("keystroke-1MB");
    group.sample_size(20);
    let mut linter = Linter::new(Kind::Plain, Arc::new(Config::default()));
    linter.lint(&text);
    let mut flip = false;
    // Relint, then take the sections' findings (the server never builds the flat list
    // unless a request needs it); the linter compares the texts to find the change.
    group.bench_function("Linter after a one-character edit", |b| {
        b.iter(|| {
            flip = !flip;
            linter.update(if flip { &typed } else { &text });
            linter.sections().len()
        })
    });
    // What the language server does: it tells the linter where the edit fell.
    let inserted = UnchangedEnds::of_edit(at, 1, typed.len());
    let erased = UnchangedEnds::of_edit(at, 0, text.len());
    group.bench_function("Linter told where the edit fell", |b| {
        b.iter(|| {
            flip = !flip;
            if flip {
                linter.update_told(&typed, Some(inserted));
            } else {
                linter.update_told(&text, Some(erased));
            }
            linter.sections().len()
        })
    });
    group.bench_function("lint from scratch", |b| {
        b.iter(|| copydesk::lint(&typed, Kind::Plain, &Config::default()).len())
    });
    group.finish();
}

criterion_group!(benches, engine, keystroke);
criterion_main!(benches);
