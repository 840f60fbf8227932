//! Long texts are checked in sections, so that an edit is relinted only where it reaches.
//!
//! A story is analysed whole: quotations run across paragraphs, and sources, the prevailing
//! quotation style and interview transcripts are judged over the story. A text far longer
//! than any story (a liveblog archive, a book, a stack of wire copy) is cut into sections
//! of [`MIN_SECTION`] bytes or more, each analysed as a stretch of copy of its own. The
//! cuts fall only at paragraphs that open with a letter (never at a quotation's
//! continuation, which opens with a quotation mark), outside Markdown code and HTML, and
//! where a hash of the paragraph's opening bytes says so: the same text always gives the
//! same cuts, and an edit moves none but those right beside it. [`Linter`] keeps each
//! section's findings and reuses those of the sections an edit leaves untouched, so an
//! editor relints one section per keystroke, and its result is by construction the one
//! [`crate::lint`] gives from scratch.
//!
//! Suppression comments are applied over the whole text, after the sections: a
//! `copydesk-disable` holds until its `copydesk-enable` wherever the cuts fall.

use crate::config::Config;
use crate::document::lines::{is_blank, Lines};
use crate::document::{Document, Kind, Part};
use crate::finding::Finding;
use crate::rules;
use crate::span::Span;
use std::sync::Arc;

/// Texts up to this size are one section: every story is analysed whole.
pub const SECTIONED_ABOVE: usize = 64 * 1024;
/// No section but the last is shorter.
pub const MIN_SECTION: usize = 8 * 1024;
/// The mean distance between the paragraphs whose hash marks them as places to cut.
const CUT_SPACING: usize = 8 * 1024;

/// Where texts are cut: the engine always uses [`Sizes::DEFAULT`]. Tests and fuzzing shrink
/// them, so that a text of a few hundred bytes has many sections and an edit can be checked
/// against a lint from scratch in microseconds, not in the second a 72 KB text takes.
/// Public for them only, as are the functions that take it: hidden from the documentation.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    /// Texts up to this many bytes are one section.
    pub sectioned_above: usize,
    /// No section but the last is shorter.
    pub min_section: usize,
    /// The mean distance between the paragraphs marked as places to cut.
    pub cut_spacing: usize,
}

impl Sizes {
    pub const DEFAULT: Sizes = Sizes {
        sectioned_above: SECTIONED_ABOVE,
        min_section: MIN_SECTION,
        cut_spacing: CUT_SPACING,
    };
}

/// One section of a text, and what the analysis needs to know of the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    pub span: Span,
    pub part: Part,
}

/// The sections of `text`, in order, covering it from its start to its end.
pub fn split(text: &str, kind: Kind) -> Vec<Section> {
    split_with(text, kind, Sizes::DEFAULT)
}

/// [`split`] with other sizes than the engine's.
#[doc(hidden)]
pub fn split_with(text: &str, kind: Kind, sizes: Sizes) -> Vec<Section> {
    let blank_line_paragraphs = blank_line_paragraphs(text, kind);
    sections(
        text,
        blank_line_paragraphs,
        &cuts(text, kind, blank_line_paragraphs, sizes),
    )
}

fn blank_line_paragraphs(text: &str, kind: Kind) -> bool {
    Part::whole(text, kind).blank_line_paragraphs
}

/// Where the sections of `text` start: 0, then each cut.
fn cuts(text: &str, kind: Kind, blank_line_paragraphs: bool, sizes: Sizes) -> Vec<usize> {
    let mut cuts = vec![0];
    if text.len() > sizes.sectioned_above {
        let mut cutter = Cutter::new(kind, blank_line_paragraphs, sizes);
        cuts.extend(
            Lines::from(text, 0)
                .filter(|&line| cutter.read(text, line))
                .map(|line| line.start),
        );
    }
    cuts
}

fn sections(text: &str, blank_line_paragraphs: bool, cuts: &[usize]) -> Vec<Section> {
    cuts.iter()
        .enumerate()
        .map(|(index, &start)| Section {
            span: Span::new(start, cuts.get(index + 1).copied().unwrap_or(text.len())),
            part: Part {
                starts_story: start == 0,
                blank_line_paragraphs,
            },
        })
        .collect()
}

/// The cuts of `text`, which differs from the `old` text only in bytes from `prefix` to
/// `suffix` bytes before its end: the scan starts at the last cut safely before the
/// change and stops at the first cut after it that the old text has too. Past a cut, the
/// scan's state is the cut's position alone, so the cuts are exactly those of [`cuts`].
fn recut(
    text: &str,
    kind: Kind,
    blank: bool,
    old: &Cut,
    prefix: usize,
    suffix: usize,
    sizes: Sizes,
) -> Vec<usize> {
    let fresh = || cuts(text, kind, blank, sizes);
    let Cut {
        cuts: old,
        len: old_len,
        blank: old_blank,
    } = *old;
    let sectioned = |len| len > sizes.sectioned_above;
    if !sectioned(text.len()) || !sectioned(old_len) || blank != old_blank {
        return fresh();
    }
    // The restart: the last cut whose line, terminator and one byte more are unchanged (a
    // `\r` before the change could become half of a `\r\n`).
    let restart = old.iter().rposition(|&cut| {
        let mut lines = Lines::from(text, cut);
        cut > 0 && cut < prefix && lines.next().is_some() && lines.next_start() < prefix
    });
    let Some(restart) = restart else {
        return fresh();
    };
    let mut cuts = old[..=restart].to_vec();
    let cut = old[restart];
    let mut cutter = Cutter::after_cut(kind, blank, sizes, cut);
    let mut lines = Lines::from(text, cut);
    lines.next();
    if lines.next_start() >= prefix {
        return fresh();
    }
    let unchanged_from = text.len() - suffix;
    for line in lines {
        if !cutter.read(text, line) {
            continue;
        }
        cuts.push(line.start);
        if line.start >= unchanged_from {
            let old_start = line.start + old_len - text.len();
            if let Ok(at) = old.binary_search(&old_start) {
                cuts.extend(old[at + 1..].iter().map(|&c| c + text.len() - old_len));
                return cuts;
            }
        }
    }
    cuts
}

/// How a text was cut.
struct Cut<'a> {
    cuts: &'a [usize],
    len: usize,
    blank: bool,
}

/// The scan that finds the cuts, one line at a time.
struct Cutter {
    kind: Kind,
    blank_line_paragraphs: bool,
    sizes: Sizes,
    markup: Markup,
    previous_blank: bool,
    seen_text: bool,
    previous_candidate: usize,
    previous_marked: usize,
}

impl Cutter {
    fn new(kind: Kind, blank_line_paragraphs: bool, sizes: Sizes) -> Cutter {
        Cutter {
            kind,
            blank_line_paragraphs,
            sizes,
            markup: Markup::default(),
            previous_blank: false,
            seen_text: false,
            previous_candidate: 0,
            previous_marked: 0,
        }
    }

    /// The state just after the line of a cut at `cut` is read: that line opens with a
    /// letter, outside any Markdown block, and opens none.
    fn after_cut(kind: Kind, blank_line_paragraphs: bool, sizes: Sizes, cut: usize) -> Cutter {
        Cutter {
            markup: Markup {
                lines_read: 1,
                ..Markup::default()
            },
            seen_text: true,
            previous_candidate: cut,
            previous_marked: cut,
            ..Cutter::new(kind, blank_line_paragraphs, sizes)
        }
    }

    /// Read the next line; true when a section starts with it.
    fn read(&mut self, text: &str, line: Span) -> bool {
        let content = &text[line.start..line.end];
        let blank = is_blank(content);
        let opens_paragraph = !blank
            && self.seen_text
            && (self.previous_blank || !self.blank_line_paragraphs)
            && content.chars().next().is_some_and(char::is_alphabetic);
        let in_markup = self.kind == Kind::Markdown && self.markup.is_open();
        let mut cut = false;
        if opens_paragraph && !in_markup {
            // Each decision looks back only to the previous marked paragraph, never to
            // where the section began: an edit cannot move the cuts that follow it.
            let run = line.start - self.previous_candidate;
            self.previous_candidate = line.start;
            if is_marked(content, run, self.sizes.cut_spacing) {
                cut = line.start - self.previous_marked >= self.sizes.min_section;
                self.previous_marked = line.start;
            }
        }
        if self.kind == Kind::Markdown {
            self.markup.read(content);
        }
        self.previous_blank = blank;
        self.seen_text |= !blank;
        cut
    }
}

/// Whether the paragraph opening with `line`, `run` bytes after the previous paragraph
/// that could open a section, is marked as a place to cut: by a hash of its first bytes
/// (FNV-1a), with a chance in proportion to `run`, so that marks fall about every
/// `spacing` bytes however long the paragraphs are.
fn is_marked(line: &str, run: usize, spacing: usize) -> bool {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in line.as_bytes().iter().take(16) {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    // In 128 bits, so that no spacing or run overflows.
    u128::from(hash) * (spacing as u128) < (run as u128) << 32
}

/// The Markdown constructs that run across blank lines, tracked line by line so that no
/// cut falls inside one: fenced code, HTML comments and raw HTML blocks, front matter.
#[derive(Default)]
struct Markup {
    /// The fence character and the length of the opening fence.
    fence: Option<(u8, usize)>,
    /// What ends the HTML block we are in: `-->`, `</pre>`, `?>`…
    html_until: Option<&'static str>,
    front_matter: Option<&'static str>,
    lines_read: usize,
}

impl Markup {
    fn is_open(&self) -> bool {
        self.fence.is_some() || self.html_until.is_some() || self.front_matter.is_some()
    }

    fn read(&mut self, line: &str) {
        let first = self.lines_read == 0;
        self.lines_read += 1;
        if let Some(closing) = self.front_matter {
            if line.trim_end() == closing || (closing == "---" && line.trim_end() == "...") {
                self.front_matter = None;
            }
            return;
        }
        if first && matches!(line.trim_end(), "---" | "+++") {
            self.front_matter = Some(if line.starts_with('-') { "---" } else { "+++" });
            return;
        }
        if let Some(until) = self.html_until {
            if line.to_ascii_lowercase().contains(until) {
                self.html_until = None;
            }
            return;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim_start_matches(' ');
        if let Some((fence, length)) = self.fence {
            let run = body.bytes().take_while(|&b| b == fence).count();
            if indent < 4 && run >= length && body[run..].trim().is_empty() {
                self.fence = None;
            }
            return;
        }
        if indent >= 4 {
            return;
        }
        // A fence or HTML block may open after a list marker or a blockquote's `>`.
        let body = body.trim_start_matches(['>', ' ', '-', '*', '+']);
        for fence in [b'`', b'~'] {
            let run = body.bytes().take_while(|&b| b == fence).count();
            if run >= 3 && !(fence == b'`' && body[run..].contains('`')) {
                self.fence = Some((fence, run));
                return;
            }
        }
        if let Some((opening, until)) = html_block(body) {
            let lower = body.to_ascii_lowercase();
            if !lower[opening.len()..].contains(until) {
                self.html_until = Some(until);
            }
        }
    }
}

/// The opening and end marker of an HTML block that runs across blank lines, if `line`
/// opens one.
fn html_block(line: &str) -> Option<(&'static str, &'static str)> {
    if !line.starts_with('<') {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    for (opening, end) in [
        ("<!--", "-->"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<!", ">"),
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if lower.starts_with(opening) {
            return Some((opening, end));
        }
    }
    None
}

/// What one section gave, in offsets from its start.
struct Checked {
    text: Box<str>,
    part: Part,
    /// Before the suppression comments, which are applied over the whole text.
    findings: Vec<Finding>,
    comments: Vec<Span>,
    /// After them: what the section shows.
    shown: Arc<Vec<Finding>>,
}

/// One section's findings as the last lint gave them, in offsets from `start`. The same
/// `Arc` comes back while they are unchanged, so an adapter can keep what it made of them.
#[derive(Clone, Debug)]
pub struct SectionFindings {
    pub start: usize,
    pub findings: Arc<Vec<Finding>>,
}

/// A linter that remembers each section's findings, for an editor relinting on every
/// keystroke. Its result is always exactly [`crate::lint`]'s for the same text.
pub struct Linter {
    kind: Kind,
    config: Arc<Config>,
    sizes: Sizes,
    checked: Vec<Checked>,
    relinted: usize,
    /// The last lint had suppression comments to apply over the whole text.
    had_comments: bool,
}

impl Linter {
    pub fn new(kind: Kind, config: Arc<Config>) -> Linter {
        Linter::with_sizes(kind, config, Sizes::DEFAULT)
    }

    /// A linter cutting texts by other sizes than the engine's, whose result is always
    /// exactly [`lint_with`]'s with the same sizes.
    #[doc(hidden)]
    pub fn with_sizes(kind: Kind, config: Arc<Config>, sizes: Sizes) -> Linter {
        Linter {
            kind,
            config,
            sizes,
            checked: Vec::new(),
            relinted: 0,
            had_comments: false,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// How many sections the last [`Linter::lint`] analysed anew, and how many it had.
    pub fn relinted(&self) -> (usize, usize) {
        (self.relinted, self.checked.len())
    }

    /// The findings of the last lint, section by section.
    pub fn sections(&self) -> Vec<SectionFindings> {
        let mut start = 0;
        self.checked
            .iter()
            .map(|checked| {
                let section = SectionFindings {
                    start,
                    findings: checked.shown.clone(),
                };
                start += checked.text.len();
                section
            })
            .collect()
    }

    /// Lint `text`, reusing the findings of every section whose text is unchanged since
    /// the last call. Only the sections of the last call are kept.
    pub fn lint(&mut self, text: &str) -> Vec<Finding> {
        self.update(text);
        self.findings()
    }

    /// The findings of the last lint, in the text's offsets, sorted as [`crate::lint`]
    /// sorts them.
    pub fn findings(&self) -> Vec<Finding> {
        flatten(&self.sections())
    }

    /// Lint `text` as [`Linter::lint`] does, leaving the findings in [`Linter::sections`].
    pub fn update(&mut self, text: &str) {
        self.update_told(text, None);
    }

    /// [`Linter::update`] for a caller that knows where the text changed since the last
    /// update, as an editor does from its edits: the texts are not compared. With `None`,
    /// or after no update, they are.
    ///
    /// `unchanged` must hold: a wrong claim gives wrong findings (never a panic).
    pub fn update_told(&mut self, text: &str, unchanged: Option<UnchangedEnds>) {
        let previous = std::mem::take(&mut self.checked);
        let old_len: usize = previous.iter().map(|checked| checked.text.len()).sum();
        let mut old_cuts = Vec::with_capacity(previous.len());
        let mut at = 0;
        for checked in &previous {
            old_cuts.push(at);
            at += checked.text.len();
        }
        let (prefix, suffix) = match unchanged {
            Some(ends) if !previous.is_empty() => ends,
            _ => unchanged_ends(&previous, text),
        }
        .within(old_len, text.len());
        let blank = blank_line_paragraphs(text, self.kind);
        let cuts = match previous.first() {
            None => cuts(text, self.kind, blank, self.sizes),
            Some(first) => {
                let old = Cut {
                    cuts: &old_cuts,
                    len: old_len,
                    blank: first.part.blank_line_paragraphs,
                };
                recut(text, self.kind, blank, &old, prefix, suffix, self.sizes)
            }
        };
        let mut previous: Vec<Option<Checked>> = previous.into_iter().map(Some).collect();
        let mut current = Vec::new();
        let mut starts = Vec::new();
        let mut fresh = Vec::new();
        self.relinted = 0;
        for section in sections(text, blank, &cuts) {
            let slice = section.span.slice(text);
            starts.push(section.span.start);
            // A section wholly before the change or wholly after it has its old text, and
            // was linted before if the old text had a section just there.
            let old_start = if section.span.end <= prefix {
                Some(section.span.start)
            } else if section.span.start >= text.len() - suffix {
                Some(section.span.start + old_len - text.len())
            } else {
                None
            };
            let reused = old_start
                .and_then(|old_start| old_cuts.binary_search(&old_start).ok())
                .and_then(|index| {
                    let same = previous[index].as_ref().is_some_and(|old| {
                        old.part == section.part && old.text.len() == slice.len()
                    });
                    if same {
                        previous[index].take()
                    } else {
                        None
                    }
                });
            fresh.push(reused.is_none());
            current.push(reused.unwrap_or_else(|| {
                self.relinted += 1;
                let (findings, comments) = check(slice, self.kind, section.part, &self.config);
                Checked {
                    text: slice.into(),
                    part: section.part,
                    findings,
                    comments,
                    shown: Arc::default(),
                }
            }));
        }
        let had_comments = std::mem::replace(
            &mut self.had_comments,
            current.iter().any(|checked| !checked.comments.is_empty()),
        );
        if !self.had_comments {
            // With no comment to apply, what a section shows is its own findings, sorted as
            // `rules::finish` sorts them.
            for (checked, &fresh) in current.iter_mut().zip(&fresh) {
                if fresh || had_comments {
                    let mut shown = checked.findings.clone();
                    rules::sort(&mut shown);
                    checked.shown = Arc::new(shown);
                }
            }
            self.checked = current;
            return;
        }
        let mut findings = Vec::new();
        let mut comments = Vec::new();
        for (checked, &offset) in current.iter().zip(&starts) {
            findings.extend(checked.findings.iter().map(|f| f.clone().shifted(offset)));
            comments.extend(checked.comments.iter().map(|c| c.shifted(offset)));
        }
        let findings = rules::finish(text, &comments, &self.config, findings);
        // Each finding back to its section, keeping the section's `Arc` when neither its
        // text nor its findings changed (a new text may give the same findings at other
        // lines and columns).
        let mut rest = findings.as_slice();
        for (index, checked) in current.iter_mut().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(usize::MAX);
            let count = rest.partition_point(|finding| finding.span.start < end);
            let (mine, after) = rest.split_at(count);
            rest = after;
            let offset = starts[index];
            let unchanged = !fresh[index]
                && checked.shown.len() == mine.len()
                && checked
                    .shown
                    .iter()
                    .zip(mine)
                    .all(|(old, new)| old.is_shifted(new, offset));
            if !unchanged {
                checked.shown = Arc::new(
                    mine.iter()
                        .map(|f| f.clone().shifted_back(offset))
                        .collect(),
                );
            }
        }
        self.checked = current;
    }
}

/// Sections' findings in the text's offsets, sorted as [`crate::lint`] sorts them.
pub fn flatten(sections: &[SectionFindings]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = sections
        .iter()
        .flat_map(|section| {
            let start = section.start;
            section
                .findings
                .iter()
                .map(move |f| f.clone().shifted(start))
        })
        .collect();
    rules::sort(&mut findings);
    findings
}

/// How many bytes at the start and at the end of a text are those of an earlier text,
/// as an editor knows them from the edits between the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnchangedEnds {
    pub prefix: usize,
    pub suffix: usize,
}

impl UnchangedEnds {
    /// One edit: `inserted` bytes put in place of the old text's bytes from `start`, giving
    /// a text of `new_len` bytes.
    pub fn of_edit(start: usize, inserted: usize, new_len: usize) -> UnchangedEnds {
        UnchangedEnds {
            prefix: start,
            suffix: new_len.saturating_sub(start + inserted),
        }
    }

    /// This change followed by `next`: what neither touched.
    pub fn then(self, next: UnchangedEnds) -> UnchangedEnds {
        UnchangedEnds {
            prefix: self.prefix.min(next.prefix),
            suffix: self.suffix.min(next.suffix),
        }
    }

    /// As `(prefix, suffix)`, together no more than either text's length.
    fn within(self, old_len: usize, new_len: usize) -> (usize, usize) {
        let most = old_len.min(new_len);
        let prefix = self.prefix.min(most);
        (prefix, self.suffix.min(most - prefix))
    }
}

/// How many bytes at the start and at the end of `text` are those of the text the
/// sections `previous` were cut from (each counted on its own: see [`UnchangedEnds::within`]).
fn unchanged_ends(previous: &[Checked], text: &str) -> UnchangedEnds {
    let new = text.as_bytes();
    let mut prefix = 0;
    for checked in previous {
        let old = checked.text.as_bytes();
        let same = common_prefix(old, &new[prefix.min(new.len())..]);
        prefix += same;
        if same < old.len() {
            break;
        }
    }
    let mut suffix = 0;
    for checked in previous.iter().rev() {
        let old = checked.text.as_bytes();
        let same = common_suffix(old, &new[..new.len() - suffix.min(new.len())]);
        suffix += same;
        if same < old.len() {
            break;
        }
    }
    UnchangedEnds { prefix, suffix }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let length = a.len().min(b.len());
    let (a, b) = (&a[..length], &b[..length]);
    if a == b {
        return length;
    }
    // Whole blocks by memcmp, then the bytes of the first block that differs.
    let block = a
        .chunks(64)
        .zip(b.chunks(64))
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    let start = block * 64;
    start
        + a[start..]
            .iter()
            .zip(&b[start..])
            .take_while(|(x, y)| x == y)
            .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let length = a.len().min(b.len());
    let (a, b) = (&a[a.len() - length..], &b[b.len() - length..]);
    if a == b {
        return length;
    }
    let block = a
        .rchunks(64)
        .zip(b.rchunks(64))
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    let end = length - block * 64;
    a[..end]
        .iter()
        .rev()
        .zip(b[..end].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        + block * 64
}

/// One section's findings before the suppression comments, and its comments.
fn check(text: &str, kind: Kind, part: Part, config: &Config) -> (Vec<Finding>, Vec<Span>) {
    let document = Document::parse_part(text, kind, part);
    let findings = rules::unsuppressed(&document, config);
    let comments = document.comments.iter().map(|c| c.span).collect();
    (findings, comments)
}

/// Lint `text` section by section: what [`crate::lint`] does.
pub fn lint(text: &str, kind: Kind, config: &Config) -> Vec<Finding> {
    lint_with(text, kind, config, Sizes::DEFAULT)
}

/// [`lint`] with other sizes than the engine's.
#[doc(hidden)]
pub fn lint_with(text: &str, kind: Kind, config: &Config, sizes: Sizes) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut comments = Vec::new();
    for section in split_with(text, kind, sizes) {
        let (found, spans) = check(section.span.slice(text), kind, section.part, config);
        let offset = section.span.start;
        findings.extend(found.into_iter().map(|f| f.shifted(offset)));
        comments.extend(spans.into_iter().map(|c| c.shifted(offset)));
    }
    rules::finish(text, &comments, config, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| format!("Paragraph {i} reports what the council decided on Tuesday.\n\n"))
            .collect()
    }

    #[test]
    fn a_story_is_one_section() {
        let text = story(100);
        assert!(text.len() < SECTIONED_ABOVE);
        assert_eq!(split(&text, Kind::Plain).len(), 1);
    }

    #[test]
    fn long_texts_are_cut_at_paragraphs_into_sections_that_cover_them() {
        let text = story(5000);
        let sections = split(&text, Kind::Plain);
        assert!(sections.len() > 4, "{} sections", sections.len());
        let mut at = 0;
        for (index, section) in sections.iter().enumerate() {
            assert_eq!(section.span.start, at);
            assert_eq!(section.part.starts_story, index == 0);
            assert!(text[section.span.start..].starts_with("Paragraph"));
            if index + 1 < sections.len() {
                assert!(section.span.len() >= MIN_SECTION);
            }
            at = section.span.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn an_edit_moves_only_the_cuts_beside_it() {
        let text = story(5000);
        let before = split(&text, Kind::Plain);
        let at = text.len() / 2;
        let mut edited = text.clone();
        edited.insert(at, 'x');
        let after = split(&edited, Kind::Plain);
        let moved = |s: &Section| {
            if s.span.start > at {
                Span::new(s.span.start - 1, s.span.end - 1)
            } else {
                s.span
            }
        };
        let changed = before
            .iter()
            .zip(&after)
            .filter(|(old, new)| old.span != moved(new) && old.span != new.span)
            .count();
        assert_eq!(before.len(), after.len());
        assert!(changed <= 1, "{changed} sections changed");
    }

    #[test]
    fn no_cut_inside_a_continued_quotation_or_markdown_code() {
        let mut text = story(400);
        text.push_str("```\n");
        for i in 0..400 {
            text.push_str(&format!("code line {i}\n\nAnother line of code.\n\n"));
        }
        text.push_str("```\n\n");
        text.push_str(&"\u{201c}A continued quotation paragraph.\n\n".repeat(400));
        text.push_str(&story(400));
        let code = text.find("```").unwrap()..text.rfind("```").unwrap();
        for section in split(&text, Kind::Markdown) {
            let start = section.span.start;
            assert!(!code.contains(&start), "cut inside code at {start}");
            assert!(!text[start..].starts_with('\u{201c}'));
        }
    }

    #[test]
    fn recutting_after_an_edit_gives_the_cuts_of_a_fresh_split() {
        let mut text = story(2000);
        text.push_str("```\ncode\n\nPlain words in code.\n```\n\n");
        text.push_str(&story(2000));
        let mut seed = 5u64;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % below.max(1)
        };
        for kind in [Kind::Plain, Kind::Markdown] {
            let mut old_text = text.clone();
            for _ in 0..200 {
                let blank = blank_line_paragraphs(&old_text, kind);
                let old_cuts = cuts(&old_text, kind, blank, Sizes::DEFAULT);
                let mut new_text = old_text.clone();
                let at = crate::text::floor_boundary(&new_text, next(new_text.len()));
                let pieces = [
                    "\n\nNew paragraph. ",
                    "\n\n",
                    "x",
                    "\r",
                    "\n",
                    "```\n",
                    "Ab",
                ];
                if next(3) == 0 {
                    let end = crate::text::floor_boundary(
                        &new_text,
                        (at + next(3000)).min(new_text.len()),
                    );
                    new_text.replace_range(at..end.max(at), "");
                } else {
                    new_text.insert_str(at, pieces[next(pieces.len())]);
                }
                let prefix = common_prefix(old_text.as_bytes(), new_text.as_bytes());
                let most = old_text.len().min(new_text.len());
                let suffix =
                    common_suffix(old_text.as_bytes(), new_text.as_bytes()).min(most - prefix);
                let new_blank = blank_line_paragraphs(&new_text, kind);
                let old = Cut {
                    cuts: &old_cuts,
                    len: old_text.len(),
                    blank,
                };
                assert_eq!(
                    recut(
                        &new_text,
                        kind,
                        new_blank,
                        &old,
                        prefix,
                        suffix,
                        Sizes::DEFAULT
                    ),
                    cuts(&new_text, kind, new_blank, Sizes::DEFAULT)
                );
                old_text = new_text;
            }
        }
    }

    #[test]
    fn the_linter_reuses_sections_and_agrees_with_a_lint_from_scratch() {
        let config = Arc::new(Config::default());
        let mut text = story(3000);
        text.push_str("Critics say the plan is a disaster. \u{201c}It will fail, he said.\n\n");
        text.push_str(&story(3000));
        let mut linter = Linter::new(Kind::Plain, config.clone());
        assert_eq!(linter.lint(&text), lint(&text, Kind::Plain, &config));
        for edit in 0..20 {
            let at = text.len() * (edit + 1) / 23;
            let at = crate::text::floor_boundary(&text, at);
            if edit % 2 == 0 {
                text.insert_str(at, "\u{201d} slammed ");
            } else {
                text.insert_str(at, "\n\nLast year officials said.\n\n");
            }
            assert_eq!(linter.lint(&text), lint(&text, Kind::Plain, &config));
            let (relinted, sections) = linter.relinted();
            assert!(sections > 10 && relinted <= 2, "{relinted} of {sections}");
        }
    }

    #[test]
    fn the_ends_an_editor_knows_replace_the_comparison() {
        let config = Arc::new(Config::default());
        let mut text = story(6000);
        let mut linter = Linter::new(Kind::Plain, config.clone());
        linter.update_told(&text, None);
        let edits: [(usize, usize, &str); 5] = [
            (7, 0, "\u{201c}Critics say "),
            (3, 40, ""),
            (11, 1, "\n\nLast year officials slammed it.\n\n"),
            (2, 0, "\u{201d} "),
            (19, 300, "x"),
        ];
        for (round, &(twentieth, removed, inserted)) in edits.iter().enumerate() {
            // Two edits between updates, as when typing outpaces the linter.
            let mut ends: Option<UnchangedEnds> = None;
            for shift in [0, 500] {
                let start = crate::text::floor_boundary(&text, text.len() * twentieth / 20 + shift);
                let end = crate::text::floor_boundary(&text, (start + removed).min(text.len()));
                text.replace_range(start..end, inserted);
                let edit = UnchangedEnds::of_edit(start, inserted.len(), text.len());
                ends = Some(ends.map_or(edit, |ends| ends.then(edit)));
            }
            linter.update_told(&text, ends);
            assert_eq!(
                linter.findings(),
                lint(&text, Kind::Plain, &config),
                "{round}"
            );
            let (relinted, sections) = linter.relinted();
            assert!(sections > 10 && relinted <= 4, "{relinted} of {sections}");
        }
        // Claims that leave out nothing, or overrun the text, cost time, not correctness.
        for ends in [(0, 0), (usize::MAX, usize::MAX)] {
            let (prefix, suffix) = ends;
            text.insert(text.len() / 3, 'y');
            linter.update_told(&text, Some(UnchangedEnds { prefix, suffix }));
            if prefix == 0 {
                assert_eq!(linter.findings(), lint(&text, Kind::Plain, &config));
                assert_eq!(linter.relinted().0, linter.relinted().1);
            }
        }
    }
}
