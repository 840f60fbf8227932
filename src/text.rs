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

fn is_joiner(c: char) -> bool {
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
/// decoding, its runs of letters and of separators eight bytes at a time; any other
/// character is decoded where it stands.
pub struct Words<'t> {
    text: &'t str,
    at: usize,
    end: usize,
}

impl<'t> Words<'t> {
    /// The character at `at` and its width, if it lies before the end.
    #[inline(always)]
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        if at >= self.end {
            return None;
        }
        let byte = self.text.as_bytes()[at];
        if byte < 0x80 {
            Some((byte as char, 1))
        } else {
            let c = self.text[at..self.end].chars().next()?;
            Some((c, c.len_utf8()))
        }
    }

    #[inline(always)]
    fn alphanumeric_at(&self, at: usize) -> Option<usize> {
        match self.text.as_bytes().get(at) {
            Some(byte) if at < self.end && byte.is_ascii_alphanumeric() => Some(1),
            Some(byte) if at < self.end && *byte >= 0x80 => self
                .char_at(at)
                .filter(|(c, _)| c.is_alphanumeric())
                .map(|(_, width)| width),
            _ => None,
        }
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = Word<'t>;

    #[inline]
    fn next(&mut self) -> Option<Word<'t>> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        let width = loop {
            at = skip_ascii(bytes, at, self.end, false);
            let Some((c, width)) = self.char_at(at) else {
                self.at = at;
                return None;
            };
            if c.is_alphanumeric() {
                break width;
            }
            at += width;
        };
        let start = at;
        at += width;
        loop {
            at = skip_ascii(bytes, at, self.end, true);
            let Some((c, width)) = self.char_at(at) else {
                break;
            };
            if c.is_alphanumeric() {
                at += width;
            } else if is_joiner(c) && self.alphanumeric_at(at + width).is_some() {
                // A joiner belongs to the word only when a letter or digit follows it.
                at += width;
            } else {
                break;
            }
        }
        self.at = at;
        Some(Word {
            span: Span::new(start, at),
            text: &self.text[start..at],
        })
    }
}

/// From `at`, past the ASCII bytes that are letters or digits (`alphanumeric`) or that are
/// not (`!alphanumeric`), to the first byte that is otherwise or is not ASCII, or `end`.
/// Eight bytes are tested at once, so a word costs a branch or two, not one a letter.
#[inline]
fn skip_ascii(bytes: &[u8], mut at: usize, end: usize, alphanumeric: bool) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `v` (all below 0x80) whose value is in `low..=high`.
    let in_range = |v: u64, low: u8, high: u8| {
        v.wrapping_add(ONES * u64::from(0x80 - low))
            & !v.wrapping_add(ONES * u64::from(0x7f - high))
            & HIGH
    };
    while at + 8 <= end {
        let chunk: [u8; 8] = bytes[at..at + 8].try_into().expect("eight bytes");
        let word = u64::from_le_bytes(chunk);
        let ascii = !word & HIGH;
        let low7 = word & !HIGH;
        let letter_or_digit =
            (in_range(low7 | (ONES * 0x20), b'a', b'z') | in_range(low7, b'0', b'9')) & ascii;
        // The high bit of each byte that ends the run.
        let stop = if alphanumeric {
            !letter_or_digit & HIGH
        } else {
            letter_or_digit | (!ascii & HIGH)
        };
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < end && bytes[at] < 0x80 && bytes[at].is_ascii_alphanumeric() == alphanumeric {
        at += 1;
    }
    at
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

    proptest::proptest! {
        #[test]
        fn words_are_the_runs_of_letters_and_digits_with_inner_joiners(
            text in "[a-zA-Z0-9 '’.‑\\-éß\u{3000}٣,\n]{0,40}",
            cut_start in 0usize..4,
            cut_end in 0usize..4,
        ) {
            let start = floor_boundary(&text, cut_start);
            let end = floor_boundary(&text, text.len().saturating_sub(cut_end)).max(start);
            let span = Span::new(start, end);
            let got: Vec<(usize, usize)> =
                words(&text, span).map(|w| (w.span.start, w.span.end)).collect();
            proptest::prop_assert_eq!(got, words_by_chars(&text, span));
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
