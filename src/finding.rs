//! What a rule reports: a finding with its severity, message, range and fixes.

use crate::rules::RuleId;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered from most to least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// True when `self` is at least as serious as `threshold`.
    pub fn reaches(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Replace the bytes of `span` with `text`. An empty span inserts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            span: Span::empty(at),
            text: text.into(),
        }
    }

    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            text: text.into(),
        }
    }
}

/// How far a fix may be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Certain and mechanical: applied by `check --fix` and by fix-all in an editor.
    Safe,
    /// Right in most copy, but the writer should look: offered one at a time.
    Suggested,
    /// Needs the writer's judgement and usually more text (a source, a date).
    NeedsReview,
}

/// One way of resolving a finding: a title for a menu and the edits it makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    /// The fix an editor may put first or bind to its "quick fix" key.
    pub preferred: bool,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>, applicability: Applicability) -> Self {
        Fix {
            title: title.into(),
            edits,
            applicability,
            preferred: false,
        }
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    /// Apply the edits to `text`. Edits are byte ranges of `text` and must not overlap.
    pub fn apply(&self, text: &str) -> String {
        apply_edits(text, &self.edits)
    }
}

/// Apply non-overlapping edits, given in any order, to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut cursor = 0;
    for edit in sorted {
        debug_assert!(edit.span.start >= cursor, "overlapping edits");
        out.push_str(&text[cursor..edit.span.start]);
        out.push_str(&edit.text);
        cursor = edit.span.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// A problem one rule found at one place in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(rule: RuleId, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            span,
            fixes: Vec::new(),
        }
    }

    /// The same finding in a text where `offset` more bytes come before it.
    pub fn shifted(mut self, offset: usize) -> Self {
        self.span = self.span.shifted(offset);
        for edit in self.fixes.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
            edit.span = edit.span.shifted(offset);
        }
        self
    }

    /// The same finding in a text where the `offset` bytes before it are gone.
    pub fn shifted_back(mut self, offset: usize) -> Self {
        self.span = self.span.shifted_back(offset);
        for edit in self.fixes.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
            edit.span = edit.span.shifted_back(offset);
        }
        self
    }

    /// True when `other` is this finding in a text where `offset` more bytes come before it.
    pub fn is_shifted(&self, other: &Finding, offset: usize) -> bool {
        let edits_match = |a: &Fix, b: &Fix| {
            a.title == b.title
                && a.applicability == b.applicability
                && a.preferred == b.preferred
                && a.edits.len() == b.edits.len()
                && a.edits
                    .iter()
                    .zip(&b.edits)
                    .all(|(x, y)| x.span.shifted(offset) == y.span && x.text == y.text)
        };
        self.rule == other.rule
            && self.severity == other.severity
            && self.span.shifted(offset) == other.span
            && self.message == other.message
            && self.fixes.len() == other.fixes.len()
            && self
                .fixes
                .iter()
                .zip(&other.fixes)
                .all(|(a, b)| edits_match(a, b))
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}
