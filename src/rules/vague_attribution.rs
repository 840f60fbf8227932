//! `vague-attribution`: weasel words and anonymous sources.

use super::{RuleId, RuleInfo};
use crate::config::Config;
use crate::document::{Document, SourceKind, Voice};
use crate::finding::{Finding, Severity};
use crate::lexicon;
use crate::span::Span;
use aho_corasick::{AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::sync::OnceLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "vague-attribution",
    severity: Severity::Warning,
    summary: "\"critics say\", \"it is believed\", \"reportedly\" with no source, \"sources said\" with no description",
    doc: DOC,
};

const DOC: &str = r#"# vague-attribution (warning)

## What it flags
Attributions to nobody in particular, from `data/vague-attributions.toml`: "critics say",
"some argue", "many believe", "it is believed", "it is said", "experts agree",
"reportedly" or "allegedly" in a sentence that names no source, "sources said" with no
description. An anonymous source the copy describes ("a senior official who was not
authorized to speak publicly") is information: the reader deserves to know why
anonymity was granted.

Inside a direct quotation these are the speaker's words and are not flagged.

## Why an editor cares
A vague attribution lends a claim authority without anyone standing behind it.

## Example
```text flags
Critics say the policy failed.
```

## Use instead
```text clean
The policy failed, said Maria Lopez, who chairs the council's budget committee.
```

## Fix
Name the source, or describe them precisely enough that a reader can judge their standing.
There is no automatic fix.

## Config
Add phrases with `vague = [...]` in the project's copydesk.toml.
"#;

struct Matcher {
    described_anonymous: Regex,
}

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher {
        described_anonymous: Regex::new(
            r"(?i)(?-u:\b)(?:officials?|sources?|persons?|people|diplomats?|aides?)(?-u:\b)[^.;]{0,80}?(?-u:\b)(?:not authori[sz]ed to|on condition of anonymity|declined to be named|asked not to be (?:named|identified)|requested anonymity|familiar with)",
        )
        .expect("a valid pattern"),
    })
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

pub(super) fn check(document: &Document, config: &Config, out: &mut Vec<Finding>) {
    let lexicon = lexicon::get();
    let matcher = matcher();
    let text = document.text;
    // The project's own phrases (`[terms] vague = [...]`): a few, so built per check.
    let extra = (!config.extra_vague.is_empty())
        .then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&config.extra_vague)
                .ok()
        })
        .flatten();
    for paragraph in &document.paragraphs {
        for segment in document.paragraph_segments(paragraph) {
            let slice = segment.slice(text);
            for found in extra.iter().flat_map(|extra| extra.find_iter(slice)) {
                let start = segment.start + found.start();
                let end = segment.start + found.end();
                if !is_word_boundary(text, start, end) || document.voice_at(start) == Voice::Quoted
                {
                    continue;
                }
                out.push(Finding::new(
                    RuleId::VagueAttribution,
                    Span::new(start, end),
                    format!(
                        "\"{}\" attributes this to nobody in particular (a phrase in the \
                         project's vague list); name the source",
                        &text[start..end]
                    ),
                ));
            }
        }
    }
    // The built-in phrases come from the voice analysis, which scans for them with its cues.
    let voice = document.voice();
    for &(entry, span) in &voice.vague {
        let (start, end) = (span.start, span.end);
        if !document.in_prose(start) || document.voice_at(start) == Voice::Quoted {
            continue;
        }
        let entry = &lexicon.vague_phrases[entry];
        if !entry.phrase.contains(' ') && names_a_source(document, start) {
            continue;
        }
        out.push(Finding {
            severity: entry.severity,
            ..Finding::new(
                RuleId::VagueAttribution,
                span,
                format!(
                    "\"{}\" attributes this to nobody in particular. {}",
                    &text[start..end],
                    entry.note
                ),
            )
        });
    }
    // A described anonymous source: only sentences holding an anonymity phrase are searched.
    let mut last_sentence = None;
    for &trigger in &voice.anonymity {
        let Some(sentence) = document.sentence_at(trigger) else {
            continue;
        };
        if last_sentence == Some(sentence) || !document.in_prose(trigger) {
            continue;
        }
        last_sentence = Some(sentence);
        let span = document.sentences[sentence].span;
        for found in matcher.described_anonymous.find_iter(span.slice(text)) {
            let start = span.start + found.start();
            if document.voice_at(start) == Voice::Quoted {
                continue;
            }
            out.push(Finding {
                severity: Severity::Info,
                ..Finding::new(
                    RuleId::VagueAttribution,
                    Span::new(start, span.start + found.end()),
                    "an anonymous source: tell the reader why anonymity was granted",
                )
            });
        }
    }
}

/// "reportedly" is no weasel in a sentence that names its source ("they claimed").
fn names_a_source(document: &Document, offset: usize) -> bool {
    document.sentence_at(offset).is_some_and(|sentence| {
        document
            .voice()
            .of_sentence(sentence)
            .iter()
            .any(|attribution| {
                let source = &document.voice().sources[attribution.source];
                source.kind != SourceKind::Group || source.mentions.len() > 1
            })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_flags};
    use super::RuleId::VagueAttribution as RULE;

    #[test]
    fn weasel_words_are_flagged() {
        assert_flags(RULE, "Critics say the policy failed.", 1);
        assert_flags(RULE, "It is believed that the talks collapsed.", 1);
        assert_flags(RULE, "The minister reportedly resigned.", 1);
    }

    #[test]
    fn named_sources_and_quotations_are_clean() {
        assert_clean(RULE, "The policy failed, officials said.");
        assert_clean(RULE, "\"Critics say the policy failed,\" Kim said.");
        assert_clean(RULE, "The minister reportedly resigned, Reuters said.");
    }

    #[test]
    fn the_projects_own_vague_phrases_are_flagged() {
        let config = crate::Config {
            extra_vague: vec!["insiders say".to_string()],
            ..crate::Config::default()
        };
        let text = "Insiders say the deal is done.";
        let document = crate::Document::parse(text, crate::Kind::Plain);
        let mut out = Vec::new();
        super::check(&document, &config, &mut out);
        assert_eq!(out.len(), 1);
        assert_clean(RULE, text);
    }

    #[test]
    fn described_anonymous_sources_are_information() {
        let found = assert_flags(
            RULE,
            "The talks stalled, said a senior official who was not authorized to speak publicly.",
            1,
        );
        assert_eq!(found[0].severity, crate::Severity::Info);
    }
}
