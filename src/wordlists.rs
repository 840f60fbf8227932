//! The framing word lists: loaded terms, house-style names and relative dates. Compiled in
//! from `data/`, parsed once, and extended by a project's config. Matching is on whole words
//! with aho-corasick; a multiword form matches across any run of whitespace.

use crate::finding::Severity;
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use memchr::memmem;
use serde::Deserialize;
use std::sync::LazyLock;
use std::sync::{Arc, OnceLock};

const LOADED_TERMS: &str = include_str!("../data/loaded-terms.toml");
const HOUSE_STYLE: &str = include_str!("../data/house-style.toml");
const RELATIVE_TIME: &str = include_str!("../data/relative-time.toml");

/// What kind of loaded framing an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    ContentiousLabel,
    Euphemism,
    ConflictFraming,
    Editorializing,
    Intensifier,
    Doubt,
}

impl Category {
    /// "a contentious label", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Category::ContentiousLabel => "a contentious label",
            Category::Euphemism => "a euphemism",
            Category::ConflictFraming => "conflict framing",
            Category::Editorializing => "editorializing",
            Category::Intensifier => "an intensifier",
            Category::Doubt => "a word of doubt",
        }
    }
}

fn warning() -> Severity {
    Severity::Warning
}

/// One entry of `data/loaded-terms.toml`, or of a project's `[[terms.loaded]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadedTerm {
    pub term: String,
    pub forms: Vec<String>,
    pub category: Category,
    #[serde(default = "warning")]
    pub severity: Severity,
    #[serde(default)]
    pub alternatives: Vec<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub unless_before: Vec<String>,
    #[serde(default)]
    pub unless_after: Vec<String>,
}

/// One entry of `data/house-style.toml`, or of a project's `[[house-style.names]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseName {
    pub wrong: String,
    pub right: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub unless_before: Vec<String>,
    #[serde(default)]
    pub unless_after: Vec<String>,
}

/// One entry of `data/relative-time.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeTime {
    pub phrase: String,
    pub suggestion: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub unless_before: Vec<String>,
    #[serde(default)]
    pub unless_after: Vec<String>,
    /// Flagged only when the word just before is one of these: "the next year" counts from
    /// the day of writing in a span that starts then ("over the next year"), and from a
    /// time the story has named otherwise ("The next year, she left").
    #[serde(default)]
    pub only_after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile<T> {
    entry: Vec<T>,
}

fn parse_list<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Vec<T> {
    toml::from_str::<ListFile<T>>(text)
        .unwrap_or_else(|error| panic!("data/{name} is invalid: {error}"))
        .entry
}

/// The lists with their matchers, built once per set of lists and shared by every lint.
pub struct WordLists {
    pub loaded: Vec<LoadedTerm>,
    pub house: Vec<HouseName>,
    pub relative: Vec<RelativeTime>,
    pub loaded_matcher: PhraseMatcher,
    pub house_matcher: PhraseMatcher,
    pub relative_matcher: PhraseMatcher,
    /// All three lists in one automaton, so a document is scanned once for all of them.
    all_matcher: PhraseMatcher,
    all_owners: Vec<(List, usize)>,
}

impl std::fmt::Debug for WordLists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordLists")
            .field("loaded", &self.loaded.len())
            .field("house", &self.house.len())
            .field("relative", &self.relative.len())
            .finish()
    }
}

/// The built-in lists, parsed and compiled on first use.
pub fn builtin() -> Arc<WordLists> {
    static BUILTIN: OnceLock<Arc<WordLists>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            Arc::new(WordLists::new(
                parse_list("loaded-terms.toml", LOADED_TERMS),
                parse_list("house-style.toml", HOUSE_STYLE),
                parse_list("relative-time.toml", RELATIVE_TIME),
            ))
        })
        .clone()
}

impl WordLists {
    pub fn new(
        loaded: Vec<LoadedTerm>,
        house: Vec<HouseName>,
        relative: Vec<RelativeTime>,
    ) -> WordLists {
        let loaded_matcher =
            PhraseMatcher::new(loaded.iter().enumerate().flat_map(|(index, entry)| {
                entry.forms.iter().map(move |form| (index, form.as_str()))
            }));
        // House-style spellings are exact-case; the rule checks the case of each match, so
        // the automaton itself may ignore it (that lets an all-caps dateline match too).
        let house_matcher = PhraseMatcher::new(
            house
                .iter()
                .enumerate()
                .map(|(index, entry)| (index, entry.wrong.as_str())),
        );
        let relative_matcher = PhraseMatcher::new(
            relative
                .iter()
                .enumerate()
                .map(|(index, entry)| (index, entry.phrase.as_str())),
        );
        let mut all_owners = Vec::new();
        let mut all_phrases: Vec<(usize, &str)> = Vec::new();
        for (index, entry) in loaded.iter().enumerate() {
            for form in &entry.forms {
                all_phrases.push((all_owners.len(), form.as_str()));
            }
            all_owners.push((List::Loaded, index));
        }
        for (index, entry) in house.iter().enumerate() {
            all_phrases.push((all_owners.len(), entry.wrong.as_str()));
            all_owners.push((List::House, index));
        }
        for (index, entry) in relative.iter().enumerate() {
            all_phrases.push((all_owners.len(), entry.phrase.as_str()));
            all_owners.push((List::Relative, index));
        }
        let all_matcher = PhraseMatcher::new(all_phrases.into_iter());
        WordLists {
            loaded,
            house,
            relative,
            loaded_matcher,
            house_matcher,
            relative_matcher,
            all_matcher,
            all_owners,
        }
    }

    /// Every phrase of every list in the prose of `paragraphs`, in one scan.
    pub fn hits(
        &self,
        text: &str,
        paragraphs: &[crate::document::Paragraph],
        segments: &[Span],
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            for segment in &segments[paragraph.segments.clone()] {
                self.all_matcher.raw(text, *segment, |owner, span| {
                    let (list, entry) = self.all_owners[owner];
                    hits.push(Hit {
                        list,
                        entry,
                        span,
                        paragraph: index,
                    });
                });
            }
        }
        hits
    }

    /// The built-in lists plus a project's extra entries.
    pub fn extended(extra_loaded: &[LoadedTerm], extra_house: &[HouseName]) -> WordLists {
        let builtin = builtin();
        let mut loaded = builtin.loaded.clone();
        loaded.extend_from_slice(extra_loaded);
        let mut house = builtin.house.clone();
        house.extend_from_slice(extra_house);
        WordLists::new(loaded, house, builtin.relative.clone())
    }
}

/// A whole-word, ASCII-case-insensitive matcher over a list of phrases, each owned by an entry.
pub struct PhraseMatcher {
    automaton: AhoCorasick,
    owners: Vec<usize>,
}

/// A phrase found in the text: the entry it belongs to and where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    pub entry: usize,
    pub span: Span,
}

impl PhraseMatcher {
    pub fn new<'a>(phrases: impl Iterator<Item = (usize, &'a str)>) -> PhraseMatcher {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (owner, phrase) in phrases {
            let normalized = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            if normalized.is_empty() {
                continue;
            }
            patterns.push(normalized);
            owners.push(owner);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: a few hundred kilobytes for these lists, and several times faster
            // than the NFA the builder would otherwise pick for this many patterns.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("word-list patterns compile");
        PhraseMatcher { automaton, owners }
    }

    /// The phrases in `text[span]` on word boundaries that `accept` keeps, leftmost-longest
    /// and without overlaps, appended to `out`.
    pub fn find(
        &self,
        text: &str,
        span: Span,
        mut accept: impl FnMut(usize, Span) -> bool,
        out: &mut Vec<PhraseMatch>,
    ) {
        let mut candidates: Vec<PhraseMatch> = Vec::new();
        self.raw(text, span, |entry, found| {
            if accept(entry, found) {
                candidates.push(PhraseMatch { entry, span: found });
            }
        });
        leftmost_longest(candidates, out);
    }

    /// Every phrase in `text[span]` on word boundaries, leftmost-longest, by owner.
    pub fn raw(&self, text: &str, span: Span, mut each: impl FnMut(usize, Span)) {
        let slice = span.slice(text);
        let mut consider = |pattern: usize, found: Span| {
            if on_word_boundaries(text, found) {
                each(self.owners[pattern], found);
            }
        };
        if needs_normalizing(slice) {
            let (normalized, map) = normalize(slice);
            for found in self.automaton.find_iter(normalized.as_str()) {
                let start = span.start + map[found.start()];
                let end = span.start + map[found.end() - 1] + 1;
                consider(found.pattern().as_usize(), Span::new(start, end));
            }
        } else {
            for found in self.automaton.find_iter(slice) {
                consider(
                    found.pattern().as_usize(),
                    Span::new(span.start + found.start(), span.start + found.end()),
                );
            }
        }
    }
}

/// Keep the leftmost, then longest, of overlapping candidates.
pub fn leftmost_longest(mut candidates: Vec<PhraseMatch>, out: &mut Vec<PhraseMatch>) {
    candidates.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut taken_until = 0;
    for candidate in candidates {
        if candidate.span.start >= taken_until {
            taken_until = candidate.span.end;
            out.push(candidate);
        }
    }
}

/// The list a phrase comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Loaded,
    House,
    Relative,
}

/// A phrase of any list found in a document's prose, before any rule has judged it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub list: List,
    pub entry: usize,
    pub span: Span,
    pub paragraph: usize,
}

/// Whitespace other than single spaces: line breaks, tabs, runs of spaces, no-break and
/// narrow no-break spaces. Vectorized searches, since every segment is asked.
pub(crate) fn needs_normalizing(slice: &str) -> bool {
    has_line_break_or_tab(slice) || has_wide_space(slice)
}

/// Whether no segment of `text` needs normalizing. The searches for runs of spaces and
/// no-break spaces go over the whole text once, and segment by segment only if it has one:
/// most copy has none, and a story has hundreds of short segments.
pub(crate) fn all_plain_spacing(text: &str, segments: &[Span]) -> bool {
    let wide_spaces = has_wide_space(text);
    segments.iter().all(|segment| {
        let slice = segment.slice(text);
        !(has_line_break_or_tab(slice) || (wide_spaces && has_wide_space(slice)))
    })
}

fn has_line_break_or_tab(slice: &str) -> bool {
    memchr::memchr3(b'\n', b'\r', b'\t', slice.as_bytes()).is_some()
}

/// A run of spaces, a no-break or a narrow no-break space.
fn has_wide_space(slice: &str) -> bool {
    static DOUBLE_SPACE: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(b"  "));
    static NO_BREAK: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("\u{a0}".as_bytes()));
    static NARROW_NO_BREAK: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("\u{202f}".as_bytes()));
    let bytes = slice.as_bytes();
    DOUBLE_SPACE.find(bytes).is_some()
        || NO_BREAK.find(bytes).is_some()
        || NARROW_NO_BREAK.find(bytes).is_some()
}

/// The slice with every whitespace run as one space, and for each byte of the result the
/// offset of the byte it came from.
fn normalize(slice: &str) -> (String, Vec<usize>) {
    let mut normalized = String::with_capacity(slice.len());
    let mut map = Vec::with_capacity(slice.len());
    let mut in_space = false;
    for (at, c) in slice.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                normalized.push(' ');
                map.push(at);
                in_space = true;
            }
        } else {
            in_space = false;
            normalized.push(c);
            map.extend(at..at + c.len_utf8());
        }
    }
    (normalized, map)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‑')
}

/// A match stands alone: no letter or digit touches it, and it is not the tail of a
/// hyphenated compound ("anti-fascist" holds no "fascist"). A hyphen after it is a boundary
/// ("regime-backed").
pub(crate) fn on_word_boundaries(text: &str, span: Span) -> bool {
    let mut before = text[..span.start].chars().rev();
    let left = match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if is_joiner(c) => !before.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    };
    left && !text[span.end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
}

/// Separators skipped when looking for the neighbouring word of a match.
fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '-' | '"' | '“' | '”' | '‘' | '’' | '\'' | '–' | '—'
        )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_joiner(c) || c == '.'
}

/// The word just after `offset`, over spaces, commas, dashes and quotation marks.
pub fn next_word(text: &str, offset: usize) -> Option<&str> {
    let rest = &text[offset..];
    let start = rest.find(|c: char| !is_gap(c))?;
    let word = &rest[start..];
    let end = word.find(|c: char| !is_word_char(c)).unwrap_or(word.len());
    let word = word[..end].trim_end_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then_some(word)
}

/// The word just before `offset`, over spaces, commas, dashes and quotation marks.
pub fn previous_word(text: &str, offset: usize) -> Option<&str> {
    let head = &text[..offset];
    let end = head.trim_end_matches(is_gap).len();
    let head = &head[..end];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(end, |(at, _)| at);
    let word = head[start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then_some(word)
}

/// `unless_before` / `unless_after`: the neighbouring words that give a term its neutral sense.
pub fn condition_holds(
    text: &str,
    span: Span,
    unless_before: &[String],
    unless_after: &[String],
) -> bool {
    // Most entries have no conditions: their neighbours are not read at all.
    let next_word_neutralizes =
        !unless_before.is_empty() && listed(next_word(text, span.end), unless_before);
    let previous_word_neutralizes =
        !unless_after.is_empty() && follows_one_of(text, span, unless_after);
    !next_word_neutralizes && !previous_word_neutralizes
}

/// Whether the word just before `span` is one of `words` (lowercase).
pub fn follows_one_of(text: &str, span: Span, words: &[String]) -> bool {
    listed(previous_word(text, span.start), words)
}

fn listed(word: Option<&str>, list: &[String]) -> bool {
    word.is_some_and(|word| list.iter().any(|w| w.eq_ignore_ascii_case(word)))
}

/// Make `replacement` follow the case of `original`: all caps, or a capital first letter.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters = || original.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return replacement.to_uppercase();
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(matcher: &PhraseMatcher, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        matcher.find(text, Span::new(0, text.len()), |_, _| true, &mut out);
        out.iter()
            .map(|m| (m.entry, m.span.slice(text).to_string()))
            .collect()
    }

    #[test]
    fn the_built_in_lists_parse_and_every_entry_has_a_source() {
        let lists = builtin();
        assert!(lists.loaded.len() >= 150);
        assert!(lists.house.iter().any(|e| e.wrong == "Kiev"));
        assert!(lists.relative.iter().any(|e| e.phrase == "last year"));
        for entry in &lists.loaded {
            assert!(!entry.source.is_empty(), "{} has no source", entry.term);
            assert!(!entry.note.is_empty(), "{} has no note", entry.term);
            assert!(
                matches!(entry.severity, Severity::Warning | Severity::Info),
                "{}",
                entry.term
            );
        }
        for entry in &lists.house {
            assert!(!entry.source.is_empty(), "{} has no source", entry.wrong);
        }
    }

    #[test]
    fn phrases_match_whole_words_across_whitespace() {
        let matcher = PhraseMatcher::new(
            [
                (0, "special military operation"),
                (1, "regime"),
                (2, "regimes"),
            ]
            .into_iter(),
        );
        assert_eq!(
            find(&matcher, "a Special  military\noperation, regimes"),
            [
                (0, "Special  military\noperation".to_string()),
                (2, "regimes".to_string())
            ]
        );
        assert!(find(&matcher, "regimen and anti-regime").is_empty());
        assert_eq!(find(&matcher, "regime-backed")[0].1, "regime");
    }

    #[test]
    fn the_longest_phrase_wins() {
        let matcher = PhraseMatcher::new([(0, "puppet regime"), (1, "regime")].into_iter());
        assert_eq!(
            find(&matcher, "the puppet regime"),
            [(0, "puppet regime".into())]
        );
    }

    #[test]
    fn neighbouring_words_skip_commas_and_marks() {
        let text = "Odessa, Texas and the non-proliferation regime";
        assert_eq!(next_word(text, 6), Some("Texas"));
        assert_eq!(
            previous_word(text, text.len() - 6),
            Some("non-proliferation")
        );
        assert_eq!(previous_word(text, 0), None);
    }

    #[test]
    fn replacements_follow_the_case() {
        assert_eq!(match_case("Regime", "government"), "Government");
        assert_eq!(match_case("KIEV", "Kyiv"), "KYIV");
        assert_eq!(match_case("regime", "government"), "government");
    }
}
