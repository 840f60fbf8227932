//! The word lists the engine reads, compiled in from `data/` and parsed once.

use crate::span::Span;
use aho_corasick::PatternID;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the keys are short words, for which SipHash's setup dominates a lookup.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// For maps keyed by short words.
pub(crate) type FnvBuildHasher = BuildHasherDefault<Fnv>;
type WordSet = HashSet<String, FnvBuildHasher>;
type WordMap<V> = HashMap<String, V, FnvBuildHasher>;
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
    #[allow(dead_code)]
    verb: String,
    forms: Vec<String>,
    #[serde(default)]
    takes_as: bool,
    #[allow(dead_code)]
    source: String,
}

/// Built-in vocabulary: reporting verbs and the other closed word classes the engine needs.
pub struct Lexicon {
    reporting_forms: WordSet,
    /// The first words of the forms of more than one word ("pointed" of "pointed out",
    /// "hit" of "hit out at") that are no form on their own, each with the words that must
    /// follow it.
    phrase_heads: WordMap<Vec<Vec<String>>>,
    /// A bit for each head's [`head_bit`], so that most words skip the map.
    phrase_head_bits: u64,
    described_as_forms: WordSet,
    source_nouns: WordSet,
    institutions: WordSet,
    org_words: WordSet,
    titles: WordSet,
    bridges: WordSet,
    pub colored_verbs: Vec<ColoredVerb>,
    /// Each colored verb's index in `colored_verbs`, by its form in ASCII lowercase: a
    /// lookup per attribution instead of a scan of the list.
    colored_forms: WordMap<usize>,
    pub vague_phrases: Vec<VaguePhrase>,
    voice_words: crate::whole_words::WholeWords,
    voice_owners: Vec<VoiceWord>,
}

/// What a word or phrase of the voice automaton stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoiceWord {
    /// A word that can start an attribution cue: a verb of saying, "according", "citing".
    Cue,
    /// A vague attribution, by index into `vague_phrases`.
    Vague(usize),
    /// A phrase that marks a described anonymous source ("on condition of anonymity").
    Anonymity,
    /// A phrase of a built-in word list, so the framing rules need no scan of their own.
    List(crate::wordlists::List, usize),
}

/// Phrases that show the copy describes an anonymous source.
const ANONYMITY_TRIGGERS: [&str; 9] = [
    "not authorized to",
    "not authorised to",
    "condition of anonymity",
    "declined to be named",
    "asked not to be named",
    "asked not to be identified",
    "requested anonymity",
    "familiar with",
    "spoke anonymously",
];

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

fn set(words: Vec<String>) -> WordSet {
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
        let mut reporting_forms = WordSet::default();
        let mut described_as_forms = WordSet::default();
        for entry in &file.entry {
            for form in &entry.forms {
                reporting_forms.insert(form.to_lowercase());
                if entry.takes_as {
                    described_as_forms.insert(form.to_lowercase());
                }
            }
        }
        for verb in &colored.entry {
            // A colored verb of saying still attributes what follows it.
            for word in verb.form.split_whitespace().take(1) {
                reporting_forms.insert(word.to_lowercase());
            }
        }
        let mut phrase_heads: WordMap<Vec<Vec<String>>> = WordMap::default();
        let all_forms = file
            .entry
            .iter()
            .flat_map(|entry| entry.forms.iter())
            .chain(colored.entry.iter().map(|verb| &verb.form));
        for form in all_forms.clone() {
            let mut words = form.split_whitespace().map(str::to_lowercase);
            if let (Some(head), rest) = (words.next(), words.collect::<Vec<_>>()) {
                if !rest.is_empty() {
                    phrase_heads.entry(head).or_default().push(rest);
                }
            }
        }
        for form in all_forms.filter(|form| !form.contains(char::is_whitespace)) {
            phrase_heads.remove(&form.to_lowercase());
        }
        let phrase_head_bits = phrase_heads
            .keys()
            .fold(0, |bits, head| bits | 1 << head_bit(head));
        // One automaton for everything the voice analysis looks for, so the text is
        // scanned once: cue words, vague phrases and anonymity phrases.
        let mut cue_patterns: Vec<String> = reporting_forms.iter().cloned().collect();
        cue_patterns.extend(CUE_WORDS.iter().map(|word| word.to_string()));
        cue_patterns.sort();
        cue_patterns.dedup();
        let mut patterns: Vec<String> = Vec::new();
        let mut voice_owners = Vec::new();
        for pattern in cue_patterns {
            patterns.push(pattern);
            voice_owners.push(VoiceWord::Cue);
        }
        for (index, phrase) in vague.entry.iter().enumerate() {
            patterns.push(phrase.phrase.to_lowercase());
            voice_owners.push(VoiceWord::Vague(index));
        }
        for phrase in ANONYMITY_TRIGGERS {
            patterns.push(phrase.to_string());
            voice_owners.push(VoiceWord::Anonymity);
        }
        let lists = crate::wordlists::builtin();
        let mut list_phrase = |phrase: &str, owner: VoiceWord| {
            let normalized = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            if !normalized.is_empty() {
                patterns.push(normalized);
                voice_owners.push(owner);
            }
        };
        use crate::wordlists::List;
        for (index, entry) in lists.loaded.iter().enumerate() {
            for form in &entry.forms {
                list_phrase(form, VoiceWord::List(List::Loaded, index));
            }
        }
        for (index, entry) in lists.house.iter().enumerate() {
            list_phrase(&entry.wrong, VoiceWord::List(List::House, index));
        }
        for (index, entry) in lists.relative.iter().enumerate() {
            list_phrase(&entry.phrase, VoiceWord::List(List::Relative, index));
        }
        let voice_words = crate::whole_words::WholeWords::new(&patterns)
            .expect("the voice words build an automaton");
        Lexicon {
            voice_words,
            voice_owners,
            reporting_forms,
            phrase_heads,
            phrase_head_bits,
            described_as_forms,
            source_nouns: set(cues.source_nouns),
            institutions: set(cues.institutions),
            org_words: set(cues.org_words),
            titles: set(cues.titles),
            bridges: set(cues.bridges),
            colored_forms: colored_forms(&colored.entry),
            colored_verbs: colored.entry,
            vague_phrases: vague.entry,
        }
    }

    /// Every cue word, vague phrase, anonymity phrase and built-in word-list term in
    /// `region` of `text`, as whole words, leftmost-longest, appended to `found` in text
    /// order: one scan of the text serves the voice analysis and the framing rules.
    /// `matches` is scratch space, kept by the caller across regions.
    pub fn voice_words_in(
        &self,
        text: &str,
        region: Span,
        matches: &mut Vec<(Span, PatternID)>,
        found: &mut Vec<(Span, VoiceWord)>,
    ) {
        matches.clear();
        self.voice_words.find(text, region, matches);
        found.extend(
            matches
                .iter()
                .map(|&(span, pattern)| (span, self.voice_owners[pattern.as_usize()])),
        );
    }

    /// "said", "Says", "reported", "emphasized": a form of a verb of saying.
    pub fn is_reporting_form(&self, word: &str) -> bool {
        lookup(&self.reporting_forms, word)
    }

    /// Whether a form of a verb of saying starts at `words[i]`: a form of one word ("said"),
    /// or the first word of a longer one followed by the rest of it ("pointed out", "hit
    /// out at"). "She pointed to the table" and "Russia hit Kyiv" hold none.
    pub fn reporting_form_at(&self, words: &[crate::text::Word], i: usize) -> bool {
        let word = words[i].text;
        if !self.is_reporting_form(word) {
            return false;
        }
        if self.phrase_head_bits & 1 << head_bit(word) == 0 {
            return true;
        }
        with_ascii_lowercase(word, |lower| match self.phrase_heads.get(lower) {
            None => true,
            Some(rests) => rests.iter().any(|rest| {
                rest.iter().enumerate().all(|(k, expected)| {
                    words
                        .get(i + 1 + k)
                        .is_some_and(|next| next.text.eq_ignore_ascii_case(expected))
                })
            }),
        })
    }

    /// "described", "calls": a verb that attributes through "X as Y".
    pub fn takes_as(&self, word: &str) -> bool {
        lookup(&self.described_as_forms, word)
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

    /// The colored verb whose form is `form`, ignoring ASCII case.
    pub fn colored_verb(&self, form: &str) -> Option<&ColoredVerb> {
        let index = with_ascii_lowercase(form, |lower| self.colored_forms.get(lower).copied())?;
        self.colored_verbs.get(index)
    }

    pub fn is_subject_pronoun(&self, word: &str) -> bool {
        SUBJECT_PRONOUNS
            .iter()
            .any(|pronoun| pronoun.eq_ignore_ascii_case(word))
    }
}

/// A word's bit in [`Lexicon::reporting_form_at`]'s filter: its length and its first and
/// last letters, ASCII case ignored.
fn head_bit(word: &str) -> u32 {
    let bytes = word.as_bytes();
    let (first, last) = match bytes {
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
        [] => (0, 0),
    };
    // The length taken modulo 64 first, so that no word is too long to hash.
    ((bytes.len() % 64) as u32 * 31
        + u32::from(first.to_ascii_lowercase()) * 7
        + u32::from(last.to_ascii_lowercase()))
        % 64
}

/// The colored verbs' indices by form; the first entry of a form wins, as a scan would.
fn colored_forms(verbs: &[ColoredVerb]) -> WordMap<usize> {
    let mut forms = WordMap::default();
    for (index, verb) in verbs.iter().enumerate() {
        forms.entry(verb.form.to_ascii_lowercase()).or_insert(index);
    }
    forms
}

/// `f` of `word` in ASCII lowercase, made on the stack when the word is short.
fn with_ascii_lowercase<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(word);
    }
    let mut buffer = [0u8; 32];
    if word.len() <= buffer.len() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_ascii_lowercase())
}

fn lookup(set: &WordSet, word: &str) -> bool {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return set.contains(word);
    }
    // Lowercase a short ASCII word on the stack; anything else the slow way.
    let mut buffer = [0u8; 32];
    if word.len() <= buffer.len() && word.is_ascii() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|lower| set.contains(lower));
    }
    set.contains(&word.to_lowercase())
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
