//! `unattributed-claim`: a sentence in the writer's own voice that asserts what a reader
//! cannot take on the writer's word, with no source.

use super::add_attribution::{self, PLACEHOLDER};
use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{CueKind, Document, Role, Voice};
use crate::finding::{Finding, Severity};
use crate::span::Span;
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "unattributed-claim",
    severity: Severity::Warning,
    summary: "a figure, trend, superlative, cause, accusation, prediction or judgement in the writer's voice with no source",
    doc: DOC,
};

const DOC: &str = r#"# unattributed-claim (warning)

## What it flags
A sentence in the writer's own voice that asserts what a reader cannot take on the
writer's word, and names no source: a figure or statistic, a change or trend, a
superlative, a cause or blame, an accusation, a prediction, or a judgement. The message
says which.

Not flagged: sentences that carry their source ("Moscow said …", "… according to KCNA",
"Kim has described …", "He pledged …" after Kim is named), direct quotations, interview
answers, plain observations and scene-setting ("The meeting began at 10 a.m."), dated
facts of record, questions, and story furniture (headlines, datelines, bylines, captions).
The placeholder `[source]` left by the add-attribution fix is flagged until it is replaced.

## Why an editor cares
An unsourced claim makes the writer the source. If it is wrong, the publication owns it.

## Example
```text flags
Moscow and Pyongyang have further enhanced ties since the start of the war in Ukraine last year.
```

## Use instead
```text clean
Moscow and Pyongyang have further enhanced ties since the start of the war, Kim said.
```

```text clean
The meeting began at 10 a.m.
```

## Fix
"Attribute to NAME" for up to three sources the story already names, nearest first, which
inserts ", NAME said" where the sentence's own words end; and a placeholder, ", according
to [source]". None is applied automatically: the writer must choose and verify the source.

## Config
`[rules] unattributed-claim = "off"` in an opinion section, through `[[overrides]]`.
"#;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalFile {
    signal: Vec<SignalEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalEntry {
    #[allow(dead_code)]
    kind: String,
    reason: String,
    patterns: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

struct Signal {
    reason: String,
    pattern: Regex,
}

/// The signals, and one regex that finds any of them: a sentence is searched once, and
/// only a match is asked which signal it is.
struct Signals {
    each: Vec<Signal>,
    any: Regex,
}

/// ASCII word boundaries keep a regex on its fast DFA path over non-ASCII copy.
fn whole_words(patterns: &[String]) -> String {
    format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", patterns.join("|"))
}

fn signals() -> &'static Signals {
    static SIGNALS: OnceLock<Signals> = OnceLock::new();
    SIGNALS.get_or_init(|| {
        let file: SignalFile = toml::from_str(include_str!("../../data/claim-signals.toml"))
            .unwrap_or_else(|error| panic!("data/claim-signals.toml is invalid: {error}"));
        let compile = |source: String| {
            Regex::new(&source).unwrap_or_else(|error| panic!("data/claim-signals.toml: {error}"))
        };
        let all: Vec<String> = file
            .signal
            .iter()
            .flat_map(|entry| entry.patterns.iter().cloned())
            .collect();
        Signals {
            any: compile(whole_words(&all)),
            each: file
                .signal
                .into_iter()
                .map(|entry| Signal {
                    pattern: compile(whole_words(&entry.patterns)),
                    reason: entry.reason,
                })
                .collect(),
        }
    })
}

/// A pull quote repeats a source's quoted words outside quotation marks, credited on a line
/// of its own ("… Charles Bolden, NASA Administrator"): the words are the source's, not
/// the writer's. Only sentences that hold a claim signal are looked up, and `budget` (bytes
/// of quotation left to search) keeps a text of many claims and long quotations linear:
/// once it is spent, a claim is reported as it stands.
fn repeats_a_quotation(document: &Document, sentence: &str, budget: &mut usize) -> bool {
    let words = sentence.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
    // A short sentence could match quoted words by chance.
    const MIN_REPEATED: usize = 40;
    if words.len() < MIN_REPEATED {
        return false;
    }
    // Found by its first byte, and compared: a searcher's setup would cost more than the
    // few quotations a story holds. Each byte read is charged to the budget.
    let needle = words.as_bytes();
    document.quotes.quotations.iter().any(|quotation| {
        let inner = quotation.inner();
        if inner.len() < needle.len() || inner.len() > *budget {
            return false;
        }
        *budget -= inner.len();
        let haystack = inner.slice(document.text).as_bytes();
        memchr::memchr_iter(needle[0], haystack).any(|at| {
            *budget = budget.saturating_sub(needle.len());
            *budget > 0 && haystack[at..].starts_with(needle)
        })
    })
}

pub(super) fn check(document: &Document, _config: &Config, out: &mut Vec<Finding>) {
    let signals = signals();
    let mut pull_quote_budget = 8 * document.text.len();
    for (index, sentence) in document.sentences.iter().enumerate() {
        let paragraph = &document.paragraphs[sentence.paragraph];
        let in_conversation = document
            .voice()
            .interview_from
            .is_some_and(|first| sentence.paragraph >= first);
        if !matches!(paragraph.role, Role::Body | Role::Item)
            || document.in_description(sentence.span.start)
            || document.voice().answers[sentence.paragraph]
            || in_conversation
        {
            continue;
        }
        let attributed = document
            .voice()
            .of_sentence(index)
            .iter()
            .any(|attribution| attribution.kind != CueKind::WhatXCalls);
        if attributed {
            continue;
        }
        let text = sentence.span.slice(document.text).trim_end();
        if text.ends_with('?') || text.trim_end_matches(['"', '”', '’']).ends_with('?') {
            continue;
        }
        let signal = signals
            .any
            .find_iter(text)
            .find(|found| {
                let at = sentence.span.start + found.start();
                // An image's description inside the sentence is a caption's words.
                document.voice_at(at) == Voice::Writer && !document.in_description(at)
            })
            .and_then(|found| {
                signals
                    .each
                    .iter()
                    .find(|signal| signal.pattern.is_match(found.as_str()))
                    .map(|signal| (signal, found.start()))
            });
        let Some((signal, _)) = signal else {
            continue;
        };
        if repeats_a_quotation(document, text, &mut pull_quote_budget) {
            continue;
        }
        let span = Span::new(sentence.span.start, sentence.span.start + text.len());
        let mut finding = Finding::new(
            RuleId::UnattributedClaim,
            span,
            format!(
                "this sentence states {} in the writer's own voice with no source; say who says so",
                signal.reason
            ),
        );
        finding.fixes = add_attribution::fixes(document, span);
        out.push(finding);
    }
    // Built once: a finder's setup costs more than its search of a story.
    static PLACEHOLDERS: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let placeholders =
        PLACEHOLDERS.get_or_init(|| memchr::memmem::Finder::new(PLACEHOLDER.as_bytes()));
    for at in placeholders.find_iter(document.text.as_bytes()) {
        out.push(Finding::new(
            RuleId::UnattributedClaim,
            Span::new(at, at + PLACEHOLDER.len()),
            "replace the placeholder [source] with the real source before this goes to print",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::UnattributedClaim as RULE;

    #[test]
    fn each_claim_signal_in_the_writers_voice_is_flagged() {
        for (text, reason) in [
            ("Unemployment rose to 7.5 percent in March.", "figure"),
            ("The deal is worth $4 billion.", "figure"),
            (
                "Ties have further enhanced since the war.",
                "change or trend",
            ),
            (
                "It is the largest protest in the country's history.",
                "superlative",
            ),
            ("The crash was caused by a faulty valve.", "cause"),
            ("The minister lied to parliament.", "accusation"),
            ("Prices are expected to climb next year.", "prediction"),
            ("The controversial plan passed.", "judgement"),
        ] {
            let found = assert_flags(RULE, text, 1);
            assert!(
                found[0].message.contains(reason),
                "{text}: {}",
                found[0].message
            );
        }
    }

    #[test]
    fn attributed_sentences_are_not_flagged() {
        assert_clean(
            RULE,
            "Unemployment rose to 7.5 percent in March, officials said.",
        );
        assert_clean(RULE, "\"Prices will climb,\" the minister said.");
        assert_clean(RULE, "The minister said: \"Prices are expected to climb.\"");
        assert_clean(
            RULE,
            "According to the ministry, unemployment rose to 7.5 percent.",
        );
        assert_clean(RULE, "The plan failed, the mayor told reporters.");
        assert_clean(
            RULE,
            "Kim spoke on Tuesday. He said the ties have deepened since 2022.",
        );
        assert_clean(RULE, "The policy failed, officials said.");
    }

    #[test]
    fn plain_observations_are_not_flagged() {
        assert_clean(RULE, "The meeting began at 10 a.m.");
        assert_clean(RULE, "Russia began what it calls a special military operation in Ukraine on February 24, 2022.");
        assert_clean(RULE, "Is it the largest protest ever?");
    }

    #[test]
    fn each_add_attribution_fix_removes_the_finding() {
        let text = "Kim met Putin, Kim said. Ties have further enhanced since the war.";
        let found = assert_flags(RULE, text, 1);
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles[0], "Attribute to Kim");
        assert!(found[0].fixes.iter().all(|fix| !fix.preferred));
        for fix in &found[0].fixes {
            let fixed = fix.apply(text);
            let remaining = super::super::testing::findings(RULE, &fixed, crate::Kind::Plain);
            assert!(
                remaining
                    .iter()
                    .all(|f| !f.message.contains("writer's own voice")),
                "{}: {fixed}",
                fix.title
            );
        }
    }

    #[test]
    fn a_pull_quote_repeating_a_quotation_is_the_sources_words() {
        // news_nasa.txt: the administrator's words, quoted, then set apart as a pull quote.
        let words = "In the end, these choices provide the greatest number of people with \
                     the best opportunity to share in the history of the program.";
        let quoted =
            format!("\"{words}\" said Bolden.\n\n{words} Charles Bolden, NASA Administrator\n");
        let found = super::super::testing::findings(RULE, &quoted, crate::Kind::Plain);
        assert!(found.is_empty(), "{found:#?}");
        // The same sentence with no quotation to repeat is the writer's claim.
        let alone = format!("Bolden spoke.\n\n{words} The museum opens in May.\n");
        assert_flags(RULE, &alone, 1);
    }

    #[test]
    fn the_placeholder_is_flagged_until_replaced() {
        assert_flags(
            RULE,
            "Ties have further enhanced since the war, according to [source].",
            1,
        );
    }
}
