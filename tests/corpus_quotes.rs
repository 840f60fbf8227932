//! The Wikinews stories are real, edited copy: every quotation finding on them must be a
//! real error. Each one found is listed here with what is wrong, so a new finding (a false
//! alarm) or a lost one (a miss) fails the test.

mod common;

use common::{corpus, line_of};
use copydesk::{Config, Kind, RuleId};

/// (story, line, what an editor sees there)
const REAL_ERRORS: &[(&str, usize, &str)] = &[
    (
        "interview_dungeon.txt",
        61,
        "‘Are you insane? — the single mark is never closed",
    ),
    (
        "interview_messina.txt",
        9,
        "'Frank, thank you … great. \" — opened single, closed double",
    ),
    (
        "interview_messina.txt",
        27,
        "the poem's closing mark; its opening mark is missing",
    ),
    (
        "interview_messina.txt",
        29,
        "\"new readers' — opened double, closed with an apostrophe",
    ),
    (
        "interview_messina.txt",
        39,
        "\"Mets Poet' — opened double, closed single",
    ),
    (
        "interview_messina.txt",
        39,
        "\"The Poet' — opened double, closed single",
    ),
    (
        "interview_peres.txt",
        25,
        "opened with two backticks, closed with \"",
    ),
    (
        "interview_stardust.txt",
        5,
        "(also known as \"Wild 2) — never closed",
    ),
    ("news_nasa.txt", 31, "Gregoire's statement is never closed"),
    (
        "news_soccer.txt",
        21,
        "Gomez's quotation runs on; the next paragraph does not reopen it",
    ),
    (
        "news_soccer.txt",
        31,
        "Kane's quotation runs on; the next paragraph does not reopen it",
    ),
    (
        "news_soccer.txt",
        33,
        "Maaloul's quotation runs on; the next paragraph does not reopen it",
    ),
];

#[test]
fn every_unbalanced_quote_on_wikinews_is_a_real_error() {
    let config = Config::only(&[RuleId::UnbalancedQuote]);
    let mut found = Vec::new();
    for (name, text) in corpus() {
        for finding in copydesk::lint(&text, Kind::Plain, &config) {
            found.push((name.clone(), line_of(&text, finding.span.start)));
        }
    }
    let expected: Vec<(String, usize)> = REAL_ERRORS
        .iter()
        .map(|(name, line, _)| (name.to_string(), *line))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_corpus_quotation_findings_carry_no_cascade() {
    // One error gives one finding: no paragraph holds more findings than mistakes.
    let config = Config::only(&[RuleId::UnbalancedQuote]);
    for (name, text) in corpus() {
        let findings = copydesk::lint(&text, Kind::Plain, &config);
        for pair in findings.windows(2) {
            assert_ne!(
                pair[0].span, pair[1].span,
                "{name}: two findings on one mark"
            );
        }
    }
}
