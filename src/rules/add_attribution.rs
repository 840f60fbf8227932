//! The add-attribution fixes: one per source the story already names, nearest first, and a
//! placeholder. None is preferred and none is safe: the writer must choose and verify.

use crate::document::{Document, SourceKind};
use crate::finding::{Applicability, Edit, Fix};
use crate::span::Span;

/// What the placeholder fix inserts, and what `unattributed-claim` flags until it is replaced.
pub const PLACEHOLDER: &str = "[source]";

/// At most this many source fixes travel with a finding.
const MAX_SOURCE_FIXES: usize = 3;

pub fn fixes(document: &Document, sentence: Span) -> Vec<Fix> {
    let mut candidates: Vec<(usize, &str)> = document
        .voice()
        .sources
        .iter()
        .filter(|source| source.kind != SourceKind::Unresolved)
        .filter_map(|source| {
            let distance = source
                .mentions
                .iter()
                .map(|mention| {
                    if mention.end <= sentence.start {
                        sentence.start - mention.end
                    } else {
                        // Sources named later in the story come after those named before.
                        mention.start.saturating_sub(sentence.end) + document.text.len()
                    }
                })
                .min()?;
            Some((distance, source.short.as_str()))
        })
        .collect();
    candidates.sort();
    candidates.dedup_by(|a, b| a.1 == b.1);
    let mut fixes: Vec<Fix> = candidates
        .iter()
        .take(MAX_SOURCE_FIXES)
        .map(|(_, name)| {
            Fix::new(
                format!("Attribute to {name}"),
                edits(document.text, sentence, &format!("{name} said")),
                Applicability::NeedsReview,
            )
        })
        .collect();
    fixes.push(Fix::new(
        "Attribute to a source (placeholder)",
        edits(
            document.text,
            sentence,
            &format!("according to {PLACEHOLDER}"),
        ),
        Applicability::NeedsReview,
    ));
    fixes
}

/// Insert ", {attribution}" where the sentence's own words end: before its final period,
/// or after a closing quotation mark that ends it, turning the period inside into a comma
/// (`…wartime,” Kim said.`).
pub fn edits(text: &str, sentence: Span, attribution: &str) -> Vec<Edit> {
    let body = sentence.slice(text);
    let trimmed = body.trim_end();
    let end = sentence.start + trimmed.len();
    let closing = trimmed.ends_with(['"', '”', '’', '\'']);
    if closing {
        let mark_len = trimmed.chars().next_back().map_or(1, char::len_utf8);
        let inside = &trimmed[..trimmed.len() - mark_len];
        if let Some(period) = inside.strip_suffix('.') {
            let period_at = sentence.start + period.len();
            return vec![
                Edit::replace(Span::new(period_at, period_at + 1), ","),
                Edit::insert(end, format!(" {attribution}.")),
            ];
        }
        return vec![Edit::insert(end, format!(", {attribution}."))];
    }
    let at = match trimmed.chars().next_back() {
        Some('.' | '!' | '?') => end - 1,
        _ => end,
    };
    vec![Edit::insert(at, format!(", {attribution}"))]
}
