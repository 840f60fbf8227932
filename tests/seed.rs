//! The seed story: what it must and must not give (DESIGN.md, "The seed fixture").

mod common;

use common::{line_of, lint, of_rule, SEED};
use copydesk::{Document, Kind, RuleId, Span};

#[test]
fn the_seed_copy_is_byte_identical_to_shared() {
    let shared = common::root().join("../shared/seeds/000_7b3ac1a56a70b6ef.txt");
    if let Ok(original) = std::fs::read(&shared) {
        assert_eq!(original, SEED.as_bytes());
    }
}

#[test]
fn the_seed_has_no_unbalanced_quote() {
    let findings = lint(SEED);
    assert!(
        of_rule(&findings, RuleId::UnbalancedQuote).is_empty(),
        "{findings:#?}"
    );
}

#[test]
fn quote_style_flags_exactly_the_three_curly_quotations() {
    let findings = lint(SEED);
    let style = of_rule(&findings, RuleId::QuoteStyle);
    let flagged: Vec<(usize, &str)> = style
        .iter()
        .map(|f| (line_of(SEED, f.span.start), f.span.slice(SEED)))
        .collect();
    assert_eq!(
        flagged,
        [
            (5, "“a long-standing strategic relationship.”"),
            (9, "“hegemonic policy”"),
            (9, "“high-handedness”"),
        ]
    );
    for finding in style {
        let fixed = finding.fixes[0].apply(SEED);
        assert!(
            of_rule(&lint(&fixed), RuleId::QuoteStyle).len() == 2,
            "converting one quotation leaves the other two"
        );
    }
}

/// Every quotation mark of the seed, deleted in turn, gives exactly one `unbalanced-quote`
/// in that mark's paragraph, and nothing outside that quotation changes.
#[test]
fn deleting_any_quotation_mark_gives_one_finding_in_its_paragraph() {
    let document = Document::parse(SEED, Kind::Plain);
    let original = lint(SEED);
    let marks: Vec<(Span, Span)> = document
        .quotes
        .quotations
        .iter()
        .flat_map(|q| [(q.open.span(), q.span()), (q.close.span(), q.span())])
        .collect();
    assert_eq!(marks.len(), 18, "the seed has nine quotations");

    for (mark, quotation) in marks {
        let edited = format!("{}{}", &SEED[..mark.start], &SEED[mark.end..]);
        let findings = lint(&edited);
        let unbalanced = of_rule(&findings, RuleId::UnbalancedQuote);
        let context = format!(
            "deleting {:?} at line {}",
            mark.slice(SEED),
            line_of(SEED, mark.start)
        );
        assert_eq!(unbalanced.len(), 1, "{context}: {unbalanced:#?}");
        assert_eq!(
            line_of(&edited, unbalanced[0].span.start),
            line_of(SEED, mark.start),
            "{context}: reported in another paragraph"
        );

        // Back to the original's offsets; compare everything outside the quotation.
        let shift = |offset: usize| {
            if offset >= mark.start {
                offset + mark.len()
            } else {
                offset
            }
        };
        let outside = |span: Span| !span.overlaps(quotation);
        let mut before: Vec<(RuleId, Span)> = original
            .iter()
            .map(|f| (f.rule, f.span))
            .filter(|(_, span)| outside(*span))
            .collect();
        let mut after: Vec<(RuleId, Span)> = findings
            .iter()
            .filter(|f| f.rule != RuleId::UnbalancedQuote)
            .map(|f| (f.rule, Span::new(shift(f.span.start), shift(f.span.end))))
            .filter(|(_, span)| outside(*span))
            .collect();
        before.sort();
        after.sort();
        assert_eq!(
            before, after,
            "{context}: findings outside the quotation changed"
        );
    }
}

/// Two deletions leave copy that could pass for a multi-paragraph quotation; the clues give
/// them away.
#[test]
fn the_two_lookalike_continuations_are_caught_by_their_clues() {
    // The closing mark at the end of line 5: line 6 reopens in another style.
    let close_5 = SEED.find("relationship.”").unwrap() + "relationship.".len();
    let edited = format!("{}{}", &SEED[..close_5], &SEED[close_5 + "”".len()..]);
    let findings = lint(&edited);
    let unbalanced = of_rule(&findings, RuleId::UnbalancedQuote);
    assert_eq!(unbalanced.len(), 1);
    assert_eq!(unbalanced[0].span.slice(&edited), "“");
    assert!(
        unbalanced[0].message.contains("straight"),
        "{}",
        unbalanced[0].message
    );

    // The closing mark after "era," on line 6: an attribution stands inside the quotation.
    let close_6 = SEED.find("era,\" Kim").unwrap() + "era,".len();
    let edited = format!("{}{}", &SEED[..close_6], &SEED[close_6 + 1..]);
    let findings = lint(&edited);
    let unbalanced = of_rule(&findings, RuleId::UnbalancedQuote);
    assert_eq!(unbalanced.len(), 1);
    assert_eq!(line_of(&edited, unbalanced[0].span.start), 6);
    assert!(
        unbalanced[0].message.contains("Kim was quoted"),
        "{}",
        unbalanced[0].message
    );
    let fixed = unbalanced[0].fixes[0].apply(&edited);
    assert_eq!(
        fixed, SEED,
        "the fix puts the mark back before the attribution"
    );
}

#[test]
fn only_line_8_is_an_unattributed_claim_and_noted_is_a_colored_verb() {
    let findings = lint(SEED);
    let claims: Vec<usize> = of_rule(&findings, RuleId::UnattributedClaim)
        .iter()
        .map(|f| line_of(SEED, f.span.start))
        .collect();
    assert_eq!(claims, [8]);
    let claim = of_rule(&findings, RuleId::UnattributedClaim)[0];
    assert_eq!(
        claim.span.slice(SEED),
        "Moscow and Pyongyang have further enhanced ties since the start of the war in Ukraine last year."
    );
    let verbs: Vec<&str> = of_rule(&findings, RuleId::AttributionVerb)
        .iter()
        .map(|f| f.span.slice(SEED))
        .collect();
    assert_eq!(verbs, ["noted"]);
    assert!(of_rule(&findings, RuleId::VagueAttribution).is_empty());
}
