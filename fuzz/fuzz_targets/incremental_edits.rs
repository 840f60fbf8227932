//! A story edited step by step, as in an editor: a starting text and a list of edits. After
//! each edit one `copydesk::Linter`, kept across the steps, must give exactly what
//! `copydesk::sections::lint_with` gives from scratch at the same sizes, and both must keep
//! the invariants in `common`.
//!
//! Input: a flags byte; the starting text up to the first NUL byte (read as UTF-8, invalid
//! sequences become U+FFFD); then the edits, each an opcode byte and its operands:
//!
//! | opcode % 5 | edit | operands |
//! |---|---|---|
//! | 0 | insert bytes | offset (u16 LE), length n (u8, at most 32), n bytes of text |
//! | 1 | delete | offset (u16 LE), length (u8) |
//! | 2 | insert a token | offset (u16 LE), token (u8) |
//! | 3 | replace a range with a token | offset (u16 LE), length (u8), token (u8) |
//! | 4 | delete a long range | offset (u16 LE), length (u16 LE, a fraction of the text) |
//!
//! A second linter is given each edit's unchanged ends (`Linter::update_told`, as the
//! language server does) instead of comparing texts, and must agree; flags bit 2 gives it
//! two edits at a time, their ends folded.
//!
//! Flags: bit 0 picks the kind (0 plain, 1 Markdown). Bit 1 makes the text long: the
//! starting text is repeated, each copy after a numbered paragraph (some where a section
//! may begin), until the whole is longer than the size above which texts are sectioned, so
//! that it is linted in sections and the linter reuses the sections an edit does not reach.
//! Texts are cut by small sizes ([`SMALL`]): past 600 bytes they are sectioned, so that the
//! search can afford many edits on texts of many sections. Only with bits 3 to 7 all set
//! are the sizes the engine's; a long text then takes up to a second a lint, and gets fewer
//! edits, so those inputs are kept rare. The linters' sections must also be
//! where a fresh split puts them, and hold exactly their findings, each section those that
//! start in it.
//!
//! An offset is a fraction of the text (`offset / 65536` of its length), moved back onto a
//! character boundary; a range's end is moved forward onto one. Input that runs out ends the
//! edits.
#![no_main]

use copydesk::sections::{SectionFindings, Sizes, UnchangedEnds};
use copydesk::{Config, Kind, Linter};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

mod common;

/// At most this many edits are made from one input, on a short text and on a long one.
const MAX_EDITS: usize = 64;
/// (A lint of a long text takes up to a second in the fuzz build on a busy machine.)
const MAX_EDITS_LONG: usize = 3;
/// Sizes that cut a text of a few KB into tens of sections.
const SMALL: Sizes = Sizes {
    sectioned_above: 600,
    min_section: 120,
    cut_spacing: 300,
};

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

/// `offset / 65536` of the way into the text, moved back onto a character boundary.
fn clamp_start(text: &str, offset: u16) -> usize {
    let mut at = fraction(text, offset);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `offset / 65536` of the text's length.
fn fraction(text: &str, offset: u16) -> usize {
    (usize::from(offset) * (text.len() + 1)) >> 16
}

/// `start + len`, at most the text's length, moved forward onto a character boundary.
fn clamp_end(text: &str, start: usize, len: usize) -> usize {
    let mut at = (start + len).min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn token(index: u8) -> &'static str {
    TOKENS[usize::from(index) % TOKENS.len()]
}

/// Make the next edit the input describes, and say what it left alone; `None` when the
/// input has run out.
fn edit(text: &mut String, input: &mut Reader) -> Option<UnchangedEnds> {
    let opcode = input.byte()?;
    let offset = input.u16()?;
    let at = clamp_start(text, offset);
    let (end, inserted) = match opcode % 5 {
        0 => {
            let n = input.byte()?;
            let inserted = String::from_utf8_lossy(input.bytes(usize::from(n % 33)));
            (at, inserted.into_owned())
        }
        1 => (
            clamp_end(text, at, usize::from(input.byte()?)),
            String::new(),
        ),
        2 => (at, token(input.byte()?).to_string()),
        3 => {
            let (len, index) = (input.byte()?, input.byte()?);
            (
                clamp_end(text, at, usize::from(len)),
                token(index).to_string(),
            )
        }
        _ => {
            let len = input.u16()?;
            (clamp_end(text, at, fraction(text, len)), String::new())
        }
    };
    text.replace_range(at..end, &inserted);
    Some(UnchangedEnds::of_edit(at, inserted.len(), text.len()))
}

/// The starting text repeated, each copy after a numbered paragraph, until the whole is at
/// least `sizes.sectioned_above + sizes.min_section` bytes. A section may begin only where a
/// paragraph is marked and the previous mark is `sizes.min_section` bytes back or more. So
/// that a long text has cuts whatever the starting text, the numbered paragraph is, once
/// that many bytes have passed since the last such, one whose first 16 bytes hash (FNV-1a,
/// as `copydesk::sections` does) to under 2^32 / 8192, which is always marked at a spacing
/// of 8192 or less; otherwise it opens with a parenthesis and is never marked. Some
/// sections may then be the same text.
fn lengthen(start: &str, sizes: Sizes) -> String {
    let long = sizes.sectioned_above + sizes.min_section;
    let mut text = String::with_capacity(long + start.len() + 64);
    let mut copy = 0;
    let mut marked = 0;
    while text.len() < long {
        if copy == 0 || text.len() - marked >= sizes.min_section {
            marked = text.len();
            text.push_str(&format!("Continued aachr (part {copy}).\n\n{start}\n\n"));
        } else {
            text.push_str(&format!("(Part {copy}.)\n\n{start}\n\n"));
        }
        copy += 1;
    }
    text
}

/// Lint `text` with the linter and, when `compare`, from scratch: the two must be the same,
/// keep the invariants, and the linter's sections must hold exactly its findings, each the
/// ones that start in it.
fn step(linter: &mut Linter, text: &str, kind: Kind, sizes: Sizes, config: &Config, compare: bool) {
    let got = linter.lint(text);
    common::check_findings(text, &got);
    if compare {
        let expected = copydesk::sections::lint_with(text, kind, config, sizes);
        assert!(
            got == expected,
            "the linter and a lint from scratch differ on {text:?}\nlinter:  {got:?}\nscratch: {expected:?}"
        );
    }
    let sections = linter.sections();
    check_cuts(&sections, text, kind, sizes);
    // Each section holds the findings that start in it, in offsets from its start.
    for (index, section) in sections.iter().enumerate() {
        let end = sections
            .get(index + 1)
            .map_or(text.len() + 1, |next| next.start);
        for finding in section.findings.iter() {
            assert!(
                section.start + finding.span.start < end,
                "section {index} at {} holds {finding:?}, which starts past its end {end}",
                section.start
            );
        }
    }
    let from_sections = copydesk::sections::flatten(&sections);
    assert!(
        from_sections == got,
        "the linter's sections do not hold its findings\nsections: {from_sections:?}\nlint:     {got:?}"
    );
}

/// A linter's sections start where a fresh split of `text` starts them.
fn check_cuts(sections: &[SectionFindings], text: &str, kind: Kind, sizes: Sizes) {
    let kept: Vec<usize> = sections.iter().map(|s| s.start).collect();
    let fresh: Vec<usize> = copydesk::sections::split_with(text, kind, sizes)
        .iter()
        .map(|s| s.span.start)
        .collect();
    assert!(
        kept == fresh,
        "the linter's sections start at {kept:?}, a fresh split's at {fresh:?}, on {text:?}"
    );
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
    let long = flags & 2 != 0;
    let sizes = if flags & 0xf8 == 0xf8 {
        Sizes::DEFAULT
    } else {
        SMALL
    };
    // Only the engine's sizes make a long text slow to lint.
    let slow = long && sizes == Sizes::DEFAULT;
    let (start, edits) = match rest.iter().position(|&b| b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let start = String::from_utf8_lossy(start);
    let mut text = if long {
        lengthen(&start, sizes)
    } else {
        start.into_owned()
    };
    let mut input = Reader { data: edits };
    let config = Arc::new(Config::default());
    let mut linter = Linter::with_sizes(kind, config.clone(), sizes);

    // A second linter is told where the edits fell, as the language server tells it,
    // after every edit or (flags bit 2) after every other one, the two edits' ends folded.
    let mut told = Linter::with_sizes(kind, config.clone(), sizes);
    let every_other = flags & 4 != 0;

    // A linter that has seen nothing analyses every section: the same work as a lint from
    // scratch, so on a long text (where that takes a while) the first step is not compared.
    step(&mut linter, &text, kind, sizes, &config, !slow);
    told.update_told(&text, None);
    let mut unchanged: Option<UnchangedEnds> = None;
    for round in 0..if slow { MAX_EDITS_LONG } else { MAX_EDITS } {
        let Some(ends) = edit(&mut text, &mut input) else {
            break;
        };
        unchanged = Some(unchanged.map_or(ends, |before| before.then(ends)));
        step(&mut linter, &text, kind, sizes, &config, true);
        if !every_other || round % 2 == 1 {
            told.update_told(&text, unchanged.take());
            let (got, expected) = (told.findings(), linter.findings());
            assert!(
                got == expected,
                "told where the edits fell, the linter differs on {text:?}\ntold:     {got:?}\ncompared: {expected:?}"
            );
            check_cuts(&told.sections(), &text, kind, sizes);
        }
    }
});
