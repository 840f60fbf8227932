//! Suppressions, applied once to every rule's findings: `copydesk-disable`, `copydesk-enable`
//! and `copydesk-disable-next-line` comments in Markdown, and the config's allowed phrases
//! everywhere. A comment that suppresses nothing becomes an `unused-suppression` finding.

use super::RuleId;
use crate::config::Config;
use crate::document::Document;
use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::span::Span;
use crate::wordlists::PhraseMatcher;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    DisableNextLine,
}

impl Directive {
    fn name(self) -> &'static str {
        match self {
            Directive::Disable => "copydesk-disable",
            Directive::Enable => "copydesk-enable",
            Directive::DisableNextLine => "copydesk-disable-next-line",
        }
    }
}

/// One suppression comment as written.
struct Comment {
    span: Span,
    directive: Directive,
    /// `None`: every rule.
    rules: Option<Vec<RuleId>>,
    unknown: Vec<String>,
    used: bool,
}

/// Where one rule (or every rule) is suppressed, and by which comment.
struct Region {
    rule: Option<RuleId>,
    span: Span,
    owner: usize,
}

/// Parse `<!-- copydesk-disable loaded-term, house-style -- reason -->`.
fn parse(text: &str, span: Span) -> Option<Comment> {
    let raw = span.slice(text).trim();
    let inner = raw.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let inner = inner.split(" -- ").next().unwrap_or(inner);
    let mut tokens = inner.split(|c: char| c.is_whitespace() || c == ',');
    let directive = match tokens.next()? {
        "copydesk-disable" => Directive::Disable,
        "copydesk-enable" => Directive::Enable,
        "copydesk-disable-next-line" => Directive::DisableNextLine,
        _ => return None,
    };
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    for token in tokens.filter(|t| !t.is_empty()) {
        match RuleId::parse(token) {
            Some(rule) => rules.push(rule),
            None => unknown.push(token.to_string()),
        }
    }
    let trimmed_start = span.start + (span.slice(text).len() - span.slice(text).trim_start().len());
    Some(Comment {
        span: Span::new(trimmed_start, trimmed_start + raw.len()),
        directive,
        rules: (!rules.is_empty() || !unknown.is_empty()).then_some(rules),
        unknown,
        used: false,
    })
}

/// The line after the one `offset` is on, skipping blank lines: its span without the break.
fn next_line(text: &str, offset: usize) -> Span {
    let mut start = match memchr::memchr(b'\n', &text.as_bytes()[offset..]) {
        Some(found) => offset + found + 1,
        None => return Span::empty(text.len()),
    };
    loop {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |f| start + f);
        if !text[start..end].trim().is_empty() || end == text.len() {
            return Span::new(start, end);
        }
        start = end + 1;
    }
}

/// Drop the findings of the word-list rules that fall in the config's allowed phrases.
pub(super) fn allow(document: &Document, config: &Config, findings: &mut Vec<Finding>) {
    if !config.allow.is_empty() {
        let allowed = allowed_phrases(document, &config.allow);
        if !allowed.is_empty() {
            findings.retain(|finding| {
                !(finding.rule.honours_allow()
                    && allowed.iter().any(|span| span.overlaps(finding.span)))
            });
        }
    }
}

/// Drop the findings the comments at `comments` suppress and add the unused suppressions.
pub(super) fn apply(text: &str, comments: &[Span], config: &Config, findings: &mut Vec<Finding>) {
    if comments.is_empty() {
        return;
    }
    let mut comments: Vec<Comment> = comments
        .iter()
        .filter_map(|&span| parse(text, span))
        .collect();
    if comments.is_empty() {
        return;
    }

    let mut regions: Vec<Region> = Vec::new();
    let mut open: Vec<Region> = Vec::new();
    for (index, comment) in comments.iter_mut().enumerate() {
        let rules: Vec<Option<RuleId>> = match &comment.rules {
            None => vec![None],
            Some(rules) => rules.iter().copied().map(Some).collect(),
        };
        match comment.directive {
            Directive::Disable => {
                for rule in rules {
                    open.push(Region {
                        rule,
                        span: Span::new(comment.span.end, text.len()),
                        owner: index,
                    });
                }
            }
            Directive::DisableNextLine => {
                let line = next_line(
                    text,
                    comment.span.end.saturating_sub(1).max(comment.span.start),
                );
                for rule in rules {
                    regions.push(Region {
                        rule,
                        span: line,
                        owner: index,
                    });
                }
            }
            Directive::Enable => {
                let at = comment.span.start;
                let mut closed = false;
                open.retain_mut(|region| {
                    let closes = match (&comment.rules, region.rule) {
                        (None, _) => true,
                        (Some(rules), Some(rule)) => rules.contains(&rule),
                        (Some(_), None) => false,
                    };
                    if closes {
                        region.span.end = at;
                        regions.push(Region {
                            rule: region.rule,
                            span: region.span,
                            owner: region.owner,
                        });
                        closed = true;
                    }
                    !closes
                });
                // An enable that ends no disable is itself unused.
                comment.used = closed;
            }
        }
    }
    regions.append(&mut open);

    findings.retain(|finding| {
        let mut suppressed = false;
        for region in &regions {
            if region.rule.is_none_or(|rule| rule == finding.rule)
                && region.span.contains(finding.span.start)
            {
                comments[region.owner].used = true;
                suppressed = true;
            }
        }
        !suppressed
    });

    let Some(severity) = config.severity(RuleId::UnusedSuppression) else {
        return;
    };
    for comment in &comments {
        let mut problems = Vec::new();
        if !comment.unknown.is_empty() {
            problems.push(format!(
                "names no rule called {}",
                comment
                    .unknown
                    .iter()
                    .map(|name| format!("'{name}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let knows_a_rule = comment.rules.as_ref().is_none_or(|rules| !rules.is_empty());
        if !comment.used && knows_a_rule {
            problems.push(match comment.directive {
                Directive::Enable => "ends no copydesk-disable".to_string(),
                _ => "suppresses nothing".to_string(),
            });
        }
        if problems.is_empty() {
            continue;
        }
        let mut finding = Finding::new(
            RuleId::UnusedSuppression,
            comment.span,
            format!(
                "this {} comment {}",
                comment.directive.name(),
                problems.join(" and ")
            ),
        )
        .with_fix(Fix::new(
            "Remove the comment",
            vec![Edit::replace(removal(text, comment.span), "")],
            Applicability::Suggested,
        ));
        finding.severity = severity;
        findings.push(finding);
    }
}

/// The comment, with its line when it stands alone on one.
fn removal(text: &str, span: Span) -> Span {
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |at| span.end + at);
    if text[line_start..span.start].trim().is_empty() && text[span.end..line_end].trim().is_empty()
    {
        Span::new(line_start, (line_end + 1).min(text.len()))
    } else {
        span
    }
}

/// Where the allowed phrases stand in the text.
fn allowed_phrases(document: &Document, allow: &[String]) -> Vec<Span> {
    let matcher = PhraseMatcher::new(allow.iter().map(String::as_str).enumerate());
    let mut found = Vec::new();
    matcher.find(
        document.text,
        Span::new(0, document.text.len()),
        |_, _| true,
        &mut found,
    );
    found.into_iter().map(|m| m.span).collect()
}
