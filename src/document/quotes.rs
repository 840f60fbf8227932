//! Quotation marks: which marks are quotation marks at all, how they pair, and where a
//! pairing fails.
//!
//! Marks are matched per paragraph with a stack, so a missing mark never disturbs the
//! paragraphs after it. A quotation left open at the end of a paragraph continues only when
//! the next paragraph reopens it in the same style and no speaker's attribution stands inside
//! it (the newsroom convention for quotations that run across paragraphs).

use super::{Paragraph, Role};
use crate::lexicon;
use crate::span::Span;
use crate::text::{char_at, char_before, floor_boundary, is_dash, is_opening_bracket, words};

/// Double marks or single marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Double,
    Single,
}

/// The typographic family of a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteStyle {
    Straight,
    Curly,
    /// `« » ‹ ›`, for quoted foreign copy.
    Guillemet,
    /// `„ ‚`, opening German or Polish quotations.
    Low,
}

/// Whether a mark opens or closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkKind {
    Open,
    Close,
}

/// A character acting as a quotation mark (apostrophes and inch marks are not listed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuoteMark {
    pub offset: usize,
    pub ch: char,
    pub level: Level,
    pub style: QuoteStyle,
    pub kind: MarkKind,
}

impl QuoteMark {
    pub fn span(&self) -> Span {
        Span::new(self.offset, self.offset + self.ch.len_utf8())
    }

    pub fn end(&self) -> usize {
        self.offset + self.ch.len_utf8()
    }
}

/// A matched pair of marks, possibly running over several paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    pub open: QuoteMark,
    pub close: QuoteMark,
    /// The marks that reopen the quotation at the start of each later paragraph.
    pub reopenings: Vec<QuoteMark>,
    /// 0 for an outermost quotation, 1 inside another, and so on.
    pub depth: usize,
    /// Index of the paragraph holding the opening mark.
    pub paragraph: usize,
    /// The two marks belong to different levels (`‘…”`): reported as unbalanced.
    pub level_mismatch: bool,
}

impl Quotation {
    /// From the opening mark to the end of the closing mark.
    pub fn span(&self) -> Span {
        Span::new(self.open.offset, self.close.end())
    }

    /// The quoted words, without the marks.
    pub fn inner(&self) -> Span {
        Span::new(self.open.end(), self.close.offset)
    }

    pub fn is_multi_paragraph(&self) -> bool {
        !self.reopenings.is_empty()
    }
}

/// Why a mark does not pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// An opening mark never closed. `fix_at` is where the closing mark evidently belongs,
    /// when that is certain enough to offer.
    Unclosed {
        fix_at: Option<usize>,
        /// The speaker's attribution found inside the quotation (`, Kim was quoted as saying`).
        attribution_inside: Option<Span>,
        /// The next paragraph reopens the quotation in another style.
        reopened_in: Option<QuoteMark>,
        /// This mark reopened a quotation continued from an earlier paragraph.
        continued: bool,
    },
    /// A quotation that runs on into the next paragraph, which does not reopen it.
    /// `insert_at` is the start of that paragraph, where the opening mark belongs.
    MissingReopening { insert_at: usize },
    /// A closing mark with no opening mark before it in its paragraph.
    StrayClose,
    /// A closing mark of the other level than the opening mark it ends (`‘…”`).
    LevelMismatch { open: QuoteMark },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteProblem {
    pub mark: QuoteMark,
    pub kind: ProblemKind,
}

/// Everything the engine knows about quotation marks in a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteAnalysis {
    /// Sorted by opening offset.
    pub quotations: Vec<Quotation>,
    /// Sorted by offset.
    pub problems: Vec<QuoteProblem>,
    /// Offsets of every closing mark, paired or stray, sorted.
    closings: Vec<usize>,
}

impl QuoteAnalysis {
    /// The outermost quotation whose marks enclose `offset`.
    pub fn enclosing(&self, offset: usize) -> Option<&Quotation> {
        self.enclosing_index(offset)
            .map(|index| &self.quotations[index])
    }

    /// The index of the outermost quotation whose marks enclose `offset`.
    pub fn enclosing_index(&self, offset: usize) -> Option<usize> {
        let end = self
            .quotations
            .partition_point(|quotation| quotation.open.offset <= offset);
        // Outermost quotations do not overlap, so the last one opening before `offset`
        // at depth 0 is the only candidate.
        let outer = self.quotations[..end]
            .iter()
            .rposition(|quotation| quotation.depth == 0)?;
        self.quotations[outer]
            .span()
            .contains(offset)
            .then_some(outer)
    }

    /// True when `offset` lies inside the words of a quotation (not on its marks).
    pub fn is_quoted(&self, offset: usize) -> bool {
        self.enclosing(offset)
            .is_some_and(|quotation| quotation.inner().contains(offset))
    }

    /// True when a closing quotation mark starts at `offset`.
    pub fn closes_at(&self, offset: usize) -> bool {
        self.closings.binary_search(&offset).is_ok()
    }
}

/// An open quotation on the stack.
#[derive(Clone, Debug)]
struct Pending {
    mark: QuoteMark,
    reopenings: Vec<QuoteMark>,
    paragraph: usize,
    /// Carried into a paragraph that does not reopen it: where its reopening mark belongs.
    missing_reopening: Option<usize>,
    /// Where the closing mark evidently belongs, worked out in the paragraph it opened in.
    fix_at: Option<usize>,
}

/// The quotations open in a paragraph, innermost last, and how many are open at each level.
/// Nearly every mark asks whether a level is open: counted, so that a paragraph of
/// thousands of marks that never close is not walked again for each of them.
#[derive(Default)]
struct OpenQuotations {
    pending: Vec<Pending>,
    at_level: [usize; 2],
}

impl OpenQuotations {
    fn slot(level: Level) -> usize {
        match level {
            Level::Double => 0,
            Level::Single => 1,
        }
    }

    fn count(&mut self, level: Level) -> &mut usize {
        &mut self.at_level[Self::slot(level)]
    }

    fn push(&mut self, pending: Pending) {
        *self.count(pending.mark.level) += 1;
        self.pending.push(pending);
    }

    fn pop(&mut self) -> Option<Pending> {
        self.pop_if(|_| true)
    }

    fn pop_if(&mut self, predicate: impl FnOnce(&mut Pending) -> bool) -> Option<Pending> {
        let popped = self.pending.pop_if(predicate)?;
        *self.count(popped.mark.level) -= 1;
        Some(popped)
    }

    /// The quotations from `index` on, innermost last, taken off.
    fn split_off(&mut self, index: usize) -> Vec<Pending> {
        let inner = self.pending.split_off(index);
        for pending in &inner {
            *self.count(pending.mark.level) -= 1;
        }
        inner
    }

    fn remove_outermost(&mut self) -> Pending {
        let outermost = self.pending.remove(0);
        *self.count(outermost.mark.level) -= 1;
        outermost
    }

    fn take_all(&mut self) -> Vec<Pending> {
        self.at_level = [0; 2];
        std::mem::take(&mut self.pending)
    }

    fn clear(&mut self) {
        self.at_level = [0; 2];
        self.pending.clear();
    }

    fn has_open(&self, level: Level) -> bool {
        self.at_level[Self::slot(level)] > 0
    }

    /// Where the innermost open quotation of `level` stands.
    fn innermost(&self, level: Level) -> Option<usize> {
        if !self.has_open(level) {
            return None;
        }
        self.pending
            .iter()
            .rposition(|pending| pending.mark.level == level)
    }

    fn len(&self) -> usize {
        self.pending.len()
    }

    fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

impl std::ops::Index<usize> for OpenQuotations {
    type Output = Pending;

    fn index(&self, index: usize) -> &Pending {
        &self.pending[index]
    }
}

/// What one character is, in context.
enum Reading {
    Mark(QuoteMark),
    NotQuote,
}

/// The prose of one paragraph, to look at characters around a mark across markup.
struct Prose<'a> {
    text: &'a str,
    segments: &'a [Span],
}

impl Prose<'_> {
    /// The prose character before `offset` in segment `index`. Markup between segments
    /// reads as a space if it holds one, as nothing if it is only emphasis or link or image
    /// brackets, and as a letter otherwise (code, HTML, a link destination).
    fn before(&self, index: usize, offset: usize) -> Option<char> {
        let segment = self.segments[index];
        if offset > segment.start {
            return char_before(self.text, offset);
        }
        let previous = index.checked_sub(1)?;
        let gap = &self.text[self.segments[previous].end..segment.start];
        match gap_reading(gap) {
            Gap::Space => Some(' '),
            Gap::Word => Some('x'),
            Gap::Transparent => self.before(previous, self.segments[previous].end),
        }
    }

    fn after(&self, index: usize, offset: usize) -> Option<char> {
        let segment = self.segments[index];
        if offset < segment.end {
            return char_at(self.text, offset);
        }
        let next = index + 1;
        let following = *self.segments.get(next)?;
        let gap = &self.text[segment.end..following.start];
        match gap_reading(gap) {
            Gap::Space => Some(' '),
            Gap::Word => Some('x'),
            Gap::Transparent => self.after(next, following.start),
        }
    }
}

enum Gap {
    Space,
    Word,
    Transparent,
}

fn gap_reading(gap: &str) -> Gap {
    if gap.chars().any(char::is_whitespace) {
        Gap::Space
    } else if gap
        .chars()
        .all(|c| matches!(c, '*' | '_' | '~' | '[' | ']' | '!'))
    {
        Gap::Transparent
    } else {
        Gap::Word
    }
}

const QUOTE_CHARS: [char; 12] = ['"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›'];

/// Words that an apostrophe opens by elision: 'em, 'tis, rock 'n' roll.
const ELISIONS: [&str; 10] = [
    "em", "tis", "twas", "til", "n", "cause", "bout", "nuff", "cept", "neath",
];

pub(crate) fn analyse(text: &str, paragraphs: &[Paragraph], segments: &[Span]) -> QuoteAnalysis {
    let mut analysis = QuoteAnalysis::default();
    let mut carried: Option<Pending> = None;
    let has_guillemets = has_double_guillemets(text);
    // One stack serves every paragraph, so that each with a quotation does not allocate its own.
    let mut stack = OpenQuotations::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let prose = Prose {
            text,
            segments: &segments[paragraph.segments.clone()],
        };
        let problems_at_start = analysis.problems.len();
        let mut pairer = Pairer {
            text,
            analysis: &mut analysis,
            stack: std::mem::take(&mut stack),
            paragraph: index,
            last_open_end: None,
            problems_at_start,
        };
        let mut reopening_expected = None;
        match carried.take() {
            Some(pending) if pending.missing_reopening.is_some() => pairer.stack.push(pending),
            other => reopening_expected = other,
        }
        for (segment_index, segment) in prose.segments.iter().enumerate() {
            let bytes = text.as_bytes();
            let mut at = segment.start;
            // The next byte that can start a mark: `"`, `'`, or the lead byte of a curly mark
            // (E2); guillemets (C2) only in text that has them. Each search is made again
            // only once `at` has passed what it found, so that a segment of a thousand
            // guillemets and no other mark is not searched to its end for each.
            let next_mark = |from: usize| {
                memchr::memchr3(b'"', b'\'', 0xE2, &bytes[from..segment.end]).map(|f| from + f)
            };
            let next_guillemet = |from: usize| {
                has_guillemets
                    .then(|| memchr::memchr(0xC2, &bytes[from..segment.end]))
                    .flatten()
                    .map(|f| from + f)
            };
            let mut mark_at = next_mark(at);
            let mut guillemet_at = next_guillemet(at);
            while at < segment.end {
                if mark_at.is_some_and(|found| found < at) {
                    mark_at = next_mark(at);
                }
                if guillemet_at.is_some_and(|found| found < at) {
                    guillemet_at = next_guillemet(at);
                }
                let Some(found) = (match (mark_at, guillemet_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }) else {
                    break;
                };
                at = found;
                let Some(ch) = char_at(text, at) else {
                    break;
                };
                let width = ch.len_utf8();
                if !QUOTE_CHARS.contains(&ch) {
                    at += width;
                    continue;
                }
                let before = prose.before(segment_index, at);
                let after = prose.after(segment_index, at + width);
                if let Some(mut pending) = reopening_expected.take() {
                    // The first mark of a paragraph that continues a quotation reopens it.
                    // The opening mark again reopens it, whichever way it would read alone
                    // (a reversed `»` at a paragraph start followed by punctuation).
                    let reading = if ch == pending.mark.ch {
                        Reading::Mark(QuoteMark {
                            offset: at,
                            kind: MarkKind::Open,
                            ..pending.mark
                        })
                    } else {
                        pairer.read(at, ch, before, after)
                    };
                    match reading {
                        Reading::Mark(mark)
                            if mark.kind == MarkKind::Open
                                && mark.level == pending.mark.level
                                && is_paragraph_start(text, paragraph, at) =>
                        {
                            pending.reopenings.push(mark);
                            pairer.stack.push(pending);
                            pairer.last_open_end = Some(mark.end());
                            at += width;
                            continue;
                        }
                        _ => {
                            // Checked in `ends_paragraph`; cannot happen, but never lose
                            // the quotation.
                            pairer.unclosed(pending, None, None);
                        }
                    }
                }
                match pairer.read(at, ch, before, after) {
                    Reading::Mark(mark) => pairer.take(mark),
                    Reading::NotQuote => {}
                }
                at += width;
            }
        }
        if let Some(pending) = reopening_expected.take() {
            pairer.unclosed(pending, None, None);
        }
        carried = pairer.end_paragraph(paragraphs.get(index + 1), &prose, segments);
        stack = std::mem::take(&mut pairer.stack);
        stack.clear();
    }
    if let Some(pending) = carried {
        let mut pairer = Pairer {
            text,
            analysis: &mut analysis,
            stack: OpenQuotations::default(),
            paragraph: paragraphs.len(),
            last_open_end: None,
            problems_at_start: 0,
        };
        pairer.unclosed(pending, None, None);
    }
    analysis
        .quotations
        .sort_by_key(|quotation| quotation.open.offset);
    relevel(&mut analysis.quotations);
    analysis.problems.sort_by_key(|problem| problem.mark.offset);
    analysis.closings = analysis
        .quotations
        .iter()
        .map(|quotation| quotation.close.offset)
        .chain(
            analysis
                .problems
                .iter()
                .filter(|problem| problem.mark.kind == MarkKind::Close)
                .map(|problem| problem.mark.offset),
        )
        .collect();
    analysis.closings.sort_unstable();
    analysis
}

/// True when `text` has a `«` or `»`: only then is the lead byte they share (C2) worth
/// stopping at. (`‹ ›` lead with E2, as curly marks do.)
fn has_double_guillemets(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xC2, bytes).any(|at| matches!(bytes.get(at + 1), Some(0xAB | 0xBB)))
}

/// A quotation's depth counts the quotations in the list that enclose it. One that opened
/// inside a quotation left unclosed (and so dropped) is outermost after all.
fn relevel(quotations: &mut [Quotation]) {
    let mut open: Vec<Span> = Vec::new();
    for quotation in quotations.iter_mut() {
        let span = quotation.span();
        while open.last().is_some_and(|outer| !outer.covers(span)) {
            open.pop();
        }
        quotation.depth = open.len();
        open.push(span);
    }
}

fn is_paragraph_start(text: &str, paragraph: &Paragraph, at: usize) -> bool {
    text[paragraph.span.start..at].trim().is_empty()
}

struct Pairer<'a, 't> {
    text: &'t str,
    analysis: &'a mut QuoteAnalysis,
    stack: OpenQuotations,
    paragraph: usize,
    /// Where the last opening mark ended, so that `“'` reads the second mark as opening.
    last_open_end: Option<usize>,
    /// How many problems were known when this paragraph began.
    problems_at_start: usize,
}

impl Pairer<'_, '_> {
    fn has_open(&self, level: Level) -> bool {
        self.stack.has_open(level)
    }

    fn top_open(&self, level: Level) -> Option<&QuoteMark> {
        let index = self.stack.innermost(level)?;
        Some(&self.stack[index].mark)
    }

    fn read(&self, at: usize, ch: char, before: Option<char>, after: Option<char>) -> Reading {
        let opening_context = before.is_none_or(|c| {
            c.is_whitespace()
                || is_opening_bracket(c)
                || is_dash(c)
                || matches!(c, '“' | '‘' | '«' | '„' | '‚' | '‹' | '/')
                || (matches!(c, '"' | '\'') && c != ch && self.last_open_end == Some(at))
        });
        let after_is_space = after.is_none_or(char::is_whitespace);
        let after_is_word = after.is_some_and(|c| c.is_alphanumeric());
        let before_is_word = before.is_some_and(|c| c.is_alphanumeric());
        let mark = |level, style, kind| {
            Reading::Mark(QuoteMark {
                offset: at,
                ch,
                level,
                style,
                kind,
            })
        };
        use Level::{Double, Single};
        use MarkKind::{Close, Open};
        use QuoteStyle::{Curly, Guillemet, Low, Straight};
        match ch {
            '"' => {
                if before.is_some_and(|c| c.is_ascii_digit()) {
                    // 12" pipe, 6'2": an inch mark, unless it can only close a quotation.
                    if self.is_feet_and_inches(at) || !self.has_open(Double) {
                        return Reading::NotQuote;
                    }
                    return mark(Double, Straight, Close);
                }
                if opening_context {
                    if after_is_space && self.has_open(Double) {
                        mark(Double, Straight, Close)
                    } else {
                        mark(Double, Straight, Open)
                    }
                } else if !self.has_open(Double)
                    && (after_is_word
                        || (matches!(before, Some(',' | ':'))
                            && speaker_then_verb(
                                self.text,
                                Span::new(at + 1, floor_boundary(self.text, at + 200)),
                            )
                            .is_none()))
                {
                    // `said."Hello`, `said," Hello`: a misplaced space, not a closing mark.
                    mark(Double, Straight, Open)
                } else {
                    mark(Double, Straight, Close)
                }
            }
            '“' => {
                let closes_low = self.top_open(Double).is_some_and(|m| m.style == Low);
                let used_as_closer = !opening_context
                    && !after_is_word
                    && self.top_open(Double).is_some_and(|m| m.style != Low);
                if closes_low || used_as_closer {
                    mark(Double, Curly, Close)
                } else {
                    mark(Double, Curly, Open)
                }
            }
            '”' => {
                if opening_context && after_is_word && !self.has_open(Double) {
                    mark(Double, Curly, Open)
                } else {
                    mark(Double, Curly, Close)
                }
            }
            '‘' => {
                if self.is_elision(at + ch.len_utf8()) {
                    Reading::NotQuote
                } else if self.top_open(Single).is_some_and(|m| m.style == Low) {
                    mark(Single, Curly, Close)
                } else {
                    mark(Single, Curly, Open)
                }
            }
            '\'' | '’' => {
                let style = if ch == '\'' { Straight } else { Curly };
                if before_is_word && after_is_word {
                    // Korea's, don't, 6'2.
                    return Reading::NotQuote;
                }
                if before.is_some_and(|c| c.is_ascii_digit()) {
                    // 5' tall: a foot mark, unless it can only close a quotation.
                    return if self.has_open(Single) {
                        mark(Single, style, Close)
                    } else {
                        Reading::NotQuote
                    };
                }
                if opening_context {
                    if self.is_elision(at + ch.len_utf8()) {
                        Reading::NotQuote
                    } else if after_is_space {
                        if self.has_open(Single) {
                            mark(Single, style, Close)
                        } else {
                            Reading::NotQuote
                        }
                    } else {
                        mark(Single, style, Open)
                    }
                } else if self.ends_rock_n_roll(at) {
                    Reading::NotQuote
                } else if self.has_open(Single) {
                    mark(Single, style, Close)
                } else {
                    // countries' friendship, goin': an apostrophe.
                    Reading::NotQuote
                }
            }
            '«' => {
                if self.top_open(Double).is_some_and(|m| m.ch == '»') {
                    mark(Double, Guillemet, Close)
                } else {
                    mark(Double, Guillemet, Open)
                }
            }
            '»' => {
                if opening_context && after_is_word && !self.has_open(Double) {
                    mark(Double, Guillemet, Open)
                } else {
                    mark(Double, Guillemet, Close)
                }
            }
            '‹' => {
                if self.top_open(Single).is_some_and(|m| m.ch == '›') {
                    mark(Single, Guillemet, Close)
                } else {
                    mark(Single, Guillemet, Open)
                }
            }
            '›' => {
                if opening_context && after_is_word && !self.has_open(Single) {
                    mark(Single, Guillemet, Open)
                } else {
                    mark(Single, Guillemet, Close)
                }
            }
            '„' => mark(Double, Low, Open),
            '‚' => {
                if after_is_word {
                    mark(Single, Low, Open)
                } else {
                    Reading::NotQuote
                }
            }
            _ => Reading::NotQuote,
        }
    }

    /// `6'2"`: digits, a foot mark, digits, then this inch mark.
    fn is_feet_and_inches(&self, at: usize) -> bool {
        let head = self.text[..at].trim_end_matches(|c: char| c.is_ascii_digit());
        (head.ends_with('\'') || head.ends_with('’'))
            && head[..head.len() - head.chars().next_back().map_or(1, char::len_utf8)]
                .ends_with(|c: char| c.is_ascii_digit())
    }

    /// After an apostrophe at word start: '90s, '08, 'em, 'tis, 'n'.
    fn is_elision(&self, from: usize) -> bool {
        let rest = &self.text[from..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 2 {
            let tail = rest[2..].chars().next();
            return tail.is_none_or(|c| !c.is_alphanumeric() || c == 's');
        }
        let word_end = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(at, _)| at);
        let word = &rest[..word_end];
        // Compared without allocating a lowercase copy: elisions are ASCII, and the only
        // letter beyond ASCII that lowercases into it is the Kelvin sign (to `k`, in none).
        ELISIONS
            .iter()
            .any(|elision| word.eq_ignore_ascii_case(elision))
    }

    /// The second mark of rock 'n' roll.
    fn ends_rock_n_roll(&self, at: usize) -> bool {
        let head = &self.text[..at];
        ["'n", "’n", "'N", "’N"].iter().any(|elision| {
            head.strip_suffix(elision)
                .is_some_and(|before| before.is_empty() || before.ends_with(char::is_whitespace))
        })
    }

    fn take(&mut self, mark: QuoteMark) {
        match mark.kind {
            MarkKind::Open => {
                self.last_open_end = Some(mark.end());
                self.stack.push(Pending {
                    mark,
                    reopenings: Vec::new(),
                    paragraph: self.paragraph,
                    missing_reopening: None,
                    fix_at: None,
                });
            }
            MarkKind::Close => self.close(mark),
        }
    }

    fn close(&mut self, close: QuoteMark) {
        let matching = self.stack.innermost(close.level);
        // A quotation carried in without its reopening mark is closed only by its own
        // closing mark (`’` does not close `‹`).
        let matching = matching.filter(|&index| {
            let open = &self.stack[index];
            open.missing_reopening.is_none() || natural_close(open.mark.ch) == close.ch
        });
        match matching {
            Some(index) => {
                for inner in self.stack.split_off(index + 1) {
                    self.unclosed(inner, None, None);
                }
                let open = self.stack.pop().expect("index is in the stack");
                self.pair(open, close, false);
            }
            // A quotation carried in without its reopening mark pairs only with its own level.
            None => match self.stack.pop_if(|open| open.missing_reopening.is_none()) {
                Some(open) => {
                    self.analysis.problems.push(QuoteProblem {
                        mark: close,
                        kind: ProblemKind::LevelMismatch { open: open.mark },
                    });
                    self.pair(open, close, true);
                }
                None => self.analysis.problems.push(QuoteProblem {
                    mark: close,
                    kind: ProblemKind::StrayClose,
                }),
            },
        }
    }

    fn pair(&mut self, open: Pending, close: QuoteMark, level_mismatch: bool) {
        if let Some(insert_at) = open.missing_reopening {
            self.analysis.problems.push(QuoteProblem {
                mark: open.mark,
                kind: ProblemKind::MissingReopening { insert_at },
            });
        }
        self.analysis.quotations.push(Quotation {
            open: open.mark,
            close,
            reopenings: open.reopenings,
            depth: self.stack.len(),
            paragraph: open.paragraph,
            level_mismatch,
        });
    }

    fn unclosed(
        &mut self,
        pending: Pending,
        fix_at: Option<usize>,
        reopened_in: Option<QuoteMark>,
    ) {
        // A straight single mark that never pairs was an apostrophe all along
        // (`under the 'scopes`).
        if pending.mark.ch == '\'' || pending.mark.ch == '’' {
            return;
        }
        let fix_at = fix_at.or(pending.fix_at);
        let continued = !pending.reopenings.is_empty();
        let mark = pending.reopenings.last().copied().unwrap_or(pending.mark);
        self.analysis.problems.push(QuoteProblem {
            mark,
            kind: ProblemKind::Unclosed {
                fix_at,
                attribution_inside: None,
                reopened_in,
                continued,
            },
        });
    }

    /// Settle what is still open at the end of a paragraph. Returns the quotation that the
    /// next paragraph continues, if any.
    fn end_paragraph(
        &mut self,
        next: Option<&Paragraph>,
        prose: &Prose<'_>,
        all_segments: &[Span],
    ) -> Option<Pending> {
        if self.stack.is_empty() {
            return None;
        }
        let paragraph_end = prose.segments.last().map_or(0, |segment| segment.end);
        // A closing mark is offered only when this is the paragraph's one problem: with
        // other marks astray, where the quotation ends is anybody's guess.
        let certain =
            self.stack.len() == 1 && self.analysis.problems.len() == self.problems_at_start;
        // A quotation carried in without its reopening mark gets one paragraph to close.
        if self.stack[0].missing_reopening.is_some() {
            let carried = self.stack.remove_outermost();
            self.unclosed(carried, None, None);
            if self.stack.is_empty() {
                return None;
            }
        }
        let outer = self.stack.remove_outermost();
        for inner in self.stack.take_all() {
            self.unclosed(inner, None, None);
        }
        let last_open = outer.reopenings.last().copied().unwrap_or(outer.mark);
        let attribution = attribution_inside(self.text, Span::new(last_open.end(), paragraph_end));
        let next_is_copy = next.filter(|next| matches!(next.role, Role::Body | Role::Item));
        let reopening = next_is_copy
            .and_then(|next| first_mark(self.text, &all_segments[next.segments.clone()]))
            .filter(|mark| mark.level == outer.mark.level);
        if let Some(clue) = attribution {
            let fix_at = certain.then_some(clue.start);
            self.analysis.problems.push(QuoteProblem {
                mark: last_open,
                kind: ProblemKind::Unclosed {
                    fix_at,
                    attribution_inside: Some(clue),
                    reopened_in: None,
                    continued: !outer.reopenings.is_empty(),
                },
            });
            return None;
        }
        let fix_at = if certain {
            self.evident_end(last_open, paragraph_end)
        } else {
            None
        };
        match (reopening, next_is_copy) {
            (Some(mark), _) if mark.style == outer.mark.style => Some(outer),
            (Some(mark), _) => {
                self.unclosed(outer, fix_at, Some(mark));
                None
            }
            // No reopening mark: a closing mark in the next paragraph shows the quotation
            // ran on; until one turns up, it is unclosed here.
            (None, Some(next)) if outer.mark.ch != '\'' && outer.mark.ch != '’' => {
                let insert_at = all_segments[next.segments.clone()]
                    .first()
                    .map_or(next.span.start, |segment| segment.start);
                Some(Pending {
                    missing_reopening: Some(insert_at),
                    fix_at,
                    ..outer
                })
            }
            (None, _) => {
                self.unclosed(outer, fix_at, None);
                None
            }
        }
    }

    /// A quotation opened in its paragraph's last sentence evidently ends with it.
    fn evident_end(&self, open: QuoteMark, paragraph_end: usize) -> Option<usize> {
        let rest = &self.text[open.end()..paragraph_end];
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if matches!(c, '.' | '!' | '?' | '…') && chars.peek().is_some_and(|c| c.is_whitespace())
            {
                let next_word = chars.clone().find(|c| !c.is_whitespace());
                if next_word.is_some_and(|c| c.is_uppercase()) {
                    return None;
                }
            }
        }
        Some(paragraph_end)
    }
}

/// The mark that closes a quotation opened with `open`.
pub fn natural_close(open: char) -> char {
    match open {
        '“' | '”' => '”',
        '‘' => '’',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '„' => '“',
        '‚' => '‘',
        other => other,
    }
}

/// How the first quotation mark of a paragraph reads, if the paragraph opens with one.
fn first_mark(text: &str, segments: &[Span]) -> Option<QuoteMark> {
    let first = segments.first()?;
    let start = first.start + (first.slice(text).len() - first.slice(text).trim_start().len());
    let ch = char_at(text, start)?;
    let (level, style) = match ch {
        '"' => (Level::Double, QuoteStyle::Straight),
        '“' | '”' => (Level::Double, QuoteStyle::Curly),
        '\'' => (Level::Single, QuoteStyle::Straight),
        '‘' => (Level::Single, QuoteStyle::Curly),
        '«' | '»' => (Level::Double, QuoteStyle::Guillemet),
        '‹' | '›' => (Level::Single, QuoteStyle::Guillemet),
        '„' => (Level::Double, QuoteStyle::Low),
        '‚' => (Level::Single, QuoteStyle::Low),
        _ => return None,
    };
    Some(QuoteMark {
        offset: start,
        ch,
        level,
        style,
        kind: MarkKind::Open,
    })
}

/// A speaker's attribution standing inside an open quotation: `…new era, Kim was quoted as
/// saying`. Returns the span from just after the punctuation before it to the verb's end,
/// so that the closing mark belongs at its start.
fn attribution_inside(text: &str, span: Span) -> Option<Span> {
    let slice = span.slice(text);
    for (at, c) in slice.char_indices() {
        if !matches!(c, ',' | '?' | '!') {
            continue;
        }
        let after = span.start + at + c.len_utf8();
        if !text[after..].starts_with(char::is_whitespace) {
            continue;
        }
        if let Some(verb_end) = speaker_then_verb(text, Span::new(after, span.end)) {
            return Some(Span::new(after, verb_end));
        }
    }
    None
}

/// `Kim was quoted as saying`, `he further emphasized`, `said Putin`,
/// `Pyongyang's Korean Central News Agency (KCNA) reported`, `the ministry said`.
fn speaker_then_verb(text: &str, span: Span) -> Option<usize> {
    let lexicon = lexicon::get();
    let window: Vec<_> = words(text, span).take(10).collect();
    let first = window.first()?;
    // Verb first: `said Kim`, `added the minister`.
    if lexicon.is_reporting_form(first.text) {
        let speaker = window.get(1)?;
        return (speaker.is_capitalized()
            || lexicon.is_subject_pronoun(speaker.text)
            || speaker.text == "the")
            .then_some(first.span.end);
    }
    let mut index = 0;
    if lexicon.is_subject_pronoun(first.text) {
        index = 1;
    } else if first.is_capitalized() || first.text.eq_ignore_ascii_case("the") {
        let lowercase_allowed = first.text.eq_ignore_ascii_case("the");
        while let Some(word) = window.get(index) {
            let connector = matches!(word.text, "of" | "the" | "and" | "for" | "de");
            if word.is_capitalized()
                || connector
                || (lowercase_allowed && index <= 3 && !lexicon.is_reporting_form(word.text))
            {
                index += 1;
            } else {
                break;
            }
        }
    } else {
        return None;
    }
    // Up to two words may stand between the speaker and the verb: `has`, `further`, `was`.
    for word in window.iter().skip(index).take(3) {
        if lexicon.is_reporting_form(word.text) || word.text == "quoted" {
            return Some(word.span.end);
        }
        let bridge = matches!(
            word.text,
            "has" | "had" | "was" | "were" | "is" | "have" | "also" | "further" | "later" | "then"
        ) || word.text.ends_with("ly");
        if !bridge {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Kind};

    fn analyse_plain(text: &str) -> QuoteAnalysis {
        Document::parse(text, Kind::Plain).quotes
    }

    fn quoted<'t>(text: &'t str, analysis: &QuoteAnalysis) -> Vec<&'t str> {
        analysis
            .quotations
            .iter()
            .map(|q| q.inner().slice(text))
            .collect()
    }

    proptest::proptest! {
        /// The counted stack answers as a walk of its quotations would, whatever was
        /// pushed and taken off.
        #[test]
        fn open_quotations_are_counted_through_every_change(
            operations in proptest::collection::vec((0u8..7, proptest::bool::ANY, 0usize..6), 0..60)
        ) {
            let mut stack = OpenQuotations::default();
            let mut model: Vec<Pending> = Vec::new();
            for (at, (operation, single, index)) in operations.into_iter().enumerate() {
                let level = if single { Level::Single } else { Level::Double };
                match operation {
                    0 | 1 => {
                        let pending = Pending {
                            mark: QuoteMark {
                                offset: at,
                                ch: '"',
                                level,
                                style: QuoteStyle::Straight,
                                kind: MarkKind::Open,
                            },
                            reopenings: Vec::new(),
                            paragraph: 0,
                            missing_reopening: None,
                            fix_at: None,
                        };
                        model.push(pending.clone());
                        stack.push(pending);
                    }
                    2 => {
                        let popped = stack.pop().map(|p| p.mark.offset);
                        proptest::prop_assert_eq!(popped, model.pop().map(|p| p.mark.offset));
                    }
                    3 => {
                        let popped = stack.pop_if(|p| p.mark.level == level).map(|p| p.mark.offset);
                        let expected = model.pop_if(|p| p.mark.level == level).map(|p| p.mark.offset);
                        proptest::prop_assert_eq!(popped, expected);
                    }
                    4 if index <= model.len() => {
                        let taken = stack.split_off(index).len();
                        proptest::prop_assert_eq!(taken, model.split_off(index).len());
                    }
                    5 if !model.is_empty() => {
                        let outermost = stack.remove_outermost().mark.offset;
                        proptest::prop_assert_eq!(outermost, model.remove(0).mark.offset);
                    }
                    6 => {
                        if index == 0 {
                            stack.clear();
                        } else {
                            stack.take_all();
                        }
                        model.clear();
                    }
                    _ => {}
                }
                proptest::prop_assert_eq!(stack.len(), model.len());
                for level in [Level::Double, Level::Single] {
                    proptest::prop_assert_eq!(
                        stack.has_open(level),
                        model.iter().any(|p| p.mark.level == level)
                    );
                    proptest::prop_assert_eq!(
                        stack.innermost(level),
                        model.iter().rposition(|p| p.mark.level == level)
                    );
                }
            }
        }
    }

    #[test]
    fn a_paragraph_of_marks_that_never_close_is_read_mark_by_mark() {
        // Each straight single mark asks whether a single quotation is open, above a
        // growing stack of opening marks: a walk of the stack for each made it quadratic.
        let text = "' “ I ".repeat(2_000);
        let analysis = analyse_plain(&text);
        assert!(analysis.quotations.is_empty());
        assert_eq!(analysis.problems.len(), 2_000);
    }

    #[test]
    fn pairs_straight_and_curly_marks() {
        let text = "\"Yes,\" he said of the “plan.”\nThey called it 'quasi-war' in 'em.";
        let analysis = analyse_plain(text);
        assert_eq!(quoted(text, &analysis), ["Yes,", "plan.", "quasi-war"]);
        assert!(analysis.problems.is_empty());
    }

    #[test]
    fn apostrophes_are_not_marks() {
        for text in [
            "The two countries' friendship and Korea's ties don't fade.",
            "The imperialists' arbitrary practices.",
            "Back in the '90s, rock 'n' roll was 'tis the season for 'em.",
            "He is 6'2\" and bought a 12\" pipe and a 5' board.",
            "Talkin’ about the ’90s and ’em ’n’ all.",
        ] {
            let analysis = analyse_plain(text);
            assert!(analysis.quotations.is_empty(), "{text}: {analysis:?}");
            assert!(analysis.problems.is_empty(), "{text}: {analysis:?}");
        }
    }

    #[test]
    fn nesting_pairs_inside_out() {
        let text = "“He said ‘no’ twice,” she said.";
        let analysis = analyse_plain(text);
        assert_eq!(quoted(text, &analysis), ["He said ‘no’ twice,", "no"]);
        assert_eq!(analysis.quotations[1].depth, 1);
    }
}
