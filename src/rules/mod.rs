//! The rules. Each lives in its own file with its documentation; this module lists them and
//! runs them over an analysed document.

pub mod add_attribution;
mod attribution_verb;
mod framing;
mod house_style;
mod loaded_term;
pub mod quote_style;
mod relative_time;
mod suppression;
mod unattributed_claim;
mod unbalanced_quote;
mod unused_suppression;
mod vague_attribution;

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::span::Span;
use serde::{Serialize, Serializer};

/// Every rule copydesk has, by its stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    UnbalancedQuote,
    QuoteStyle,
    UnattributedClaim,
    VagueAttribution,
    AttributionVerb,
    LoadedTerm,
    HouseStyle,
    RelativeTime,
    UnusedSuppression,
}

impl RuleId {
    /// In DESIGN.md's order.
    pub const ALL: &'static [RuleId] = &[
        RuleId::UnbalancedQuote,
        RuleId::QuoteStyle,
        RuleId::UnattributedClaim,
        RuleId::VagueAttribution,
        RuleId::AttributionVerb,
        RuleId::LoadedTerm,
        RuleId::HouseStyle,
        RuleId::RelativeTime,
        RuleId::UnusedSuppression,
    ];

    pub fn as_str(self) -> &'static str {
        self.info().id
    }

    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|rule| rule.as_str() == id)
    }

    pub fn default_severity(self) -> Severity {
        self.info().severity
    }

    pub fn info(self) -> &'static RuleInfo {
        match self {
            RuleId::UnbalancedQuote => &unbalanced_quote::INFO,
            RuleId::QuoteStyle => &quote_style::INFO,
            RuleId::UnattributedClaim => &unattributed_claim::INFO,
            RuleId::VagueAttribution => &vague_attribution::INFO,
            RuleId::AttributionVerb => &attribution_verb::INFO,
            RuleId::LoadedTerm => &loaded_term::INFO,
            RuleId::HouseStyle => &house_style::INFO,
            RuleId::RelativeTime => &relative_time::INFO,
            RuleId::UnusedSuppression => &unused_suppression::INFO,
        }
    }

    fn check(self, document: &Document, config: &Config, out: &mut Vec<Finding>) {
        match self {
            RuleId::UnbalancedQuote => unbalanced_quote::check(document, config, out),
            RuleId::QuoteStyle => quote_style::check(document, config, out),
            RuleId::UnattributedClaim => unattributed_claim::check(document, config, out),
            RuleId::VagueAttribution => vague_attribution::check(document, config, out),
            RuleId::AttributionVerb => attribution_verb::check(document, config, out),
            RuleId::LoadedTerm => loaded_term::check(document, config, out),
            RuleId::HouseStyle => house_style::check(document, config, out),
            RuleId::RelativeTime => relative_time::check(document, config, out),
            // Found after every other rule has run, by `suppression::apply`.
            RuleId::UnusedSuppression => {}
        }
    }

    /// The word-list rules, whose findings the config's `allow` phrases silence.
    pub fn honours_allow(self) -> bool {
        matches!(
            self,
            RuleId::LoadedTerm
                | RuleId::HouseStyle
                | RuleId::RelativeTime
                | RuleId::VagueAttribution
        )
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A rule's id, default severity, one-line summary and full documentation (Markdown, with
/// the sections *What it flags*, *Why*, *Example*, *Use instead*, *Fix*, *Config*).
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
}

/// The quotation marks of the paragraphs around `edits`, paired before and after the edits
/// are made: from the paragraph before the first edit (a reopening mends a quotation opened
/// there) to the paragraph after the last (an open quotation is carried into it). A
/// quotation fix is checked with this before it is offered.
pub(crate) struct Repairing {
    pub before: crate::document::QuoteAnalysis,
    pub after: crate::document::QuoteAnalysis,
}

impl Repairing {
    /// True when every quotation pairs the same marks after the edits as before, and no new
    /// problem appears. Marks are compared by their order, which conversions and moved
    /// punctuation keep while their offsets shift; so the edits must also leave as many
    /// marks read as quotation marks: in `"6'2““` a straight close after the 2 would read
    /// as an inch mark, and the quotation would pair with the next mark instead.
    pub fn keeps_pairs(&self) -> bool {
        let (marks_before, pairs_before) = pairs_by_order(&self.before);
        let (marks_after, pairs_after) = pairs_by_order(&self.after);
        marks_before == marks_after
            && pairs_before == pairs_after
            && self.after.problems.len() <= self.before.problems.len()
    }
}

/// How many marks are read as quotation marks (paired or not), and each quotation as the
/// ordinals of its two marks among them.
fn pairs_by_order(quotes: &crate::document::QuoteAnalysis) -> (usize, Vec<(usize, usize)>) {
    let mut marks: Vec<usize> = quotes
        .quotations
        .iter()
        .flat_map(|q| [q.open.offset, q.close.offset])
        .chain(quotes.problems.iter().map(|p| p.mark.offset))
        .collect();
    marks.sort_unstable();
    marks.dedup();
    let ordinal = |offset: usize| marks.partition_point(|&at| at < offset);
    let mut pairs: Vec<(usize, usize)> = quotes
        .quotations
        .iter()
        .map(|q| (ordinal(q.open.offset), ordinal(q.close.offset)))
        .collect();
    pairs.sort_unstable();
    (marks.len(), pairs)
}

/// How many bytes the checks of a document's quotation fixes may read, in all: a base and a
/// multiple of its length. Each check reads the paragraphs around its fix twice, so real
/// copy reads about twice its length (at most 2.3 times, on the Wikinews stories and the
/// engine's 360 texts). A paragraph of thousands of broken marks would be read again for
/// each of them, in quadratic time: past the budget, such fixes go unchecked and are not
/// offered, and the findings stand.
pub(crate) fn fix_check_budget(text: &str) -> usize {
    const BASE: usize = 1 << 20;
    const TIMES_THE_TEXT: usize = 16;
    BASE.saturating_add(text.len().saturating_mul(TIMES_THE_TEXT))
}

/// The check of a quotation fix: `None` when it cannot be made (no edits, or the document's
/// [`fix_check_budget`] spent), and then the fix is not offered.
pub(crate) fn repairing(document: &Document, edits: &[crate::finding::Edit]) -> Option<Repairing> {
    use crate::document::Part;
    use crate::finding::{apply_edits, Edit};
    use crate::span::Span;
    use std::sync::atomic::Ordering;
    let first = edits.iter().map(|edit| edit.span.start).min()?;
    let last = edits.iter().map(|edit| edit.span.end).max()?;
    let paragraphs = &document.paragraphs;
    let start = paragraphs
        .partition_point(|paragraph| paragraph.span.end < first)
        .saturating_sub(1);
    let end = paragraphs
        .partition_point(|paragraph| paragraph.span.start <= last)
        .max(start + 1)
        .saturating_add(1)
        .min(paragraphs.len());
    let from = paragraphs.get(start)?;
    let to = paragraphs.get(end.checked_sub(1)?)?;
    let region = Span::new(from.span.start.min(first), to.span.end.max(last));
    let cost = 2 * region.len();
    document
        .fix_check_budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(cost)
        })
        .ok()?;
    let mut shifted: Vec<Edit> = edits
        .iter()
        .map(|edit| {
            let span = Span::new(edit.span.start - region.start, edit.span.end - region.start);
            Edit::replace(span, edit.text.clone())
        })
        .collect();
    shifted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let before = region.slice(document.text);
    let after = apply_edits(before, &shifted);
    // Read as the document was: a region with no blank line of its own still has its
    // paragraphs separated by blank lines when the story's are.
    let part = Part {
        starts_story: document.part.starts_story && region.start == 0,
        ..document.part
    };
    Some(Repairing {
        before: Document::parse_part(before, document.kind, part).quotes,
        after: Document::parse_part(&after, document.kind, part).quotes,
    })
}

/// Run the enabled rules, set each finding's configured severity, apply the suppressions
/// (comments and allowed phrases), report the unused ones, and sort by position.
pub fn run(document: &Document, config: &Config) -> Vec<Finding> {
    let findings = unsuppressed(document, config);
    let comments: Vec<Span> = document.comments.iter().map(|c| c.span).collect();
    finish(document.text, &comments, config, findings)
}

/// The enabled rules' findings at their configured severity, less those in the config's
/// allowed phrases; the suppression comments are not yet applied.
pub(crate) fn unsuppressed(document: &Document, config: &Config) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &rule in RuleId::ALL {
        let Some(severity) = config.severity(rule) else {
            continue;
        };
        let first = findings.len();
        rule.check(document, config, &mut findings);
        for finding in &mut findings[first..] {
            // A rule may lower one finding below its default (a hint in paraphrase);
            // the configured level moves the whole rule.
            if finding.severity == rule.default_severity() {
                finding.severity = severity;
            }
        }
    }
    suppression::allow(document, config, &mut findings);
    findings
}

/// Apply the suppression comments of the whole `text` (at `comments`), report the unused
/// ones, and sort by position.
pub(crate) fn finish(
    text: &str,
    comments: &[Span],
    config: &Config,
    mut findings: Vec<Finding>,
) -> Vec<Finding> {
    suppression::apply(text, comments, config, &mut findings);
    sort(&mut findings);
    findings
}

/// Sort findings by position, then rule. Stable: findings at the same place keep their
/// order (their section's, then their rule's).
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rules' own tests, written as sentences in both directions.
    use super::*;
    use crate::document::Kind;

    /// One rule's findings with the default config, suppressions applied.
    pub fn findings(rule: RuleId, text: &str, kind: Kind) -> Vec<Finding> {
        let document = Document::parse(text, kind);
        let mut out = run(&document, &Config::default());
        out.retain(|finding| finding.rule == rule);
        out
    }

    /// Every rule's findings on Markdown copy.
    pub fn markdown_findings(text: &str) -> Vec<Finding> {
        run(&Document::parse(text, Kind::Markdown), &Config::default())
    }

    #[track_caller]
    pub fn assert_flags(rule: RuleId, text: &str, count: usize) -> Vec<Finding> {
        let found = findings(rule, text, Kind::Plain);
        assert_eq!(
            found.len(),
            count,
            "{rule} on {text:?}: expected {count}, got {found:#?}"
        );
        found
    }

    #[track_caller]
    pub fn assert_clean(rule: RuleId, text: &str) {
        assert_flags(rule, text, 0);
    }

    /// The examples in each rule's documentation are tests: a block fenced as
    /// `text flags` must give at least one finding, one fenced as `text clean` none.
    #[test]
    fn documented_examples_hold() {
        for &rule in RuleId::ALL {
            let doc = rule.info().doc;
            let mut checked = 0;
            for (fence, kind, expect_findings) in [
                ("```text flags\n", Kind::Plain, true),
                ("```text clean\n", Kind::Plain, false),
                ("```markdown flags\n", Kind::Markdown, true),
                ("```markdown clean\n", Kind::Markdown, false),
            ] {
                for block in doc.split(fence).skip(1) {
                    let example = block.split("\n```").next().unwrap();
                    let found = findings(rule, example, kind);
                    assert_eq!(
                        !found.is_empty(),
                        expect_findings,
                        "{rule}: documented example {example:?} gave {found:#?}"
                    );
                    checked += 1;
                }
            }
            assert!(
                checked >= 2,
                "{rule} documents no flagged and clean example"
            );
        }
    }
}
