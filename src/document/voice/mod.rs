//! Whose words each byte of prose is: a direct quotation, the writer's paraphrase of a
//! named source, or the writer's own voice.
//!
//! The analysis finds attribution cues in each sentence (a verb of saying with its source
//! before or after it, "according to", "citing", "what X calls", "as X put it"), resolves
//! pronouns to the source last named, gives each quotation its speaker, and recognises
//! interview transcripts, whose answers are the interviewee's words.

mod dates;
mod interview;
mod speakers;

use super::Document;
use crate::lexicon::{self, Lexicon, VoiceWord};
use crate::span::Span;
use crate::text::{words, Word};
use dates::{date_ending_at, date_words};
use interview::interview_answers;
use speakers::speakers;

/// Whose words stand at a place in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Voice {
    /// Inside a direct quotation: the source's own words.
    Quoted,
    /// A sentence of the writer's that carries its source ("Moscow said …").
    Attributed,
    /// Everything else, scare quotes included.
    Writer,
}

/// What a source is, which decides the pronouns that can carry it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Person,
    /// An organisation, or a capital standing for a government ("Moscow", "KCNA").
    Institution,
    /// A described group or role: "officials", "the ministry", "police".
    Group,
    /// A pronoun with no named source before it.
    Unresolved,
}

/// Someone the story quotes or paraphrases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The fullest form the story uses: "Vladimir Putin", "Korean Central News Agency (KCNA)".
    pub name: String,
    /// The form to attribute with: "Putin", "KCNA", "officials".
    pub short: String,
    pub kind: SourceKind,
    /// Where the story names the source (pronouns included).
    pub mentions: Vec<Span>,
}

/// How a sentence carries its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// A verb of saying: "said", "has described … as", "was quoted as saying".
    Verb,
    /// "according to X"
    AccordingTo,
    /// "citing X"
    Citing,
    /// "what X calls Y": only Y is the source's.
    WhatXCalls,
    /// "as X put it"
    AsXPutIt,
}

/// One attribution: the cue, its source and the words it attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    pub sentence: usize,
    pub kind: CueKind,
    /// The cue's words: "said", "according to", "calls".
    pub cue: Span,
    /// Index into `VoiceAnalysis::sources`.
    pub source: usize,
    /// Where the source is named in this sentence.
    pub source_span: Span,
    /// The attributed words: the sentence, or for "what X calls" the term.
    pub content: Span,
}

/// The voice analysis of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoiceAnalysis {
    pub sources: Vec<Source>,
    /// In text order.
    pub attributions: Vec<Attribution>,
    /// The speaker of each quotation, by index into `QuoteAnalysis::quotations`.
    pub speakers: Vec<Option<usize>>,
    /// Per paragraph: an interviewee's answer, whose words are theirs.
    pub answers: Vec<bool>,
    /// In an interview transcript, the paragraph where the questions start: from there on
    /// the copy is conversation, not the writer's reporting.
    pub interview_from: Option<usize>,
    /// Vague attributions found anywhere in the text, by index into the lexicon's
    /// `vague_phrases`, leftmost-longest (rules judge prose and voice).
    pub vague: Vec<(usize, Span)>,
    /// Where phrases that describe an anonymous source start ("on condition of anonymity").
    pub anonymity: Vec<usize>,
    /// Phrases of the built-in word lists in prose, found in the same scan.
    pub(crate) list_hits: Vec<crate::wordlists::Hit>,
    /// No prose segment has a line break or a run of spaces inside it, so no multiword
    /// phrase can hide across one: `list_hits` is then complete.
    pub(crate) plain_spacing: bool,
    /// Sorted content spans of the attributions, for `voice_at`.
    attributed: Vec<Span>,
}

impl VoiceAnalysis {
    /// The attributions of one sentence.
    pub fn of_sentence(&self, sentence: usize) -> &[Attribution] {
        let start = self
            .attributions
            .partition_point(|attribution| attribution.sentence < sentence);
        let end = self
            .attributions
            .partition_point(|attribution| attribution.sentence <= sentence);
        &self.attributions[start..end]
    }
}

/// A quotation of this many words or fewer with no speaker is a scare quote.
const SCARE_QUOTE_WORDS: usize = 4;

impl Document<'_> {
    /// The voice at byte `offset`.
    pub fn voice_at(&self, offset: usize) -> Voice {
        if let Some(paragraph) = self.paragraph_at(offset) {
            if self
                .voice()
                .answers
                .get(paragraph)
                .copied()
                .unwrap_or(false)
            {
                return Voice::Quoted;
            }
        }
        if let Some(index) = self.quotes.enclosing_index(offset) {
            let quotation = &self.quotes.quotations[index];
            if quotation.inner().contains(offset) {
                let has_speaker = self
                    .voice()
                    .speakers
                    .get(index)
                    .copied()
                    .flatten()
                    .is_some();
                if has_speaker
                    || words(self.text, quotation.inner())
                        .nth(SCARE_QUOTE_WORDS)
                        .is_some()
                {
                    return Voice::Quoted;
                }
            }
        }
        if crate::span::any_contains(&self.voice().attributed, offset) {
            return Voice::Attributed;
        }
        Voice::Writer
    }

    /// The speaker of the quotation enclosing `offset`, if it has one.
    pub fn speaker_at(&self, offset: usize) -> Option<&Source> {
        let index = self.quotes.enclosing_index(offset)?;
        let source = self.voice().speakers.get(index).copied().flatten()?;
        self.voice().sources.get(source)
    }
}

pub(crate) fn analyse(document: &Document) -> VoiceAnalysis {
    let (answers, interview_from) = interview_answers(document);
    let mut analysis = VoiceAnalysis {
        answers,
        interview_from,
        ..VoiceAnalysis::default()
    };
    let lexicon = lexicon::get();
    let mut resolver = Resolver::default();
    // Outermost quotations in text order, walked with a cursor as the sentences advance.
    let outer: Vec<Span> = document
        .quotes
        .quotations
        .iter()
        .filter(|quotation| quotation.depth == 0)
        .map(|quotation| quotation.inner())
        .collect();
    // Whole-word matches of the cue automaton, in text order: only sentences holding one
    // are tokenized.
    let text = document.text;
    analysis.plain_spacing = crate::wordlists::all_plain_spacing(text, &document.segments);
    // Room for the scan's matches at the rate news copy has them (one in some 140 bytes),
    // so that the lists are not copied again and again as they grow.
    let expected_matches = text.len() / 128 + 8;
    let mut candidates: Vec<usize> = Vec::with_capacity(expected_matches);
    let mut vague: Vec<(usize, Span)> = Vec::new();
    // Long quotations are the speaker's words whatever else is found: nothing in them is a
    // cue, a vague attribution or a word-list term to report, so they are not scanned.
    // (Short ones may be scare quotes, the writer's voice, and are.)
    let mut regions: Vec<Span> = Vec::new();
    let mut from = 0;
    for quotation in document.quotes.quotations.iter().filter(|q| q.depth == 0) {
        let inner = quotation.inner();
        if inner.start >= from && words(text, inner).nth(SCARE_QUOTE_WORDS).is_some() {
            regions.push(Span::new(from, inner.start));
            from = inner.end;
        }
    }
    regions.push(Span::new(from, text.len()));
    let mut found_words = Vec::with_capacity(expected_matches);
    let mut scratch = Vec::new();
    for region in regions {
        lexicon.voice_words_in(text, region, &mut scratch, &mut found_words);
    }
    // An image's description in the middle of a sentence is a caption's words, not the
    // sentence's: a cue there ("![Zelensky said](z.png)") attributes nothing around it.
    let in_aside = |at: usize| {
        document.in_description(at)
            && document
                .sentence_at(at)
                .is_some_and(|s| !document.in_description(document.sentences[s].span.start))
    };
    for (span, voice_word) in found_words {
        let start = span.start;
        match voice_word {
            VoiceWord::Cue => {
                if !in_aside(start) {
                    candidates.push(start);
                }
            }
            VoiceWord::Vague(entry) => {
                // "critics say" also holds the cue "say": every word of it is a candidate.
                if !in_aside(start) {
                    candidates.extend(words(text, span).map(|word| word.span.start));
                }
                vague.push((entry, span));
            }
            VoiceWord::Anonymity => analysis.anonymity.push(start),
            VoiceWord::List(list, entry) => {
                if crate::wordlists::on_word_boundaries(text, span) {
                    if let Some(paragraph) = document.paragraph_at(span.start) {
                        if document.in_prose(span.start) {
                            analysis.list_hits.push(crate::wordlists::Hit {
                                list,
                                entry,
                                span,
                                paragraph,
                            });
                        }
                    }
                }
            }
        }
    }
    candidates.dedup();
    // Of overlapping vague phrases, the leftmost and then longest.
    vague.sort_by_key(|(_, span)| (span.start, std::cmp::Reverse(span.end)));
    let mut taken_until = 0;
    for (entry, span) in vague {
        if span.start >= taken_until {
            taken_until = span.end;
            analysis.vague.push((entry, span));
        }
    }
    let mut cursor = 0;
    let mut next_candidate = 0;
    // A long sentence's words.
    let mut unquoted: Vec<Word> = Vec::with_capacity(64);
    let mut stretches: Vec<Span> = Vec::new();
    let mut found: Vec<Cue> = Vec::new();
    for (index, sentence) in document.sentences.iter().enumerate() {
        while candidates
            .get(next_candidate)
            .is_some_and(|&at| at < sentence.span.start)
        {
            next_candidate += 1;
        }
        let first_candidate = next_candidate;
        while candidates
            .get(next_candidate)
            .is_some_and(|&at| at < sentence.span.end)
        {
            next_candidate += 1;
        }
        let in_sentence = &candidates[first_candidate..next_candidate];
        if in_sentence.is_empty() {
            continue;
        }
        let paragraph = &document.paragraphs[sentence.paragraph];
        let skip_before = paragraph.dateline.map_or(0, |dateline| dateline.end);
        while outer
            .get(cursor)
            .is_some_and(|span| span.end <= sentence.span.start)
        {
            cursor += 1;
        }
        // Only the stretches between quotations are tokenized: quoted words are never cues.
        // Nor are the words beyond the reach of the sentence's last cue.
        unquoted.clear();
        let last_cue = in_sentence[in_sentence.len() - 1];
        let mut from = sentence.span.start.max(skip_before);
        stretches.clear();
        for quotation in outer[cursor..]
            .iter()
            .take_while(|quotation| quotation.start < sentence.span.end)
        {
            stretches.push(Span::new(from, quotation.start.max(from)));
            from = from.max(quotation.end);
        }
        stretches.push(Span::new(from.min(sentence.span.end), sentence.span.end));
        let mut past_last_cue = 0;
        'read: for &stretch in &stretches {
            for word in words(text, stretch) {
                unquoted.push(word);
                if word.span.start >= last_cue {
                    past_last_cue += 1;
                    if past_last_cue > CUE_REACH {
                        break 'read;
                    }
                }
            }
        }
        find_cues(text, &unquoted, in_sentence, lexicon, &mut found);
        for cue in found.drain(..) {
            for other in &cue.subject.others {
                let source = resolver.resolve(&mut analysis.sources, other);
                analysis.attributions.push(Attribution {
                    sentence: index,
                    kind: cue.kind,
                    cue: cue.cue,
                    source,
                    source_span: other.span,
                    content: cue.content.unwrap_or(sentence.span),
                });
            }
            let source = resolver.resolve(&mut analysis.sources, &cue.subject);
            let content = match cue.content {
                Some(content) => content,
                None => sentence.span,
            };
            analysis.attributions.push(Attribution {
                sentence: index,
                kind: cue.kind,
                cue: cue.cue,
                source,
                source_span: cue.subject.span,
                content,
            });
        }
    }
    analysis.speakers = speakers(document, &analysis);
    analysis.attributed = analysis
        .attributions
        .iter()
        .map(|attribution| attribution.content)
        .collect();
    analysis.attributed.sort();
    // Nested content spans (a "what X calls" inside an attributed sentence) merge.
    analysis.attributed.dedup_by(|next, previous| {
        if next.start < previous.end {
            previous.end = previous.end.max(next.end);
            true
        } else {
            false
        }
    });
    analysis
}

/// A source phrase as found in a sentence, before it is resolved to a `Source`.
#[derive(Clone, Debug)]
struct Subject {
    span: Span,
    /// The name without titles or determiners ("Kim Jong-un"), or the pronoun, or the
    /// group ("officials").
    name: String,
    kind: SourceKind,
    pronoun: Option<String>,
    /// "KCNA" for "Korean Central News Agency (KCNA)".
    acronym: Option<String>,
    /// The other named sources of a compound subject: Putin in "Putin and Kim have pledged".
    others: Vec<Subject>,
}

impl Subject {
    /// A pronoun to carry on the source named before it.
    fn pronoun(span: Span, pronoun: &str, others: Vec<Subject>) -> Subject {
        Subject {
            span,
            name: pronoun.to_lowercase(),
            kind: SourceKind::Unresolved,
            pronoun: Some(pronoun.to_lowercase()),
            acronym: None,
            others,
        }
    }
}

struct Cue {
    kind: CueKind,
    cue: Span,
    subject: Subject,
    content: Option<Span>,
}

/// Letters after a name, set off by commas: "Tom Molomby, SC, said".
const POST_NOMINALS: [&str; 14] = [
    "SC", "QC", "KC", "MP", "MEP", "MD", "PhD", "Jr", "Sr", "Esq", "OBE", "MBE", "CBE", "KBE",
];

const DETERMINERS: [&str; 10] = [
    "the", "a", "an", "his", "her", "its", "their", "this", "that", "our",
];
/// Words that sentence case capitalizes and that name nobody: "Citing privacy rules,
/// officials …", "Both the district and the police asserted …", "Recent reports have
/// revealed …", "When Bush proposed …", "As Heald told The Huffington Post, …"; the
/// prepositions, conjunctions, auxiliaries and imperatives that open sentences ("Do you ask
/// for references?", "Let me say"), and the interviewer's "you". "Will" and "May" are left
/// out: they are names too. Sorted, for [`names_nobody`]'s binary search.
const NOT_NAMES: [&str; 92] = [
    "according",
    "after",
    "against",
    "also",
    "although",
    "among",
    "and",
    "are",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "can",
    "citing",
    "could",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "earlier",
    "either",
    "even",
    "for",
    "from",
    "had",
    "has",
    "have",
    "here",
    "how",
    "however",
    "if",
    "in",
    "indeed",
    "instead",
    "into",
    "is",
    "just",
    "latest",
    "let",
    "like",
    "many",
    "meanwhile",
    "might",
    "must",
    "neither",
    "no",
    "now",
    "on",
    "one",
    "or",
    "over",
    "perhaps",
    "please",
    "previous",
    "recent",
    "several",
    "should",
    "since",
    "so",
    "some",
    "take",
    "then",
    "there",
    "these",
    "though",
    "through",
    "thus",
    "to",
    "under",
    "unless",
    "unlike",
    "until",
    "upon",
    "was",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "while",
    "why",
    "with",
    "within",
    "without",
    "would",
    "yes",
    "yet",
    "you",
];
/// "the", "His", "our": ASCII case ignored.
pub(crate) fn is_determiner(word: &str) -> bool {
    is_one_of(&DETERMINERS, word)
}

/// A word that stands first in a subject but names nobody: one of [`NOT_NAMES`], or a
/// contraction of one ("You'll note", "Let's say"). An acronym in capitals is a name whatever
/// word it spells ("WHO say", "US officials").
fn names_nobody(word: &str) -> bool {
    let acronym = word.len() > 1 && !word.bytes().any(|b| b.is_ascii_lowercase());
    let word = without_contraction(word);
    // Called for the first words of every subject: a binary search of integer keys, not a
    // case-blind comparison with each of the list's words.
    !acronym
        && word.len() <= NOT_NAME_LONGEST
        && NOT_NAME_KEYS.binary_search(&lowercase_key(word)).is_ok()
}

/// The longest word of [`NOT_NAMES`]: no longer word is looked up.
const NOT_NAME_LONGEST: usize = {
    let mut longest = 0;
    let mut at = 0;
    while at < NOT_NAMES.len() {
        if NOT_NAMES[at].len() > longest {
            longest = NOT_NAMES[at].len();
        }
        at += 1;
    }
    longest
};
// The keys hold 16 bytes: a longer word would share its key with its first 16.
const _: () = assert!(NOT_NAME_LONGEST <= 16);

/// [`NOT_NAMES`] as keys, in the same order.
const NOT_NAME_KEYS: [u128; NOT_NAMES.len()] = {
    let mut keys = [0; NOT_NAMES.len()];
    let mut at = 0;
    while at < keys.len() {
        keys[at] = lowercase_key(NOT_NAMES[at]);
        at += 1;
    }
    keys
};

/// A word of up to 16 bytes as a number that sorts as the lowercased word does: its bytes
/// from the most significant, zeros after.
const fn lowercase_key(word: &str) -> u128 {
    let bytes = word.as_bytes();
    let mut key = 0;
    let mut at = 0;
    while at < bytes.len() && at < 16 {
        key = key << 8 | bytes[at].to_ascii_lowercase() as u128;
        at += 1;
    }
    if at < 16 {
        key <<= 8 * (16 - at);
    }
    key
}

/// "It's" is "It", "We’ll" is "We": the word before an apostrophe.
fn without_contraction(word: &str) -> &str {
    const CURLY: &[u8] = "’".as_bytes();
    let bytes = word.as_bytes();
    let end = bytes
        .iter()
        .enumerate()
        .position(|(at, &b)| b == b'\'' || (b == CURLY[0] && bytes[at..].starts_with(CURLY)))
        .unwrap_or(bytes.len());
    &word[..end]
}

/// The pronoun a subject word is, contractions included: "He's said" is "he".
fn subject_pronoun<'a>(word: &'a str, lexicon: &Lexicon) -> Option<&'a str> {
    let base = without_contraction(word);
    lexicon.is_subject_pronoun(base).then_some(base)
}

/// Whether `word` is in `list`, ASCII case ignored: the closed word classes are short.
fn is_one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|listed| listed.eq_ignore_ascii_case(word))
}

const STOP_WORDS: [&str; 14] = [
    "that", "who", "which", "on", "in", "at", "for", "to", "with", "from", "by", "as", "when",
    "after",
];

/// How many words past a cue word the cues are read, at most: "what X calls" looks for its
/// verb up to four words on and reads the term up to seven past that; "according to" reads
/// its source up to eight on. A sentence is tokenized no further than this past its last
/// cue word, with a word to spare.
const CUE_REACH: usize = 12;

/// The cues of one sentence. `candidates` are the sorted offsets where the lexicon's cue
/// automaton matched a whole word; only those words are examined.
fn find_cues(
    text: &str,
    words: &[Word],
    candidates: &[usize],
    lexicon: &Lexicon,
    cues: &mut Vec<Cue>,
) {
    cues.clear();
    let is = |i: usize, expected: &str| {
        words
            .get(i)
            .is_some_and(|w| w.text.eq_ignore_ascii_case(expected))
    };
    let mut next_candidate = 0;
    let mut opening_name = None;
    let mut i = 0;
    while i < words.len() {
        while candidates
            .get(next_candidate)
            .is_some_and(|&at| at < words[i].span.start)
        {
            next_candidate += 1;
        }
        if candidates.get(next_candidate) != Some(&words[i].span.start) {
            i += 1;
            continue;
        }
        if is(i, "according") && is(i + 1, "to") {
            if let Some(subject) = forward_subject(text, words, i + 2, lexicon)
                .or_else(|| described_source(text, words, i + 2))
            {
                cues.push(Cue {
                    kind: CueKind::AccordingTo,
                    cue: Span::new(words[i].span.start, words[i + 1].span.end),
                    subject,
                    content: None,
                });
                i += 2;
                continue;
            }
        }
        if is(i, "citing") {
            if let Some(subject) = forward_subject(text, words, i + 1, lexicon)
                .or_else(|| described_source(text, words, i + 1))
            {
                cues.push(Cue {
                    kind: CueKind::Citing,
                    cue: words[i].span,
                    subject,
                    content: None,
                });
            }
        }
        // "what X calls Y": the verb is the candidate; "what" stands a few words before.
        let what = (i.saturating_sub(4)..i).rev().find(|&k| is(k, "what"));
        if let Some(cue) =
            what.and_then(|what| what_x_calls(text, words, what, lexicon, &mut opening_name))
        {
            if cue.cue == words[i].span {
                cues.push(cue);
                i += 1;
                continue;
            }
        }
        // "as X put it": the candidate is "put".
        if is(i, "put") && is(i + 1, "it") {
            if let Some(as_at) = (i.saturating_sub(5)..i.saturating_sub(1))
                .rev()
                .find(|&k| is(k, "as"))
            {
                if let Some(subject) = parse_subject(text, &words[as_at + 1..i], lexicon) {
                    cues.push(Cue {
                        kind: CueKind::AsXPutIt,
                        cue: Span::new(words[i].span.start, words[i + 1].span.end),
                        subject,
                        content: None,
                    });
                }
            }
        }
        let capitalized_mid_sentence = i > 0 && words[i].is_capitalized();
        if lexicon.reporting_form_at(words, i)
            && is_verb_position(text, words, i)
            && !capitalized_mid_sentence
        {
            // "He has condemned … and blamed …": the second verb shares the first's source.
            let coordinated = i > 0
                && matches!(words[i - 1].text, "and" | "or" | "but")
                && gap_is_plain(text, &words[i - 1], &words[i]);
            let subject = if coordinated {
                cues.iter()
                    .rev()
                    .find(|cue| cue.kind == CueKind::Verb)
                    .map(|cue| cue.subject.clone())
            } else if is_passive(words, i) {
                // "She was told to leave", "Montalvo was charged": the subject heard or
                // underwent it. Only an agent speaks: "were told by police".
                is(i + 1, "by")
                    .then(|| forward_subject(text, words, i + 2, lexicon))
                    .flatten()
            } else {
                backward_subject(text, words, i, lexicon)
                    .or_else(|| inverted_subject(text, words, i, lexicon))
            };
            if let Some(subject) = subject {
                cues.push(Cue {
                    kind: CueKind::Verb,
                    cue: verb_span(words, i),
                    subject,
                    content: None,
                });
            }
        }
        i += 1;
    }
}

/// "was told", "are also accused", "has been charged": a verb of saying in the passive,
/// whose subject is not its speaker. "was quoted as saying" reports its subject's words.
fn is_passive(words: &[Word], verb: usize) -> bool {
    // "was saying", "is claiming": the progressive speaks for its subject.
    if words[verb].text.ends_with("ing") {
        return false;
    }
    if words.get(verb + 1).is_some_and(|w| w.text == "as")
        && words.get(verb + 2).is_some_and(|w| w.text == "saying")
    {
        return false;
    }
    let mut at = verb;
    // Adverbs between: "was also told", "were initially denied", "is not said".
    while at > 0 && verb - at < 2 {
        let before = words[at - 1].text;
        if matches!(
            before,
            "was" | "were" | "is" | "are" | "be" | "been" | "being" | "am"
        ) {
            return true;
        }
        if !(before.ends_with("ly") || matches!(before, "also" | "not" | "never" | "later")) {
            return false;
        }
        at -= 1;
    }
    false
}

/// Words that only a noun follows: "every claim", "no reports", "such claims". Not "all",
/// "each", "some" or "many", which can stand for the speakers: "they all said", "some say".
const NOUN_MARKERS: [&str; 9] = [
    "every", "no", "these", "those", "such", "other", "any", "my", "your",
];

/// A form like "report" or "claims" is a noun after a determiner ("the report"), after a
/// word that only a noun follows ("every claim"), before a possessive ("the Arab states'
/// oil"), and as the subject of the verb after it ("Recent reports have revealed").
fn is_verb_position(text: &str, words: &[Word], i: usize) -> bool {
    let word = words[i].text;
    let before = i.checked_sub(1).map(|k| words[k].text);
    let after = words.get(i + 1).map(|w| w.text);
    let marks_a_noun = |w: &str| is_determiner(w) || is_one_of(&NOUN_MARKERS, w);
    // "claim's", and after a plural "states'" (not the closing mark of "said’").
    let mut rest = text[words[i].span.end..].chars();
    let possessive = rest.next().is_some_and(|c| matches!(c, '\'' | '’'))
        && match rest.next() {
            Some('s') => rest.next().is_none_or(|c| !c.is_alphanumeric()),
            next => word.ends_with('s') && next.is_none_or(|c| !c.is_alphanumeric()),
        };
    let plural_subject =
        word.ends_with('s') && after.is_some_and(|w| matches!(w, "have" | "are" | "were"));
    !(before.is_some_and(marks_a_noun) || possessive || plural_subject)
}

/// "pointed out", "was quoted as saying": the whole verb.
fn verb_span(words: &[Word], i: usize) -> Span {
    let mut span = words[i].span;
    if words.get(i + 1).is_some_and(|w| w.text == "out") {
        span.end = words[i + 1].span.end;
    }
    if words[i].text == "quoted"
        && words.get(i + 1).is_some_and(|w| w.text == "as")
        && words.get(i + 2).is_some_and(|w| w.text == "saying")
    {
        span.end = words[i + 2].span.end;
    }
    span
}

/// A verb reports speech when "that", a question word, a colon or a quotation follows it,
/// or it ends its clause ("…," X conceded.). "conceded a penalty" does not.
pub fn reports_speech(text: &str, verb: Span) -> bool {
    let after = text[verb.end..].trim_start();
    if after.is_empty() || after.starts_with([',', '.', ':', ';', '"', '“', '‘', '\'']) {
        return true;
    }
    let next: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        next.as_str(),
        "that" | "what" | "how" | "why" | "whether" | "when" | "to" | "on" | "in"
    )
}

/// What stands between two words, spaces trimmed: "," in "Kim, who".
fn gap_between<'t>(text: &'t str, before: &Word, after: &Word) -> &'t str {
    text[before.span.end..after.span.start].trim()
}

fn gap_is_plain(text: &str, before: &Word, after: &Word) -> bool {
    text[before.span.end..after.span.start]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '(' | ')'))
}

/// The subject before a verb of saying: "Kim", "Russian President Vladimir Putin and North
/// Korean leader Kim Jong-un", "Pyongyang's Korean Central News Agency (KCNA)", "he",
/// "officials", "the ministry".
fn backward_subject(text: &str, words: &[Word], verb: usize, lexicon: &Lexicon) -> Option<Subject> {
    let mut end = verb;
    // "Police on Tuesday said": wire copy's date between the source and its verb.
    let date = date_ending_at(words, end);
    if date < end
        && date > 0
        && (date..=end).all(|at| gap_is_plain(text, &words[at - 1], &words[at]))
    {
        end = date;
    }
    while end > 0 && lexicon.is_bridge(words[end - 1].text) {
        if !gap_is_plain(text, &words[end - 1], &words[end]) {
            return None;
        }
        end -= 1;
    }
    if end == 0 {
        return None;
    }
    // ".," after an abbreviation's period: "Sen. Ana Ruiz, D-Calif., said".
    let comma_gap = matches!(gap_between(text, &words[end - 1], &words[end]), "," | ".,");
    if comma_gap {
        if let Some(owner) = appositive_owner(text, &words[..end], lexicon) {
            return parse_subject(text, owner, lexicon);
        }
    }
    let comma_before_verb = comma_gap && end < verb && words[end - 1].is_capitalized();
    if !gap_is_plain(text, &words[end - 1], &words[end]) && !comma_before_verb {
        return None;
    }
    let last = &words[end - 1];
    if subject_pronoun(last.text, lexicon).is_some() {
        return parse_subject(text, &words[end - 1..end], lexicon);
    }
    let mut start = end - 1;
    while start > 0 {
        let candidate = &words[start - 1];
        let gap = gap_between(text, candidate, &words[start]);
        // "Tom Molomby, SC, said", "Secunia.com, has said": an appositive between commas.
        let appositive =
            gap == "," && candidate.is_capitalized() && POST_NOMINALS.contains(&words[start].text);
        // "Social Science & Medicine have characterized": one name.
        let ampersand = gap == "&" && candidate.is_capitalized() && words[start].is_capitalized();
        if !gap_is_plain(text, candidate, &words[start]) && !appositive && !ampersand {
            break;
        }
        let joins = candidate.is_capitalized()
            || lexicon.is_source_noun(candidate.text)
            || matches!(
                candidate.text,
                "and" | "of" | "the" | "leader" | "minister" | "chief"
            );
        if !joins {
            break;
        }
        start -= 1;
    }
    parse_subject(text, &words[start..end], lexicon)
}

/// How far back an appositive's opening comma is looked for, in words.
const APPOSITIVE_WORDS: usize = 12;

/// "Valeska Paris, an Australian woman and former Scientologist, has claimed", "Kim, who
/// spoke in Seoul, said", "Smith, 45, said", "Sen. John Smith, R-Ohio, said", "John Smith,
/// 45, a teacher, said", "Ruiz, spokeswoman for the hospital, said", "Ruiz, speaking in
/// Ohio, said", "The company, which employs 4,000 people, said": `words` end with an
/// appositive, an age, a party and state, a participle's phrase or a relative clause set
/// off by commas; the source is the name or the described source before it. Its words, if
/// there is one.
fn appositive_owner<'w, 't>(
    text: &str,
    words: &'w [Word<'t>],
    lexicon: &Lexicon,
) -> Option<&'w [Word<'t>]> {
    let opener = (1..words.len()).rev().take(APPOSITIVE_WORDS).find(|&k| {
        // Not the comma inside "4,000".
        let in_number = words[k - 1].text.ends_with(|c: char| c.is_ascii_digit())
            && words[k].text.starts_with(|c: char| c.is_ascii_digit());
        gap_between(text, &words[k - 1], &words[k]) == "," && !in_number
    })?;
    let mut name_end = opener;
    if set_off_alone(words[opener].text) {
        // The age or the party alone is what the commas set off.
        if opener + 1 != words.len() {
            return None;
        }
    } else {
        // "an Australian woman", "who spoke", "spokeswoman for the hospital", "speaking at
        // a news conference", "of Columbus".
        let opening = words[opener].text;
        let opens_appositive = matches!(
            opening,
            "a" | "an" | "the" | "who" | "whose" | "which" | "of"
        ) || lexicon.is_source_noun(opening)
            || (opening.len() > 5 && opening.ends_with("ing") && !words[opener].is_capitalized());
        if !opens_appositive {
            return None;
        }
        // An age between the name and the appositive goes with the name.
        if opener >= 2
            && set_off_alone(words[opener - 1].text)
            && gap_between(text, &words[opener - 2], &words[opener - 1]) == ","
        {
            name_end = opener - 1;
        }
    }
    let mut start = name_end;
    while start > 0
        && words[start - 1].is_capitalized()
        && (start == name_end || gap_is_plain(text, &words[start - 1], &words[start]))
    {
        start -= 1;
    }
    // "The company, which employs 4,000 people, said": a described source, with its article.
    if start == name_end && name_end > 0 && lexicon.is_source_noun(words[name_end - 1].text) {
        start = name_end - 1;
        if start > 0
            && is_determiner(words[start - 1].text)
            && gap_is_plain(text, &words[start - 1], &words[start])
        {
            start -= 1;
        }
    }
    (start < name_end).then(|| &words[start..name_end])
}

/// What AP sets off with commas straight after a name: an age ("45") or a legislator's
/// party and state ("R-Ohio", "D-Calif.").
fn set_off_alone(word: &str) -> bool {
    let bytes = word.as_bytes();
    let age = (1..=3).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit);
    let party = bytes.len() >= 4
        && matches!(bytes[0], b'R' | b'D' | b'I')
        && bytes[1] == b'-'
        && bytes[2].is_ascii_uppercase();
    age || party
}

/// `"…," said Kim.`: the verb straight after a closing mark or comma, the source after it.
fn inverted_subject(text: &str, words: &[Word], verb: usize, lexicon: &Lexicon) -> Option<Subject> {
    let before = text[..words[verb].span.start].trim_end();
    if !before.ends_with([',', '"', '”', '\'', '’']) {
        return None;
    }
    forward_subject(text, words, verb + 1, lexicon)
}

/// The source after "according to", "citing" or an inverted verb.
fn forward_subject(text: &str, words: &[Word], from: usize, lexicon: &Lexicon) -> Option<Subject> {
    let mut end = from;
    let mut named = false;
    while end < words.len() && end < from + 7 {
        let word = &words[end];
        if end > from && !gap_is_plain(text, &words[end - 1], word) {
            break;
        }
        if STOP_WORDS.contains(&word.text) || (end > from && lexicon.is_reporting_form(word.text)) {
            break;
        }
        // "according to the Saudi Interior Ministry over 345 pilgrims": the name has ended.
        // So it has at "the" straight after a name ("According to Rathbun the Scientology
        // property …"); after "of" ("Department of the Interior") the name is not ended.
        let continues_name = || {
            word.is_capitalized()
                || matches!(word.text, "of" | "and")
                || lexicon.is_source_noun(word.stem())
                || lexicon.is_title(word.text)
        };
        if named && !continues_name() {
            break;
        }
        // After an owner ("the Afghan team's coach") the name may begin again.
        named = word.is_capitalized() && word.stem().len() == word.text.len();
        end += 1;
    }
    (end > from)
        .then(|| parse_subject(text, &words[from..end], lexicon))
        .flatten()
}

/// After "according to" or "citing" any noun phrase is a source, named or not ("the
/// statistics office", "customs data"): the phrase up to punctuation or a clause word.
fn described_source(text: &str, words: &[Word], from: usize) -> Option<Subject> {
    let mut end = from;
    while end < words.len()
        && end < from + 6
        && !STOP_WORDS.contains(&words[end].text)
        && (end == from || gap_is_plain(text, &words[end - 1], &words[end]))
    {
        end += 1;
    }
    // "figures released Monday": the date is no part of what the source is.
    if let Some(date) = date_words(&words[from..end])
        .iter()
        .position(|&dated| dated)
    {
        end = from + date;
    }
    (end > from).then(|| {
        let span = Span::new(words[from].span.start, words[end - 1].span.end);
        Subject {
            span,
            name: span.slice(text).to_lowercase(),
            kind: SourceKind::Group,
            pronoun: None,
            acronym: None,
            others: Vec::new(),
        }
    })
}

/// The first run of capitalized words in a sentence, and the subject it names.
struct OpeningName {
    start: usize,
    end: usize,
    subject: Option<Subject>,
}

impl OpeningName {
    fn read(text: &str, words: &[Word], lexicon: &Lexicon) -> Option<OpeningName> {
        let start = words.iter().position(Word::is_capitalized)?;
        let end = (start..words.len())
            .find(|&k| !words[k].is_capitalized())
            .unwrap_or(words.len());
        Some(OpeningName {
            start,
            end,
            subject: parse_subject(text, &words[start..end], lexicon),
        })
    }
}

/// "what it calls a special military operation in Ukraine": the source is "it", and the
/// attributed words are the term, up to a preposition or punctuation. `opening_name` is the
/// sentence's [`OpeningName`] once a "what it calls" has asked for it: read once a
/// sentence, so that a sentence of many of them is read in linear time.
fn what_x_calls(
    text: &str,
    words: &[Word],
    what: usize,
    lexicon: &Lexicon,
    opening_name: &mut Option<Option<OpeningName>>,
) -> Option<Cue> {
    let verb = (what + 2..(what + 6).min(words.len())).find(|&k| {
        matches!(
            words[k].text,
            "calls" | "called" | "terms" | "termed" | "dubs" | "dubbed" | "describes" | "described"
        )
    })?;
    let mut subject = parse_subject(text, &words[what + 1..verb], lexicon)?;
    if subject.pronoun.is_some() {
        // "Russia began what it calls …": the pronoun is the sentence's own subject, the
        // name it opens with.
        let opening = opening_name.get_or_insert_with(|| OpeningName::read(text, words, lexicon));
        if let Some(opening) = opening.as_ref().filter(|opening| opening.start < what) {
            let named = if opening.end <= what {
                opening.subject.clone()
            } else {
                parse_subject(text, &words[opening.start..what], lexicon)
            };
            if let Some(named) = named {
                subject = Subject {
                    span: subject.span,
                    ..named
                };
            }
        }
    }
    let mut term_end = verb + 1;
    if words.get(term_end).is_some_and(|w| w.text == "as") {
        term_end += 1;
    }
    let term_start = term_end;
    while term_end < words.len()
        && term_end < term_start + 6
        && !STOP_WORDS.contains(&words[term_end].text)
        && (term_end == term_start || gap_is_plain(text, &words[term_end - 1], &words[term_end]))
    {
        term_end += 1;
    }
    (term_end > term_start).then(|| Cue {
        kind: CueKind::WhatXCalls,
        cue: words[verb].span,
        subject,
        content: Some(Span::new(
            words[term_start].span.start,
            words[term_end - 1].span.end,
        )),
    })
}

/// Make sense of a source phrase: a pronoun, a name (titles and determiners dropped), or a
/// described group.
fn parse_subject(text: &str, phrase: &[Word], lexicon: &Lexicon) -> Option<Subject> {
    let first = phrase.first()?;
    let span = Span::new(first.span.start, phrase.last()?.span.end);
    if let (1, Some(pronoun)) = (phrase.len(), subject_pronoun(first.text, lexicon)) {
        return Some(Subject::pronoun(span, pronoun, Vec::new()));
    }
    // In "X and Y said", each named part is a source; the last carries the others.
    // The last non-empty part, found without collecting the parts: most subjects have one.
    let is_and = |w: &Word| w.text == "and";
    let end = phrase.iter().rposition(|w| !is_and(w))? + 1;
    let start = phrase[..end]
        .iter()
        .rposition(is_and)
        .map_or(0, |at| at + 1);
    let part = &phrase[start..end];
    let others: Vec<Subject> = phrase[..start]
        .split(is_and)
        .filter(|part| !part.is_empty())
        .filter_map(|part| parse_subject(text, part, lexicon))
        .filter(|subject| matches!(subject.kind, SourceKind::Person | SourceKind::Institution))
        .collect();
    // Drop a possessive owner ("Pyongyang's") and everything before it.
    let owner = part
        .iter()
        .rposition(|w| w.text.ends_with("'s") || w.text.ends_with("’s"));
    let part = match owner {
        Some(at) if at + 1 < part.len() => &part[at + 1..],
        _ => part,
    };
    let acronym = part
        .iter()
        .find(|w| {
            w.text.len() >= 2
                && w.text.chars().all(|c| c.is_ascii_uppercase())
                && text[..w.span.start].ends_with('(')
        })
        .map(|w| w.text.to_string());
    // A month or a weekday, and the words leading into it, name nobody.
    let dated = date_words(part);
    let is_dated = |at: usize| dated.get(at).copied().unwrap_or(false);
    let may_name = |at: usize| part[at].is_capitalized() && !is_dated(at);
    // The name is the last run of capitalized words (with "of"/"the" inside organisations).
    let mut name_end = part.len();
    while name_end > 0 && !may_name(name_end - 1) {
        name_end -= 1;
    }
    if name_end > 0 {
        let mut name_start = name_end - 1;
        while name_start > 0 {
            let word = &part[name_start - 1];
            if may_name(name_start - 1) || (matches!(word.text, "of" | "the") && name_start > 1) {
                name_start -= 1;
            } else {
                break;
            }
        }
        let mut words: &[Word] = &part[name_start..name_end];
        while words.len() > 1
            && words
                .last()
                .is_some_and(|w| POST_NOMINALS.contains(&w.text))
        {
            words = &words[..words.len() - 1];
        }
        if let [word] = words {
            if let Some(pronoun) = subject_pronoun(word.text, lexicon) {
                // "They say adding …": the sentence's first word, capitalized, is a pronoun.
                return Some(Subject::pronoun(word.span, pronoun, others));
            }
        }
        while words.first().is_some_and(|w| names_nobody(w.text)) {
            words = &words[1..];
        }
        let is_org = acronym.is_some()
            || words.iter().any(|w| lexicon.is_org_word(w.stem()))
            || (words.len() == 1 && lexicon.is_institution(words[0].stem()))
            || (words.len() == 1
                && words[0].text.len() >= 2
                && words[0].text.chars().all(|c| c.is_ascii_uppercase()));
        if !is_org {
            // Titles and nationalities before a person's name: "Russian President".
            while words.len() > 1
                && (lexicon.is_title(words[0].text)
                    || is_determiner(words[0].text)
                    || is_nationality(words[0].text))
            {
                words = &words[1..];
            }
        }
        while words.first().is_some_and(|w| is_determiner(w.text)) {
            words = &words[1..];
        }
        // "status in Australian school children has revealed": an adjective of nationality
        // before common nouns names nobody.
        let modifier_only =
            words.len() == 1 && name_end < part.len() && !is_org && is_nationality(words[0].text);
        // "Officials tell BBC News": a common noun is a described group in any case.
        let first_word_only_sentence_case = words.len() == 1
            && (lexicon.is_title(words[0].text)
                || lexicon.is_source_noun(words[0].text)
                || is_determiner(words[0].text));
        if !words.is_empty() && !first_word_only_sentence_case && !modifier_only {
            let mut end = words[words.len() - 1].span.end;
            if acronym.is_some() && text[end..].starts_with(')') {
                end += 1;
            }
            let name = text[words[0].span.start..end].to_string();
            return Some(Subject {
                span,
                name,
                kind: if is_org {
                    SourceKind::Institution
                } else {
                    SourceKind::Person
                },
                pronoun: None,
                acronym,
                others,
            });
        }
    }
    // A described group: "officials", "the ministry", "a senior official".
    let noun_at = part.iter().rposition(|w| lexicon.is_source_noun(w.text))?;
    let noun = &part[noun_at];
    let start = (0..part.len())
        .find(|&at| {
            let word = part[at].text;
            !DETERMINERS.contains(&word)
                && !names_nobody(word)
                && !matches!(word, "of" | "and")
                && !is_dated(at)
        })
        .map_or(noun.span.start, |at| part[at].span.start);
    // "Australian school children": the group is named to its last word, the noun it is,
    // short of a date after it ("police on Tuesday").
    let end = (noun_at..part.len())
        .take_while(|&at| !is_dated(at))
        .last()
        .map_or(noun.span.end, |at| part[at].span.end);
    let name = text[start.min(noun.span.start)..end].to_lowercase();
    Some(Subject {
        span,
        name,
        kind: SourceKind::Group,
        pronoun: None,
        acronym: None,
        others,
    })
}

/// "Russian", "North Korean", "Chinese", "British": adjectives of nationality.
fn is_nationality(word: &str) -> bool {
    ["an", "ese", "ish", "ch", "i"]
        .iter()
        .any(|ending| word.ends_with(ending))
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.len() > 4
        || matches!(
            word,
            "North" | "South" | "East" | "West" | "US" | "U.S" | "UK"
        )
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Kind};

    /// The cue words of each attribution, in order.
    fn cues(text: &str) -> Vec<String> {
        let document = Document::parse(text, Kind::Plain);
        let voice = document.voice();
        voice
            .attributions
            .iter()
            .map(|a| a.cue.slice(text).to_string())
            .collect()
    }

    fn sources(text: &str) -> Vec<String> {
        let document = Document::parse(text, Kind::Plain);
        document
            .voice()
            .sources
            .iter()
            .map(|s| s.short.clone())
            .collect()
    }

    #[test]
    fn what_commas_set_off_after_a_name_leaves_the_name_the_source() {
        for text in [
            "Ana Ruiz, 45, said 40 people were treated.",
            "Sen. Ana Ruiz, D-Calif., said 40 people were treated.",
            "Ana Ruiz, 45, a hospital spokeswoman, said 40 people were treated.",
            "Ana Ruiz, spokeswoman for the hospital, said 40 people were treated.",
            "Ana Ruiz, speaking at a news conference, said 40 people were treated.",
            "Ana Ruiz, 45, of Columbus, said 40 people were treated.",
        ] {
            assert_eq!(sources(text), ["Ana Ruiz"], "{text}");
        }
        // A described source before a relative clause, whose commas include a number's.
        for text in [
            "The company, which employs 4,000 people, said profits fell 20 percent.",
            "The company, which employs many people, said profits fell 20 percent.",
        ] {
            assert_eq!(sources(text), ["the company"], "{text}");
        }
    }

    #[test]
    fn a_date_beside_the_source_is_no_part_of_its_name() {
        // Wire copy's order: the day between the source and the verb, or before both.
        for (text, source) in [
            ("Police on Tuesday said 40 people died.", "police"),
            (
                "The survey from late September shows him at 13 percent.",
                "the survey",
            ),
            (
                "Officials on March 5 said the bridge was safe.",
                "officials",
            ),
            ("In September officials said the plan failed.", "officials"),
            ("On Monday the minister said the plan failed.", "minister"),
            ("On Monday Smith said the plan failed.", "Smith"),
            ("In May the council said rents would rise.", "council"),
            (
                "Rents rose, according to figures released on Monday.",
                "figures released",
            ),
        ] {
            assert_eq!(sources(text), [source], "{text}");
            assert_eq!(cues(text).len(), 1, "{text}");
        }
        // Months that are names too stay names where no date leads into them.
        assert_eq!(
            sources("Theresa May said the talks failed."),
            ["Theresa May"]
        );
        assert_eq!(
            sources("June Carter said the show went on."),
            ["June Carter"]
        );
    }

    #[test]
    fn every_named_part_of_a_compound_subject_is_a_source() {
        assert_eq!(
            sources("Russian President Vladimir Putin and North Korean leader Kim Jong-un have pledged closer ties."),
            ["Vladimir Putin", "Kim Jong-un"]
        );
    }

    #[test]
    fn pronouns_carry_on_the_last_person_named() {
        let text = "Kim said the talks went well, KCNA reported. He pledged closer ties.";
        let document = Document::parse(text, Kind::Plain);
        let voice = document.voice();
        let last = voice.attributions.last().unwrap();
        assert_eq!(voice.sources[last.source].short, "Kim");
    }

    #[test]
    fn what_it_calls_attributes_only_the_term() {
        let text = "Russia began what it calls a special military operation in Ukraine.";
        let document = Document::parse(text, Kind::Plain);
        let at = text.find("special").unwrap();
        assert_eq!(document.voice_at(at), crate::document::Voice::Attributed);
        assert_eq!(
            document.voice_at(text.find("Ukraine").unwrap()),
            crate::document::Voice::Writer
        );
    }

    #[test]
    fn every_what_it_calls_of_a_sentence_names_the_name_it_opens_with() {
        // The name is read once a sentence: a sentence of many was read in quadratic time.
        let named_by_what_it_calls = |text: &str| {
            let document = Document::parse(text, Kind::Plain);
            let voice = document.voice();
            voice
                .attributions
                .iter()
                .filter(|attribution| attribution.kind == super::CueKind::WhatXCalls)
                .map(|attribution| voice.sources[attribution.source].name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            named_by_what_it_calls(
                "Russia began what it calls an operation, then what it calls a liberation, \
                 and what it calls a defence."
            ),
            ["Russia", "Russia", "Russia"]
        );
        // A "What" inside the capitalized words ends the name.
        assert_eq!(
            named_by_what_it_calls("Moscow What it calls a war began."),
            ["Moscow"]
        );
    }

    #[test]
    fn a_cue_reads_as_far_as_its_words_reach() {
        // A sentence is tokenized only as far as its last cue word reaches: here the term
        // runs four words past "calls", and the source, read six words at most, seven past
        // "according".
        let text =
            "Russia began what the defence ministry calls a special military operation in Ukraine.";
        let document = Document::parse(text, Kind::Plain);
        let term = document
            .voice()
            .attributions
            .iter()
            .find(|attribution| attribution.kind == super::CueKind::WhatXCalls)
            .map(|attribution| attribution.content.slice(text));
        assert_eq!(term, Some("a special military operation"));
        let text = "Prices rose, according to the head of the national statistics office in Kyiv.";
        let document = Document::parse(text, Kind::Plain);
        assert_eq!(
            document.voice().sources[0].name,
            "head of the national statistics office"
        );
    }

    #[test]
    fn the_subject_of_a_passive_verb_of_saying_is_not_its_source() {
        // From the Wikinews stories: each subject heard, or underwent, what the verb says.
        for text in [
            "In 1995, at age seventeen, she was told to disconnect from her mother.",
            "Montalvo was charged with taking hard drives and a zip drive.",
            "The parents are also accused of putting their social life ahead of her health.",
            "Korea's Kim Shin-Wook was shown a yellow card early in the game.",
        ] {
            assert_eq!(sources(text), Vec::<String>::new(), "{text}");
        }
        // The agent of a passive, the progressive and "quoted as saying" speak.
        assert_eq!(
            sources("The system was reportedly rejected by Prime Minister Boris Johnson."),
            ["Boris Johnson"]
        );
        assert_eq!(
            sources("The ministry was saying prices rose."),
            ["the ministry"]
        );
        assert_eq!(sources("Ruiz was quoted as saying prices rose."), ["Ruiz"]);
    }

    #[test]
    fn a_noun_that_looks_like_a_verb_is_no_cue() {
        let text = "The report comes after the United States and the claims of the state.";
        let document = Document::parse(text, Kind::Plain);
        assert!(document.voice().attributions.is_empty());
    }

    #[test]
    fn the_words_that_name_nobody_are_sorted_lowercase_and_found() {
        use super::{names_nobody, NOT_NAMES};
        assert!(NOT_NAMES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(NOT_NAMES
            .iter()
            .all(|word| word.bytes().all(|b| b.is_ascii_lowercase())));
        for word in NOT_NAMES {
            assert!(
                names_nobody(word) && !names_nobody(&format!("{word}x")),
                "{word}"
            );
        }
        assert!(names_nobody("When") && names_nobody("You'll") && names_nobody("Let’s"));
        assert!(!names_nobody("WHO") && !names_nobody("Bush") && !names_nobody("May"));
    }

    #[test]
    fn a_word_that_opens_a_sentence_is_not_part_of_the_name() {
        // The Wikinews corpus: news_warming.txt, interview_chomsky.txt, news_iodine.txt.
        let text = "As coauthor Colette Heald told The Huffington Post, the projections agree. \
                    As Heald told The Huffington Post, US surface ozone has dropped.";
        let document = Document::parse(text, Kind::Plain);
        let voice = document.voice();
        assert_eq!(voice.sources.len(), 1, "{:?}", voice.sources);
        assert_eq!(voice.sources[0].name, "Colette Heald");
        assert_eq!(voice.sources[0].mentions.len(), 2);
        assert_eq!(
            sources("When Bush proposed the missile defense systems in Eastern Europe, Russia objected."),
            ["Bush"]
        );
        // An acronym is a name whatever word it spells.
        assert_eq!(
            sources("WHO say Iodine deficiency is the world's leading cause of brain damage."),
            ["WHO"]
        );
        // Interview copy (interview_dungeon.txt, interview_mcguire.txt, interview_stardust.txt).
        for text in [
            "Do you ask for references?",
            "You'll note we offer a couple of versions.",
            "Can you explain more about it for us?",
        ] {
            assert!(sources(text).is_empty(), "{text}: {:?}", sources(text));
        }
        // A pronoun's contraction is the pronoun.
        assert_eq!(sources("It's portrayed as though it's dark."), ["it"]);
        assert_eq!(sources("She's said she will run."), ["she"]);
    }

    #[test]
    fn i_is_never_a_source_named_before() {
        // interview_peres.txt: "I" is the person answering, not the Arabs.
        let text = "Arabs say oil is wealth. I’m answering your question.";
        let document = Document::parse(text, Kind::Plain);
        let voice = document.voice();
        let shorts: Vec<&str> = voice.sources.iter().map(|s| s.short.as_str()).collect();
        assert_eq!(shorts, ["Arabs", "i"]);
        assert_eq!(voice.sources[1].kind, super::SourceKind::Unresolved);
        // "he" and "she" still carry on the person named before.
        assert_eq!(
            sources("Kim Min-Woo said it failed. He said it again."),
            ["Kim Min-Woo"]
        );
    }

    #[test]
    fn the_source_of_an_appositive_is_the_name_before_it() {
        // news_imprisoned.txt: the subject was "Scientologist", and "Paris" a capital city.
        let text = "Valeska Paris, an Australian woman and former Scientologist, has claimed \
                    that the church held her. Paris claims she was sent to the ship.";
        let document = Document::parse(text, Kind::Plain);
        let voice = document.voice();
        assert_eq!(voice.sources.len(), 1, "{:?}", voice.sources);
        assert_eq!(voice.sources[0].name, "Valeska Paris");
        assert_eq!(voice.sources[0].kind, super::SourceKind::Person);
        assert_eq!(voice.sources[0].mentions.len(), 2);
        // news_asylum.txt, news_sensitive.txt
        assert_eq!(
            sources("Jeff Rathke, the State Department Spokesperson, said, \"We urge calm.\""),
            ["Jeff Rathke"]
        );
        assert_eq!(
            sources("Paul Dewar, an Ottawa New Democrat MP, said the combined secrets mattered."),
            ["Paul Dewar"]
        );
        // A relative clause describes the name before it too.
        assert_eq!(
            sources("Kim Min-Woo, who spoke in Seoul, said the talks failed."),
            ["Kim Min-Woo"]
        );
        // A described source before the commas is the source, with its article; a noun
        // that names no source gives none. And a capital stands for its government when no
        // person of that name came before.
        assert_eq!(
            sources("The firm, which makes chips, said profits fell."),
            ["the firm"]
        );
        assert_eq!(
            sources("The bridge, which opened in 1990, says a lot about the city."),
            Vec::<String>::new()
        );
        let document = Document::parse("Paris said the talks would go on.", Kind::Plain);
        assert_eq!(
            document.voice().sources[0].kind,
            super::SourceKind::Institution
        );
    }

    #[test]
    fn the_first_word_of_a_longer_verb_of_saying_is_no_cue_alone() {
        // news_warhol.txt and interview_onion.txt: "pointed" and "hit" were cues.
        for text in [
            "She pointed to the refreshment table with Campbell's Soup.",
            "We’ll hit the mainstream media’s portrayal of the entertainment world.",
            "Russia hit Kyiv with missiles overnight.",
        ] {
            assert!(cues(text).is_empty(), "{text}: {:?}", cues(text));
        }
        // The whole verb is one: reporting-verbs.toml's "point out", attribution-verbs.toml's
        // "hit out at" and "rail against".
        assert_eq!(
            cues("Heald pointed out that ozone harms crops."),
            ["pointed out"]
        );
        assert_eq!(cues("Kim hit out at critics of the plan."), ["hit out"]);
        assert_eq!(cues("Kim railed against the plan."), ["railed"]);
    }

    #[test]
    fn a_name_after_according_to_ends_before_the() {
        // news_defector.txt
        assert_eq!(
            sources("According to Rathbun the Scientology property in question was sold."),
            ["Rathbun"]
        );
        assert_eq!(
            sources("According to the Department of the Interior, 40 parks closed."),
            ["Department of the Interior"]
        );
    }

    #[test]
    fn a_noun_marked_by_the_words_around_it_is_no_cue() {
        // From the Wikinews stories: each form of a verb of saying is a noun here.
        assert_eq!(
            cues("Officials tell BBC News every claim will be assessed."),
            ["tell"]
        );
        assert_eq!(
            cues("Peres, on whether the Arab states' oil was a blessing."),
            Vec::<String>::new()
        );
        assert_eq!(
            cues("Recent reports have revealed that a defector crossed."),
            ["revealed"]
        );
        assert_eq!(
            sources("Recent reports have revealed that a defector crossed."),
            ["reports"]
        );
        assert_eq!(cues("The claim's author left."), Vec::<String>::new());
        // The same forms as verbs.
        assert_eq!(cues("Officials claim the plan failed."), ["claim"]);
        assert_eq!(cues("The report states that few use it."), ["states"]);
        assert_eq!(cues("The agency reports that prices rose."), ["reports"]);
        assert_eq!(cues("They all said the plan failed."), ["said"]);
    }
}

/// Turns subjects into sources, merging repeated names and carrying pronouns on.
#[derive(Default)]
struct Resolver {
    last_person: Option<usize>,
    last_any: Option<usize>,
    /// Sources by each word of their names, so a long story resolves in linear time: the
    /// first source with the word, then any others (most words name one source, and an
    /// empty `Vec` costs no allocation).
    by_word: std::collections::HashMap<String, (usize, Vec<usize>), crate::lexicon::FnvBuildHasher>,
    /// The sources sharing a word with the subject being resolved: kept to save an
    /// allocation for each attribution.
    candidates: Vec<usize>,
}

impl Resolver {
    fn resolve(&mut self, sources: &mut Vec<Source>, subject: &Subject) -> usize {
        if let Some(pronoun) = &subject.pronoun {
            let carried = match pronoun.as_str() {
                "he" | "she" => self.last_person.or(self.last_any),
                // The writer, or the person answering an interview: never a source the
                // story named before ("I’m answering your question" after "Arabs say").
                "i" => None,
                _ => self.last_any,
            };
            if let Some(index) = carried {
                sources[index].mentions.push(subject.span);
                return index;
            }
            return push(sources, subject, SourceKind::Unresolved);
        }
        let words = || subject.name.split_whitespace();
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        candidates.extend(
            words()
                .chain(subject.acronym.as_deref())
                .filter_map(|word| self.by_word.get(word))
                .flat_map(|(first, others)| std::iter::once(first).chain(others))
                .copied(),
        );
        candidates.sort_unstable();
        candidates.dedup();
        // "Paris claims" after "Valeska Paris, an Australian woman, …": a capital's name is
        // the person's surname once the story has named the person.
        let capital_as_surname = |source: &Source| {
            subject.kind == SourceKind::Institution
                && source.kind == SourceKind::Person
                && words().count() == 1
                && source.name.split_whitespace().next_back() == Some(subject.name.as_str())
        };
        let existing = candidates.iter().copied().find(|&candidate| {
            let source = &sources[candidate];
            capital_as_surname(source)
                || source.kind == subject.kind && {
                    let known = || source.name.split_whitespace();
                    words().all(|w| known().any(|k| k == w))
                        || known().all(|k| words().any(|w| w == k))
                        || subject
                            .acronym
                            .as_deref()
                            .is_some_and(|a| source.short == a)
                }
        });
        self.candidates = candidates;
        // A source's words are indexed when it is named anew; most mentions change nothing.
        let (index, named_anew) = match existing {
            Some(index) => {
                let source = &mut sources[index];
                source.mentions.push(subject.span);
                let mut named_anew = false;
                if subject.name.len() > source.name.len() {
                    source.name = subject.name.clone();
                    named_anew = true;
                }
                if words().count() == 1
                    && subject.kind == SourceKind::Person
                    && source.short != subject.name
                {
                    source.short = subject.name.clone();
                    named_anew = true;
                }
                (index, named_anew)
            }
            None => (push(sources, subject, subject.kind), true),
        };
        if named_anew {
            for word in sources[index]
                .name
                .split_whitespace()
                .chain(std::iter::once(sources[index].short.as_str()))
            {
                match self.by_word.get_mut(word) {
                    Some((first, others)) if *first == index || others.contains(&index) => {}
                    Some((_, others)) => others.push(index),
                    None => {
                        self.by_word.insert(word.to_string(), (index, Vec::new()));
                    }
                }
            }
        }
        match sources[index].kind {
            SourceKind::Person => {
                self.last_person = Some(index);
                self.last_any = Some(index);
            }
            SourceKind::Institution | SourceKind::Group => self.last_any = Some(index),
            SourceKind::Unresolved => {}
        }
        index
    }
}

fn push(sources: &mut Vec<Source>, subject: &Subject, kind: SourceKind) -> usize {
    sources.push(Source {
        name: subject.name.clone(),
        short: subject
            .acronym
            .clone()
            .unwrap_or_else(|| subject.name.clone()),
        kind,
        mentions: vec![subject.span],
    });
    sources.len() - 1
}
