//! Byte ranges into the checked text. Every range the engine hands out is one of these;
//! lines, columns and editor encodings are computed only by the adapters.

use serde::Serialize;

/// A half-open byte range `start..end` into the document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The same range in a text where `offset` more bytes come before it.
    pub const fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// The same range in a text where the `offset` bytes before it are gone.
    pub const fn shifted_back(self, offset: usize) -> Span {
        Span::new(
            self.start.saturating_sub(offset),
            self.end.saturating_sub(offset),
        )
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn covers(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// True when one of `spans`, sorted and not overlapping, holds `offset`.
pub fn any_contains(spans: &[Span], offset: usize) -> bool {
    let index = spans.partition_point(|span| span.end <= offset);
    spans.get(index).is_some_and(|span| span.contains(offset))
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}
