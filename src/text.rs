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
pub fn words(text: &str, span: Span) -> impl Iterator<Item = Word<'_>> + '_ {
    let slice = &text[span.start..span.end];
    let bytes = slice.as_bytes();
    let mut at = 0;
    // ASCII is read byte by byte; anything else is decoded, so the scan stays one pass.
    let char_at = move |at: usize| -> Option<(char, usize)> {
        let byte = *bytes.get(at)?;
        if byte < 0x80 {
            Some((byte as char, 1))
        } else {
            slice[at..].chars().next().map(|c| (c, c.len_utf8()))
        }
    };
    std::iter::from_fn(move || {
        let start = loop {
            let (c, width) = char_at(at)?;
            if c.is_alphanumeric() {
                break at;
            }
            at += width;
        };
        let (_, width) = char_at(start)?;
        at = start + width;
        while let Some((c, width)) = char_at(at) {
            if c.is_alphanumeric() {
                at += width;
            } else if is_joiner(c)
                && char_at(at + width).is_some_and(|(after, _)| after.is_alphanumeric())
            {
                // A joiner belongs to the word only when a letter or digit follows it.
                at += width;
            } else {
                break;
            }
        }
        Some(Word {
            span: Span::new(span.start + start, span.start + at),
            text: &slice[start..at],
        })
    })
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
