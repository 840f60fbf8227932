//! The word lists the engine reads, compiled in from `data/` and parsed once.

use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

const REPORTING_VERBS: &str = include_str!("../data/reporting-verbs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportingVerbFile {
    entry: Vec<ReportingVerb>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportingVerb {
    verb: String,
    forms: Vec<String>,
    #[serde(default)]
    takes_as: bool,
    #[allow(dead_code)]
    source: String,
}

/// Built-in vocabulary: reporting verbs and the other closed word classes the engine needs.
pub struct Lexicon {
    reporting_forms: HashSet<String>,
    described_as_forms: HashSet<String>,
    reporting_lemmas: Vec<String>,
}

pub fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

const SUBJECT_PRONOUNS: [&str; 6] = ["he", "she", "they", "it", "we", "i"];

impl Lexicon {
    fn load() -> Lexicon {
        let file: ReportingVerbFile = toml::from_str(REPORTING_VERBS)
            .unwrap_or_else(|error| panic!("data/reporting-verbs.toml is invalid: {error}"));
        let mut reporting_forms = HashSet::new();
        let mut described_as_forms = HashSet::new();
        let mut reporting_lemmas = Vec::new();
        for entry in file.entry {
            for form in &entry.forms {
                reporting_forms.insert(form.to_lowercase());
                if entry.takes_as {
                    described_as_forms.insert(form.to_lowercase());
                }
            }
            reporting_lemmas.push(entry.verb);
        }
        Lexicon {
            reporting_forms,
            described_as_forms,
            reporting_lemmas,
        }
    }

    /// "said", "Says", "reported", "emphasized": a form of a verb of saying.
    pub fn is_reporting_form(&self, word: &str) -> bool {
        lookup(&self.reporting_forms, word)
    }

    /// "described", "calls": a verb that attributes through "X as Y".
    pub fn takes_as(&self, word: &str) -> bool {
        lookup(&self.described_as_forms, word)
    }

    pub fn reporting_lemmas(&self) -> &[String] {
        &self.reporting_lemmas
    }

    pub fn is_subject_pronoun(&self, word: &str) -> bool {
        SUBJECT_PRONOUNS
            .iter()
            .any(|pronoun| pronoun.eq_ignore_ascii_case(word))
    }
}

fn lookup(set: &HashSet<String>, word: &str) -> bool {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        set.contains(&word.to_lowercase())
    } else {
        set.contains(word)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_lists_parse() {
        let lexicon = super::get();
        assert!(lexicon.is_reporting_form("said"));
        assert!(lexicon.is_reporting_form("Said"));
        assert!(!lexicon.is_reporting_form("bread"));
    }
}
