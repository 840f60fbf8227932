//! `relative-time`: a date relative to the day of writing ("yesterday", "last year").

use super::framing::{find_in_prose, in_proper_name};
use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{Document, Role, Voice};
use crate::finding::{Finding, Severity};
use crate::wordlists::{condition_holds, follows_one_of};

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

"Last" and "next" after "the" or a possessive count from a time the story has named, not
from the day of writing, and are fine: "I went back the next Tuesday night", "on the last
night of the festival", "in his last year in office", "He was elected in 1998 and
re-elected the next year". So is a span picked out with "of": "the last week of the
campaign". A span that starts or ends today is flagged: "in the last year", "over the next
month", "within the next year".

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
        |entry, span| {
            let entry = &lists.relative[entry];
            !in_proper_name(document, span)
                && condition_holds(
                    document.text,
                    span,
                    &entry.unless_before,
                    &entry.unless_after,
                )
                && (entry.only_after.is_empty()
                    || follows_one_of(document.text, span, &entry.only_after))
        },
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

    #[test]
    fn last_and_next_counted_from_a_time_the_story_named_are_fine() {
        // The Wikinews corpus, news_lanterns.txt: a travel writer's own narrative.
        assert_clean(
            RULE,
            "I visited the festival on Saturday night, the opening night, and there was a \
             sea of people in the square. I went back the next Tuesday night and there was \
             almost no one there.",
        );
        assert_clean(RULE, "The band played on the last night of the festival.");
        assert_clean(RULE, "She spent the last week of the campaign in Ohio.");
        assert_clean(RULE, "He vetoed the bill in his last year in office.");
        assert_clean(RULE, "The Last Tuesday of each month is a holiday there.");
        assert_clean(
            RULE,
            "He was elected in 1998 and re-elected the next year. The next week, he resigned.",
        );
        assert_clean(
            RULE,
            "They met on a Friday in May; the next weekend, they married.",
        );
        // Counted from the day of writing, with or without "the".
        assert_flags(RULE, "The council meets next Tuesday.", 1);
        assert_flags(RULE, "Prices rose sharply in the last year.", 1);
        let found = assert_flags(RULE, "Talks are expected over the next month.", 1);
        assert!(
            found[0].message.starts_with("\"the next month\""),
            "{}",
            found[0].message
        );
        for span in [
            "within the next year",
            "during the next week",
            "for the next weekend",
        ] {
            assert_flags(RULE, &format!("Officials plan to vote {span}."), 1);
        }
        assert_flags(RULE, "The council meets next month.", 1);
        assert_flags(RULE, "The mayor spoke last night.", 1);
    }
}
