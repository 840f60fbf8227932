//! The analysed document: prose regions, paragraphs, sentences and quotations.
//!
//! Built once per text; rules and adapters only read it. Parsing never fails: any text,
//! however broken, gives a document.

pub mod lines;
mod markdown;
mod plain;
pub mod quotes;
pub mod sentences;
pub mod voice;

use crate::span::Span;
pub use quotes::{MarkKind, Quotation, QuoteAnalysis, QuoteMark, QuoteProblem, QuoteStyle};
pub use sentences::Sentence;
pub(crate) use voice::is_determiner;
pub use voice::{Attribution, CueKind, Source, SourceKind, Voice, VoiceAnalysis};

/// How the text is written, which decides how it is split into prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Plain,
    Markdown,
}

impl Kind {
    /// The kind a file name implies: Markdown for `.md`/`.markdown`, plain text otherwise.
    pub fn from_path(path: &std::path::Path) -> Kind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Kind::Markdown
            }
            _ => Kind::Plain,
        }
    }
}

/// What a paragraph is in the story. Only body copy is checked for sourcing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    /// The first line of a plain-text story, or a Markdown heading.
    Headline,
    /// A date line or a wire dateline standing alone, or a byline.
    Furniture,
    /// `Image: …`, `Photo: …`, Markdown image text.
    Caption,
    /// A list item or table cell: body copy, but not a paragraph a quotation runs on from.
    Item,
}

impl Role {
    /// Story furniture is not held to the sourcing rules.
    pub fn is_furniture(self) -> bool {
        matches!(self, Role::Headline | Role::Furniture | Role::Caption)
    }
}

/// A paragraph of prose. Its prose lies in `segments` (indices into `Document::segments`);
/// bytes between segments are markup or code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub segments: std::ops::Range<usize>,
    pub role: Role,
    /// Indices into `Document::sentences`.
    pub sentences: std::ops::Range<usize>,
    /// A wire dateline such as `WASHINGTON (AP) —` opening the paragraph.
    pub dateline: Option<Span>,
}

/// An HTML comment in Markdown, where suppressions live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
}

/// The analysed text. Everything is in byte offsets of `text`.
#[derive(Debug)]
pub struct Document<'t> {
    pub text: &'t str,
    pub kind: Kind,
    pub paragraphs: Vec<Paragraph>,
    /// Prose pieces, in text order, grouped by paragraph.
    pub segments: Vec<Span>,
    /// Markdown image descriptions read inside the paragraph around them, in text order.
    /// They are captions: their words are not held to the sourcing rules.
    pub descriptions: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub quotes: QuoteAnalysis,
    /// How the text was read as part of its whole, so that a piece of it can be read again
    /// the same way (a quotation fix is checked on the paragraphs it touches).
    pub part: Part,
    /// Computed on first use: the quotation rules alone never pay for it.
    voice: std::sync::OnceLock<VoiceAnalysis>,
    /// Word-list hits, keyed by the lists they were found with (see `rules::framing`).
    pub(crate) phrase_hits: std::sync::OnceLock<(usize, Vec<crate::wordlists::Hit>)>,
    pub comments: Vec<Comment>,
    /// How many bytes the checks of quotation fixes may still read again (see
    /// `rules::repairing`).
    pub(crate) fix_check_budget: std::sync::atomic::AtomicUsize,
}

/// Where a text being parsed stands in the whole it is part of (see [`crate::sections`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// The text opens the story: its first line may be the headline.
    pub starts_story: bool,
    /// Plain text only: paragraphs are separated by blank lines (the whole text has one),
    /// not one to a line as in wire copy.
    pub blank_line_paragraphs: bool,
}

impl Part {
    /// A text parsed on its own.
    pub fn whole(text: &str, kind: Kind) -> Part {
        Part {
            starts_story: true,
            blank_line_paragraphs: kind == Kind::Markdown || has_blank_line(text),
        }
    }
}

/// True when a line of `text` is empty or white space: then blank lines separate its
/// paragraphs.
pub fn has_blank_line(text: &str) -> bool {
    plain::has_blank_line(text)
}

/// Paragraph skeletons as the front ends produce them, before sentences and quotations.
pub(crate) struct Blocks {
    pub paragraphs: Vec<Paragraph>,
    pub segments: Vec<Span>,
    pub descriptions: Vec<Span>,
    pub comments: Vec<Comment>,
}

impl<'t> Document<'t> {
    pub fn parse(text: &'t str, kind: Kind) -> Document<'t> {
        Document::parse_part(text, kind, Part::whole(text, kind))
    }

    /// Parse `text` as `part` of a longer whole.
    pub fn parse_part(text: &'t str, kind: Kind, part: Part) -> Document<'t> {
        let Blocks {
            mut paragraphs,
            segments,
            descriptions,
            comments,
        } = match kind {
            Kind::Plain => plain::blocks(text, part),
            Kind::Markdown => markdown::blocks(text),
        };
        let quotes = quotes::analyse(text, &paragraphs, &segments);
        let sentences = sentences::split(text, &mut paragraphs, &segments, &descriptions, &quotes);
        debug_assert_in_text_order(&paragraphs, &segments, &sentences);
        Document {
            text,
            kind,
            paragraphs,
            segments,
            descriptions,
            sentences,
            quotes,
            part,
            voice: std::sync::OnceLock::new(),
            phrase_hits: std::sync::OnceLock::new(),
            comments,
            fix_check_budget: crate::rules::fix_check_budget(text).into(),
        }
    }

    /// Who says what: sources, attributions, speakers (analysed on first use).
    pub fn voice(&self) -> &VoiceAnalysis {
        self.voice.get_or_init(|| voice::analyse(self))
    }

    pub fn paragraph_segments(&self, paragraph: &Paragraph) -> &[Span] {
        &self.segments[paragraph.segments.clone()]
    }

    pub fn paragraph_sentences(&self, paragraph: &Paragraph) -> &[Sentence] {
        &self.sentences[paragraph.sentences.clone()]
    }

    /// The index of the paragraph holding `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let index = self
            .paragraphs
            .partition_point(|paragraph| paragraph.span.end <= offset);
        (index < self.paragraphs.len() && self.paragraphs[index].span.start <= offset)
            .then_some(index)
    }

    /// True when `offset` lies in prose (not in markup, code or between paragraphs).
    pub fn in_prose(&self, offset: usize) -> bool {
        self.paragraph_at(offset).is_some_and(|index| {
            crate::span::any_contains(self.paragraph_segments(&self.paragraphs[index]), offset)
        })
    }

    /// True when `offset` lies in a Markdown image description read inside its paragraph.
    pub fn in_description(&self, offset: usize) -> bool {
        crate::span::any_contains(&self.descriptions, offset)
    }

    /// The index of the sentence holding `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self
            .sentences
            .partition_point(|sentence| sentence.span.end <= offset);
        (index < self.sentences.len() && self.sentences[index].span.start <= offset)
            .then_some(index)
    }
}

/// Every lookup by offset binary-searches paragraphs, segments and sentences, and every walk
/// takes them in text order: they must follow one another without overlapping. (A Markdown
/// image's description once nested inside its paragraph, and text after it went unchecked.)
fn debug_assert_in_text_order(paragraphs: &[Paragraph], segments: &[Span], sentences: &[Sentence]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let follow = |spans: &mut dyn Iterator<Item = Span>, what: &str| {
        let mut end = 0;
        for span in spans {
            assert!(
                end <= span.start && span.start <= span.end,
                "{what} out of text order or overlapping at {span:?}"
            );
            end = span.end;
        }
    };
    follow(
        &mut paragraphs.iter().map(|paragraph| paragraph.span),
        "paragraphs",
    );
    follow(
        &mut sentences.iter().map(|sentence| sentence.span),
        "sentences",
    );
    for paragraph in paragraphs {
        let inside = &segments[paragraph.segments.clone()];
        follow(&mut inside.iter().copied(), "segments");
        assert!(
            inside
                .iter()
                .all(|segment| paragraph.span.start <= segment.start
                    && segment.end <= paragraph.span.end),
            "a segment outside its paragraph {:?}",
            paragraph.span
        );
    }
}

/// Recognise story furniture among plain paragraphs: date lines, bylines, captions.
pub(crate) fn furniture_role(text: &str) -> Option<Role> {
    let trimmed = text.trim();
    let lower_start = |prefix: &str| {
        trimmed.len() > prefix.len()
            && trimmed
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if [
        "image:",
        "photo:",
        "picture:",
        "caption:",
        "credit:",
        "video:",
        "file photo:",
    ]
    .iter()
    .any(|prefix| lower_start(prefix))
    {
        return Some(Role::Caption);
    }
    if lower_start("by ") && trimmed.len() < 80 && !trimmed.ends_with('.') {
        return Some(Role::Furniture);
    }
    if is_date_line(trimmed) {
        return Some(Role::Furniture);
    }
    None
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "Friday, August 21, 2015" or "August 21, 2015": a line that is only a date.
fn is_date_line(line: &str) -> bool {
    if line.len() > 40 {
        return false;
    }
    let mut has_month = false;
    let mut has_year = false;
    for word in line.split([' ', ',']) {
        if word.is_empty() {
            continue;
        }
        let named_in = |names: &[&str]| names.iter().any(|name| word.eq_ignore_ascii_case(name));
        if named_in(&MONTHS) {
            has_month = true;
        } else if named_in(&WEEKDAYS) {
        } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            has_year = true;
        } else if word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
        } else {
            return false;
        }
    }
    has_month && has_year
}

/// A wire dateline at the start of a paragraph: `WASHINGTON (AP) —` or `KYIV, Ukraine —`.
/// Returns its span, dash included.
pub(crate) fn dateline_at(text: &str, start: usize, end: usize) -> Option<Span> {
    // A dateline opens with a place in capitals: look no further otherwise.
    let opening = text.as_bytes().get(start..(start + 2).min(end))?;
    if !opening.iter().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let head = &text[start..crate::text::floor_boundary(text, end.min(start + 80))];
    let dash = head.find(['—', '–']).or_else(|| head.find(" -- "))?;
    let before = &head[..dash];
    let upper_word = before
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())?;
    if upper_word.len() < 2
        || !upper_word
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-' || c == '\'')
    {
        return None;
    }
    if before.contains(['.', '"', '“']) && !before.contains("(AP)") {
        let word_count = before.split_whitespace().count();
        if word_count > 4 {
            return None;
        }
    }
    let dash_len = head[dash..].chars().next().map_or(1, char::len_utf8);
    let dash_len = if head[dash..].starts_with(" -- ") {
        4
    } else {
        dash_len
    };
    Some(Span::new(start, start + dash + dash_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_are_furniture() {
        assert_eq!(
            furniture_role("Friday, August 21, 2015"),
            Some(Role::Furniture)
        );
        assert_eq!(furniture_role("August 21, 2015"), Some(Role::Furniture));
        assert_eq!(furniture_role("Image: NASA."), Some(Role::Caption));
        assert_eq!(
            furniture_role("Both countries agreed in August 2015."),
            None
        );
    }

    #[test]
    fn wire_datelines_are_found() {
        let text = "WASHINGTON (AP) — The Senate voted on Tuesday.";
        let span = dateline_at(text, 0, text.len()).unwrap();
        assert_eq!(span.slice(text), "WASHINGTON (AP) —");
        let text = "KYIV, Ukraine — Officials said.";
        assert_eq!(
            dateline_at(text, 0, text.len()).unwrap().slice(text),
            "KYIV, Ukraine —"
        );
        let text = "The vote — held late — passed.";
        assert_eq!(dateline_at(text, 0, text.len()), None);
    }
}
