//! How a long text is cut into sections, and what the cuts change. Given a folder of
//! stories, stacks them (six times over) into one text and compares the sectioned lint and
//! one whole analysis with the ground truth of each story linted on its own:
//! `cargo run --release --example sections -- tests/corpus/wikinews`.
use copydesk::{rules, sections, Config, Document, Finding, Kind};
use std::collections::HashSet;

fn main() {
    let folder = std::env::args().nth(1).expect("a folder of stories");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("a readable folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    paths.sort();
    let stories: Vec<String> = paths
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    let config = Config::default();
    let mut text = String::new();
    let mut truth = Vec::new();
    for _ in 0..6 {
        for story in &stories {
            let offset = text.len();
            truth.extend(
                copydesk::lint(story, Kind::Plain, &config)
                    .into_iter()
                    .map(|finding| finding.shifted(offset)),
            );
            text.push_str(story);
            text.push_str("\n\n");
        }
    }
    let cut = sections::split(&text, Kind::Plain);
    let sizes: Vec<usize> = cut.iter().map(|s| s.span.len()).collect();
    println!(
        "{} stories, {} bytes, {} sections: smallest {} B, largest {} B, mean {} B",
        stories.len() * 6,
        text.len(),
        cut.len(),
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0),
        text.len() / cut.len().max(1)
    );
    let sectioned = copydesk::lint(&text, Kind::Plain, &config);
    let whole = rules::run(&Document::parse(&text, Kind::Plain), &config);
    for (name, found) in [("in sections", &sectioned), ("as one text", &whole)] {
        let (missed, extra) = compare(&truth, found);
        println!(
            "{name}: {} findings against {} story by story: {missed} missed, {extra} extra",
            found.len(),
            truth.len()
        );
    }
}

/// Findings of `truth` not in `found`, and of `found` not in `truth`.
fn compare(truth: &[Finding], found: &[Finding]) -> (usize, usize) {
    let key = |f: &Finding| (f.span, f.rule, f.message.clone());
    let truth: HashSet<_> = truth.iter().map(key).collect();
    let found: HashSet<_> = found.iter().map(key).collect();
    (
        truth.difference(&found).count(),
        found.difference(&truth).count(),
    )
}
