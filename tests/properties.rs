//! Properties of the engine on any text: no panic, ranges inside the text on character
//! boundaries, fixes that apply cleanly.

use copydesk::{Config, Kind};
use proptest::prelude::*;

/// Text that stresses the engine: quotation marks of every kind, apostrophes, sentence
/// punctuation, line ends of every kind, Markdown links and images, multibyte letters and
/// words the rules look for.
fn story() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "‚",
        "‹",
        "›",
        ". ",
        "? ",
        "! ",
        "…",
        "...",
        ", ",
        ": ",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " ",
        "  ",
        "—",
        "-",
        "(",
        ")",
        "`",
        "*",
        "#",
        // Markdown links and images, whose words can end a sentence and whose
        // descriptions are read inside their paragraph.
        "[",
        "](x)",
        "![",
        ".",
        // Bold around a sentence: the split reads over markup between sentences.
        "**",
        "- ",
        "> ",
        "<!-- copydesk-disable -->",
        "<!-- copydesk-enable loaded-term -->",
        "<!-- copydesk-disable-next-line house-style -->",
        "Kim",
        "said",
        "he",
        "Moscow",
        "according to",
        "critics say",
        "reportedly",
        "Kiev",
        "regime",
        "last year",
        "have further enhanced",
        "40 percent",
        "what it calls",
        "the",
        "ties",
        "😀",
        "é",
        "6'2",
        "'90s",
        "rock 'n' roll",
        "[source]",
        "Q:",
        "A:",
        "WASHINGTON (AP) —",
        "\u{a0}",
        "\u{2028}",
        "\t",
        "Mr.",
        "U.S.",
        "a.m.",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

fn check(text: &str, kind: Kind) -> Result<(), TestCaseError> {
    let findings = copydesk::lint(text, kind, &Config::default());
    for finding in &findings {
        let span = finding.span;
        prop_assert!(
            span.start <= span.end && span.end <= text.len(),
            "{finding:?}"
        );
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        for fix in &finding.fixes {
            let mut edits: Vec<_> = fix.edits.iter().map(|edit| edit.span).collect();
            edits.sort();
            for edit in &edits {
                prop_assert!(edit.end <= text.len());
                prop_assert!(text.is_char_boundary(edit.start) && text.is_char_boundary(edit.end));
            }
            for pair in edits.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start, "overlapping edits in {fix:?}");
            }
            // Applying a fix removes its finding, or changes nothing.
            let fixed = fix.apply(text);
            let after = copydesk::lint(&fixed, kind, &Config::default());
            // (Removing a stale suppression comment can change what the others suppress.)
            if fix.applicability != copydesk::Applicability::NeedsReview
                && finding.rule != copydesk::RuleId::UnusedSuppression
                && fixed != text
            {
                // Where the finding's start stands once the edits before it are made.
                let moved = fix
                    .edits
                    .iter()
                    .filter(|edit| edit.span.end <= finding.span.start)
                    .fold(finding.span.start as isize, |at, edit| {
                        at + edit.text.len() as isize - edit.span.len() as isize
                    }) as usize;
                prop_assert!(
                    !after.iter().any(|f| f.rule == finding.rule
                        && f.message == finding.message
                        && f.span.start == moved),
                    "{:?} did not remove its finding {finding:?}\nbefore: {text:?}\nafter:  {fixed:?}",
                    fix.title
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_story_lints_without_panic_in_plain_text(text in story()) {
        check(&text, Kind::Plain)?;
    }

    #[test]
    fn any_story_lints_without_panic_in_markdown(text in story()) {
        check(&text, Kind::Markdown)?;
    }

    #[test]
    fn any_unicode_lints_without_panic(text in "\\PC{0,300}") {
        check(&text, Kind::Plain)?;
        check(&text, Kind::Markdown)?;
    }
}

mod common;

/// Stories of the corpus stacked into a text past `copydesk::sections::SECTIONED_ABOVE`,
/// starting at story `first`.
fn long_text(first: usize) -> String {
    let corpus = common::corpus();
    let mut text = String::new();
    for (_, story) in corpus.iter().cycle().skip(first) {
        if text.len() > copydesk::sections::SECTIONED_ABOVE + 20_000 {
            break;
        }
        text.push_str(story);
        text.push_str("\n\n");
    }
    text
}

/// One edit: where (a fraction of the text), what to insert, and how much to delete.
fn edit() -> impl Strategy<Value = (f64, &'static str, usize)> {
    let pieces = prop::sample::select(vec![
        "",
        "x",
        "\n\n",
        "\n\nThe council said ",
        "“",
        "”",
        "\"",
        "\r",
        "```\n",
        "<!-- copydesk-disable -->",
        " slammed Kiev ",
    ]);
    (0.0..1.0f64, pieces, 0..600usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// The language server's linter, kept across a random sequence of edits, gives what a
    /// lint of the final text from scratch gives, in plain text and in Markdown.
    #[test]
    fn a_linter_kept_across_edits_agrees_with_a_lint_from_scratch(
        first in 0..43usize,
        markdown in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let kind = if markdown { Kind::Markdown } else { Kind::Plain };
        let config = std::sync::Arc::new(Config::default());
        let mut text = long_text(first);
        let mut linter = copydesk::Linter::new(kind, config.clone());
        linter.lint(&text);
        for (at, piece, delete) in edits {
            let mut start = (text.len() as f64 * at) as usize;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, piece);
            prop_assert_eq!(linter.lint(&text), copydesk::lint(&text, kind, &config));
        }
    }
}

/// Sizes that cut a story of a few KB into many sections, so that edits fall near and
/// across many cuts at little cost. Marks fall about every 300 bytes, more sparsely than
/// paragraphs, so the hash still decides which paragraphs are marked.
const SMALL: copydesk::sections::Sizes = copydesk::sections::Sizes {
    sectioned_above: 600,
    min_section: 120,
    cut_spacing: 300,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With small sections, many edits to a story: the linter comparing texts and the
    /// linter told where each edit fell (as the language server tells it) both give what a
    /// lint from scratch gives, and the text is cut in many places.
    #[test]
    fn linters_kept_across_edits_agree_with_a_lint_from_scratch_at_small_sizes(
        first in 0..43usize,
        random in story(),
        markdown in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..24),
    ) {
        let kind = if markdown { Kind::Markdown } else { Kind::Plain };
        let config = std::sync::Arc::new(Config::default());
        let corpus = common::corpus();
        let mut text = format!("{}\n\n{random}\n\n{}", corpus[first].1, corpus[(first + 1) % 43].1);
        let scratch = |text: &str| copydesk::sections::lint_with(text, kind, &config, SMALL);
        let mut compared = copydesk::Linter::with_sizes(kind, config.clone(), SMALL);
        let mut told = copydesk::Linter::with_sizes(kind, config.clone(), SMALL);
        compared.lint(&text);
        told.update_told(&text, None);
        prop_assert!(compared.relinted().1 > 3, "{} sections", compared.relinted().1);
        for (at, piece, delete) in edits {
            let mut start = (text.len() as f64 * at) as usize;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + delete / 4).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, piece);
            let expected = scratch(&text);
            prop_assert_eq!(compared.lint(&text), expected.clone());
            // And it cut the text where a fresh split cuts it.
            let starts = |linter: &copydesk::Linter| -> Vec<usize> {
                linter.sections().iter().map(|section| section.start).collect()
            };
            let fresh: Vec<usize> = copydesk::sections::split_with(&text, kind, SMALL)
                .iter()
                .map(|section| section.span.start)
                .collect();
            prop_assert_eq!(starts(&compared), fresh.clone());
            told.update_told(
                &text,
                Some(copydesk::sections::UnchangedEnds::of_edit(start, piece.len(), text.len())),
            );
            prop_assert_eq!(told.findings(), expected);
            prop_assert_eq!(starts(&told), fresh);
        }
    }
}
