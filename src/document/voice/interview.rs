//! Interview transcripts: which paragraphs are the interviewee's answers, and where the
//! conversation starts.
//!
//! A transcript with speaker labels ("Q:", "A:", "Kim:") says who speaks. The Wikinews
//! interviews have none: a story with two or more paragraphs ending in a question mark is
//! read as questions and answers. Two things keep that reading true to the copy:
//! - a long answer may end in a question of its own ("…is there any reason why it should
//!   exist?"): a paragraph of more than [`QUESTION_SENTENCES`] sentences is an answer
//!   whatever mark it ends with;
//! - an interviewer may ask without a question mark ("I just wanted to know if you had any
//!   thoughts on …"): before the first marked question, a short paragraph that speaks to
//!   "you" and is followed by an answer is a question too, so the answer to it is the
//!   interviewee's words and not the writer's.

use crate::document::{Document, Role};
use crate::span::Span;
use crate::text::words;

/// An interviewer's question, with what leads into it, runs to at most this many sentences.
/// In the Wikinews interviews the longest runs to three; the answers that end in a question
/// mark run to 9 and more.
const QUESTION_SENTENCES: usize = 3;

/// Per paragraph, whether it is an interviewee's answer, and the paragraph where the
/// conversation starts (from there on the story is the conversation's words).
pub(super) fn interview_answers(document: &Document) -> (Vec<bool>, Option<usize>) {
    let paragraphs = &document.paragraphs;
    let mut answers = vec![false; paragraphs.len()];
    let text_of = |index: usize| paragraphs[index].span.slice(document.text);
    let labels: Vec<Option<bool>> = (0..paragraphs.len())
        .map(|index| speaker_label(text_of(index)))
        .collect();
    if labels.iter().filter(|label| label.is_some()).count() >= 2 {
        for (index, label) in labels.iter().enumerate() {
            answers[index] = *label == Some(true);
        }
        let first = labels.iter().position(Option::is_some);
        return (answers, first);
    }
    let body = |index: usize| matches!(paragraphs[index].role, Role::Body | Role::Item);
    let ends_in_question = |index: usize| {
        let text = text_of(index).trim_end_matches(['"', '”', '\'', '’', ')']);
        body(index) && text.ends_with('?')
    };
    if (0..paragraphs.len())
        .filter(|&i| ends_in_question(i))
        .count()
        < 2
    {
        return (answers, None);
    }
    // An image's description inside a paragraph is not a sentence of what is said.
    let short = |index: usize| {
        let sentences = document.sentences[paragraphs[index].sentences.clone()].iter();
        sentences
            .filter(|sentence| !document.in_description(sentence.span.start))
            .count()
            <= QUESTION_SENTENCES
    };
    let mut questions: Vec<bool> = (0..paragraphs.len())
        .map(|index| ends_in_question(index) && short(index))
        .collect();
    // Paragraphs that end in a question mark but are all long are a writer's rhetorical
    // questions, not an interview.
    let Some(first_marked) = questions.iter().position(|&question| question) else {
        return (answers, None);
    };
    let subhead = |index: usize| is_subhead(text_of(index));
    let mut next = first_marked;
    // Walk back one question and answer at a time: the answer is the paragraph before the
    // question found last (past any subhead), the question the body paragraph before it.
    while let Some(answer) = (0..next).rev().find(|&i| body(i) && !subhead(i)) {
        let Some(question) = (0..answer).rev().find(|&i| body(i)) else {
            break;
        };
        if !short(question) || !speaks_to_you(document, paragraphs[question].span) {
            break;
        }
        questions[question] = true;
        next = question;
    }
    // The walk stopped at the first question.
    for index in next + 1..paragraphs.len() {
        answers[index] = body(index) && !questions[index];
    }
    (answers, Some(next))
}

/// A line that heads a part of the story rather than saying something: short, with no
/// mark that ends a sentence ("On NATO", "Labor actions as a revival of the Left").
fn is_subhead(paragraph: &str) -> bool {
    let text = paragraph.trim_end();
    text.len() <= 80 && !text.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’', ')'])
}

/// Whether the paragraph speaks to the reader or listener as "you", outside any quotation
/// or image description.
fn speaks_to_you(document: &Document, paragraph: Span) -> bool {
    words(document.text, paragraph).any(|word| {
        let second_person = word.text.len() >= 3
            && word.text.as_bytes()[..3].eq_ignore_ascii_case(b"you")
            && matches!(
                &word.text[3..],
                "" | "r"
                    | "rs"
                    | "rself"
                    | "'re"
                    | "’re"
                    | "'ve"
                    | "’ve"
                    | "'d"
                    | "’d"
                    | "'ll"
                    | "’ll"
            );
        second_person
            && document.quotes.enclosing_index(word.span.start).is_none()
            && !document.in_description(word.span.start)
    })
}

/// `Q:` → Some(false) (the interviewer), `A:` or `Name:` → Some(true), else None.
fn speaker_label(paragraph: &str) -> Option<bool> {
    // Every paragraph is asked: the memchr crate's vectorized search, not `str::find`'s.
    let colon = memchr::memchr(b':', paragraph.as_bytes())?;
    let label = paragraph[..colon].trim();
    if label.is_empty() || label.len() > 40 || label.split_whitespace().count() > 3 {
        return None;
    }
    if label == "Q" {
        return Some(false);
    }
    let is_name = label
        .split_whitespace()
        .all(|word| word.chars().next().is_some_and(char::is_uppercase));
    let not_furniture = !matches!(
        label.to_ascii_lowercase().as_str(),
        "image" | "photo" | "note" | "update" | "editor's note" | "correction" | "source" | "video"
    );
    (is_name && not_furniture && paragraph[colon + 1..].starts_with(' ')).then_some(true)
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Kind, Voice};

    fn voice_of(text: &str, phrase: &str) -> Voice {
        let document = Document::parse(text, Kind::Plain);
        document.voice_at(text.find(phrase).unwrap())
    }

    #[test]
    fn interview_answers_are_the_interviewees_words() {
        let text =
            "Intro line.\n\nWhat do you do?\n\nI fix boats.\n\nWhy boats?\n\nBecause they float.";
        assert_eq!(voice_of(text, "fix"), Voice::Quoted);
        assert_eq!(voice_of(text, "Intro"), Voice::Writer);
    }

    /// A story of two marked questions, each answered, after `opening`.
    fn interview_after(opening: &str) -> String {
        format!("Headline\n\n{opening}\n\nWhat do you do?\n\nI fix boats.\n\nWhy boats?\n\nBecause they float.")
    }

    #[test]
    fn a_long_answer_that_ends_in_a_question_is_still_an_answer() {
        let long_answer = "I mean the theory was that it would defend Europe. Well, there is no \
            threat now. The agreement was that it would not expand. Then it did. So why should \
            it exist?";
        let text = interview_after(&format!(
            "I just wanted to know what you make of the alliance.\n\n{long_answer}"
        ));
        assert_eq!(voice_of(&text, "The agreement"), Voice::Quoted);
        assert_eq!(voice_of(&text, "float"), Voice::Quoted);
        assert_eq!(voice_of(&text, "Headline"), Voice::Writer);

        // The same question, short enough to be one, stays the interviewer's.
        let text = interview_after("Then it did. So why should it exist?\n\nBecause I say so.");
        assert_eq!(voice_of(&text, "Then it did"), Voice::Writer);
        assert_eq!(voice_of(&text, "Because I say"), Voice::Quoted);
    }

    #[test]
    fn a_question_without_a_question_mark_is_one_when_it_speaks_to_you_before_an_answer() {
        let asked = "I just wanted to know if you had any thoughts on the protests.\n\nI have \
            many. The protests are not surprising.";
        let text = interview_after(asked);
        assert_eq!(voice_of(&text, "The protests are"), Voice::Quoted);
        assert_eq!(voice_of(&text, "I just wanted"), Voice::Writer);
        assert_eq!(
            Document::parse(&text, Kind::Plain).voice().interview_from,
            Some(1)
        );

        // Without "you", or with it only in a quotation, the paragraph is the writer's
        // introduction, and what follows it too.
        for intro in [
            "The council met on Monday to discuss the protests.",
            "\u{201c}You will see the bridge rebuilt,\u{201d} the mayor said on Monday.",
        ] {
            let text = interview_after(&format!("{intro}\n\nThe bridge fell in March."));
            assert_eq!(voice_of(&text, "The bridge fell"), Voice::Writer, "{intro}");
            assert_eq!(
                Document::parse(&text, Kind::Plain).voice().interview_from,
                Some(3),
                "{intro}"
            );
        }
    }

    #[test]
    fn a_story_whose_only_questions_are_long_is_not_an_interview() {
        let rhetorical = "Prices rose again in March. Rents followed them. Wages did not. \
            The council has promised relief. Who will pay for it?";
        let text = format!("Headline\n\n{rhetorical}\n\nThe council met.\n\n{rhetorical}");
        let document = Document::parse(&text, Kind::Plain);
        assert_eq!(document.voice().interview_from, None);
        assert_eq!(voice_of(&text, "The council met"), Voice::Writer);
    }
}
