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
