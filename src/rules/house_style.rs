//! `house-style`: a name spelled the old way (Kiev for Kyiv) outside a direct quotation.

use super::framing::find_in_prose;
use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{Document, Voice};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::wordlists::{condition_holds, match_case};

pub const INFO: RuleInfo = RuleInfo {
    id: "house-style",
    severity: Severity::Warning,
    summary: "a name spelled against house style (Kiev for Kyiv, Odessa for Odesa)",
    doc: DOC,
};

const DOC: &str = r#"# house-style (warning)

## What it flags
A name spelled the way the house no longer spells it: the Russian-based transliterations of
Ukrainian places that AP dropped (`Kiev`, `Odessa`, `Kharkov`, `Lvov`, `Donbass`,
`the Ukraine`). The list is `data/house-style.toml`, each entry with its source; a project
adds its own.

The spelling is matched exactly as listed, or in capitals (a `KIEV, Ukraine —` dateline). It
is flagged everywhere outside a direct quotation, attributed paraphrase and headlines
included: a spelling is the writer's choice, whoever's words are reported. The exceptions
that keep the old name are listed with the entry (`chicken Kiev`, `Dynamo Kiev`,
`Odessa, Texas`).

## Why an editor cares
Readers and sources notice an outdated spelling, and a story that mixes two spellings of one
city looks unedited.

## Example
```text flags
Moscow said it would defend the population against persecution by Kiev.
```

## Use instead
```text clean
Moscow said it would defend the population against persecution by Kyiv.
```

```text clean
He ordered the chicken Kiev and a salad.
```

## Fix
Replace the name with the house spelling. The fix is safe: `check --fix` and an editor's
fix-all apply it.

## Config
```toml
[rules]
house-style = "error"

[[house-style.names]]
wrong = "Kiev"            # exact case
right = "Kyiv"
unless_after = ["chicken"]
```
"#;

pub(super) fn check(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let text = document.text;
    let lists = &config.lists;
    let matches = find_in_prose(
        document,
        lists,
        crate::wordlists::List::House,
        |_| true,
        |entry, span| {
            let entry = &lists.house[entry];
            let found = span.slice(text);
            (found == entry.wrong || found == entry.wrong.to_uppercase())
                && condition_holds(text, span, &entry.unless_before, &entry.unless_after)
        },
    );
    for found in matches {
        if document.voice_at(found.span.start) == Voice::Quoted {
            continue;
        }
        let entry = &lists.house[found.entry];
        let matched = found.span.slice(text);
        let right = if matched == entry.wrong {
            entry.right.clone()
        } else {
            match_case(matched, &entry.right)
        };
        let mut message = format!("house style spells it \"{right}\"");
        if !entry.note.is_empty() {
            message.push_str(": ");
            message.push_str(&entry.note);
        }
        out.push(
            Finding::new(RuleId::HouseStyle, found.span, message).with_fix(
                Fix::new(
                    format!("Replace with \"{right}\""),
                    vec![Edit::replace(found.span, right.clone())],
                    Applicability::Safe,
                )
                .preferred(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::HouseStyle as RULE;
    use crate::finding::Applicability;

    #[test]
    fn old_spellings_are_flagged_with_a_safe_fix() {
        let text = "He has condemned Western military aid to Kiev.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "He has condemned Western military aid to Kyiv."
        );
        assert_eq!(found[0].fixes[0].applicability, Applicability::Safe);
        assert_flags(RULE, "Shelling hit Kharkov and Odessa overnight.", 2);
        assert_flags(RULE, "Aid reached the Ukraine in May.", 1);
    }

    #[test]
    fn a_capitalized_dateline_is_flagged_in_capitals() {
        let text = "KIEV, Ukraine (AP) — The parliament met.";
        let found = assert_flags(RULE, text, 1);
        assert!(found[0].fixes[0].apply(text).starts_with("KYIV, Ukraine"));
    }

    #[test]
    fn direct_quotations_and_exceptions_are_left_alone() {
        assert_clean(RULE, "\"We will never leave Kiev,\" he said.");
        assert_clean(RULE, "He ordered chicken Kiev.");
        assert_clean(RULE, "She grew up in Odessa, Texas.");
        assert_clean(RULE, "The Ukraine war entered its second year.");
        assert_clean(RULE, "Kyiv and Odesa were quiet.");
        // Exact case: a lowercase "kiev" is not the name.
        assert_clean(RULE, "the kievan archive");
    }
}
