//! An open document's text, and where it changed since the linter last saw it.
//!
//! The rope answers position questions; the string is what the linter reads. Both take
//! each edit in place, so a keystroke copies neither the text nor compares it with the
//! previous one: the linter is told which bytes at the text's ends the edits left alone
//! ([`UnchangedEnds`]), and relints only the sections between them.

use super::encoding::{self, Encoding};
use copydesk::sections::UnchangedEnds;
use copydesk::Linter;
use ropey::Rope;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

/// How many changes back the log reaches. A linter further behind compares the texts.
const LOG_LEN: usize = 64;

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// A change that could not be applied.
#[derive(Debug)]
pub struct BadChange(pub String);

/// One document's text, counting its changes.
#[derive(Clone)]
pub struct DocText {
    pub rope: Rope,
    /// The same text. Shared with a lint in progress, and copied only when an edit arrives
    /// before that lint is done.
    pub string: Arc<String>,
    /// Which text this is: a linter's record of what it last saw names it.
    id: u64,
    /// How many changes the text has had.
    pub generation: u64,
    /// The latest changes: after each, the ends of the text it left alone (`None` when
    /// the whole text was replaced).
    log: VecDeque<(u64, Option<UnchangedEnds>)>,
}

impl DocText {
    pub fn new(text: &str) -> DocText {
        DocText {
            rope: Rope::from_str(text),
            string: Arc::new(text.to_string()),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            log: VecDeque::new(),
        }
    }

    /// Apply one change of `didChange`, or refuse it and change nothing.
    pub fn apply(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        encoding: Encoding,
    ) -> Result<(), BadChange> {
        let ends = match change.range {
            None => {
                self.rope = Rope::from_str(&change.text);
                self.string = Arc::new(change.text.clone());
                None
            }
            Some(range) => {
                let (start, end) =
                    encoding::byte_range(&self.rope, range, encoding).ok_or_else(|| {
                        BadChange(format!(
                            "range {}:{}-{}:{} is reversed or outside the document ({} lines)",
                            range.start.line,
                            range.start.character,
                            range.end.line,
                            range.end.character,
                            self.rope.len_lines()
                        ))
                    })?;
                // The rope edits whole characters: the string takes the same bytes.
                let start_char = self.rope.byte_to_char(start);
                let end_char = self.rope.byte_to_char(end);
                let (start, end) = (
                    self.rope.char_to_byte(start_char),
                    self.rope.char_to_byte(end_char),
                );
                self.rope.remove(start_char..end_char);
                self.rope.insert(start_char, &change.text);
                let string = Arc::make_mut(&mut self.string);
                string.replace_range(start..end, &change.text);
                Some(UnchangedEnds::of_edit(
                    start,
                    change.text.len(),
                    string.len(),
                ))
            }
        };
        self.generation += 1;
        if self.log.len() == LOG_LEN {
            self.log.pop_front();
        }
        self.log.push_back((self.generation, ends));
        Ok(())
    }

    /// What the changes after `generation`, up to this text, left alone; `None` if that is
    /// not known (a change too far back, a whole-text replacement, or an older text).
    fn unchanged_since(&self, generation: u64) -> Option<UnchangedEnds> {
        if generation == self.generation {
            return Some(UnchangedEnds {
                prefix: self.string.len(),
                suffix: 0,
            });
        }
        let first = self.log.front()?.0;
        if generation > self.generation || generation + 1 < first {
            return None;
        }
        let mut changes = self
            .log
            .iter()
            .skip_while(|(changed, _)| *changed <= generation)
            .map(|(_, ends)| *ends);
        let earliest = changes.next()??;
        changes.try_fold(earliest, |unchanged, ends| Some(unchanged.then(ends?)))
    }
}

/// A document's linter, with the text (its id and generation) it last linted.
pub struct DocLinter {
    linter: Linter,
    last: Option<(u64, u64)>,
}

impl DocLinter {
    pub fn new(linter: Linter) -> DocLinter {
        DocLinter { linter, last: None }
    }

    /// Lint `text`, telling the linter what changed since its last text when that is known.
    pub fn update(&mut self, text: &DocText) -> &Linter {
        let unchanged = self
            .last
            .filter(|&(id, _)| id == text.id)
            .and_then(|(_, generation)| text.unchanged_since(generation));
        self.linter.update_told(&text.string, unchanged);
        self.last = Some((text.id, text.generation));
        &self.linter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::Kind;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn rope_and_string_take_the_same_edits() {
        let mut text = DocText::new("a “b” 📰 c\r\nd\re\n");
        let changes = [
            change(Some(((0, 0), (0, 1))), "A"),
            // UTF-16: the emoji is two units, and a position inside it is not cut.
            change(Some(((0, 6), (0, 8))), "news"),
            change(Some(((1, 0), (2, 1))), "\u{201d}"),
            change(Some(((0, 7), (0, 7))), "\r\n"),
        ];
        for change in &changes {
            text.apply(change, Encoding::Utf16).unwrap();
            assert_eq!(*text.string, text.rope.to_string());
        }
        assert!(text
            .apply(&change(Some(((9, 0), (9, 1))), "x"), Encoding::Utf16)
            .is_err());
        assert_eq!(*text.string, text.rope.to_string());
        assert_eq!(text.generation, 4);
    }

    #[test]
    fn the_unchanged_ends_cover_every_change_since_a_generation() {
        let mut text = DocText::new("0123456789\nabcdefghij\n");
        text.apply(&change(Some(((0, 2), (0, 3))), "xy"), Encoding::Utf8)
            .unwrap();
        text.apply(&change(Some(((1, 5), (1, 5))), "!"), Encoding::Utf8)
            .unwrap();
        let len = text.string.len();
        assert_eq!(
            text.unchanged_since(0),
            Some(UnchangedEnds {
                prefix: 2,
                suffix: 6
            })
        );
        assert_eq!(
            text.unchanged_since(1),
            Some(UnchangedEnds {
                prefix: 17,
                suffix: 6
            })
        );
        assert_eq!(
            text.unchanged_since(2),
            Some(UnchangedEnds {
                prefix: len,
                suffix: 0
            })
        );
        // A text the linter saw later than this one, or a whole-text replacement: unknown.
        assert_eq!(text.unchanged_since(3), None);
        text.apply(&change(None, "new"), Encoding::Utf8).unwrap();
        assert_eq!(text.unchanged_since(2), None);
        for _ in 0..LOG_LEN {
            text.apply(&change(Some(((0, 0), (0, 0))), "x"), Encoding::Utf8)
                .unwrap();
        }
        // Change 3 is out of the log: since 2 is unknown, since 3 is known.
        assert_eq!(text.unchanged_since(2), None);
        assert_eq!(text.unchanged_since(3).map(|e| e.suffix), Some(3));
    }

    #[test]
    fn a_linter_fed_edits_agrees_with_a_lint_from_scratch() {
        // The Wikinews stories one after another: real copy, cut into many sections.
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/wikinews");
        let mut stories: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        stories.sort();
        let mut body = String::new();
        for story in &stories {
            body.push_str(&std::fs::read_to_string(story).unwrap());
            body.push_str("\n\n");
        }
        let mut text = DocText::new(&body);
        let mut linter = DocLinter::new(Linter::new(Kind::Plain, Arc::default()));
        let mut cuts = Vec::new();
        for round in 0..40usize {
            if round % 2 == 0 {
                let linter = linter.update(&text);
                cuts = linter.sections().iter().skip(1).map(|s| s.start).collect();
                assert!(cuts.len() > 4, "{} sections", cuts.len() + 1);
            }
            // Beside a cut, where a change claimed a few bytes too narrow would leave a
            // section's old findings standing. Most of the edits keep the sections'
            // lengths, so that only the claimed ends can tell the linter what changed.
            let cut = cuts[round / 4 % cuts.len()];
            let boundary = |from: usize| {
                (from..)
                    .find(|&at| text.string.is_char_boundary(at))
                    .unwrap_or(from)
            };
            let before = boundary(cut - 14);
            // Past the first 16 bytes after the cut, which decide whether it stays.
            let after = boundary(cut + 16);
            let after_end = boundary(after + 12);
            let padded = |length: usize| format!("{:<length$}", " critics say");
            let (before_text, after_text) = (padded(cut - 2 - before), padded(after_end - after));
            // Across the cut, leaving the paragraph after it as it began.
            let across = format!("\u{201c}Slammed.\n\n{}", &text.string[cut..after]);
            let (at, end, inserted) = match round % 4 {
                0 => (before, cut - 2, before_text.as_str()),
                1 => (after, after_end, after_text.as_str()),
                2 => (after, after, " critics say "),
                _ => (cut - 30, after, across.as_str()),
            };
            let position = |byte: usize| {
                let line = text.rope.byte_to_line(byte);
                (line as u32, (byte - text.rope.line_to_byte(line)) as u32)
            };
            let edit = change(Some((position(at), position(end))), inserted);
            text.apply(&edit, Encoding::Utf8).unwrap();
            // Every other round, two changes reach the linter at once.
            if round % 2 == 1 {
                let expected =
                    copydesk::lint(&text.string, Kind::Plain, &copydesk::Config::default());
                let found = linter.update(&text).findings();
                assert!(
                    found == expected,
                    "round {round}: {} findings, {} from scratch",
                    found.len(),
                    expected.len()
                );
            }
        }
    }
}
