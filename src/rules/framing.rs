//! What the word-list rules (`loaded-term`, `house-style`, `relative-time`) share: where to
//! look, and when a capitalized word is part of a proper name.

use crate::document::{Document, Role};
use crate::span::Span;
use crate::text::words;
use crate::wordlists::{leftmost_longest, List, PhraseMatch, WordLists};
use std::sync::Arc;

/// The phrases of one list in the prose of every paragraph whose role `wanted` accepts and
/// that `accept` keeps, leftmost-longest. The document is scanned once for all three lists
/// and the hits are kept with it, so the three rules share one pass.
pub(super) fn find_in_prose(
    document: &Document,
    lists: &Arc<WordLists>,
    list: List,
    wanted: impl Fn(Role) -> bool,
    mut accept: impl FnMut(usize, Span) -> bool,
) -> Vec<PhraseMatch> {
    // With the built-in lists, the voice analysis has found the phrases in its own scan,
    // unless a multiword phrase could run across a line break or a run of spaces (wrapped
    // copy), which only the list's own scan reads.
    let builtin = crate::wordlists::builtin();
    let hits: std::borrow::Cow<[crate::wordlists::Hit]> =
        if Arc::ptr_eq(lists, &builtin) && document.voice().plain_spacing {
            std::borrow::Cow::Borrowed(&document.voice().list_hits)
        } else {
            std::borrow::Cow::Owned(scan(document, lists))
        };
    let candidates: Vec<PhraseMatch> = hits
        .iter()
        .filter(|hit| hit.list == list && wanted(document.paragraphs[hit.paragraph].role))
        .filter(|hit| accept(hit.entry, hit.span))
        .map(|hit| PhraseMatch {
            entry: hit.entry,
            span: hit.span,
        })
        .collect();
    let mut out = Vec::new();
    leftmost_longest(candidates, &mut out);
    out
}

/// The lists' own scan, kept with the document for the three rules that share it.
fn scan(document: &Document, lists: &Arc<WordLists>) -> Vec<crate::wordlists::Hit> {
    let key = Arc::as_ptr(lists) as usize;
    let cached = document.phrase_hits.get_or_init(|| {
        (
            key,
            lists.hits(document.text, &document.paragraphs, &document.segments),
        )
    });
    if cached.0 == key {
        cached.1.clone()
    } else {
        lists.hits(document.text, &document.paragraphs, &document.segments)
    }
}

/// Small words that stand inside a name or a title ("Hegemony or Survival").
const CONNECTORS: [&str; 12] = [
    "of", "or", "and", "the", "for", "in", "on", "a", "an", "to", "de", "la",
];

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when the capitalized words at `span` belong to a proper name or a title: a run of two
/// or more capitalized words ("National Liberation Day", "Islamic State", "Martyrs Square",
/// "Hegemony or Survival"). A capitalized word that only opens a sentence is no name.
pub(super) fn in_proper_name(document: &Document, span: Span) -> bool {
    let text = document.text;
    let own: Vec<&str> = words(text, span).map(|word| word.text).collect();
    let Some(first) = own.first() else {
        return false;
    };
    if !is_capitalized(first) {
        return false;
    }
    let content: Vec<&&str> = own
        .iter()
        .filter(|word| !CONNECTORS.contains(&word.to_ascii_lowercase().as_str()))
        .collect();
    if !content.iter().all(|word| is_capitalized(word)) {
        return false;
    }
    if content.len() >= 2 {
        return true;
    }
    let sentence = document
        .sentence_at(span.start)
        .map(|i| document.sentences[i].span);
    let sentence = sentence.unwrap_or(span);
    let opens_sentence = words(text, Span::new(sentence.start, span.end))
        .next()
        .is_some_and(|word| word.span.start == span.start);

    // The words after, within the sentence, separated by spaces only.
    let after = adjacent_words(text, span.end, sentence.end, true);
    let before = adjacent_words(text, sentence.start, span.start, false);
    let capitalized_neighbour = |neighbours: &[&str]| {
        let mut iter = neighbours.iter();
        match iter.next() {
            Some(word) if is_capitalized(word) => true,
            // A connector only links words of a name in mid-sentence.
            Some(word)
                if !opens_sentence && CONNECTORS.contains(&word.to_ascii_lowercase().as_str()) =>
            {
                iter.next().is_some_and(|word| is_capitalized(word))
            }
            _ => false,
        }
    };
    if capitalized_neighbour(&after) {
        return true;
    }
    // A capitalized word before that itself opens the sentence ("The", "Radical") is no
    // evidence of a name.
    let sentence_first = words(text, sentence).next().map(|word| word.span.start);
    !opens_sentence
        && before.first().is_some_and(|word| {
            let at = word.as_ptr() as usize - text.as_ptr() as usize;
            is_capitalized(word) && Some(at) != sentence_first
        })
}

/// Up to two words next to a boundary, nearest first, as long as only spaces separate them
/// (punctuation ends a name). `forward` reads `text[from..to]` from its start; otherwise from
/// its end backwards.
fn adjacent_words(text: &str, from: usize, to: usize, forward: bool) -> Vec<&str> {
    let region = &text[from..to.max(from)];
    let mut out = Vec::new();
    if forward {
        let mut rest = region;
        for _ in 0..2 {
            let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
            if trimmed.len() == rest.len() {
                break;
            }
            let end = trimmed
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')))
                .unwrap_or(trimmed.len());
            if end == 0 {
                break;
            }
            out.push(&trimmed[..end]);
            rest = &trimmed[end..];
        }
    } else {
        let mut rest = region;
        for _ in 0..2 {
            let trimmed = rest.trim_end_matches([' ', '\u{a0}']);
            if trimmed.len() == rest.len() {
                break;
            }
            let start = trimmed
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.'))
                .last()
                .map(|(at, _)| at);
            let Some(start) = start else {
                break;
            };
            out.push(&trimmed[start..]);
            rest = &trimmed[..start];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Kind;

    fn named(text: &str, word: &str) -> bool {
        let document = Document::parse(text, Kind::Plain);
        let start = text.find(word).unwrap();
        in_proper_name(&document, Span::new(start, start + word.len()))
    }

    #[test]
    fn runs_of_capitalized_words_are_names() {
        assert!(named("They marked National Liberation Day.", "Liberation"));
        assert!(named(
            "His book, Hegemony or Survival, sold well.",
            "Hegemony"
        ));
        assert!(named("Crowds filled Martyrs Square on Friday.", "Martyrs"));
        assert!(named("He met Islamic State envoys.", "State"));
    }

    #[test]
    fn a_capital_that_opens_a_sentence_is_no_name() {
        assert!(!named("Terrorists attacked the town.", "Terrorists"));
        assert!(!named(
            "It rained. Terrorists in Syria attacked.",
            "Terrorists"
        ));
        assert!(!named("The regime fell.", "regime"));
    }
}
