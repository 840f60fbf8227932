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

    let used = suppress(&regions, comments.len(), findings);
    for (comment, used) in comments.iter_mut().zip(used) {
        comment.used |= used;
    }

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

/// Drop the findings the regions cover. Returns, for each of `owners` comments, whether a
/// finding fell in one of its regions. Both are asked of sorted offsets, not of every
/// region for every finding: a story of thousands of comments and thousands of findings is
/// not read as their product.
fn suppress(regions: &[Region], owners: usize, findings: &mut Vec<Finding>) -> Vec<bool> {
    let mut by_owner = vec![false; owners];
    let mut starts: Vec<(RuleId, usize)> = findings
        .iter()
        .map(|finding| (finding.rule, finding.span.start))
        .collect();
    starts.sort_unstable();
    let mut any_starts: Vec<usize> = starts.iter().map(|&(_, start)| start).collect();
    any_starts.sort_unstable();
    for region in regions {
        let Span { start, end } = region.span;
        // A comment is used when a finding it covers starts in its region.
        let used = match region.rule {
            None => {
                let first = any_starts.partition_point(|&at| at < start);
                any_starts.get(first).is_some_and(|&at| at < end)
            }
            Some(rule) => {
                let first = starts.partition_point(|&key| key < (rule, start));
                starts
                    .get(first)
                    .is_some_and(|&(of, at)| of == rule && at < end)
            }
        };
        by_owner[region.owner] |= used;
    }
    let suppressed_for: Vec<(RuleId, Vec<Span>)> = RuleId::ALL
        .iter()
        .map(|&rule| {
            let spans = regions
                .iter()
                .filter(|region| region.rule.is_none_or(|r| r == rule))
                .map(|region| region.span);
            (rule, union(spans))
        })
        .collect();
    findings.retain(|finding| {
        let Some((_, spans)) = suppressed_for
            .iter()
            .find(|(rule, _)| *rule == finding.rule)
        else {
            return true;
        };
        let after = spans.partition_point(|span| span.start <= finding.span.start);
        !after
            .checked_sub(1)
            .is_some_and(|at| spans[at].contains(finding.span.start))
    });
    by_owner
}

/// The spans' union, as disjoint spans in order; empty spans hold nothing.
fn union(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut sorted: Vec<Span> = spans.filter(|span| span.start < span.end).collect();
    sorted.sort_unstable_by_key(|span| span.start);
    let mut merged: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The comment, with its line when it stands alone on one. Only the white space around
/// the comment is read, not the rest of its line: a line of thousands of comments is not
/// read again for each.
fn removal(text: &str, span: Span) -> Span {
    let is_space = |c: char| c.is_whitespace() && c != '\n';
    let line_start = text[..span.start].trim_end_matches(is_space).len();
    let line_end = text.len() - text[span.end..].trim_start_matches(is_space).len();
    let alone = (line_start == 0 || text[..line_start].ends_with('\n'))
        && (line_end == text.len() || text[line_end..].starts_with('\n'));
    if alone {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: every region asked for every finding.
    fn suppress_by_trying_each(
        regions: &[Region],
        owners: usize,
        findings: &mut Vec<Finding>,
    ) -> Vec<bool> {
        let mut used = vec![false; owners];
        findings.retain(|finding| {
            let mut suppressed = false;
            for region in regions {
                if region.rule.is_none_or(|rule| rule == finding.rule)
                    && region.span.contains(finding.span.start)
                {
                    used[region.owner] = true;
                    suppressed = true;
                }
            }
            !suppressed
        });
        used
    }

    /// The definition: the comment's line, found from its line breaks.
    fn removal_by_its_line(text: &str, span: Span) -> Span {
        let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |at| span.end + at);
        if text[line_start..span.start].trim().is_empty()
            && text[span.end..line_end].trim().is_empty()
        {
            Span::new(line_start, (line_end + 1).min(text.len()))
        } else {
            span
        }
    }

    fn rule(index: usize) -> Option<RuleId> {
        RuleId::ALL.get(index).copied()
    }

    proptest! {
        #[test]
        fn sorted_suppression_drops_and_uses_as_every_region_asked_would(
            regions in proptest::collection::vec((0usize..12, 0usize..60, 0usize..30, 0usize..6), 0..12),
            findings in proptest::collection::vec((0usize..9, 0usize..70), 0..30),
        ) {
            let regions: Vec<Region> = regions
                .into_iter()
                .map(|(rule_index, start, length, owner)| Region {
                    rule: rule(rule_index),
                    span: Span::new(start, start + length),
                    owner,
                })
                .collect();
            let findings: Vec<Finding> = findings
                .into_iter()
                .map(|(rule_index, start)| {
                    Finding::new(RuleId::ALL[rule_index], Span::new(start, start + 1), "x")
                })
                .collect();
            let (mut sorted, mut tried) = (findings.clone(), findings);
            let used = suppress(&regions, 6, &mut sorted);
            prop_assert_eq!(used, suppress_by_trying_each(&regions, 6, &mut tried));
            prop_assert_eq!(sorted, tried);
        }

        #[test]
        fn a_comment_is_removed_with_its_line_when_alone_on_it(
            pieces in proptest::collection::vec(
                prop_oneof![Just(" "), Just("\t"), Just("\n"), Just("\r\n"), Just("x"), Just("\u{2003}"), Just("<!-- c -->")],
                1..16,
            ),
            pick in 0usize..16,
        ) {
            let text: String = pieces.concat();
            let comments: Vec<usize> = text.match_indices("<!-- c -->").map(|(at, _)| at).collect();
            prop_assume!(!comments.is_empty());
            let start = comments[pick % comments.len()];
            let span = Span::new(start, start + "<!-- c -->".len());
            prop_assert_eq!(removal(&text, span), removal_by_its_line(&text, span));
        }
    }
}
