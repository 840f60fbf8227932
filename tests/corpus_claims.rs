//! `unattributed-claim` on the Wikinews stories, read as an editor would. Every finding is
//! listed with a verdict, so a new finding or a lost one fails the test and gets read.

mod common;

use common::{corpus, line_of};
use copydesk::{Config, Kind, RuleId};

/// (story, line, fair?, why)
const READ: &[(&str, usize, bool, &str)] = &[
    (
        "interview_libertarian.txt",
        5,
        false,
        "the poll is named as the source of the 13 percent",
    ),
    (
        "news_afghan.txt",
        11,
        false,
        "\"the most points\" states the match rule, not a superlative claim",
    ),
    (
        "news_clock.txt",
        13,
        true,
        "a causal claim (attention led to outreach) with no source",
    ),
    (
        "news_crane.txt",
        11,
        true,
        "the cause of the accident needs the police or the operator",
    ),
    (
        "news_election.txt",
        5,
        true,
        "a record turnout and 58% need the electoral office",
    ),
    (
        "news_election.txt",
        9,
        true,
        "\"the largest vote\" needs the official results",
    ),
    (
        "news_election.txt",
        13,
        true,
        "\"the highest in the constituency\" needs the official results",
    ),
    (
        "news_election.txt",
        17,
        true,
        "\"the youngest member in history\" needs a source",
    ),
    (
        "news_election.txt",
        25,
        true,
        "\"the highest in this constituency\" needs the official results",
    ),
    (
        "news_election.txt",
        29,
        true,
        "\"the highest in this constituency\" needs the official results",
    ),
    (
        "news_election.txt",
        35,
        true,
        "\"the highest in the history\" needs a source",
    ),
    (
        "news_expo.txt",
        7,
        true,
        "\"one of the most popular in North America\" is puffery",
    ),
    (
        "news_flag.txt",
        5,
        true,
        "the estimated NZ$26 million cost needs its estimator",
    ),
    (
        "news_homeopathic.txt",
        5,
        true,
        "the cause of death needs the court or the coroner",
    ),
    (
        "news_homeopathic.txt",
        9,
        true,
        "the medical causation needs the court's evidence",
    ),
    (
        "news_homeopathic.txt",
        19,
        false,
        "\"likely to remain\" explains dilution; no prediction",
    ),
    (
        "news_ie9.txt",
        9,
        true,
        "market share figures need their source",
    ),
    (
        "news_ie9.txt",
        13,
        true,
        "\"one of the most successful software products ever\"",
    ),
    (
        "news_iodine.txt",
        13,
        true,
        "a medical claim (can lead to brain damage)",
    ),
    (
        "news_iodine.txt",
        25,
        true,
        "\"the most well known effects\" needs a source",
    ),
    (
        "news_stampede.txt",
        13,
        true,
        "the deadliest stampede and 1,426 dead need a source",
    ),
    (
        "news_warming.txt",
        7,
        true,
        "the 49 and 27 percent projections need \"the study found\"",
    ),
];

#[test]
fn every_unattributed_claim_on_wikinews_has_been_read() {
    let config = Config::only(&[RuleId::UnattributedClaim]);
    let mut found = Vec::new();
    for (name, text) in corpus() {
        for finding in copydesk::lint(&text, Kind::Plain, &config) {
            found.push((name.clone(), line_of(&text, finding.span.start)));
        }
    }
    let read: Vec<(String, usize)> = READ
        .iter()
        .map(|(name, line, ..)| (name.to_string(), *line))
        .collect();
    assert_eq!(found, read);
    let fair = READ.iter().filter(|(_, _, fair, _)| *fair).count();
    assert!(
        fair * 4 >= READ.len() * 3,
        "{fair} of {} findings fair; the aim is 3 in 4",
        READ.len()
    );
}

/// Every source an add-attribution fix offers on the Wikinews stories, as (story, name),
/// each read: a name the story gives a source, or a described group with its article.
/// Pronouns, sentence-initial words, adjectives of nationality and vague crowds ("critics")
/// were offered before; a change that offers one again fails here.
const OFFERED: &[(&str, &str)] = &[
    ("interview_libertarian.txt", "Sarvis"),
    ("news_afghan.txt", "Donald Trump"),
    ("news_afghan.txt", "Rodaba Noori"),
    ("news_afghan.txt", "the coach"),
    ("news_clock.txt", "Deseret News"),
    ("news_clock.txt", "Marc Lamont Hill"),
    ("news_clock.txt", "Straits Times"),
    ("news_crane.txt", "Civil Defense Authority"),
    ("news_flag.txt", "Burrows"),
    ("news_flag.txt", "John Key"),
    // "the New Zealand government announced": the country for its government.
    ("news_flag.txt", "New Zealand"),
    ("news_homeopathic.txt", "Sams"),
    ("news_homeopathic.txt", "Social Science & Medicine"),
    ("news_homeopathic.txt", "Sydney Morning Herald"),
    ("news_homeopathic.txt", "Tedeschi"),
    ("news_ie9.txt", "Microsoft"),
    ("news_ie9.txt", "Secunia.com"),
    ("news_iodine.txt", "Eastman"),
    ("news_iodine.txt", "WHO"),
    ("news_iodine.txt", "researchers"),
    ("news_iodine.txt", "the report"),
    ("news_stampede.txt", "Saudi Interior Ministry"),
    ("news_warming.txt", "Department of Agriculture"),
    ("news_warming.txt", "Heald"),
    ("news_warming.txt", "the scientists"),
];

#[test]
fn every_source_offered_on_wikinews_has_been_read() {
    let config = Config::only(&[RuleId::UnattributedClaim]);
    let mut offered = std::collections::BTreeSet::new();
    for (name, text) in corpus() {
        for finding in copydesk::lint(&text, Kind::Plain, &config) {
            for fix in &finding.fixes {
                if let Some(source) = fix.title.strip_prefix("Attribute to ") {
                    if !source.contains("placeholder") {
                        offered.insert((name.clone(), source.to_string()));
                    }
                }
            }
        }
    }
    let read: std::collections::BTreeSet<(String, String)> = OFFERED
        .iter()
        .map(|(story, source)| (story.to_string(), source.to_string()))
        .collect();
    assert_eq!(offered, read);
}
