//! Line and column numbers for byte offsets, computed at the edge for people and editors.

use crate::document::lines::Lines;
use std::cell::Cell;

/// Where each line starts. Lines end as `document::lines` ends them, as in LSP.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last position asked for, as (offset, 0-based line, column): reports ask in text
    /// order, so a column is counted on from the last one rather than from the line's start,
    /// which on one long line with many findings would be quadratic.
    last: Cell<(usize, usize, usize)>,
}

/// A position for people: line and column from 1, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let mut lines = Lines::new(text);
        while let Some(line) = lines.next() {
            // A terminator at the very end still starts a line, an empty one.
            if lines.next_start() > line.end {
                starts.push(lines.next_start());
            }
        }
        LineIndex {
            starts,
            last: Cell::new((0, 0, 1)),
        }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a 0-based line, without its terminator.
    pub fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        (start, start + content.len())
    }

    /// Line and character column, both from 1.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let line = self.line_of(offset);
        let line_start = self.starts[line];
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && last_offset.abs_diff(offset) < offset - line_start {
            if offset >= last_offset {
                last_column + text[last_offset..offset].chars().count()
            } else {
                last_column - text[offset..last_offset].chars().count()
            }
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, line, column));
        LineColumn {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_all_line_ends() {
        let text = "“a”\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(
            index.line_column(text, "“a”".len()),
            LineColumn { line: 1, column: 4 }
        );
        assert_eq!(
            index.line_column(text, text.find('c').unwrap()),
            LineColumn { line: 3, column: 1 }
        );
        assert_eq!(index.line_span(text, 0), (0, "“a”".len()));
    }

    #[test]
    fn columns_asked_in_any_order_are_counted_from_the_line_start() {
        let text = "é “quoted” 中文 word\r\nnext — line ‘x’ end\nlast";
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .collect();
        let index = LineIndex::new(text);
        // A fixed shuffle of every boundary, asked twice over, forwards and backwards.
        let mut order: Vec<usize> = (0..boundaries.len())
            .map(|i| (i * 7) % boundaries.len())
            .collect();
        order.extend(boundaries.iter().enumerate().rev().map(|(i, _)| i));
        for at in order.into_iter().map(|i| boundaries[i]) {
            let line = index.line_of(at);
            let expected = text[index.line_start(line)..at].chars().count() + 1;
            assert_eq!(
                index.line_column(text, at),
                LineColumn {
                    line: line + 1,
                    column: expected
                },
                "at {at}"
            );
        }
    }
}
