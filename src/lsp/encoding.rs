//! LSP positions and byte offsets, both ways, in the negotiated encoding.
//!
//! The engine speaks byte offsets; an editor speaks lines and characters, where a character
//! is a UTF-8 byte or a UTF-16 code unit, as negotiated at `initialize`. A curly quotation
//! mark is 3 bytes and 1 UTF-16 unit; an emoji 4 bytes and 2 units. Lines end at `\n`,
//! `\r\n` or `\r`, as LSP counts them (ropey built with `cr_lines`, not `unicode_lines`).

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, UTF-16 (the LSP default) otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The position of byte `offset` (clamped to the text's end).
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        Encoding::Utf8 => offset - line_start,
        Encoding::Utf16 => {
            let char_at = rope.byte_to_char(offset);
            rope.char_to_utf16_cu(char_at) - rope.char_to_utf16_cu(rope.line_to_char(line))
        }
    };
    Position::new(saturate(line), saturate(character))
}

/// The line of byte `offset` (clamped to the text's end): [`position`]'s line, without
/// the column's cost.
pub fn line(rope: &Rope, offset: usize) -> u32 {
    saturate(rope.byte_to_line(offset.min(rope.len_bytes())))
}

pub fn range(rope: &Rope, start: usize, end: usize, encoding: Encoding) -> Range {
    Range::new(
        position(rope, start, encoding),
        position(rope, end, encoding),
    )
}

/// The positions of `offsets`, sorted, all at or after `from`, a line's start, with lines
/// counted from `from`'s line: what [`position`] gives, less that line.
///
/// A keystroke in a long story places every finding of the section it touched, some
/// hundreds of positions; one walk over the section's lines costs a fraction of looking
/// each of them up in the rope.
pub fn positions_from(
    text: &str,
    from: usize,
    offsets: &[usize],
    encoding: Encoding,
) -> Vec<Position> {
    let units = |piece: &[u8]| match encoding {
        Encoding::Utf8 => piece.len(),
        // A character is one unit, or two past the Basic Multilingual Plane (4 bytes).
        Encoding::Utf16 => piece
            .iter()
            .map(|&byte| usize::from(byte & 0xC0 != 0x80) + usize::from(byte >= 0xF0))
            .sum(),
    };
    let mut lines = copydesk::document::lines::Lines::from(text, from);
    let mut line_end = lines.next().map_or(text.len(), |line| line.end);
    let (mut line, mut line_start) = (0, from);
    // The last offset placed and its column, to count on from along one line.
    let (mut counted_to, mut column) = (from, 0);
    let mut positions = Vec::with_capacity(offsets.len());
    for &offset in offsets {
        let offset = offset.clamp(from, text.len());
        // Past the line's terminator, if it has one: a later line.
        while offset >= lines.next_start() && lines.next_start() > line_end {
            line += 1;
            line_start = lines.next_start();
            line_end = lines.next().map_or(text.len(), |line| line.end);
        }
        if counted_to < line_start || counted_to > offset {
            (counted_to, column) = (line_start, 0);
        }
        column += units(&text.as_bytes()[counted_to..offset]);
        counted_to = offset;
        positions.push(Position::new(saturate(line), saturate(column)));
    }
    positions
}

/// The line breaks in `text[start..end]` as the rope counts them (`\n`, `\r\n`, a lone
/// `\r`): how many lines further `end` is than `start`. A `\r` just before `end` with a
/// `\n` at `end` is left to the piece after.
pub fn line_breaks(text: &str, start: usize, end: usize) -> u32 {
    let bytes = &text.as_bytes()[start..end];
    let newlines = bytes.iter().filter(|&&byte| byte == b'\n').count();
    // Copy with no carriage return, nearly all of it, is counted in the one pass above.
    if memchr::memchr(b'\r', bytes).is_none() {
        return saturate(newlines);
    }
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| text.as_bytes().get(start + at + 1) != Some(&b'\n'))
        .count();
    saturate(newlines + lone_returns)
}

/// The byte offset of `position`, or `None` when its line is past the end of the text.
///
/// As LSP says, a character past the end of its line means the line's end. A position in
/// the middle of a character (a byte inside a UTF-8 sequence, a unit between two surrogates)
/// rounds down to the character's start.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> Option<usize> {
    let line = position.line as usize;
    let character = position.character as usize;
    if line >= rope.len_lines() {
        // The position just after the last line, at its start, is the end of the text.
        return (line == rope.len_lines() && character == 0).then(|| rope.len_bytes());
    }
    let line_start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let terminator = line_terminator_len(&slice);
    let content_end = line_start + slice.len_bytes() - terminator;
    match encoding {
        Encoding::Utf8 => {
            let at = (line_start + character).min(content_end);
            Some(rope.char_to_byte(rope.byte_to_char(at)))
        }
        Encoding::Utf16 => {
            let line_char = rope.line_to_char(line);
            let end_char = rope.byte_to_char(content_end);
            let target = rope.char_to_utf16_cu(line_char) + character;
            let char_at = if target >= rope.char_to_utf16_cu(end_char) {
                end_char
            } else {
                rope.utf16_cu_to_char(target)
            };
            Some(rope.char_to_byte(char_at))
        }
    }
}

/// Both ends of `range`, in order, or `None` when either is out of the text.
pub fn byte_range(rope: &Rope, range: Range, encoding: Encoding) -> Option<(usize, usize)> {
    let start = offset(rope, range.start, encoding)?;
    let end = offset(rope, range.end, encoding)?;
    (start <= end).then_some((start, end))
}

fn line_terminator_len(line: &ropey::RopeSlice) -> usize {
    let len = line.len_bytes();
    if len == 0 {
        return 0;
    }
    match line.byte(len - 1) {
        b'\n' if len >= 2 && line.byte(len - 2) == b'\r' => 2,
        b'\n' | b'\r' => 1,
        _ => 0,
    }
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a “b” 📰 c\r\nd\re\n“x”";

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap()
    }

    #[test]
    fn negotiation_prefers_utf8_and_falls_back_to_utf16() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        let only16 = [PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&only16)), Encoding::Utf16);
        let only32 = [PositionEncodingKind::UTF32];
        assert_eq!(Encoding::negotiate(Some(&only32)), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn curly_marks_and_emoji_count_differently() {
        let rope = Rope::from_str(TEXT);
        let c = at(TEXT, "c");
        // "a “b” 📰 " is a, space, 3+1+3 bytes, space, 4 bytes, space.
        assert_eq!(position(&rope, c, Encoding::Utf8), Position::new(0, 15));
        // …and 1+1+1+1+1+1+2+1 units.
        assert_eq!(position(&rope, c, Encoding::Utf16), Position::new(0, 9));
        assert_eq!(offset(&rope, Position::new(0, 15), Encoding::Utf8), Some(c));
        assert_eq!(offset(&rope, Position::new(0, 9), Encoding::Utf16), Some(c));
    }

    #[test]
    fn every_line_end_lsp_knows_and_no_other() {
        let rope = Rope::from_str(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(
                position(&rope, at(TEXT, "d"), encoding),
                Position::new(1, 0)
            );
            assert_eq!(
                position(&rope, at(TEXT, "e"), encoding),
                Position::new(2, 0)
            );
        }
        // After a curly mark: 3 bytes, 1 unit.
        let x = at(TEXT, "x");
        assert_eq!(position(&rope, x, Encoding::Utf8), Position::new(3, 3));
        assert_eq!(position(&rope, x, Encoding::Utf16), Position::new(3, 1));
        let odd = Rope::from_str("a\u{2028}b\u{0085}c\u{000C}d");
        assert_eq!(odd.len_lines(), 1);
        assert_eq!(
            position(&odd, odd.len_bytes(), Encoding::Utf16),
            Position::new(0, 7)
        );
    }

    #[test]
    fn round_trips_every_char_boundary() {
        let rope = Rope::from_str(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (byte, _) in TEXT.char_indices().chain([(TEXT.len(), ' ')]) {
                let pos = position(&rope, byte, encoding);
                let back = offset(&rope, pos, encoding).unwrap();
                // A line's terminator maps to the line's end, which is its first byte.
                let expected = if TEXT[byte..].starts_with('\n') && TEXT[..byte].ends_with('\r') {
                    byte - 1
                } else {
                    byte
                };
                assert_eq!(back, expected, "{encoding:?} at byte {byte}: {pos:?}");
            }
        }
    }

    #[test]
    fn past_the_line_end_clamps_and_past_the_text_is_refused() {
        let rope = Rope::from_str(TEXT);
        let line_end = at(TEXT, "\r\n");
        assert_eq!(
            offset(&rope, Position::new(0, 500), Encoding::Utf16),
            Some(line_end)
        );
        assert_eq!(
            offset(&rope, Position::new(0, 500), Encoding::Utf8),
            Some(line_end)
        );
        assert_eq!(offset(&rope, Position::new(9, 0), Encoding::Utf8), None);
        assert_eq!(
            offset(&rope, Position::new(4, 0), Encoding::Utf8),
            Some(TEXT.len())
        );
        assert_eq!(offset(&rope, Position::new(4, 1), Encoding::Utf8), None);
    }

    #[test]
    fn inside_a_character_rounds_down() {
        let rope = Rope::from_str(TEXT);
        let emoji = at(TEXT, "📰");
        let pos8 = position(&rope, emoji, Encoding::Utf8);
        let inside8 = Position::new(0, pos8.character + 2);
        assert_eq!(offset(&rope, inside8, Encoding::Utf8), Some(emoji));
        let pos16 = position(&rope, emoji, Encoding::Utf16);
        let inside16 = Position::new(0, pos16.character + 1);
        assert_eq!(offset(&rope, inside16, Encoding::Utf16), Some(emoji));
    }

    /// Every char boundary (and the text's end) placed by one walk from each line start,
    /// and its line alone, against the rope.
    fn walked_positions_are_the_ropes(text: &str) {
        let rope = Rope::from_str(text);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .collect();
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for line in 0..rope.len_lines() {
                let from = rope.line_to_byte(line);
                let offsets: Vec<usize> = boundaries
                    .iter()
                    .copied()
                    .filter(|&at| at >= from)
                    .collect();
                let walked = positions_from(text, from, &offsets, encoding);
                for (&offset, walked) in offsets.iter().zip(walked) {
                    let mut expected = position(&rope, offset, encoding);
                    assert_eq!(super::line(&rope, offset), expected.line);
                    expected.line -= saturate(line);
                    assert_eq!(
                        walked, expected,
                        "{encoding:?} from line {line}, offset {offset} of {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_walk_places_as_the_rope_does() {
        walked_positions_are_the_ropes(TEXT);
        walked_positions_are_the_ropes("\r\n\r\r\n\n\r");
        walked_positions_are_the_ropes("ends with a break\r\n");
        walked_positions_are_the_ropes("");
    }

    proptest::proptest! {
        #[test]
        fn a_walk_places_any_text_as_the_rope_does(
            text in proptest::string::string_regex("[a\\r\\n é“📰\u{2028}]{0,40}").unwrap()
        ) {
            walked_positions_are_the_ropes(&text);
        }

        /// Between any two offsets, even one inside a `\r\n`, as many line breaks as the
        /// rope's lines differ by.
        #[test]
        fn line_breaks_are_counted_as_the_rope_counts_lines(
            text in proptest::string::string_regex("[a\\r\\n é\u{2028}]{0,40}").unwrap(),
            from in 0usize..48,
            to in 0usize..48,
        ) {
            let rope = Rope::from_str(&text);
            let boundary = |at: usize| copydesk::text::floor_boundary(&text, at.min(text.len()));
            let (start, end) = (boundary(from.min(to)), boundary(from.max(to)));
            proptest::prop_assert_eq!(
                line_breaks(&text, start, end) as usize,
                rope.byte_to_line(end) - rope.byte_to_line(start)
            );
        }
    }

    #[test]
    fn reversed_ranges_are_refused() {
        let rope = Rope::from_str(TEXT);
        let range = Range::new(Position::new(1, 0), Position::new(0, 0));
        assert_eq!(byte_range(&rope, range, Encoding::Utf8), None);
    }
}
