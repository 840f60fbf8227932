//! Each quotation's speaker: the source of an attribution in a sentence the quotation
//! touches, or, for a sentence that is only the quotation, of the sentence before or after.
//! Sentences' words and cues are read once each, so thousands of quotation marks in one
//! sentence cost no more than thousands of sentences.

use super::{Attribution, CueKind, VoiceAnalysis};
use crate::document::{Document, Quotation};
use crate::span::Span;

/// Each outermost quotation's speaker: from an attribution in a sentence it touches, or, for
/// a sentence that is only the quotation, from the sentence before or after.
pub(super) fn speakers(document: &Document, analysis: &VoiceAnalysis) -> Vec<Option<usize>> {
    let quotations = &document.quotes.quotations;
    let mut speakers = vec![None; quotations.len()];
    // Thousands of quotations can share a sentence, and one quotation can span thousands:
    // the cues and the words of each sentence are sorted once and searched, not re-read.
    let cues = SentenceCues::new(&analysis.attributions);
    let mut outside = OutsideWords::new(document);
    for (index, quotation) in quotations.iter().enumerate() {
        if quotation.depth > 0 {
            continue;
        }
        let (Some(first), Some(last)) = (
            document.sentence_at(quotation.open.offset),
            document.sentence_at(quotation.close.offset),
        ) else {
            continue;
        };
        let quoted = quotation.span();
        let nearest = cues
            .nearest(first, last, quoted)
            .map(|at| &analysis.attributions[at]);
        speakers[index] = nearest.map(|a| a.source).or_else(|| {
            let only_quotation =
                (first..=last).all(|sentence| outside.count(sentence, quoted) <= 2);
            if !only_quotation {
                return None;
            }
            let before = first
                .checked_sub(1)
                .and_then(|s| analysis.of_sentence(s).last());
            let after = analysis.of_sentence(last + 1).first();
            before.or(after).map(|a| a.source)
        });
    }
    // Nested quotations speak with their outer quotation's voice: the nearest outermost
    // quotation before them that covers them, which is nearly always the latest one (looked
    // at first, so that thousands of nested marks cost no more than thousands of others).
    let mut latest_outer = None;
    for index in 0..quotations.len() {
        if quotations[index].depth == 0 {
            latest_outer = Some(index);
            continue;
        }
        if speakers[index].is_some() {
            continue;
        }
        let covers = |outer: &Quotation| outer.span().covers(quotations[index].span());
        let outer = match latest_outer {
            Some(latest) if covers(&quotations[latest]) => Some(latest),
            _ => quotations[..index]
                .iter()
                .rposition(|outer| outer.depth == 0 && covers(outer)),
        };
        speakers[index] = outer.and_then(|outer| speakers[outer]);
    }
    speakers
}

/// The verb and "according to" cues of the attributions, the ones a quotation's speaker is
/// taken from, sorted by sentence and then by where they start.
struct SentenceCues<'a> {
    attributions: &'a [Attribution],
    /// Indices into `attributions`, by sentence, cue start and index.
    order: Vec<usize>,
}

impl<'a> SentenceCues<'a> {
    fn new(attributions: &'a [Attribution]) -> Self {
        // As `VoiceAnalysis::of_sentence` reads them.
        debug_assert!(attributions
            .windows(2)
            .all(|pair| pair[0].sentence <= pair[1].sentence));
        let mut order: Vec<usize> = (0..attributions.len())
            .filter(|&at| matches!(attributions[at].kind, CueKind::Verb | CueKind::AccordingTo))
            .collect();
        order.sort_unstable_by_key(|&at| {
            (attributions[at].sentence, attributions[at].cue.start, at)
        });
        SentenceCues {
            attributions,
            order,
        }
    }

    /// Of the cues of sentences `first..=last` that start outside `quoted`, the one starting
    /// nearest to either end of it, and of those as near the first in the attributions: the
    /// one that reading every cue of those sentences in order would keep. Each sentence's
    /// cues are searched, not read.
    fn nearest(&self, first: usize, last: usize, quoted: Span) -> Option<usize> {
        let sentence = |at: &usize| self.attributions[*at].sentence;
        let start = |at: &usize| self.attributions[*at].cue.start;
        let mut from = self.order.partition_point(|at| sentence(at) < first);
        let to = self.order.partition_point(|at| sentence(at) <= last);
        // (distance, index) of the best so far.
        let mut best: Option<(usize, usize)> = None;
        let mut keep = |candidate: (usize, usize)| {
            if best.is_none_or(|best| candidate < best) {
                best = Some(candidate);
            }
        };
        while from < to {
            let current = sentence(&self.order[from]);
            let end = from + self.order[from..to].partition_point(|at| sentence(at) <= current);
            let cues = &self.order[from..end];
            // Before the quotation: the cue starting last, the first of those starting there.
            let before = cues.partition_point(|at| start(at) < quoted.start);
            if let Some(latest) = before.checked_sub(1).map(|at| start(&cues[at])) {
                let first_there = cues.partition_point(|at| start(at) < latest);
                keep((quoted.start - latest, cues[first_there]));
            }
            // After it: the cue starting first, and the first of those.
            let after = cues.partition_point(|at| start(at) < quoted.end);
            if let Some(&earliest) = cues.get(after) {
                keep((start(&earliest) - quoted.end, earliest));
            }
            from = end;
        }
        best.map(|(_, at)| at)
    }
}

/// Counts a sentence's words outside a quotation as `words` reads them: those in the part
/// before the quotation's start plus those in the part after its end (each clamped to the
/// sentence), a word cut by either edge counting as a word of that part.
struct OutsideWords<'d, 't> {
    document: &'d Document<'t>,
    /// The sentence whose words were last found, and their spans. Quotations come in text
    /// order, so each sentence is read once.
    read: Option<usize>,
    words: Vec<Span>,
}

impl<'d, 't> OutsideWords<'d, 't> {
    fn new(document: &'d Document<'t>) -> Self {
        OutsideWords {
            document,
            read: None,
            // A long sentence's words.
            words: Vec::with_capacity(64),
        }
    }

    fn count(&mut self, sentence: usize, quoted: Span) -> usize {
        let span = self.document.sentences[sentence].span;
        let before = quoted.start.clamp(span.start, span.end);
        let after = quoted.end.clamp(span.start, span.end);
        if before == span.start && after == span.end {
            // A sentence inside the quotation.
            return 0;
        }
        if self.read != Some(sentence) {
            self.read = Some(sentence);
            self.words.clear();
            self.words
                .extend(crate::text::words(self.document.text, span).map(|word| word.span));
        }
        let words = &self.words;
        // Reading `span.start..before` finds the words that start before `before`, the last
        // one perhaps cut short (a joiner is kept only before a letter or digit, which only
        // the last character read can miss).
        let in_before = words.partition_point(|word| word.start < before);
        // Reading `after..span.end` finds the words that start there or later, and before
        // them the rest of a word that `after` cuts (a word ends in a letter or digit).
        let later = words.partition_point(|word| word.start < after);
        let cut = later.checked_sub(1).is_some_and(|at| words[at].end > after);
        in_before + (words.len() - later) + usize::from(cut)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Kind;
    use crate::text::words;

    /// `speakers` as it read every word and cue of a quotation's sentences for each
    /// quotation (quadratic in marks per sentence): the oracle for the searched version.
    fn speakers_by_reading(document: &Document, analysis: &VoiceAnalysis) -> Vec<Option<usize>> {
        let quotations = &document.quotes.quotations;
        let mut speakers = vec![None; quotations.len()];
        for (index, quotation) in quotations.iter().enumerate() {
            if quotation.depth > 0 {
                continue;
            }
            let (Some(first), Some(last)) = (
                document.sentence_at(quotation.open.offset),
                document.sentence_at(quotation.close.offset),
            ) else {
                continue;
            };
            let nearest = (first..=last)
                .flat_map(|sentence| analysis.of_sentence(sentence))
                .filter(|a| a.kind == CueKind::Verb || a.kind == CueKind::AccordingTo)
                .filter(|a| !quotation.span().contains(a.cue.start))
                .min_by_key(|a| {
                    let span = quotation.span();
                    span.start
                        .abs_diff(a.cue.start)
                        .min(span.end.abs_diff(a.cue.start))
                });
            speakers[index] = nearest.map(|a| a.source).or_else(|| {
                let quoted = quotation.span();
                let only_quotation = (first..=last).all(|sentence| {
                    let span = document.sentences[sentence].span;
                    let before = Span::new(span.start, quoted.start.clamp(span.start, span.end));
                    let after = Span::new(quoted.end.clamp(span.start, span.end), span.end);
                    words(document.text, before)
                        .chain(words(document.text, after))
                        .take(3)
                        .count()
                        <= 2
                });
                if !only_quotation {
                    return None;
                }
                let before = first
                    .checked_sub(1)
                    .and_then(|s| analysis.of_sentence(s).last());
                let after = analysis.of_sentence(last + 1).first();
                before.or(after).map(|a| a.source)
            });
        }
        // Nested quotations: the nearest outermost quotation before them that covers them,
        // searched for every time (the shortcut through the latest one is what is checked).
        for index in 0..quotations.len() {
            if quotations[index].depth == 0 || speakers[index].is_some() {
                continue;
            }
            let outer = quotations[..index].iter().rposition(|outer| {
                outer.depth == 0 && outer.span().covers(quotations[index].span())
            });
            speakers[index] = outer.and_then(|outer| speakers[outer]);
        }
        speakers
    }

    /// A small deterministic generator (xorshift), so that a failure names its seed.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    const PIECES: &[&str] = &[
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        ". ",
        "? ",
        "! ",
        ", ",
        ": ",
        "a",
        "Kim",
        "Putin",
        "he",
        "She",
        "said",
        "says",
        "told",
        "according to",
        "citing",
        "what it calls",
        "officials",
        "2022",
        "é",
        "Жан",
        "U.S.",
        "Jong-un",
        "Korea's",
        "-",
        "'",
        "’",
        ".",
        "‑",
        "\"",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "„",
        "«",
        "»",
        "— ",
        "(",
        ")",
    ];

    fn text(random: &mut Random, pieces: usize) -> String {
        (0..pieces).map(|_| random.pick(PIECES)).collect()
    }

    #[test]
    fn speakers_match_reading_every_word_on_varied_texts() {
        let mut random = Random(0x5eed_cafe_f00d);
        for case in 0..4000 {
            let pieces = 1 + random.below(80);
            let text = text(&mut random, pieces);
            let document = Document::parse(&text, Kind::Plain);
            let voice = document.voice();
            assert_eq!(
                speakers(&document, voice),
                speakers_by_reading(&document, voice),
                "case {case}: {text:?}"
            );
        }
    }

    /// Many cues per sentence, of every kind, anywhere (inside quotations, on their marks, in
    /// other sentences, several at one offset, out of order): the tie-breaks of the search.
    #[test]
    fn speakers_match_reading_every_cue_with_crowded_made_up_cues() {
        let kinds = [
            CueKind::Verb,
            CueKind::AccordingTo,
            CueKind::Citing,
            CueKind::WhatXCalls,
            CueKind::AsXPutIt,
        ];
        let mut random = Random(0x0dd_ba11);
        for case in 0..3000 {
            let pieces = 1 + random.below(60);
            let text = text(&mut random, pieces);
            let document = Document::parse(&text, Kind::Plain);
            if document.quotes.quotations.is_empty() {
                continue;
            }
            let sentences = document.sentences.len() + 2;
            let mut sentence_of: Vec<usize> = (0..random.below(40))
                .map(|_| random.below(sentences))
                .collect();
            sentence_of.sort_unstable();
            // Offsets near the marks and the sentence edges, where the distances tie.
            let mut near: Vec<usize> = vec![0, text.len()];
            for quotation in &document.quotes.quotations {
                let span = quotation.span();
                near.extend([
                    span.start,
                    span.end,
                    span.start.saturating_sub(1),
                    span.end + 1,
                ]);
            }
            for sentence in &document.sentences {
                near.extend([sentence.span.start, sentence.span.end]);
            }
            let attributions: Vec<Attribution> = sentence_of
                .into_iter()
                .enumerate()
                .map(|(source, sentence)| {
                    let at = if random.below(3) == 0 {
                        random.below(text.len() + 2)
                    } else {
                        near[random.below(near.len())]
                    };
                    Attribution {
                        sentence,
                        kind: kinds[random.below(kinds.len())],
                        cue: Span::new(at, at + 4),
                        source,
                        source_span: Span::empty(at),
                        content: Span::empty(at),
                    }
                })
                .collect();
            let analysis = VoiceAnalysis {
                attributions,
                ..VoiceAnalysis::default()
            };
            assert_eq!(
                speakers(&document, &analysis),
                speakers_by_reading(&document, &analysis),
                "case {case}: {text:?} {:?}",
                analysis.attributions
            );
        }
    }

    /// The counts themselves, for every span a quotation could have around each sentence.
    #[test]
    fn outside_words_count_what_words_reads() {
        const CHARS: &[&str] = &[
            "a", "b", "7", "é", "Ж", "'", "’", "-", ".", "‑", " ", " ", "\"", "“", "!", ",",
        ];
        let mut random = Random(0xfeed);
        for case in 0..1500 {
            let pieces = 1 + random.below(24);
            let text = text_of(&mut random, CHARS, pieces);
            let document = Document::parse(&text, Kind::Plain);
            let mut outside = OutsideWords::new(&document);
            let edges: Vec<usize> = (0..=text.len())
                .filter(|&at| text.is_char_boundary(at))
                .collect();
            for (sentence, s) in document.sentences.iter().enumerate() {
                let span = s.span;
                for &start in &edges {
                    for &end in edges.iter().filter(|&&end| end > start) {
                        let before = Span::new(span.start, start.clamp(span.start, span.end));
                        let after = Span::new(end.clamp(span.start, span.end), span.end);
                        let read = words(&text, before).count() + words(&text, after).count();
                        assert_eq!(
                            outside.count(sentence, Span::new(start, end)),
                            read,
                            "case {case}: {text:?}, sentence {span:?}, quoted {start}..{end}"
                        );
                    }
                }
            }
        }
    }

    fn text_of(random: &mut Random, from: &[&str], pieces: usize) -> String {
        (0..pieces).map(|_| random.pick(from)).collect()
    }
}
