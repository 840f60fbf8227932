//! `unused-suppression`: a suppression comment that suppresses nothing. The work is done in
//! `suppression.rs`, after every other rule has run; this file holds the documentation.

use super::RuleInfo;
use crate::finding::Severity;

pub const INFO: RuleInfo = RuleInfo {
    id: "unused-suppression",
    severity: Severity::Info,
    summary: "a copydesk-disable or copydesk-enable comment that suppresses nothing",
    doc: DOC,
};

const DOC: &str = r#"# unused-suppression (info)

## What it flags
A suppression comment in Markdown that suppresses nothing, or names a rule that does not
exist:

- `<!-- copydesk-disable RULE -->` turns RULE off until `<!-- copydesk-enable RULE -->` or
  the end of the story;
- `<!-- copydesk-disable-next-line RULE -->` turns RULE off for the next line that is not
  blank;
- RULE may be left out (every rule), or be several rules separated by commas or spaces; a
  reason may follow ` -- `.

A disable comment that covers no finding, and an enable comment that ends no disable, are
reported. So is an unknown rule name.

## Why an editor cares
A suppression outlives the sentence it was written for. Once the copy is fixed, a stale
comment would silently hide the next real problem in that place.

## Example
```markdown flags
<!-- copydesk-disable-next-line house-style -->
The delegation flew to Kyiv on Tuesday.
```

## Use instead
```markdown clean
<!-- copydesk-disable-next-line house-style -- the name as printed in 1991 -->
The banner read Kiev Welcomes You.
```

## Fix
Remove the comment (suggested: check first that the configuration it was written for is
the one you run).

## Config
```toml
[rules]
unused-suppression = "off"
```
"#;

#[cfg(test)]
mod tests {
    use super::super::testing::markdown_findings;
    use super::super::RuleId;

    fn unused(text: &str) -> usize {
        markdown_findings(text)
            .iter()
            .filter(|f| f.rule == RuleId::UnusedSuppression)
            .count()
    }

    fn count(text: &str, rule: RuleId) -> usize {
        markdown_findings(text)
            .iter()
            .filter(|f| f.rule == rule)
            .count()
    }

    #[test]
    fn disable_and_enable_suppress_a_region() {
        let text = "<!-- copydesk-disable house-style -->\n\nAid reached Kiev.\n\n<!-- copydesk-enable house-style -->\n\nAid reached Odessa.\n";
        assert_eq!(count(text, RuleId::HouseStyle), 1);
        assert_eq!(unused(text), 0);
    }

    #[test]
    fn disable_without_a_rule_suppresses_every_rule_to_the_end() {
        let text = "<!-- copydesk-disable -->\n\nThe regime left Kiev yesterday.\n";
        assert!(
            markdown_findings(text).is_empty(),
            "{:#?}",
            markdown_findings(text)
        );
    }

    #[test]
    fn disable_next_line_covers_only_the_next_line() {
        let text = "<!-- copydesk-disable-next-line house-style, loaded-term -->\nThe regime left Kiev.\n\nThe regime left Kiev.\n";
        assert_eq!(count(text, RuleId::HouseStyle), 1);
        assert_eq!(count(text, RuleId::LoadedTerm), 1);
        assert_eq!(unused(text), 0);
        let inline = "The regime left Kiev. <!-- copydesk-disable-next-line loaded-term -->\nThe regime left.\n";
        assert_eq!(count(inline, RuleId::LoadedTerm), 1);
    }

    #[test]
    fn a_suppression_that_suppresses_nothing_is_reported() {
        let text =
            "<!-- copydesk-disable-next-line house-style -->\nThe delegation flew to Kyiv.\n";
        let found = markdown_findings(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].rule, RuleId::UnusedSuppression);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "The delegation flew to Kyiv.\n"
        );
        assert_eq!(
            unused("<!-- copydesk-disable loaded-term -->\n\nCalm copy.\n"),
            1
        );
        assert_eq!(
            unused("Calm copy.\n\n<!-- copydesk-enable loaded-term -->\n"),
            1
        );
    }

    #[test]
    fn unknown_rule_names_are_reported() {
        let text = "<!-- copydesk-disable-next-line loaded-terms -->\nThe regime left.\n";
        let found = markdown_findings(text);
        assert_eq!(unused(text), 1);
        assert!(found.iter().any(|f| f.message.contains("'loaded-terms'")));
        assert_eq!(count(text, RuleId::LoadedTerm), 1);
    }

    #[test]
    fn ordinary_comments_are_not_suppressions() {
        assert_eq!(
            unused("<!-- TODO: check the figures -->\n\nCalm copy.\n"),
            0
        );
    }
}
