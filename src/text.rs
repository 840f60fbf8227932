//! Small character and word helpers shared by the document model and the rules.

use crate::span::Span;

/// A word: a run of letters and digits, with inner apostrophes, hyphens and periods kept
/// ("Korea's", "Kim Jong-un", "U.S").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'t> {
    pub span: Span,
    pub text: &'t str,
}

impl Word<'_> {
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The word without a trailing possessive `'s` or `’s`.
    pub fn stem(&self) -> &str {
        self.text
            .strip_suffix("'s")
            .or_else(|| self.text.strip_suffix("’s"))
            .unwrap_or(self.text)
    }
}

const fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// The words of `text[span]`, in order, with their spans in the whole text.
pub fn words(text: &str, span: Span) -> Words<'_> {
    Words {
        text,
        at: span.start,
        end: span.end,
    }
}

/// The iterator [`words`] returns. ASCII, nearly all of English copy, is read without
/// decoding: its runs of letters and digits, and of other bytes, eight bytes at a time with
/// word-wide arithmetic, and the byte that ends a run by a table. Any other character is
/// decoded where it stands.
pub struct Words<'t> {
    text: &'t str,
    at: usize,
    end: usize,
}

/// What an ASCII byte is to a word; the bytes of other characters are `MULTIBYTE`, and the
/// character is decoded to tell.
const SEPARATOR: u8 = 0;
const ALPHANUMERIC: u8 = 1;
const JOINER: u8 = 2;
const MULTIBYTE: u8 = 3;

const BYTE_CLASS: [u8; 256] = {
    let mut class = [SEPARATOR; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        class[byte] = if b >= 0x80 {
            MULTIBYTE
        } else if b.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else if is_joiner(b as char) {
            JOINER
        } else {
            SEPARATOR
        };
        byte += 1;
    }
    class
};

impl<'t> Words<'t> {
    /// The character at `at`, which starts one before the end, and its width.
    fn decode(&self, at: usize) -> (char, usize) {
        let c = self.text[at..self.end]
            .chars()
            .next()
            .expect("a character starts before the end");
        (c, c.len_utf8())
    }

    /// Whether a letter or digit starts at `at`, before the end.
    fn alphanumeric_at(&self, at: usize) -> bool {
        if at >= self.end {
            return false;
        }
        match BYTE_CLASS[usize::from(self.text.as_bytes()[at])] {
            ALPHANUMERIC => true,
            MULTIBYTE => self.decode(at).0.is_alphanumeric(),
            _ => false,
        }
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = Word<'t>;

    // Always: as a call, the register saves and the `Option<Word>` written back cost a
    // fifth of a word's instructions (docs/PERFORMANCE.md).
    #[inline(always)]
    fn next(&mut self) -> Option<Word<'t>> {
        let bytes = &self.text.as_bytes()[..self.end];
        let mut at = self.at;
        let start = loop {
            // Eight bytes at a time to the first letter, digit or other character.
            if let Some(&chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
                let chunk = u64::from_le_bytes(chunk);
                let stop = ascii_alphanumeric(chunk) | (chunk & HIGH);
                if stop == 0 {
                    at += 8;
                    continue;
                }
                at += (stop.trailing_zeros() / 8) as usize;
            }
            let Some(&byte) = bytes.get(at) else {
                self.at = at;
                return None;
            };
            match BYTE_CLASS[usize::from(byte)] {
                ALPHANUMERIC => break at,
                MULTIBYTE => {
                    let (c, width) = self.decode(at);
                    if c.is_alphanumeric() {
                        break at;
                    }
                    at += width;
                }
                _ => at += 1,
            }
        };
        loop {
            // Eight bytes at a time past the ASCII letters and digits.
            if let Some(&chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
                let stop = !ascii_alphanumeric(u64::from_le_bytes(chunk)) & HIGH;
                if stop == 0 {
                    at += 8;
                    continue;
                }
                at += (stop.trailing_zeros() / 8) as usize;
            }
            let Some(&byte) = bytes.get(at) else {
                break;
            };
            match BYTE_CLASS[usize::from(byte)] {
                ALPHANUMERIC => at += 1,
                // A joiner belongs to the word only when a letter or digit follows it.
                JOINER if self.alphanumeric_at(at + 1) => at += 1,
                MULTIBYTE => {
                    let (c, width) = self.decode(at);
                    if c.is_alphanumeric() || (is_joiner(c) && self.alphanumeric_at(at + width)) {
                        at += width;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        self.at = at;
        Some(Word {
            span: Span::new(start, at),
            text: &self.text[start..at],
        })
    }
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// The high bit of each byte of `chunk` that is an ASCII letter or digit.
#[inline(always)]
fn ascii_alphanumeric(chunk: u64) -> u64 {
    // The high bit of each byte of `v` (all below 0x80) whose value is in `low..=high`.
    let in_range = |v: u64, low: u8, high: u8| {
        v.wrapping_add(ONES * u64::from(0x80 - low))
            & !v.wrapping_add(ONES * u64::from(0x7f - high))
            & HIGH
    };
    let low7 = chunk & !HIGH;
    (in_range(low7 | (ONES * 0x20), b'a', b'z') | in_range(low7, b'0', b'9')) & !chunk
}

/// The character ending just before byte `offset`.
pub fn char_before(text: &str, offset: usize) -> Option<char> {
    text[..offset].chars().next_back()
}

/// The character starting at byte `offset`.
pub fn char_at(text: &str, offset: usize) -> Option<char> {
    text[offset..].chars().next()
}

pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―' | '‒')
}

pub fn is_opening_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{')
}

/// The largest character boundary at or before `at` (clamped to the text).
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, a character at a time: what `words` must give on any text.
    fn words_by_chars(text: &str, span: Span) -> Vec<(usize, usize)> {
        let chars: Vec<(usize, char)> = text[span.start..span.end]
            .char_indices()
            .map(|(at, c)| (span.start + at, c))
            .collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].1.is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = chars[i].0;
            i += 1;
            while i < chars.len()
                && (chars[i].1.is_alphanumeric()
                    || (is_joiner(chars[i].1)
                        && chars.get(i + 1).is_some_and(|(_, c)| c.is_alphanumeric())))
            {
                i += 1;
            }
            found.push((start, chars.get(i).map_or(span.end, |(at, _)| *at)));
        }
        found
    }

    type Found = Vec<(usize, usize)>;

    /// The words of `text` cut short at both ends, from `words` and from the definition.
    fn both_ways(text: &str, cut_start: usize, cut_end: usize) -> (Found, Found) {
        let start = floor_boundary(text, cut_start);
        let end = floor_boundary(text, text.len().saturating_sub(cut_end)).max(start);
        let span = Span::new(start, end);
        let got = words(text, span)
            .map(|w| (w.span.start, w.span.end))
            .collect();
        (got, words_by_chars(text, span))
    }

    proptest::proptest! {
        #[test]
        fn words_are_the_runs_of_letters_and_digits_with_inner_joiners(
            text in "[a-zA-Z0-9 '’.‑\\-éß\u{3000}٣,\n]{0,200}",
            cut_start in 0usize..4,
            cut_end in 0usize..4,
        ) {
            let (got, expected) = both_ways(&text, cut_start, cut_end);
            proptest::prop_assert_eq!(got, expected);
        }

        /// Long words and runs of separators, so that words and gaps cross the eight-byte
        /// chunks the iterator reads at once, and end inside one.
        #[test]
        fn words_across_chunks_are_the_same_runs(
            text in "([a-zA-Z0-9]{0,90}[ ,.'’\\-é]{1,3}){0,6}[a-z0-9]{0,70}",
            cut_start in 0usize..100,
            cut_end in 0usize..100,
        ) {
            let (got, expected) = both_ways(&text, cut_start, cut_end);
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn words_end_at_the_span_even_inside_a_word() {
        let text = "Korea's ally";
        let got: Vec<&str> = words(text, Span::new(0, 7)).map(|w| w.text).collect();
        assert_eq!(got, ["Korea's"]);
        let got: Vec<&str> = words(text, Span::new(0, 6)).map(|w| w.text).collect();
        assert_eq!(got, ["Korea"]);
    }

    #[test]
    fn words_keep_inner_joiners() {
        let text = "Kim Jong-un, Korea's U.S. ally (KCNA) — 2022.";
        let got: Vec<&str> = words(text, Span::new(0, text.len()))
            .map(|w| w.text)
            .collect();
        assert_eq!(
            got,
            ["Kim", "Jong-un", "Korea's", "U.S", "ally", "KCNA", "2022"]
        );
    }
}
