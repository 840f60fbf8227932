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
//! section's findings keyed by its text, so an editor relints one section per keystroke,
//! and its result is by construction the one [`crate::lint`] gives from scratch.
//!
//! Suppression comments are applied over the whole text, after the sections: a
//! `copydesk-disable` holds until its `copydesk-enable` wherever the cuts fall.

use crate::config::Config;
use crate::document::{Document, Kind, Part};
use crate::finding::Finding;
use crate::rules;
use crate::span::Span;
use std::collections::HashMap;
use std::sync::Arc;

/// Texts up to this size are one section: every story is analysed whole.
pub const SECTIONED_ABOVE: usize = 64 * 1024;
/// No section but the last is shorter.
pub const MIN_SECTION: usize = 8 * 1024;
/// The mean distance between the paragraphs whose hash marks them as places to cut.
const CUT_SPACING: u64 = 8 * 1024;

/// One section of a text, and what the analysis needs to know of the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    pub span: Span,
    pub part: Part,
}

/// The sections of `text`, in order, covering it from its start to its end.
pub fn split(text: &str, kind: Kind) -> Vec<Section> {
    let blank_line_paragraphs = match kind {
        Kind::Plain => crate::document::has_blank_line(text),
        Kind::Markdown => true,
    };
    let part = |starts_story| Part {
        starts_story,
        blank_line_paragraphs,
    };
    let whole = |text: &str| {
        vec![Section {
            span: Span::new(0, text.len()),
            part: part(true),
        }]
    };
    if text.len() <= SECTIONED_ABOVE {
        return whole(text);
    }
    let mut sections = Vec::new();
    let mut start = 0;
    let mut markup = Markup::default();
    let mut previous_blank = false;
    let mut seen_text = false;
    let mut previous_candidate = 0;
    let mut previous_marked = 0;
    for line in Lines::new(text) {
        let content = &text[line.start..line.end];
        let blank = content.trim().is_empty();
        let opens_paragraph = !blank
            && seen_text
            && (previous_blank || !blank_line_paragraphs)
            && content.chars().next().is_some_and(char::is_alphabetic);
        let in_markup = kind == Kind::Markdown && markup.is_open();
        if opens_paragraph && !in_markup {
            // Each decision looks back only to the previous marked paragraph, never to
            // where the section began: an edit cannot move the cuts that follow it.
            let run = line.start - previous_candidate;
            previous_candidate = line.start;
            if is_marked(content, run) {
                if line.start - previous_marked >= MIN_SECTION {
                    sections.push(Section {
                        span: Span::new(start, line.start),
                        part: part(start == 0),
                    });
                    start = line.start;
                }
                previous_marked = line.start;
            }
        }
        if kind == Kind::Markdown {
            markup.read(content);
        }
        previous_blank = blank;
        seen_text |= !blank;
    }
    sections.push(Section {
        span: Span::new(start, text.len()),
        part: part(start == 0),
    });
    sections
}

/// Whether the paragraph opening with `line`, `run` bytes after the previous paragraph
/// that could open a section, is marked as a place to cut: by a hash of its first bytes
/// (FNV-1a), with a chance in proportion to `run`, so that marks fall about every
/// [`CUT_SPACING`] bytes however long the paragraphs are.
fn is_marked(line: &str, run: usize) -> bool {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in line.as_bytes().iter().take(16) {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    u64::from(hash) * CUT_SPACING < (run as u64) << 32
}

/// Lines without their terminators; `\n`, `\r\n` and a lone `\r` each end one.
struct Lines<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
        }
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
    checked: Vec<Checked>,
    relinted: usize,
}

impl Linter {
    pub fn new(kind: Kind, config: Arc<Config>) -> Linter {
        Linter {
            kind,
            config,
            checked: Vec::new(),
            relinted: 0,
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
        let previous = std::mem::take(&mut self.checked);
        let mut by_length: HashMap<usize, Vec<usize>> = HashMap::with_capacity(previous.len());
        for (index, checked) in previous.iter().enumerate() {
            by_length.entry(checked.text.len()).or_default().push(index);
        }
        let mut previous: Vec<Option<Checked>> = previous.into_iter().map(Some).collect();
        let mut current = Vec::new();
        let mut starts = Vec::new();
        let mut fresh = Vec::new();
        self.relinted = 0;
        for section in split(text, self.kind) {
            let slice = section.span.slice(text);
            starts.push(section.span.start);
            let reused = by_length.get(&slice.len()).and_then(|candidates| {
                candidates.iter().find_map(|&index| {
                    let same = previous[index]
                        .as_ref()
                        .is_some_and(|old| old.part == section.part && &*old.text == slice);
                    if same {
                        previous[index].take()
                    } else {
                        None
                    }
                })
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
        findings
    }
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
    let mut findings = Vec::new();
    let mut comments = Vec::new();
    for section in split(text, kind) {
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
}
