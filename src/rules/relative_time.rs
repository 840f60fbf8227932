//! `relative-time`: a date relative to the day of writing ("yesterday", "last year").

use super::framing::{find_in_prose, in_proper_name};
use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{Document, Role, Voice};
use crate::finding::{Finding, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "relative-time",
    severity: Severity::Info,
    summary: "a relative date (yesterday, last year) that ages once the story is published",
    doc: DOC,
};

const DOC: &str = r#"# relative-time (info)

## What it flags
Dates relative to the day the story was written: `yesterday`, `today`, `tomorrow`,
`tonight`, `last/this/next week, month or year`, `recently`, `currently`, `days ago`, and
`last Tuesday`. The list is `data/relative-time.toml`.

Only the writer's own voice is checked: a source who says "last year" in a quotation or a
paraphrase is reported as speaking. A weekday alone ("on Tuesday") is AP style within
seven days and is fine. Datelines and bylines are not checked; headlines and captions are.

## Why an editor cares
A story is read for years after it is published, from archives and search results. "Last
year" is wrong on the first of January; "recently" never says when.

## Example
```text flags
Moscow and Pyongyang have further enhanced ties since the start of the war last year.
```

```text flags
The council met last Tuesday.
```

## Use instead
```text clean
Moscow and Pyongyang have further enhanced ties since the start of the war in 2022.
```

```text clean
The council met on Tuesday.
```

## Fix
None that a program can make: the message suggests the absolute form (the weekday within a
week, otherwise the date, the month or the year), and the writer supplies it.

## Config
```toml
[rules]
relative-time = "off"     # e.g. for a live blog

[terms]
allow = ["this week"]     # never flagged
```
"#;

pub(super) fn check(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let lists = &config.lists;
    let matches = find_in_prose(
        document,
        lists,
        crate::wordlists::List::Relative,
        |role| role != Role::Furniture,
        |_, span| !in_proper_name(document, span),
    );
    for found in matches {
        if document.voice_at(found.span.start) != Voice::Writer {
            continue;
        }
        let entry = &lists.relative[found.entry];
        out.push(Finding::new(
            RuleId::RelativeTime,
            found.span,
            format!(
                "\"{}\" is relative to the day of writing and ages once published; {}",
                found.span.slice(document.text),
                entry.suggestion
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::RelativeTime as RULE;

    #[test]
    fn relative_dates_in_the_writers_voice_are_flagged() {
        let found = assert_flags(RULE, "The war began last year.", 1);
        assert!(found[0].message.contains("in 2023"), "{}", found[0].message);
        assert!(found[0].fixes.is_empty());
        assert_flags(
            RULE,
            "Yesterday the council met, and it meets again tomorrow.",
            2,
        );
        assert_flags(RULE, "The council met last  Friday.", 1);
        assert_flags(RULE, "Prices have risen recently.", 1);
    }

    #[test]
    fn a_weekday_alone_and_quotations_are_fine() {
        assert_clean(RULE, "The council met on Tuesday.");
        assert_clean(RULE, "\"We met last year,\" she said.");
        assert_clean(RULE, "He reads USA Today every morning.");
        assert_clean(RULE, "The todays and yesterdays blur.");
    }
}
