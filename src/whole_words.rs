//! Whole-word phrase search: every pattern of a list found as whole words (no letter or digit
//! right before or after), leftmost first, the longest at each start, without overlaps.
//!
//! The patterns are compiled by the aho-corasick crate, whose automaton is then laid out
//! again as one table over a folded alphabet of 37 symbols: ASCII letters in either case
//! are one symbol each, digits are theirs, and every other byte is a space. Each pattern,
//! folded the same way, is given a leading space, so a match starts only after a space,
//! that is at a word start; inside a word that begins no pattern the walk sits in the start
//! state. A step is one lookup in the table, by the state and the byte's symbol, and the
//! walk keeps to few states.
//!
//! The folding finds more than the patterns (a pattern with a hyphen also matches the words
//! with a space), so every match is checked against the text: the pattern's own bytes,
//! ASCII letters in either case, and letters or digits on neither side. What is reported
//! is exactly the whole-word matches of the patterns.
//!
//! The walk is in three independent streams over three parts of the text, so that their
//! loads overlap. Three keep their states in registers; a fourth was spilled to the stack,
//! and its store and reload lengthened every step (see docs/PERFORMANCE.md). The automaton
//! reports every match ending at each byte (standard semantics); the leftmost-longest
//! choice comes after, over the few matches a story has.

use crate::span::Span;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::noncontiguous;
use aho_corasick::{Anchored, MatchKind, PatternID};
use std::collections::HashMap;

/// How many parts of the text are walked at once.
const STREAMS: usize = 3;

/// The folded alphabet: a space, the ten digits, the 26 letters.
const SYMBOLS: usize = 37;

/// The byte each symbol stands for, as the automaton is built over it.
const SYMBOL_BYTES: [u8; SYMBOLS] = *b" 0123456789abcdefghijklmnopqrstuvwxyz";

/// Each byte's symbol: its index in [`SYMBOL_BYTES`] once lowercased, or the space's (0).
const SYMBOL_OF: [u8; 256] = {
    let mut symbol_of = [0u8; 256];
    let mut symbol = 0;
    while symbol < SYMBOLS {
        let byte = SYMBOL_BYTES[symbol];
        symbol_of[byte as usize] = symbol as u8;
        symbol_of[byte.to_ascii_uppercase() as usize] = symbol as u8;
        symbol += 1;
    }
    symbol_of
};

pub struct WholeWords {
    /// For each state and symbol, the next state; a state is the offset of its row, so a
    /// step is `next[state + symbol]`. Match states come first, below `match_limit`.
    next: Vec<u32>,
    match_limit: u32,
    /// Each match state's patterns and their folded lengths (with the leading space): those
    /// of match state `k` are `matches[match_starts[k]..match_starts[k + 1]]`, one array, so
    /// a match costs one lookup in cold memory, not two.
    match_starts: Vec<u32>,
    matches: Vec<(PatternID, u32)>,
    /// The state after a space: where a stream starts.
    after_space: u32,
    /// The longest folded pattern.
    longest: usize,
    /// Each pattern as given, to check a folded match against.
    patterns: Vec<Box<[u8]>>,
}

impl WholeWords {
    /// Patterns match ASCII letters in either case.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<WholeWords, aho_corasick::BuildError> {
        let folded: Vec<Vec<u8>> = patterns
            .iter()
            .map(|pattern| {
                std::iter::once(b' ')
                    .chain(
                        pattern
                            .as_ref()
                            .iter()
                            .map(|&b| SYMBOL_BYTES[usize::from(SYMBOL_OF[usize::from(b)])]),
                    )
                    .collect()
            })
            .collect();
        let nfa = noncontiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(&folded)?;
        let start = nfa
            .start_state(Anchored::No)
            .expect("the automaton is built for unanchored searches");
        // Every state reachable over the folded alphabet, in the order first reached.
        let mut reached = vec![start];
        let mut index_of = HashMap::from([(start, 0)]);
        let mut targets = Vec::new();
        let mut at = 0;
        while at < reached.len() {
            let state = reached[at];
            for &byte in &SYMBOL_BYTES {
                let target = nfa.next_state(Anchored::No, state, byte);
                let index = *index_of.entry(target).or_insert_with(|| {
                    reached.push(target);
                    reached.len() - 1
                });
                targets.push(index);
            }
            at += 1;
        }
        // Match states first, so that one comparison tells a match.
        let mut order: Vec<usize> = (0..reached.len()).collect();
        order.sort_by_key(|&index| nfa.match_len(reached[index]) == 0);
        let mut row_of = vec![0u32; reached.len()];
        for (row, &index) in order.iter().enumerate() {
            row_of[index] = u32::try_from(row * SYMBOLS).expect("the table fits u32 offsets");
        }
        let mut next = vec![0u32; reached.len() * SYMBOLS];
        for (index, chunk) in targets.chunks(SYMBOLS).enumerate() {
            let row = row_of[index] as usize;
            for (symbol, &target) in chunk.iter().enumerate() {
                next[row + symbol] = row_of[target];
            }
        }
        let mut match_starts = vec![0u32];
        let mut matches = Vec::new();
        for state in order
            .iter()
            .map(|&index| reached[index])
            .take_while(|&state| nfa.match_len(state) > 0)
        {
            matches.extend((0..nfa.match_len(state)).map(|k| {
                let pattern = nfa.match_pattern(state, k);
                (pattern, nfa.pattern_len(pattern) as u32)
            }));
            match_starts.push(u32::try_from(matches.len()).expect("the matches fit u32"));
        }
        let match_limit = ((match_starts.len() - 1) * SYMBOLS) as u32;
        let after_space = next[row_of[0] as usize];
        Ok(WholeWords {
            next,
            match_limit,
            match_starts,
            matches,
            after_space,
            longest: nfa.max_pattern_len(),
            patterns: patterns
                .iter()
                .map(|pattern| pattern.as_ref().into())
                .collect(),
        })
    }

    /// The matches in `text[region]`, as whole words of `text`, in text order: at each start
    /// the longest, and of two that overlap the one that starts first. Of two patterns that
    /// are the same text, the one given first.
    pub fn find(&self, text: &str, region: Span, found: &mut Vec<(Span, PatternID)>) {
        let first = found.len();
        let bytes = &text.as_bytes()[..region.end];
        let length = region.end - region.start;
        // Stream `i` reports the matches that start in `bounds[i]..bounds[i + 1]`, so it runs
        // on past its end far enough to finish any of them.
        let bounds: [usize; STREAMS + 1] =
            std::array::from_fn(|i| region.start + length * i / STREAMS);
        let runs_to = |i: usize| (bounds[i + 1] + self.longest).min(region.end);
        let next = &self.next[..];
        let step =
            |state: u32, byte: u8| next[state as usize + usize::from(SYMBOL_OF[usize::from(byte)])];
        let mut record = |state: u32, end: usize, below: usize| {
            let row = state as usize / SYMBOLS;
            let own = self.match_starts[row] as usize..self.match_starts[row + 1] as usize;
            for &(pattern, length) in &self.matches[own] {
                // The folded pattern's leading space stands for the byte before the match.
                let start = end + 1 - length as usize;
                if start < below && self.is_match(text, start, end, pattern) {
                    found.push((Span::new(start, end), pattern));
                }
            }
        };
        // Each stream starts as if after a space, so a match may start at its first byte;
        // whether it is a word start there is checked with the rest.
        let mut states = [self.after_space; STREAMS];
        // The streams step together while each has bytes of its own part left.
        let together = length / STREAMS;
        let parts: [&[u8]; STREAMS] = std::array::from_fn(|i| &bytes[bounds[i]..][..together]);
        #[expect(
            clippy::needless_range_loop,
            reason = "the streams read one offset, each in its own slice"
        )]
        for k in 0..together {
            let mut matched = false;
            for i in 0..STREAMS {
                states[i] = step(states[i], parts[i][k]);
                matched |= states[i] < self.match_limit;
            }
            if matched {
                for i in 0..STREAMS {
                    if states[i] < self.match_limit {
                        record(states[i], bounds[i] + k + 1, bounds[i + 1]);
                    }
                }
            }
        }
        let mut at: [usize; STREAMS] = std::array::from_fn(|i| bounds[i] + together);
        for i in 0..STREAMS {
            while at[i] < runs_to(i) {
                states[i] = step(states[i], bytes[at[i]]);
                at[i] += 1;
                if states[i] < self.match_limit {
                    record(states[i], at[i], bounds[i + 1]);
                }
            }
        }
        let matches = &mut found[first..];
        matches.sort_unstable_by_key(|(span, pattern)| {
            (span.start, std::cmp::Reverse(span.end), *pattern)
        });
        let mut taken_until = 0;
        let mut kept = first;
        for index in first..found.len() {
            let (span, _) = found[index];
            if span.start >= taken_until {
                taken_until = span.end;
                found[kept] = found[index];
                kept += 1;
            }
        }
        found.truncate(kept);
    }

    /// Whether `text[start..end]`, found by its folded form, is `pattern` as a whole word.
    fn is_match(&self, text: &str, start: usize, end: usize, pattern: PatternID) -> bool {
        text.as_bytes()[start..end].eq_ignore_ascii_case(&self.patterns[pattern.as_usize()])
            && is_whole_word(text, start, end)
    }
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text
        .get(..start)
        .and_then(|before| before.chars().next_back());
    let after = text.get(end..).and_then(|after| after.chars().next());
    text.is_char_boundary(start)
        && text.is_char_boundary(end)
        && !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(patterns: &[&str], text: &str) -> Vec<(&'static str, String)> {
        let search = WholeWords::new(patterns).unwrap();
        let mut found = Vec::new();
        search.find(text, Span::new(0, text.len()), &mut found);
        found
            .into_iter()
            .map(|(span, pattern)| {
                (
                    patterns[pattern.as_usize()].to_string().leak() as &'static str,
                    span.slice(text).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn only_whole_words_are_found_in_either_case() {
        let found = find(
            &["said", "critics say"],
            "Unsaid things, Critics say, were SAID.",
        );
        assert_eq!(
            found,
            [
                ("critics say", "Critics say".into()),
                ("said", "SAID".into())
            ]
        );
    }

    #[test]
    fn the_longest_at_a_start_and_the_first_of_overlapping_matches() {
        let found = find(
            &["last", "last year", "year ago", "a"],
            "It fell last year ago, a drop.",
        );
        assert_eq!(
            found,
            [("last year", "last year".into()), ("a", "a".into())]
        );
    }

    #[test]
    fn a_match_across_the_middle_of_the_text_is_found_once() {
        let patterns = ["according to", "to"];
        for pad in 0..40 {
            let text = format!("{}according to him", "x ".repeat(pad));
            let found = find(&patterns, &text);
            assert_eq!(found, [("according to", "according to".into())], "{text}");
        }
    }

    #[test]
    fn a_region_is_searched_alone_but_judged_in_the_whole_text() {
        let search = WholeWords::new(&["said"]).unwrap();
        let text = "unsaid said";
        let mut found = Vec::new();
        search.find(text, Span::new(2, text.len()), &mut found);
        assert_eq!(found, [(Span::new(7, 11), PatternID::must(0))]);
    }

    /// The definition: every pattern tried at every offset of the region, kept where it is
    /// a whole word, then leftmost-longest, the first pattern of equals.
    fn find_by_trying_each(patterns: &[&str], text: &str, region: Span) -> Vec<(Span, PatternID)> {
        let mut all = Vec::new();
        for start in region.start..region.end {
            for (index, pattern) in patterns.iter().enumerate() {
                let end = start + pattern.len();
                if end <= region.end
                    && text.as_bytes()[start..end].eq_ignore_ascii_case(pattern.as_bytes())
                    && is_whole_word(text, start, end)
                {
                    all.push((Span::new(start, end), PatternID::must(index)));
                }
            }
        }
        all.sort_by_key(|(span, pattern)| (span.start, std::cmp::Reverse(span.end), *pattern));
        let mut taken_until = 0;
        all.retain(|(span, _)| {
            let keep = span.start >= taken_until;
            if keep {
                taken_until = span.end;
            }
            keep
        });
        all
    }

    proptest::proptest! {
        #[test]
        fn the_folded_walk_finds_exactly_the_whole_word_matches(
            text in "(said|Said|SAID|co-op|co op|last|year|ago|é|’|-|\\.| |\n|x|1|“){0,30}",
            from in 0usize..12,
            streams_cut in 0usize..4,
        ) {
            let patterns = ["said", "co-op", "co op", "last year", "last", "year ago", "é", "x1", "’s"];
            let search = WholeWords::new(&patterns).unwrap();
            let start = crate::text::floor_boundary(&text, from);
            let end = crate::text::floor_boundary(&text, text.len().saturating_sub(streams_cut)).max(start);
            let region = Span::new(start, end);
            let mut found = Vec::new();
            search.find(&text, region, &mut found);
            proptest::prop_assert_eq!(found, find_by_trying_each(&patterns, &text, region));
        }
    }
}
