//! `quote-style`: quotation marks in the wrong style, and punctuation on the wrong side of
//! a closing mark.

use super::{RuleId, RuleInfo};
use crate::config::{Config, Convention, HouseQuotes};
use crate::document::quotes::{Level, MarkKind, QuoteStyle};
use crate::document::{Document, Quotation, QuoteMark};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::span::Span;
use crate::text::char_at;

pub const INFO: RuleInfo = RuleInfo {
    id: "quote-style",
    severity: Severity::Info,
    summary:
        "straight and curly quotation marks mixed, or a period or comma outside the closing mark",
    doc: DOC,
};

const DOC: &str = r#"# quote-style (info)

## What it flags
- A quotation in the minority style: curly marks in a story set in straight ones, or the
  reverse. The house style is the story's majority by default; a project can fix it to
  `curly` or `straight`.
- A quotation whose two marks differ only in style (`“…"`).
- In American style (AP), a period or comma outside the closing mark (`"war".`).

Guillemets and low marks (`« »`, `„ “`) belong to quoted foreign copy and are left alone.

## Why an editor cares
Mixed marks are the trace of copy pasted from several sources. They look careless in
print and break search-and-replace in the CMS.

## Example
```text flags
"We are sure," Putin said. "We will cooperate," he added. Kim wants “a strategic relationship.”
```

```text flags
He called it "harsh wartime".
```

## Use instead
```text clean
"We are sure," Putin said. "We will cooperate," he added. Kim wants "a strategic relationship."
```

## Fix
Convert the quotation to the house style (safe: applied by `check --fix` and by an
editor's fix-all), convert every quotation in the story at once, or move the period or
comma inside the closing mark. The story-wide conversion travels with the first quotation
in the minority style (`check --format json`); an editor offers it at every one.

A fix that writes straight marks is offered only once the marks of the paragraphs it
touches have been paired again with it made. The checks of one text read at most 1 MiB
plus 16 times its length (real copy reads about twice its length): in a paragraph of
thousands of quotations, far past any story, the fixes beyond that are not offered, and
the findings stand.

## Config
```toml
[quotes]
style = "majority"       # or "curly", "straight"
convention = "american"  # or "british": punctuation by sense, no finding
```
"#;

pub(super) fn check(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let first = out.len();
    find(document, config, out);
    // A fix that writes a straight mark is safe only if the marks pair as before once it is
    // made: a straight mark reads by its neighbours, and in broken copy it could re-pair
    // them. Curly marks and guillemets read the same wherever they stand.
    // Moving a period or comma inside a closing mark leaves the mark after punctuation,
    // where it reads as closing either way: no check needed.
    let writes_straight = |fix: &Fix| {
        !fix.title.starts_with("Move the")
            && fix.edits.iter().any(|edit| edit.text.contains(['"', '\'']))
    };
    for finding in &mut out[first..] {
        finding.fixes.retain(|fix| {
            !writes_straight(fix)
                || super::repairing(document, &fix.edits).is_some_and(|check| check.keeps_pairs())
        });
    }
    // The story-wide conversion is the union of the single conversions that passed.
    let conversions: Vec<(usize, &Fix)> = out[first..]
        .iter()
        .enumerate()
        .filter_map(|(index, finding)| {
            let fix = finding.fixes.first()?;
            fix.title.starts_with(CONVERT_ONE).then_some((index, fix))
        })
        .collect();
    if conversions.len() < 2 {
        return;
    }
    let target = conversions[0].1.title[CONVERT_ONE.len()..].to_string();
    let all = Fix::new(
        format!("{CONVERT_ALL}{} quotations to {target}", conversions.len()),
        conversions
            .iter()
            .flat_map(|(_, fix)| fix.edits.iter().cloned())
            .collect(),
        Applicability::Safe,
    );
    // Carried by the first quotation alone: on each it would make the findings grow with
    // the square of the quotations (a story with 40 in the minority style wrote 3,280 edits,
    // and a language server sent them on every keystroke). Editors offer it at each
    // quotation it converts, through `story_wide_conversion`.
    let carrier = conversions[0].0;
    out[first + carrier].fixes.push(all);
}

/// The title of the fix that converts one quotation, before the target style.
const CONVERT_ONE: &str = "Convert to ";
/// The title of the story-wide conversion, before the count.
const CONVERT_ALL: &str = "Convert all ";

/// The story-wide conversion among `findings` that converts `finding`'s quotation too, if
/// `finding` is a quotation in the minority style: the fix to offer beside its own.
pub fn story_wide_conversion<'f>(findings: &'f [Finding], finding: &Finding) -> Option<&'f Fix> {
    if finding.rule != RuleId::QuoteStyle {
        return None;
    }
    let own = finding
        .fixes
        .iter()
        .find(|fix| fix.title.starts_with(CONVERT_ONE))?;
    let first_edit = own.edits.first()?;
    findings
        .iter()
        .filter(|other| other.rule == RuleId::QuoteStyle)
        .flat_map(|other| &other.fixes)
        .find(|fix| fix.title.starts_with(CONVERT_ALL) && fix.edits.contains(first_edit))
}

fn find(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let quotations = &document.quotes.quotations;
    let target = house_style(quotations, config.house_quotes);
    if let Some(target) = target {
        let departing: Vec<&Quotation> = quotations
            .iter()
            .filter(|q| uniform_style(q).is_some_and(|style| style != target))
            .collect();
        for quotation in &departing {
            let message = match config.house_quotes {
                HouseQuotes::Majority => format!(
                    "this quotation uses {} marks; most of the story uses {} ones",
                    style_name(uniform_style(quotation).unwrap_or(target)),
                    style_name(target)
                ),
                _ => format!("house style is {} quotation marks", style_name(target)),
            };
            let finding = Finding::new(RuleId::QuoteStyle, finding_span(quotation), message)
                .with_fix(
                    Fix::new(
                        format!("{CONVERT_ONE}{} marks", style_name(target)),
                        conversion_edits(quotation, target),
                        Applicability::Safe,
                    )
                    .preferred(),
                );
            out.push(finding);
        }
    }

    for quotation in quotations {
        let (open, close) = (quotation.open.style, quotation.close.style);
        let mixed = open != close
            && matches!(open, QuoteStyle::Straight | QuoteStyle::Curly)
            && matches!(close, QuoteStyle::Straight | QuoteStyle::Curly);
        if mixed && !quotation.level_mismatch {
            let style = target.unwrap_or(open);
            out.push(
                Finding::new(
                    RuleId::QuoteStyle,
                    finding_span(quotation),
                    format!(
                        "this quotation opens with a {} mark and closes with a {} one",
                        style_name(open),
                        style_name(close)
                    ),
                )
                .with_fix(
                    Fix::new(
                        format!("Use {} marks for both", style_name(style)),
                        conversion_edits(quotation, style),
                        Applicability::Safe,
                    )
                    .preferred(),
                ),
            );
        }
        if config.convention == Convention::American {
            if let Some(finding) = punctuation_outside(document, quotation) {
                out.push(finding);
            }
        }
    }
}

/// The style to hold quotations to: the configured one, or the story's majority.
fn house_style(quotations: &[Quotation], house: HouseQuotes) -> Option<QuoteStyle> {
    match house {
        HouseQuotes::Curly => Some(QuoteStyle::Curly),
        HouseQuotes::Straight => Some(QuoteStyle::Straight),
        HouseQuotes::Majority => {
            let count = |style| {
                quotations
                    .iter()
                    .filter(|q| uniform_style(q) == Some(style))
                    .count()
            };
            let (straight, curly) = (count(QuoteStyle::Straight), count(QuoteStyle::Curly));
            match straight.cmp(&curly) {
                std::cmp::Ordering::Greater => Some(QuoteStyle::Straight),
                std::cmp::Ordering::Less => Some(QuoteStyle::Curly),
                std::cmp::Ordering::Equal => None,
            }
        }
    }
}

/// The style of a quotation whose marks agree and are straight or curly.
fn uniform_style(quotation: &Quotation) -> Option<QuoteStyle> {
    let style = quotation.open.style;
    (style == quotation.close.style
        && matches!(style, QuoteStyle::Straight | QuoteStyle::Curly)
        && quotation.reopenings.iter().all(|mark| mark.style == style))
    .then_some(style)
}

/// A short quotation is underlined whole; a long or multi-paragraph one at its opening mark.
fn finding_span(quotation: &Quotation) -> Span {
    let span = quotation.span();
    if quotation.is_multi_paragraph() || span.len() > 400 {
        quotation.open.span()
    } else {
        span
    }
}

fn conversion_edits(quotation: &Quotation, target: QuoteStyle) -> Vec<Edit> {
    std::iter::once(&quotation.open)
        .chain(&quotation.reopenings)
        .chain(std::iter::once(&quotation.close))
        .filter(|mark| mark.style != target)
        .map(|mark| Edit::replace(mark.span(), convert(mark, target).to_string()))
        .collect()
}

fn convert(mark: &QuoteMark, target: QuoteStyle) -> char {
    match (target, mark.level, mark.kind) {
        (QuoteStyle::Straight, Level::Double, _) => '"',
        (QuoteStyle::Straight, Level::Single, _) => '\'',
        (_, Level::Double, MarkKind::Open) => '“',
        (_, Level::Double, MarkKind::Close) => '”',
        (_, Level::Single, MarkKind::Open) => '‘',
        (_, Level::Single, MarkKind::Close) => '’',
    }
}

pub(super) fn style_name(style: QuoteStyle) -> &'static str {
    match style {
        QuoteStyle::Straight => "straight",
        QuoteStyle::Curly => "curly",
        QuoteStyle::Guillemet => "guillemet",
        QuoteStyle::Low => "low",
    }
}

/// `"war".` in American style: the period belongs inside.
fn punctuation_outside(document: &Document, quotation: &Quotation) -> Option<Finding> {
    if quotation.level_mismatch
        || !matches!(
            quotation.close.style,
            QuoteStyle::Straight | QuoteStyle::Curly
        )
    {
        return None;
    }
    let after = quotation.close.end();
    let punctuation = char_at(document.text, after).filter(|c| matches!(c, '.' | ','))?;
    // `…,".` is already inside; `"U.S.".` would double the period.
    let before_close = document.text[..quotation.close.offset].chars().next_back();
    if before_close.is_some_and(|c| matches!(c, '.' | ',' | '!' | '?')) {
        return None;
    }
    // An ellipsis after the mark is not sentence punctuation.
    if document.text[after..].starts_with("..") {
        return None;
    }
    let name = if punctuation == '.' {
        "period"
    } else {
        "comma"
    };
    let span = Span::new(quotation.close.offset, after + 1);
    Some(
        Finding::new(
            RuleId::QuoteStyle,
            span,
            format!("in American style the {name} goes inside the closing quotation mark"),
        )
        .with_fix(
            Fix::new(
                format!("Move the {name} inside"),
                vec![Edit::replace(
                    span,
                    format!("{punctuation}{}", quotation.close.ch),
                )],
                Applicability::Safe,
            )
            .preferred(),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::QuoteStyle as RULE;

    #[test]
    fn the_minority_style_is_flagged_with_a_conversion() {
        let text = "\"Yes,\" he said. \"No,\" she said. He wants “a deal.”";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "\"Yes,\" he said. \"No,\" she said. He wants \"a deal.\""
        );
    }

    #[test]
    fn one_story_wide_conversion_converts_every_minority_quotation() {
        let text =
            "\"Yes,\" he said. \"No,\" she said. \"Maybe,\" they said. \"Soon,\" we said.\n\n\
                    He wants “a deal.” She wants “a truce.” They want “a vote.”\n";
        let found = assert_flags(RULE, text, 3);
        let title = "Convert all 3 quotations to straight marks";
        let carriers: Vec<usize> = (0..found.len())
            .filter(|&i| found[i].fixes.iter().any(|fix| fix.title == title))
            .collect();
        // On the first quotation alone, so the findings grow with the quotations, not
        // with their square.
        assert_eq!(carriers, [0]);
        let edits: usize = found
            .iter()
            .flat_map(|finding| &finding.fixes)
            .map(|fix| fix.edits.len())
            .sum();
        assert_eq!(edits, 3 * 2 + 3 * 2);
        for finding in &found {
            let wide = super::story_wide_conversion(&found, finding).expect("offered at each");
            assert_eq!(wide.title, title);
            let own = &finding.fixes[0].edits;
            assert!(own.iter().all(|edit| wide.edits.contains(edit)));
        }
        let converted = super::story_wide_conversion(&found, &found[2])
            .unwrap()
            .apply(text);
        assert!(!converted.contains(['“', '”']), "{converted}");
        assert_clean(RULE, &converted);
    }

    #[test]
    fn the_checks_of_fixes_to_straight_marks_stop_at_their_budget() {
        // Each check pairs its paragraph's marks again: in one paragraph of 3,000
        // quotations in the minority style, that was quadratic. Past the budget, the
        // findings come without fixes.
        let sentence = "He said \"we will,\" and \"we will,\" and “they will” then.";
        let paragraph = format!("{sentence} ").repeat(3_000);
        let found = assert_flags(RULE, &paragraph, 3_000);
        let offered = found.iter().filter(|f| !f.fixes.is_empty()).count();
        let per_check = 2 * paragraph.trim_end().len();
        assert_eq!(
            offered,
            super::super::fix_check_budget(&paragraph) / per_check
        );
        // Copy in paragraphs, however long, is checked whole.
        let story = format!("{sentence}\n\n").repeat(3_000);
        let found = assert_flags(RULE, &story, 3_000);
        assert!(found.iter().all(|f| !f.fixes.is_empty()));
    }

    #[test]
    fn one_style_throughout_is_clean() {
        assert_clean(RULE, "\"Yes,\" he said. \"No,\" she said.");
        assert_clean(RULE, "“Yes,” he said. “No,” she said. ‘Maybe.’");
    }

    #[test]
    fn mixed_marks_in_one_pair_are_flagged() {
        let text = "“Yes,\" he said.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].fixes[0].apply(text), "“Yes,” he said.");
    }

    #[test]
    fn punctuation_outside_the_mark_is_flagged_in_american_style() {
        let text = "He called it \"harsh wartime\".";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "He called it \"harsh wartime.\""
        );
        assert_clean(RULE, "He called it \"harsh wartime.\"");
    }

    #[test]
    fn foreign_copy_is_left_alone() {
        assert_clean(
            RULE,
            "He wrote « la guerre » and „Krieg“ and \"war,\" he said.",
        );
    }

    #[test]
    fn a_straight_close_that_would_read_as_an_inch_mark_is_not_offered() {
        // `"6'2"` would be six feet two inches, and the quotation would pair with the last
        // mark instead: the fix must not be offered, though the finding stands.
        let text = "\"6'2““";
        let found = assert_flags(RULE, text, 1);
        assert!(
            found[0]
                .fixes
                .iter()
                .all(|fix| !fix.edits.iter().any(|edit| edit.text.contains('"'))),
            "{:?}",
            found[0].fixes
        );
    }
}
