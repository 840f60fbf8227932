//! `attribution-verb`: colored verbs of saying where AP uses "said".

use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{CueKind, Document};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::lexicon;

pub const INFO: RuleInfo = RuleInfo {
    id: "attribution-verb",
    severity: Severity::Info,
    summary:
        "a colored verb of saying (claimed, admitted, noted, slammed) where \"said\" is neutral",
    doc: DOC,
};

const DOC: &str = r#"# attribution-verb (info)

## What it flags
A verb of saying that colors the source's words, from `data/attribution-verbs.toml`:
"claimed" signals doubt, "admitted" and "conceded" imply guilt, "revealed", "noted" and
"pointed out" imply the words are true, "slammed", "blasted" and "boasted" add color. Only
a verb that attributes is flagged ("X claimed", "claimed X"), never a noun ("legal claims")
or another sense ("conceded a penalty"). A verb of saying belongs to this rule alone, never
also to `loaded-term`.

## Why an editor cares
AP treats "said" as neutral. Any other verb tells the reader what to think of the quote.

## Example
```text flags
The minister claimed that the plan would work.
```

## Use instead
```text clean
The minister said that the plan would work.
```

## Fix
Replace the verb with "said" or "says", keeping tense and number ("claims" → "says",
"admitted" → "said").

## Config
`[rules] attribution-verb = "off"` to allow colored verbs.
"#;

pub(super) fn check(document: &Document, _config: &Config, out: &mut Vec<Finding>) {
    let lexicon = lexicon::get();
    let mut flagged = None;
    for attribution in &document.voice().attributions {
        // A compound subject ("the district and the police have asserted") gives one
        // attribution per source, all on one verb: one verb, one finding.
        if attribution.kind != CueKind::Verb || flagged == Some(attribution.cue) {
            continue;
        }
        flagged = Some(attribution.cue);
        let verb = attribution.cue.slice(document.text);
        // An ASCII verb is looked up as written (the lookup ignores ASCII case); Unicode
        // lowercasing can turn other letters into ASCII ones (the Kelvin sign into `k`).
        let colored = if verb.is_ascii() {
            lexicon.colored_verb(verb)
        } else {
            lexicon.colored_verb(&verb.to_lowercase())
        };
        let Some(colored) = colored else {
            continue;
        };
        if !crate::document::voice::reports_speech(document.text, attribution.cue) {
            continue;
        }
        out.push(
            Finding::new(
                RuleId::AttributionVerb,
                attribution.cue,
                format!(
                    "\"{verb}\" colors the source's words ({}); \"{}\" is neutral. {}",
                    colored.connotation, colored.replacement, colored.note
                ),
            )
            .with_fix(
                Fix::new(
                    format!("Use \"{}\"", colored.replacement),
                    vec![Edit::replace(attribution.cue, colored.replacement.clone())],
                    Applicability::Suggested,
                )
                .preferred(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::AttributionVerb as RULE;

    #[test]
    fn colored_verbs_of_saying_are_flagged_with_a_neutral_fix() {
        let text = "The minister claimed that the plan would work.";
        let found = assert_flags(RULE, text, 1);
        assert_eq!(
            found[0].fixes[0].apply(text),
            "The minister said that the plan would work."
        );
        let text = "\"It works,\" she admitted.";
        assert_eq!(
            assert_flags(RULE, text, 1)[0].fixes[0].apply(text),
            "\"It works,\" she said."
        );
        assert_flags(RULE, "Putin further noted that ties were strong.", 1);
        assert_flags(RULE, "Kim pointed out that the war continued.", 1);
        assert_flags(
            RULE,
            "The district and the police have asserted that religion played no part.",
            1,
        );
    }

    #[test]
    fn nouns_and_other_senses_are_not_flagged() {
        assert_clean(RULE, "The claims were rejected by the court.");
        assert_clean(RULE, "Kim Min-Woo conceded a penalty in the second half.");
        assert_clean(RULE, "The minister said that the plan would work.");
        assert_clean(RULE, "His notes were lost.");
    }
}
