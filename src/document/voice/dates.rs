//! Dates inside a subject: "Police on Tuesday said", "In September officials said", "A
//! report released in March said". Wire copy puts the day between the source and the verb,
//! and a month or a weekday is capitalized like a name, so without this the source was
//! "Tuesday" or "Monday Smith".

use crate::text::Word;

/// Weekdays and months that are no one's name. A `match`, not a list searched in turn:
/// every word of every subject is asked.
fn always_a_date(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "July"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Months that are also names ("Theresa May said"): dates only after a word that leads
/// into a date.
fn a_date_after_a_lead(word: &str) -> bool {
    matches!(word, "April" | "May" | "June" | "August")
}

/// Words that lead into a date and belong to it: "on Tuesday", "in late September".
const LEADS: [&str; 18] = [
    "in", "on", "since", "until", "till", "by", "from", "through", "during", "before", "after",
    "early", "late", "mid", "last", "next", "this", "every",
];

fn is_lead(word: &str) -> bool {
    LEADS.iter().any(|lead| lead.eq_ignore_ascii_case(word))
}

/// Where a date that ends just before `end` starts: "Police on Tuesday said", "The survey
/// from late September shows", "Officials on March 5 said". `end` when no date ends there.
pub(super) fn date_ending_at(words: &[Word], end: usize) -> usize {
    let mut at = end;
    if at >= 2 && is_day_number(words[at - 1].text) {
        at -= 1;
    }
    // Asked before every verb of saying: the last word alone decides in nearly every case.
    match at.checked_sub(1) {
        Some(last) if is_date_at(words, last) => first_lead(words, last),
        _ => end,
    }
}

fn is_day_number(word: &str) -> bool {
    (1..=2).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// Per word of `phrase`, whether it is part of a date: a month or a weekday and the words
/// that lead into it. Empty, with no allocation, when the phrase holds no date, as nearly
/// every subject does.
pub(super) fn date_words(phrase: &[Word]) -> Vec<bool> {
    let mut dated = Vec::new();
    for at in (0..phrase.len()).filter(|&at| is_date_at(phrase, at)) {
        if dated.is_empty() {
            dated = vec![false; phrase.len()];
        }
        dated[first_lead(phrase, at)..=at].fill(true);
    }
    dated
}

/// Whether `words[at]` is a month or a weekday read as a date.
fn is_date_at(words: &[Word], at: usize) -> bool {
    let word = words[at].text;
    always_a_date(word) || (a_date_after_a_lead(word) && at > 0 && is_lead(words[at - 1].text))
}

/// The first of the words leading into the date at `words[at]`, or `at` when none does.
fn first_lead(words: &[Word], at: usize) -> usize {
    let mut start = at;
    while start > 0 && is_lead(words[start - 1].text) {
        start -= 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::date_words;
    use crate::span::Span;
    use crate::text::{words, Word};

    fn dated(phrase: &str) -> Vec<&str> {
        let phrase: Vec<Word> = words(phrase, Span::new(0, phrase.len())).collect();
        let dated = date_words(&phrase);
        phrase
            .iter()
            .zip(dated.iter().chain(std::iter::repeat(&false)))
            .filter(|(_, &dated)| dated)
            .map(|(word, _)| word.text)
            .collect()
    }

    #[test]
    fn weekdays_and_months_with_their_leads_are_dates() {
        assert_eq!(dated("Police on Tuesday"), ["on", "Tuesday"]);
        assert_eq!(
            dated("In late September officials"),
            ["In", "late", "September"]
        );
        assert_eq!(dated("A report released in May"), ["in", "May"]);
        assert!(dated("Theresa May").is_empty());
        assert!(dated("Prime Minister Theresa May").is_empty());
        assert!(dated("the ministry").is_empty());
    }

    #[test]
    fn a_date_ending_a_phrase_is_found_from_its_end() {
        let starts = |phrase: &str| {
            let words: Vec<Word> = words(phrase, Span::new(0, phrase.len())).collect();
            let start = super::date_ending_at(&words, words.len());
            words[start..]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(starts("Police on Tuesday"), "on Tuesday");
        assert_eq!(
            starts("The survey from late September"),
            "from late September"
        );
        assert_eq!(starts("Officials on March 5"), "on March 5");
        assert_eq!(starts("Theresa May"), "");
        assert_eq!(starts("the ministry"), "");
        assert_eq!(starts("Tuesday"), "Tuesday");
    }
}
