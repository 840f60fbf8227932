//! `unbalanced-quote`: quotation marks that do not pair.

use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::quotes::{Level, ProblemKind};
use crate::document::Document;
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "unbalanced-quote",
    severity: Severity::Error,
    summary: "a quotation mark that is never closed, a stray closing mark, or a mismatched pair",
    doc: DOC,
};

const DOC: &str = r#"# unbalanced-quote (error)

## What it flags
A quotation mark that does not pair with another in its paragraph:
- an opening mark that is never closed;
- a closing mark with no opening mark before it;
- a pair whose marks are of different levels, such as `‘…”`.

Each mistake is reported once, at the mark that is wrong, and the check starts afresh at
the next paragraph, so one slip never floods the rest of the story.

## Why an editor cares
An unclosed quotation puts words in a source's mouth, or takes them out. Readers cannot
tell where the quote ends, and a correction costs more than the catch.

Not flagged: apostrophes (`Korea's`, `don't`), plural possessives (`countries' friendship`),
elisions (`'90s`, `'em`, `rock 'n' roll`, `'tis`), inch and foot marks (`6'2"`, `a 12"
pipe`), and quotations that run across paragraphs the newsroom way: no closing mark at the
end of a paragraph, an opening mark at the start of the next, the last paragraph closing.
Two clues show that such a reopening is not a continuation: the next paragraph reopens in
another style (curly `“` continued by straight `"`), or a speaker's attribution stands
inside the open quotation (`…new era, Kim was quoted as saying.`).

## Example
```text flags
"I am firmly convinced that the friendship will grow, Kim was quoted as saying in the letter.
```

## Use instead
```text clean
"I am firmly convinced that the friendship will grow," Kim was quoted as saying in the letter.
```

```text clean
"We will rebuild," the mayor said.
"We will rebuild the school first.
"Then the clinic," she added.
```

## Fix
Where the quotation evidently ends, copydesk offers to insert the closing mark: before a
speaker's attribution that stands inside the quotation, or at the end of a paragraph
whose last sentence the quotation opened in. Elsewhere the writer must decide, and no fix
is offered. A fix is offered only once the paragraphs it touches have been paired again
with it made. The checks of one text read at most 1 MiB plus 16 times its length: in a
paragraph of thousands of broken marks, far past any story, the fixes beyond that are not
offered, and the findings stand.

## Config
`[rules] unbalanced-quote = "off" | "error" | "warning" | "info" | "hint"`
"#;

pub(super) fn check(document: &Document, _config: &Config, out: &mut Vec<Finding>) {
    for problem in &document.quotes.problems {
        let mark = problem.mark;
        let finding = match &problem.kind {
            ProblemKind::Unclosed {
                fix_at,
                attribution_inside,
                reopened_in,
                continued,
            } => {
                let mut message = if *continued {
                    "this quotation, continued from an earlier paragraph, is never closed"
                        .to_string()
                } else {
                    "this opening quotation mark is never closed".to_string()
                };
                if let Some(attribution) = attribution_inside {
                    message.push_str(&format!(
                        "; the attribution \"{}\" stands inside it, so the closing mark is \
                         missing before it",
                        attribution.slice(document.text).trim()
                    ));
                } else if let Some(reopening) = reopened_in {
                    message.push_str(&format!(
                        "; the next paragraph opens with a {} mark, so it starts a new \
                         quotation rather than continuing this one",
                        super::quote_style::style_name(reopening.style)
                    ));
                }
                let mut finding = Finding::new(RuleId::UnbalancedQuote, mark.span(), message);
                if let Some(at) = fix_at {
                    let closing = crate::document::quotes::natural_close(mark.ch);
                    let fix = Fix::new(
                        format!("Close the quotation with {closing}"),
                        vec![Edit::insert(*at, closing.to_string())],
                        Applicability::Suggested,
                    );
                    finding = finding.with_fix(fix.preferred());
                }
                finding
            }
            ProblemKind::MissingReopening { insert_at } => Finding::new(
                RuleId::UnbalancedQuote,
                mark.span(),
                "this quotation runs on into the next paragraph, which does not open with a \
                 quotation mark; a quotation continued across paragraphs reopens at the start \
                 of each one",
            )
            .with_fix(
                Fix::new(
                    format!(
                        "Reopen the quotation with {} in the next paragraph",
                        mark.ch
                    ),
                    vec![Edit::insert(*insert_at, mark.ch.to_string())],
                    Applicability::Suggested,
                )
                .preferred(),
            ),
            ProblemKind::StrayClose => Finding::new(
                RuleId::UnbalancedQuote,
                mark.span(),
                "this closing quotation mark has no opening mark before it in its paragraph",
            ),
            ProblemKind::LevelMismatch { open } => Finding::new(
                RuleId::UnbalancedQuote,
                mark.span(),
                format!(
                    "this closing {} mark ends a quotation that opened with the {} mark {}",
                    level_name(mark.level),
                    level_name(open.level),
                    open.ch
                ),
            ),
        };
        // A fix is offered only if it really mends the paragraph: checked by pairing the
        // marks of the paragraphs it touches again with the fix applied.
        let finding = Finding {
            fixes: finding
                .fixes
                .into_iter()
                .filter(|fix| mends(document, fix))
                .collect(),
            ..finding
        };
        out.push(finding);
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Double => "double",
        Level::Single => "single",
    }
}

/// True when `fix` leaves fewer quotation problems in the paragraphs it touches.
fn mends(document: &Document, fix: &Fix) -> bool {
    super::repairing(document, &fix.edits)
        .is_some_and(|check| check.after.problems.len() < check.before.problems.len())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, assert_clean, assert_flags};
    use super::RuleId::UnbalancedQuote as RULE;
    use crate::finding::{Finding, Fix};
    use crate::Kind;

    #[test]
    fn an_unclosed_quotation_is_flagged_once() {
        let found = assert_flags(RULE, "He called it \"harsh wartime.\nThe end.", 1);
        assert_eq!(found[0].span.start, 13);
        assert!(found[0].message.contains("never closed"));
    }

    #[test]
    fn a_stray_closing_mark_is_flagged() {
        assert_flags(RULE, "He called it harsh wartime.\" Then he left.", 1);
        assert_flags(RULE, "It was a relationship.” Then he left.", 1);
    }

    #[test]
    fn mismatched_levels_are_flagged_once() {
        let found = assert_flags(RULE, "‘We will win,” he said.", 1);
        assert!(found[0].message.contains("single mark"));
    }

    #[test]
    fn a_mismatched_style_is_not_unbalanced() {
        assert_clean(RULE, "“We will win,\" he said.");
    }

    #[test]
    fn multi_paragraph_quotations_are_correct_copy() {
        assert_clean(
            RULE,
            "\"We will win,\" he said. \"We will fight.\n\"We will never give up.\n\"Never,\" he said.",
        );
        assert_clean(
            RULE,
            "“We will fight on the beaches.\n“We will fight in the fields.\n“We shall never surrender.”",
        );
    }

    #[test]
    fn a_continuation_without_the_reopening_mark_is_flagged() {
        let text = "“We will fight on the beaches.\nWe will fight in the fields.”\nEnd.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].span.start, 0);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "“We will fight on the beaches.\n“We will fight in the fields.”\nEnd."
        );
    }

    #[test]
    fn a_reopening_in_another_style_is_not_a_continuation() {
        let text = "He wants “a long-standing relationship.\n\"I am sure,\" Kim said.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].span.start, "He wants ".len());
        assert!(found[0].message.contains("straight"));
        assert_eq!(
            found[0].fixes[0].apply(text),
            "He wants “a long-standing relationship.”\n\"I am sure,\" Kim said."
        );
    }

    #[test]
    fn an_attribution_inside_shows_where_the_mark_is_missing() {
        let text = "\"It will grow in the new era, Kim was quoted as saying.\n\"We win,\" he said.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].span.start, 0);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "\"It will grow in the new era,\" Kim was quoted as saying.\n\"We win,\" he said."
        );
    }

    #[test]
    fn apostrophes_elisions_and_measures_are_not_marks() {
        assert_clean(
            RULE,
            "The two countries' friendship and Korea's ties don't fade.",
        );
        assert_clean(
            RULE,
            "In the '90s rock 'n' roll was 'tis the season for 'em.",
        );
        assert_clean(RULE, "He is 6'2\" tall and laid a 12\" pipe.");
        assert_clean(RULE, "“The imperialists’ arbitrary practices,” KCNA said.");
    }

    #[test]
    fn a_missing_inner_mark_is_flagged_at_the_inner_mark() {
        let found = assert_flags(RULE, "“He said ‘no way,” she recalled.", 1);
        assert_eq!(found[0].span.start, "“He said ".len());
    }

    /// A fix is checked on the paragraphs it touches, read as the story reads them: in
    /// these stories the one blank line lies outside those paragraphs, yet the story's
    /// paragraphs are still separated by blank lines, so two lines are one paragraph.
    #[test]
    fn a_fix_is_checked_with_the_storys_paragraphs() {
        let mends = |text: &str, finding: &Finding, fix: &Fix| {
            let fixed = fix.apply(text);
            assert!(
                testing::findings(RULE, &fixed, Kind::Plain)
                    .iter()
                    .all(|after| after.span.start != finding.span.start),
                "{:?} left its finding in {fixed:?}",
                fix.title
            );
        };
        // Closing the guillemet at the end would pair the straight marks differently and
        // leave both open: no fix is right, so none may be offered.
        let text = "\n«\"—\n\"";
        for finding in assert_flags(RULE, text, 1) {
            for fix in &finding.fixes {
                mends(text, &finding, fix);
            }
        }
        // The closing mark before the attribution mends it, and is offered.
        let text = "\n\"It will grow in the new era, Kim was quoted as saying.\nHe left.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].fixes.len(), 1);
        mends(text, &found[0], &found[0].fixes[0]);
    }
}
