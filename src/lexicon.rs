//! The word lists the engine reads, compiled in from `data/` and parsed once.

use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

const REPORTING_VERBS: &str = include_str!("../data/reporting-verbs.toml");
const ATTRIBUTION_CUES: &str = include_str!("../data/attribution-cues.toml");
const ATTRIBUTION_VERBS: &str = include_str!("../data/attribution-verbs.toml");
const VAGUE_ATTRIBUTIONS: &str = include_str!("../data/vague-attributions.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributionCues {
    #[allow(dead_code)]
    source: String,
    source_nouns: Vec<String>,
    institutions: Vec<String>,
    org_words: Vec<String>,
    titles: Vec<String>,
    bridges: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColoredVerbFile {
    entry: Vec<ColoredVerb>,
}

/// A colored verb of saying and its neutral replacement ("claimed" → "said").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColoredVerb {
    pub form: String,
    pub replacement: String,
    pub connotation: String,
    pub source: String,
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VagueFile {
    entry: Vec<VaguePhrase>,
}

/// A phrase that attributes to nobody in particular ("critics say", "reportedly").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaguePhrase {
    pub phrase: String,
    pub kind: String,
    pub severity: crate::finding::Severity,
    pub source: String,
    pub note: String,
}

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
    source_nouns: HashSet<String>,
    institutions: HashSet<String>,
    org_words: HashSet<String>,
    titles: HashSet<String>,
    bridges: HashSet<String>,
    pub colored_verbs: Vec<ColoredVerb>,
    pub vague_phrases: Vec<VaguePhrase>,
    cue_words: aho_corasick::AhoCorasick,
}

/// Words that can start an attribution cue besides the verbs of saying.
const CUE_WORDS: [&str; 12] = [
    "according",
    "citing",
    "put",
    "calls",
    "called",
    "terms",
    "termed",
    "dubs",
    "dubbed",
    "describes",
    "described",
    "quoted",
];

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|error| panic!("data/{name} is invalid: {error}"))
}

fn set(words: Vec<String>) -> HashSet<String> {
    words.into_iter().collect()
}

pub fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

const SUBJECT_PRONOUNS: [&str; 6] = ["he", "she", "they", "it", "we", "i"];

impl Lexicon {
    fn load() -> Lexicon {
        let file: ReportingVerbFile = parse("reporting-verbs.toml", REPORTING_VERBS);
        let cues: AttributionCues = parse("attribution-cues.toml", ATTRIBUTION_CUES);
        let colored: ColoredVerbFile = parse("attribution-verbs.toml", ATTRIBUTION_VERBS);
        let vague: VagueFile = parse("vague-attributions.toml", VAGUE_ATTRIBUTIONS);
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
        for verb in &colored.entry {
            // A colored verb of saying still attributes what follows it.
            for word in verb.form.split_whitespace().take(1) {
                reporting_forms.insert(word.to_lowercase());
            }
        }
        let mut patterns: Vec<String> = reporting_forms.iter().cloned().collect();
        patterns.extend(CUE_WORDS.iter().map(|word| word.to_string()));
        patterns.sort();
        patterns.dedup();
        let cue_words = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the cue words build an automaton");
        Lexicon {
            cue_words,
            reporting_forms,
            described_as_forms,
            reporting_lemmas,
            source_nouns: set(cues.source_nouns),
            institutions: set(cues.institutions),
            org_words: set(cues.org_words),
            titles: set(cues.titles),
            bridges: set(cues.bridges),
            colored_verbs: colored.entry,
            vague_phrases: vague.entry,
        }
    }

    /// An automaton over every word that can start an attribution cue.
    pub fn cue_words(&self) -> &aho_corasick::AhoCorasick {
        &self.cue_words
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

    /// "officials", "the ministry", "police": a common noun that can be a source.
    pub fn is_source_noun(&self, word: &str) -> bool {
        lookup(&self.source_nouns, word)
    }

    /// "Moscow", "Kremlin": a capital or institution standing for a government.
    pub fn is_institution(&self, word: &str) -> bool {
        self.institutions.contains(word)
    }

    /// "Agency", "Ministry": a word that makes a name an organisation's.
    pub fn is_org_word(&self, word: &str) -> bool {
        self.org_words.contains(word)
    }

    /// "President", "Gen": a title before a name, not part of it.
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(word.trim_end_matches('.'))
    }

    /// "has", "further": a word that may stand between a source and its verb.
    pub fn is_bridge(&self, word: &str) -> bool {
        lookup(&self.bridges, word) || (word.len() > 4 && word.ends_with("ly"))
    }

    pub fn colored_verb(&self, form: &str) -> Option<&ColoredVerb> {
        self.colored_verbs
            .iter()
            .find(|verb| verb.form.eq_ignore_ascii_case(form))
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
