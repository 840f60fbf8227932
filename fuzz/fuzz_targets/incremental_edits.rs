//! A story edited step by step, as in an editor: a starting text and a list of edits, the
//! text linted after each one. Every lint must keep the invariants in `common`.
//!
//! Input: one byte whose lowest bit picks the kind (0 plain, 1 Markdown); the starting
//! text up to the first NUL byte (read as UTF-8, invalid sequences become U+FFFD); then
//! the edits, each an opcode byte and its operands:
//!
//! | opcode % 4 | edit | operands |
//! |---|---|---|
//! | 0 | insert bytes | offset (u16 LE), length n (u8, at most 32), n bytes of text |
//! | 1 | delete | offset (u16 LE), length (u8) |
//! | 2 | insert a token | offset (u16 LE), token (u8) |
//! | 3 | replace a range with a token | offset (u16 LE), length (u8), token (u8) |
//!
//! Offsets are taken modulo the text's length plus one and moved back onto a character
//! boundary; a range's end is moved forward onto one. Input that runs out ends the edits.
#![no_main]

use copydesk::{Config, Kind};
use libfuzzer_sys::fuzz_target;

mod common;

/// At most this many edits are made from one input.
const MAX_EDITS: usize = 64;

/// Pieces an editor's user types that change how the engine splits the text: quotation
/// marks, sentence and paragraph ends, Markdown structure, suppression comments, and the
/// words the rules look for.
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    ". ",
    "? ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "—",
    "…",
    "# ",
    "> ",
    "- ",
    "1. ",
    "```\n",
    "    ",
    "`",
    "*",
    "[link](http://example.com)",
    "<!-- copydesk-disable -->",
    "<!-- copydesk-enable -->",
    "<!-- copydesk-disable-next-line -->",
    "<!-- copydesk-disable loaded-term -->",
    "<!-- copydesk-disable-line house-style -->",
    "<!--",
    "-->",
    "said",
    "Kim said.",
    "according to",
    "critics say",
    "reportedly",
    "Kiev",
    "regime",
    "last year",
    "Mr.",
    "U.S.",
    "[source]",
    "Q:",
    "A:",
    "é",
    "😀",
    "\u{a0}",
    "\u{2028}",
];

struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.data.split_first()?;
        self.data = rest;
        Some(first)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        taken
    }
}

/// `offset` taken into `0..=text.len()` and moved back onto a character boundary.
fn clamp_start(text: &str, offset: u16) -> usize {
    let mut at = usize::from(offset) % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `start + len`, at most the text's length, moved forward onto a character boundary.
fn clamp_end(text: &str, start: usize, len: u8) -> usize {
    let mut at = (start + usize::from(len)).min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn token(index: u8) -> &'static str {
    TOKENS[usize::from(index) % TOKENS.len()]
}

/// Make the next edit the input describes; false when the input has run out.
fn edit(text: &mut String, input: &mut Reader) -> bool {
    let Some(opcode) = input.byte() else {
        return false;
    };
    let Some(offset) = input.u16() else {
        return false;
    };
    let at = clamp_start(text, offset);
    match opcode % 4 {
        0 => {
            let Some(n) = input.byte() else {
                return false;
            };
            let inserted = String::from_utf8_lossy(input.bytes(usize::from(n % 33)));
            text.insert_str(at, &inserted);
        }
        1 => {
            let Some(len) = input.byte() else {
                return false;
            };
            let end = clamp_end(text, at, len);
            text.replace_range(at..end, "");
        }
        2 => {
            let Some(index) = input.byte() else {
                return false;
            };
            text.insert_str(at, token(index));
        }
        _ => {
            let (Some(len), Some(index)) = (input.byte(), input.byte()) else {
                return false;
            };
            let end = clamp_end(text, at, len);
            text.replace_range(at..end, token(index));
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let kind = if flags & 1 == 0 {
        Kind::Plain
    } else {
        Kind::Markdown
    };
    let (start, edits) = match rest.iter().position(|&b| b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let mut text = String::from_utf8_lossy(start).into_owned();
    let mut input = Reader { data: edits };
    let config = Config::default();

    let findings = copydesk::lint(&text, kind, &config);
    common::check_findings(&text, &findings);
    for _ in 0..MAX_EDITS {
        if !edit(&mut text, &mut input) {
            break;
        }
        let findings = copydesk::lint(&text, kind, &config);
        common::check_findings(&text, &findings);
    }
});
