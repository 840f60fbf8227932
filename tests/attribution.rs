//! Attribution forms, each both ways, through the whole engine: a sentence that carries its
//! source gives no `unattributed-claim`, the same claim without it gives one.

mod common;

use common::{lint, of_rule};
use copydesk::RuleId;

fn claims(text: &str) -> usize {
    of_rule(&lint(text), RuleId::UnattributedClaim).len()
}

#[test]
fn each_attribution_form_attributes_and_its_absence_is_flagged() {
    let bare = "Prices have risen 40 percent since March.";
    assert_eq!(claims(bare), 1, "{bare}");
    for attributed in [
        "\"Prices have risen 40 percent since March,\" the minister said.",
        "The minister said: \"Prices have risen 40 percent since March.\"",
        "Prices have risen 40 percent since March, said Finance Minister Ana Ruiz.",
        "Prices have risen 40 percent since March, according to the statistics office.",
        "Prices have risen 40 percent since March, the minister told reporters.",
        "Citing customs data, Reuters reported prices have risen 40 percent since March.",
        "The ministry has described the rise of 40 percent since March as temporary.",
        "Ruiz was quoted as saying prices have risen 40 percent since March.",
        // AP sets an age off with commas after the name.
        "Ana Ruiz, 45, said prices have risen 40 percent since March.",
        "Ana Ruiz, 45, a finance minister, said prices have risen 40 percent since March.",
        // And a legislator's party and state.
        "Sen. Ana Ruiz, D-Calif., said prices have risen 40 percent since March.",
        "Rep. Ana Ruiz, R-N.Y., said prices have risen 40 percent since March.",
        // And an appositive with no article, a participle's phrase, a place.
        "Ana Ruiz, spokeswoman for the ministry, said prices have risen 40 percent since March.",
        "Ruiz, speaking in Madrid, said prices have risen 40 percent since March.",
        "Ana Ruiz, 45, of Madrid, said prices have risen 40 percent since March.",
        "Prices have risen 40 percent since March, the statistics office said.",
    ] {
        assert_eq!(claims(attributed), 0, "{attributed}");
    }
}

#[test]
fn a_pronoun_carries_on_the_source_named_before() {
    let text = "Finance Minister Ana Ruiz spoke on Tuesday, the ministry said. \
                She said prices have risen 40 percent since March.";
    assert_eq!(claims(text), 0);
    let text =
        "Finance Minister Ana Ruiz spoke on Tuesday. Prices have risen 40 percent since March.";
    assert_eq!(claims(text), 1, "a named person nearby is no attribution");
}

#[test]
fn scene_setting_is_not_a_claim() {
    assert_eq!(claims("The meeting began at 10 a.m."), 0);
    assert_eq!(claims("Crowds gathered outside the court on Tuesday."), 0);
}

#[test]
fn vague_and_attributed_policy_failures() {
    let findings = lint("Critics say the policy failed.");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, RuleId::VagueAttribution);
    assert!(lint("The policy failed, officials said.").is_empty());
}

/// The names the add-attribution fixes offer for a sentence's claim, in order.
fn offered(text: &str) -> Vec<String> {
    let findings = lint(text);
    let claim = of_rule(&findings, RuleId::UnattributedClaim);
    assert_eq!(claim.len(), 1, "{text}: {findings:#?}");
    claim[0]
        .fixes
        .iter()
        .filter_map(|fix| fix.title.strip_prefix("Attribute to "))
        .filter(|name| !name.contains("placeholder"))
        .map(str::to_string)
        .collect()
}

const CLAIM: &str = "Prices have risen 40 percent since March.";

#[test]
fn a_fix_offers_the_source_by_the_name_the_story_gives_it() {
    // Each from the Wikinews stories, with the claim after it.
    for (source, name) in [
        (
            "According to the Saudi Interior Ministry over 345 Muslim pilgrims died.",
            "Saudi Interior Ministry",
        ),
        (
            "Both the Irving Independent School District and the Irving Police Department \
             asserted that the boy was not arrested.",
            "Irving Police Department",
        ),
        (
            "Articles in peer-reviewed academic journals including Social Science & Medicine \
             have characterized homeopathy as a form of quackery.",
            "Social Science & Medicine",
        ),
        (
            "Rick Santorum himself has acknowledged the existence of the cocktail.",
            "Rick Santorum",
        ),
        (
            "Officials tell BBC News every claim will be assessed.",
            "officials",
        ),
        // A described group reads with its article.
        ("The coach said the team trained hard.", "the coach"),
        ("The statement said the team trained hard.", "the statement"),
        ("Police said the team trained hard.", "police"),
        ("Police on Tuesday said the team trained hard.", "police"),
    ] {
        let text = format!("{source} {CLAIM}");
        let names = offered(&text);
        assert!(
            names.iter().any(|offered| offered == name),
            "{text}: {names:?}"
        );
    }
}

#[test]
fn a_fix_never_offers_a_word_that_names_nobody() {
    for (source, not_a_name) in [
        // Sentence case capitalizes a pronoun, a participle, a quantifier.
        (
            "The report has prompted calls for iodised salt. They say adding the mineral \
             to salt is simple.",
            "They",
        ),
        (
            "Citing privacy rules, U.S. officials have not said why the team was denied visas.",
            "Citing",
        ),
        (
            "Both the Irving Independent School District and the Irving Police Department \
             asserted that the boy was not arrested.",
            "Both the Irving Independent School District",
        ),
        // An adjective of nationality before common nouns.
        (
            "A new study of nutrition in Australian school children has revealed many lack iodine.",
            "Australian",
        ),
        // The name ends where the phrase after "according to" stops being one.
        (
            "According to the Saudi Interior Ministry over 345 Muslim pilgrims died.",
            "Muslim",
        ),
        // "critics said" is itself a vague attribution.
        ("Critics said the plan would fail.", "critics"),
        // A date beside the source, in wire copy's order.
        ("Police on Tuesday said the team trained hard.", "Tuesday"),
        (
            "In September officials said the team trained hard.",
            "September",
        ),
    ] {
        let text = format!("{source} {CLAIM}");
        let names = offered(&text);
        assert!(
            names.iter().all(|name| name != not_a_name),
            "{text}: {names:?}"
        );
    }
}
