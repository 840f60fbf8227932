//! The add-attribution fixes: one per source the story already names, nearest first, and a
//! placeholder. None is preferred and none is safe: the writer must choose and verify.

use crate::document::{is_determiner, Document, Source, SourceKind};
use crate::finding::{Applicability, Edit, Fix};
use crate::lexicon;
use crate::span::Span;
use std::sync::OnceLock;

/// What the placeholder fix inserts, and what `unattributed-claim` flags until it is replaced.
pub const PLACEHOLDER: &str = "[source]";

/// At most this many source fixes travel with a finding.
const MAX_SOURCE_FIXES: usize = 3;

pub fn fixes(document: &Document, sentence: Span) -> Vec<Fix> {
    let lexicon = lexicon::get();
    let mut candidates: Vec<(usize, String)> = document
        .voice()
        .sources
        .iter()
        .filter(|source| match source.kind {
            SourceKind::Unresolved => false,
            // "australian school children has revealed": a subject, but not a source to name.
            SourceKind::Group => source
                .short
                .split_whitespace()
                .next_back()
                .is_some_and(|head| lexicon.is_source_noun(head)),
            SourceKind::Person | SourceKind::Institution => true,
        })
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
            let name = attribution_name(source);
            let vague = vague_sayers()
                .iter()
                .any(|who| who.eq_ignore_ascii_case(&name));
            (!vague).then_some((distance, name))
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

/// "critics" of "critics said": who the vague-attribution list says is nobody in
/// particular, so never offered as a source.
fn vague_sayers() -> &'static [&'static str] {
    static SAYERS: OnceLock<Vec<&'static str>> = OnceLock::new();
    SAYERS.get_or_init(|| {
        lexicon::get()
            .vague_phrases
            .iter()
            .filter_map(|vague| vague.phrase.strip_suffix(" said"))
            .collect()
    })
}

/// How a fix names the source: its short name, and "the" before a described group that
/// needs one ("the coach said", "the statement said"; "officials said" as it is).
fn attribution_name(source: &Source) -> String {
    let short = source.short.as_str();
    let needs_article = source.kind == SourceKind::Group
        && !short.ends_with('s')
        && !matches!(short, "people" | "police" | "media")
        && !short.split_whitespace().next().is_some_and(|first| {
            is_determiner(first) || first.ends_with("'s") || first.ends_with("’s")
        });
    if needs_article {
        format!("the {short}")
    } else {
        short.to_string()
    }
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
