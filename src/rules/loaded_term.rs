//! `loaded-term`: contentious labels, euphemisms, conflict framing and editorializing in the
//! writer's own voice.

use super::framing::{find_in_prose, in_proper_name};
use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{Document, Role, Voice};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::wordlists::{condition_holds, match_case};

pub const INFO: RuleInfo = RuleInfo {
    id: "loaded-term",
    severity: Severity::Warning,
    summary: "a contentious label, euphemism or editorializing word in the writer's own voice",
    doc: DOC,
};

const DOC: &str = r#"# loaded-term (warning)

## What it flags
Words that pass a verdict the writer has not reported: contentious labels (`regime`,
`terrorist`, `extremist`), euphemisms (`special military operation`, `collateral damage`,
`passed away`), conflict framing (`hegemony`, `imperialist`, `puppet government`, `martyr`),
editorializing and intensifiers (`clearly`, `shockingly`, `bombshell`) and words of doubt
(`supposedly`). The list is `data/loaded-terms.toml`, each entry with its source.

- In the writer's own voice, scare quotes included: the entry's severity (a warning for
  most, information for the milder editorializing words).
- In attributed paraphrase ("Moscow said the operation…"): a hint at most.
- Inside a direct quotation: nothing. Those are the source's words.
- Inside a proper name or a title, a run of capitalized words ("National Liberation Day",
  "Hegemony or Survival"): nothing. A capital that only opens a sentence still counts.
- Neutral senses are kept out by each entry's conditions (`regime change`, `tax regime`,
  `cult classic`, `free radicals`).

Headlines, captions and list items are checked: they are the writer's words. Datelines and
bylines are not. Verbs of saying (`claimed`, `slammed`) belong to `attribution-verb`.

## Why an editor cares
A label in the writer's voice makes the newspaper take a side. AP and Wikipedia's "Words to
watch" ask for a neutral word, or the label in the mouth of whoever uses it.

## Example
```text flags
The regime jailed three reporters on Tuesday.
```

```text flags
Clearly, the plan was a bombshell.
```

## Use instead
```text clean
The government jailed three reporters on Tuesday.
```

```text clean
"The regime jailed them," Smith said.
```

```text clean
The tax regime changed on Tuesday.
```

## Fix
Each neutral alternative of the entry is offered as a replacement (suggested, not applied by
`check --fix`: the writer should read the sentence again); the first is preferred. An entry
with no alternative needs a rewrite: describe what was done, or attribute the word.

## Config
```toml
[rules]
loaded-term = "info"        # or "off", "error", "warning", "hint"

[terms]
allow = ["regime change"]   # never flagged

[[terms.loaded]]            # a term of the house's own
term = "junta"
forms = ["junta", "juntas"]
category = "contentious-label"
alternatives = ["military government"]
note = "Say who holds power and how they took it."
```
"#;

pub(super) fn check(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let text = document.text;
    let lists = &config.lists;
    let matches = find_in_prose(
        document,
        lists,
        crate::wordlists::List::Loaded,
        |role| role != Role::Furniture,
        |entry, span| {
            let entry = &lists.loaded[entry];
            condition_holds(text, span, &entry.unless_before, &entry.unless_after)
                && !in_proper_name(document, span)
        },
    );
    for found in matches {
        let entry = &lists.loaded[found.entry];
        let severity = match document.voice_at(found.span.start) {
            Voice::Quoted => continue,
            Voice::Attributed => Severity::Hint,
            Voice::Writer => entry.severity,
        };
        let matched = found.span.slice(text);
        let voice = if severity == Severity::Hint {
            "in attributed paraphrase; consider quoting the source's own words"
        } else {
            "in the writer's own voice"
        };
        let mut message = format!("\"{matched}\" is {} {voice}", entry.category.describe());
        if !entry.note.is_empty() {
            message.push_str(": ");
            message.push_str(&entry.note);
        }
        let mut finding = Finding::new(RuleId::LoadedTerm, found.span, message);
        finding.severity = severity;
        for (index, alternative) in entry.alternatives.iter().enumerate() {
            let replacement = match_case(matched, alternative);
            let fix = Fix::new(
                format!("Replace with \"{replacement}\""),
                vec![Edit::replace(found.span, replacement)],
                Applicability::Suggested,
            );
            finding = finding.with_fix(if index == 0 { fix.preferred() } else { fix });
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::LoadedTerm as RULE;
    use crate::finding::Severity;

    #[test]
    fn each_category_is_flagged_in_the_writers_voice() {
        for text in [
            "The regime jailed three reporters.", // contentious label
            "Russia's special military operation entered its second year.", // euphemism
            "The collateral damage included a school.", // euphemism
            "He spoke of Western hegemony in the region.", // conflict framing
            "Shockingly, the council approved the budget.", // editorializing
            "The results were utterly predictable.", // intensifier
            "The supposedly independent panel met.", // doubt
        ] {
            assert_flags(RULE, text, 1);
        }
    }

    #[test]
    fn nothing_inside_a_direct_quotation() {
        assert_clean(RULE, "\"The regime jailed them,\" Smith said.");
        assert_clean(
            RULE,
            "Kim said the friendship was \"fully demonstrating their might against the imperialists' hegemony,\" KCNA reported.",
        );
        assert_clean(RULE, "“Shockingly, nobody came,” the mayor said.");
    }

    #[test]
    fn alternatives_are_fixes_and_the_first_is_preferred() {
        let text = "The regime fell.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].fixes[0].apply(text), "The government fell.");
        assert!(found[0].fixes[0].preferred);
        let found = assert_flags(RULE, "Regimes fell.", 1);
        assert_eq!(
            found[0].fixes[0].apply("Regimes fell."),
            "Governments fell."
        );
    }

    #[test]
    fn milder_entries_keep_their_own_severity() {
        let found = assert_flags(RULE, "Clearly, the vote failed.", 1);
        assert_eq!(found[0].severity, Severity::Info);
    }

    #[test]
    fn proper_names_and_titles_are_not_loaded() {
        assert_clean(RULE, "Crowds gathered in Martyrs Square.");
        assert_clean(
            RULE,
            "His latest book, Hegemony or Survival, was a bestseller.",
        );
        assert_clean(RULE, "The Radical Party won two seats.");
        // A capital that only opens a sentence is still the word.
        assert_flags(RULE, "Terrorists attacked the town.", 1);
        assert_flags(RULE, "Hegemony is what they want.", 1);
    }

    #[test]
    fn neutral_senses_are_kept_out_by_conditions() {
        assert_clean(RULE, "The tax regime changed.");
        assert_clean(RULE, "Critics called for regime change.");
        assert_clean(RULE, "It became a cult classic.");
        assert_clean(RULE, "Free radicals damage cells.");
        assert_clean(RULE, "You are supposed to vote.");
        assert_clean(RULE, "Anti-fascist groups marched.");
    }

    #[test]
    fn multiword_terms_match_across_line_breaks() {
        assert_flags(
            RULE,
            "Moscow spoke.\n\nRussia began a special\nmilitary   operation.",
            1,
        );
    }
}
