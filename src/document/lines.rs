//! The one notion of a line shared by plain-text paragraphs, the section cuts and the
//! language server's positions: `\n`, `\r\n` and a lone `\r` each end a line. Lines are
//! read one at a time, so splitting a text costs no memory however many lines it has.

use crate::span::Span;

/// Lines without their terminators. A text ending in a terminator has no empty last line.
pub struct Lines<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Lines<'t> {
    /// The lines of `text`.
    pub fn new(text: &'t str) -> Self {
        Lines::from(text, 0)
    }

    /// The lines from `at`, a line's start.
    pub fn from(text: &'t str, at: usize) -> Self {
        Lines {
            bytes: text.as_bytes(),
            at,
        }
    }

    /// Where the next line starts: past the terminator of the last line read.
    pub fn next_start(&self) -> usize {
        self.at
    }
}

impl Iterator for Lines<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let start = self.at;
        match memchr::memchr2(b'\n', b'\r', &self.bytes[start..]) {
            Some(found) => {
                let end = start + found;
                let crlf = self.bytes[end] == b'\r' && self.bytes.get(end + 1) == Some(&b'\n');
                self.at = end + if crlf { 2 } else { 1 };
                Some(Span::new(start, end))
            }
            None => {
                self.at = self.bytes.len();
                Some(Span::new(start, self.bytes.len()))
            }
        }
    }
}

/// True when `line` is empty or white space.
pub(crate) fn is_blank(line: &str) -> bool {
    line.trim_start().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        Lines::new(text).map(|line| line.slice(text)).collect()
    }

    #[test]
    fn every_terminator_ends_a_line() {
        assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\n\n\r\r\n"), ["a", "", "", ""]);
        assert_eq!(lines(""), [] as [&str; 0]);
    }

    #[test]
    fn next_start_is_past_the_terminator() {
        let mut lines = Lines::new("ab\r\ncd");
        lines.next();
        assert_eq!(lines.next_start(), 4);
    }
}
