//! Sentences: a paragraph splits after `.`, `!`, `?` or `…` (and any closing marks after
//! them) when the next word starts a sentence, minding abbreviations, initials, decimals
//! and ellipses inside quotations.

use super::{Paragraph, QuoteAnalysis};
use crate::span::Span;
use crate::text::{char_at, char_before};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// Abbreviations that stand before a name or number and never end a sentence.
const ABBREVIATIONS: [&str; 42] = [
    "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "St", "Lt", "Col", "Capt", "Sgt", "Prof",
    "Rev", "Mt", "Ft", "Adm", "Maj", "Cmdr", "Pres", "Supt", "Brig", "Hon", "Atty", "Msgr", "Cpl",
    "Pvt", "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "No", "Nos", "vs", "Fig",
    "Gens", "Reps",
];
const LONGEST_ABBREVIATION: usize = 4;

/// Each abbreviation as the integer of its bytes, zero-padded. The word before every period
/// is looked up, so the lookup is one integer comparison an entry, not a string comparison.
const ABBREVIATION_KEYS: [u32; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut index = 0;
    while index < keys.len() {
        keys[index] = abbreviation_key(ABBREVIATIONS[index].as_bytes());
        index += 1;
    }
    keys
};

/// `word`, of at most [`LONGEST_ABBREVIATION`] bytes and no NUL, as an integer: two such
/// words are equal when their keys are.
const fn abbreviation_key(word: &[u8]) -> u32 {
    let mut bytes = [0u8; LONGEST_ABBREVIATION];
    let mut index = 0;
    while index < word.len() {
        bytes[index] = word[index];
        index += 1;
    }
    u32::from_le_bytes(bytes)
}

pub(crate) fn split(
    text: &str,
    paragraphs: &mut [Paragraph],
    segments: &[Span],
    descriptions: &[Span],
    quotes: &QuoteAnalysis,
) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(paragraphs.len() * 3);
    let bytes = text.as_bytes();
    // One search through the whole text, read as the split moves on (it only moves
    // forward): a search set up for each segment cost more than it searched, and a list of
    // every ellipsis would grow with hostile input.
    let mut ellipses = ellipsis_finder().find_iter(bytes).peekable();
    let mut asked_from = 0;
    let mut next_ellipsis = |from: usize, to: usize| {
        debug_assert!(
            from >= asked_from,
            "the split moved back from {asked_from} to {from}"
        );
        asked_from = from;
        while ellipses.next_if(|&at| at < from).is_some() {}
        ellipses.peek().copied().filter(|&at| at < to)
    };
    let all_descriptions = descriptions;
    let mut descriptions = descriptions.iter().peekable();
    for (index, paragraph) in paragraphs.iter_mut().enumerate() {
        let first = sentences.len();
        let mut start = paragraph.span.start;
        let mut reading = Reading::Words;
        let mut previous_end = start;
        let mut resume = start;
        let paragraph_segments = &segments[paragraph.segments.clone()];
        for (position, segment) in paragraph_segments.iter().enumerate() {
            while descriptions.next_if(|d| d.end <= segment.start).is_some() {}
            let in_description = descriptions
                .peek()
                .is_some_and(|d| d.start <= segment.start);
            if reading == Reading::Aside && !in_description {
                reading = Reading::Words;
            } else if in_description != (reading != Reading::Words) {
                let pending = start.min(previous_end);
                let words = text[pending..previous_end].trim_end();
                let unfinished = start < pending + words.len();
                if in_description && unfinished && !ends_in_terminal_punctuation(words) {
                    reading = Reading::Aside;
                } else {
                    // An image between sentences is a caption: its sentences are its own,
                    // never run together with the words around it.
                    if unfinished {
                        sentences.push(Sentence {
                            span: Span::new(start, pending + words.len()),
                            paragraph: index,
                        });
                    }
                    let words = segment.slice(text);
                    start = segment.end - words.trim_start().len();
                    reading = if in_description {
                        Reading::Caption
                    } else {
                        Reading::Words
                    };
                }
            }
            previous_end = segment.end;
            if reading == Reading::Aside {
                continue;
            }
            // A sentence's closing marks can run on over markup into a later segment (the
            // `"` of `"[no.](url)"`): the split goes on after them.
            let mut at = segment.start.max(resume);
            if at >= segment.end {
                continue;
            }
            // Each search is made again only once the split has passed what it found: a
            // segment of a thousand ellipses and no period is searched once for a period.
            let next_punctuation = |at: usize| {
                memchr::memchr3(b'.', b'!', b'?', &bytes[at..segment.end]).map(|f| at + f)
            };
            let mut ellipsis = next_ellipsis(at, segment.end);
            let mut punctuation = next_punctuation(at);
            loop {
                if ellipsis.is_some_and(|e| e < at) {
                    ellipsis = next_ellipsis(at, segment.end);
                }
                if punctuation.is_some_and(|p| p < at) {
                    punctuation = next_punctuation(at);
                }
                let terminator = match (punctuation, ellipsis) {
                    (Some(p), Some(e)) => p.min(e),
                    (p, e) => match p.or(e) {
                        Some(found) => found,
                        None => break,
                    },
                };
                let (end, next) = sentence_end(
                    text,
                    terminator,
                    &paragraph_segments[position..],
                    paragraph.span.end,
                    all_descriptions,
                    quotes,
                );
                at = end.max(terminator + 1);
                if let Some(next) = next
                    .filter(|next| ends_sentence(text, terminator, next.word, quotes))
                    .map(|next| next.start)
                {
                    sentences.push(Sentence {
                        span: Span::new(start, end),
                        paragraph: index,
                    });
                    start = next;
                }
                if at >= segment.end {
                    resume = at;
                    break;
                }
            }
        }
        if start < paragraph.span.end {
            sentences.push(Sentence {
                span: Span::new(start, paragraph.span.end),
                paragraph: index,
            });
        }
        paragraph.sentences = first..sentences.len();
    }
    sentences
}

/// How the split reads the segment at hand, when the paragraph holds a Markdown image's
/// description between its words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The paragraph's own words.
    Words,
    /// A description standing between sentences: a caption, split into its own sentences.
    Caption,
    /// A description in the middle of a sentence: an aside within it, as a link's words
    /// are, which ends no sentence and breaks none.
    Aside,
}

/// True when `words` end as a sentence does: `.`, `!`, `?` or `…`, then perhaps closing
/// quotation marks or brackets.
fn ends_in_terminal_punctuation(words: &str) -> bool {
    words
        .trim_end_matches(['"', '\'', '”', '’', '»', '›', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

fn ellipsis_finder() -> &'static memchr::memmem::Finder<'static> {
    static ELLIPSIS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("…".as_bytes()));
    &ELLIPSIS
}

/// Where the sentence after a terminator starts: `start`, after the whitespace, may be
/// Markdown markup (`**Then**`); `word` is where its words start.
struct Next {
    start: usize,
    word: usize,
}

/// From a terminator, take the rest of the terminator run and any closing marks or
/// brackets. Returns the sentence's end and, when whitespace follows, where the next
/// sentence starts.
///
/// `segments` are the paragraph's prose from the terminator's segment on; what lies between
/// them, up to `limit`, is markup (`**`, `](url)`, a line break), read over as a reader does:
/// `**He left.** Then` and `[He left.](url) Then` end a sentence, as `He left. **Then**`
/// starts one. The markup around an image's description is not read over: the split
/// decides how a description stands to the words around it.
fn sentence_end(
    text: &str,
    terminator: usize,
    segments: &[Span],
    limit: usize,
    descriptions: &[Span],
    quotes: &QuoteAnalysis,
) -> (usize, Option<Next>) {
    let mut segment = 0;
    let mut segment_end = segments.first().map_or(limit, |first| first.end.min(limit));
    let mut at = terminator;
    // The markup after segment `segment`, up to the next segment, if there is one and it is
    // read as the terminator's segment is.
    let markup_after = |segment: usize, at: usize| {
        let next = segments.get(segment + 1)?;
        let in_description = |span: &Span| crate::span::any_contains(descriptions, span.start);
        (in_description(next) == in_description(&segments[0]))
            .then(|| Span::new(at, next.start.clamp(at, limit)))
    };
    let mut end = terminator;
    loop {
        if at >= segment_end {
            match markup_after(segment, at) {
                // Whitespace, as a line break, ends the closing marks.
                Some(markup) if !markup.slice(text).starts_with(char::is_whitespace) => {
                    segment += 1;
                    at = markup.end;
                    segment_end = segments[segment].end.min(limit);
                    continue;
                }
                Some(_) => break,
                None => return (end, None),
            }
        }
        let Some(c) = char_at(text, at) else {
            return (end, None);
        };
        let closing = matches!(c, '.' | '!' | '?' | '…' | ')' | ']' | '”' | '»' | '’')
            || (matches!(c, '"' | '\'') && quotes.closes_at(at));
        if !closing {
            break;
        }
        at += c.len_utf8();
        end = at;
    }
    // The next sentence starts after the last whitespace before its first word, so that it
    // takes the markup that opens it and leaves the markup that closed the one before.
    let mut start = None;
    loop {
        if at >= segment_end {
            let Some(markup) = markup_after(segment, at) else {
                return (end, None);
            };
            segment += 1;
            at = markup.end;
            segment_end = segments[segment].end.min(limit);
            // A link's title (`](url "a title")`) holds spaces that are no break between
            // words; a line break, or a quotation block's `> `, is one.
            let markup_text = markup.slice(text);
            if markup_text.ends_with(char::is_whitespace) {
                start = Some(markup.end);
            } else if markup_text.starts_with(char::is_whitespace) {
                start = Some(markup.end - markup_text.trim_start().len());
            }
            continue;
        }
        let rest = &text[at..segment_end];
        let words = rest.trim_start();
        if words.len() < rest.len() {
            at = segment_end - words.len();
            start = Some(at);
        }
        if !words.is_empty() {
            break;
        }
    }
    (end, start.map(|start| Next { start, word: at }))
}

fn ends_sentence(text: &str, terminator: usize, next: usize, quotes: &QuoteAnalysis) -> bool {
    let Some(first) = char_at(text, next) else {
        return false;
    };
    let starts_sentence = first.is_uppercase()
        || matches!(
            first,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '¿' | '¡'
        );
    if !starts_sentence {
        return false;
    }
    let mark = text[terminator..].chars().next().unwrap_or('.');
    if mark == '…' || text[terminator..].starts_with("...") || text[..terminator].ends_with("..")
    {
        // An ellipsis inside a quotation marks an omission, not the end of a sentence.
        return !quotes.is_quoted(terminator);
    }
    if mark != '.' {
        return true;
    }
    let word = &text[word_start(text, terminator)..terminator];
    if word.is_empty() {
        return true;
    }
    // `word` holds letters, digits and periods, never a NUL.
    if word.len() <= LONGEST_ABBREVIATION
        && ABBREVIATION_KEYS.contains(&abbreviation_key(word.as_bytes()))
    {
        return false;
    }
    !is_initials(word)
}

/// An initial (J. K. Rowling) or a dotted abbreviation of initials (U.S., U.N.): capital
/// letters, each followed by a period but the last. Read a pair at a time rather than with
/// `split('.')`, whose searcher the compiler stopped inlining when the split grew: 1.2%
/// more instructions for the whole lint (`scripts/instructions.sh`).
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    loop {
        match (chars.next(), chars.next()) {
            (Some(letter), None) if letter.is_uppercase() => return true,
            (Some(letter), Some('.')) if letter.is_uppercase() => {}
            _ => return false,
        }
    }
}

/// Where the run of letters, digits and periods that ends at `end` starts. Runs are read
/// backwards a byte at a time while they are ASCII, as most are.
fn word_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = end;
    while let Some(&byte) = start.checked_sub(1).and_then(|at| bytes.get(at)) {
        if byte.is_ascii() {
            if !(byte.is_ascii_alphanumeric() || byte == b'.') {
                break;
            }
            start -= 1;
        } else {
            match char_before(text, start) {
                Some(c) if c.is_alphanumeric() => start -= c.len_utf8(),
                _ => break,
            }
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Kind};

    fn sentences_of(text: &str, kind: Kind) -> Vec<&str> {
        let document = Document::parse(text, kind);
        document
            .sentences
            .iter()
            .map(|sentence| sentence.span.slice(text))
            .collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        sentences_of(text, Kind::Plain)
    }

    fn markdown_sentences(text: &str) -> Vec<&str> {
        sentences_of(text, Kind::Markdown)
    }

    #[test]
    fn splits_after_terminal_punctuation() {
        assert_eq!(
            sentences("The vote passed. Critics objected! Why? Nobody knows."),
            [
                "The vote passed.",
                "Critics objected!",
                "Why?",
                "Nobody knows."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences(
                "Mr. Smith met Gov. Jones and Sen. Lee in St. Louis on Jan. 5 with J. K. Rowling. \
                 The U.S. Senate and the U.N. voted. Rates rose 3.5 percent."
            ),
            [
                "Mr. Smith met Gov. Jones and Sen. Lee in St. Louis on Jan. 5 with J. K. Rowling.",
                "The U.S. Senate and the U.N. voted.",
                "Rates rose 3.5 percent."
            ]
        );
    }

    #[test]
    fn closing_marks_stay_with_their_sentence() {
        assert_eq!(
            sentences("He said \"no.\" Then he left. \"Why?\" she asked."),
            ["He said \"no.\"", "Then he left.", "\"Why?\" she asked."]
        );
    }

    #[test]
    fn an_ellipsis_inside_a_quotation_does_not_split() {
        assert_eq!(
            sentences("\"The friendship ... Will grow,\" Kim said. It did... Then it fell."),
            [
                "\"The friendship ... Will grow,\" Kim said.",
                "It did...",
                "Then it fell."
            ]
        );
    }

    #[test]
    fn the_ellipsis_character_ends_sentences_in_every_paragraph() {
        assert_eq!(
            sentences("It did… Then it fell.\n\n“We wait…” Nothing came. He left… She stayed."),
            [
                "It did…",
                "Then it fell.",
                "“We wait…” Nothing came.",
                "He left…",
                "She stayed."
            ]
        );
    }

    /// Found by the `incremental_edits` fuzz target, when a Markdown image's description was
    /// a paragraph inside the one around it and the split read it after the text beyond it.
    #[test]
    fn an_image_description_is_split_at_its_own_ellipsis() {
        let text = "Before it. ![Smoke rose… Then rain fell.](x.png) After it… It ended.";
        let got = markdown_sentences(text);
        assert!(got.contains(&"Smoke rose…"), "{got:?}");
        assert!(got.contains(&"Then rain fell."), "{got:?}");
        assert!(got.contains(&"It ended."), "{got:?}");
    }

    #[test]
    fn an_image_description_inside_a_paragraph_is_a_sentence_of_its_own() {
        assert_eq!(
            markdown_sentences("Before it. ![A picture](x.png) The regime fell. Kiev is big.\n"),
            [
                "Before it.",
                "A picture",
                "The regime fell.",
                "Kiev is big."
            ]
        );
        assert_eq!(
            markdown_sentences("He left. ![Smoke rose. Rain fell.](x.png) “It ended.” Then…\n"),
            [
                "He left.",
                "Smoke rose.",
                "Rain fell.",
                "“It ended.”",
                "Then…"
            ]
        );
    }

    /// An image in the middle of a sentence is an aside within it, so that the words on
    /// both sides, an attribution among them, stay one sentence.
    #[test]
    fn an_image_description_inside_a_sentence_is_an_aside_within_it() {
        assert_eq!(
            markdown_sentences(
                "Prices rose, ![Smoke rose. Rain fell.](x.png) the bank said. It ended.\n"
            ),
            [
                "Prices rose, ![Smoke rose. Rain fell.](x.png) the bank said.",
                "It ended."
            ]
        );
    }

    /// A sentence's closing marks ran on over the `]` of a link and past the end of its
    /// segment, and the split then sliced the text backwards: a panic on any Markdown
    /// paragraph with more words after such a link.
    #[test]
    fn a_sentence_ending_inside_a_link_does_not_stop_the_split() {
        for text in [
            "See [He left.](x) Then it fell. It ended.\n",
            "Ask [why?](x) and [how!](y) now. It ended.\n",
        ] {
            let got = markdown_sentences(text);
            assert_eq!(got.last(), Some(&"It ended."), "{text}: {got:?}");
        }
    }

    #[test]
    fn initials_are_capitals_each_followed_by_a_period_but_the_last() {
        let alphabet = ["A", "b", ".", "É", "1"];
        // Every word of up to five of these characters.
        let mut length = vec![String::new()];
        let mut words = Vec::new();
        for _ in 0..5 {
            length = length
                .iter()
                .flat_map(|word| alphabet.iter().map(move |c| format!("{word}{c}")))
                .collect();
            words.extend(length.iter().cloned());
        }
        for word in &words {
            let by_parts = word.split('.').all(|part| {
                let mut chars = part.chars();
                chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
            });
            assert_eq!(super::is_initials(word), by_parts, "{word:?}");
        }
    }

    #[test]
    fn markdown_markup_between_sentences_is_read_over() {
        for (text, expected) in [
            (
                "See [He left.](x) Then more.\n",
                &["See [He left.", "Then more."][..],
            ),
            ("**He left.** Then more.\n", &["He left.", "Then more."]),
            ("He left. **Then** more.\n", &["He left.", "**Then** more."]),
            ("He left. _Then_ more.\n", &["He left.", "_Then_ more."]),
            (
                "He left. <b>Then</b> more.\n",
                &["He left.", "<b>Then</b> more."],
            ),
            (
                "He said \"[no.](x)\" Then more.\n",
                &["He said \"[no.](x)\"", "Then more."],
            ),
            // A line break inside a paragraph is whitespace.
            ("A line.\nHe left.\n", &["A line.", "He left."]),
            ("> A line.\n> He left.\n", &["A line.", "He left."]),
            // A space inside a link's title is not one between the sentences.
            (
                "[He left.](x \"a b\")Then more.\n",
                &["He left.](x \"a b\")Then more."],
            ),
            // A description's words are not a closing mark of the sentence before it: read
            // over, they made two sentences overlap (found by random Markdown).
            (
                "He left.![.Troops](t.png) Then more.\n",
                &["He left.", ".Troops", "Then more."],
            ),
            (".![<!-->. []]()-\n", &[".", ".", "[]", "-"]),
            // Not emphasis in CommonMark (`**` after a period and before a letter): the
            // marks are the text's own, and there is no space between the sentences.
            ("**He left.**Then more.\n", &["**He left.**Then more."]),
        ] {
            assert_eq!(markdown_sentences(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_abbreviation_and_only_it_holds_off_a_sentence_end() {
        for abbreviation in super::ABBREVIATIONS {
            let text = format!("See {abbreviation}. Smith now.");
            assert_eq!(sentences(&text).len(), 1, "{text}");
            // The word with a letter more, or in another case, is an ordinary word.
            for other in [
                format!("{abbreviation}x"),
                abbreviation.to_lowercase(),
                abbreviation.to_uppercase(),
            ] {
                if !super::ABBREVIATIONS.contains(&other.as_str()) {
                    let text = format!("See {other}. Smith now.");
                    assert_eq!(sentences(&text).len(), 2, "{text}");
                }
            }
        }
    }

    #[test]
    fn no_abbreviation_is_longer_than_the_longest() {
        assert!(super::ABBREVIATIONS
            .iter()
            .all(|abbreviation| abbreviation.len() <= super::LONGEST_ABBREVIATION));
    }

    #[test]
    fn the_meeting_began_at_ten() {
        assert_eq!(
            sentences("The meeting began at 10 a.m. It ended at noon."),
            ["The meeting began at 10 a.m.", "It ended at noon."]
        );
    }
}
