//! Markdown: only prose is checked; code, HTML and link destinations are not.

mod common;

use copydesk::{Config, Kind, RuleId};

fn unbalanced(text: &str) -> usize {
    copydesk::lint(text, Kind::Markdown, &Config::default())
        .iter()
        .filter(|f| f.rule == RuleId::UnbalancedQuote)
        .count()
}

#[test]
fn quotation_marks_in_code_are_not_checked() {
    assert_eq!(unbalanced("Run `echo \"hi` to test.\n"), 0);
    assert_eq!(
        unbalanced("Before.\n\n```\nprint(\"unclosed)\n```\n\nAfter.\n"),
        0
    );
    assert_eq!(unbalanced("    indented \"code\n\nProse.\n"), 0);
    assert_eq!(
        unbalanced("A <span title=\"x\">tag</span> and [link](http://x.test/?q=\").\n"),
        0
    );
    assert_eq!(unbalanced("---\ntitle: \"Front\n---\n\nBody.\n"), 0);
}

#[test]
fn quotation_marks_in_prose_are_checked() {
    assert_eq!(unbalanced("He said \"never.\n\nThe end.\n"), 1);
    assert_eq!(
        unbalanced("*\"Emphasised,\"* she said, and `code` \"too.\"\n"),
        0
    );
    assert_eq!(unbalanced("- \"One item\n- two\n"), 1);
}

#[test]
fn a_quotation_runs_across_markdown_paragraphs() {
    assert_eq!(
        unbalanced("\"We will win,\" he said. \"We will fight.\n\n\"We will never give up.\"\n"),
        0
    );
}

fn findings(text: &str) -> Vec<(RuleId, &str, usize)> {
    copydesk::lint(text, Kind::Markdown, &Config::default())
        .iter()
        .map(|f| (f.rule, f.span.slice(text), f.span.start))
        .collect()
}

/// An image between a paragraph's words once hid the text after it from every rule that
/// looks up offsets: its description was a paragraph nested inside the other.
#[test]
fn text_around_an_image_inside_a_paragraph_is_checked() {
    let text = "Before it. ![A picture](x.png) The regime fell. Kiev is big.\n";
    let rules: Vec<(RuleId, &str)> = findings(text).iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        rules,
        [(RuleId::LoadedTerm, "regime"), (RuleId::HouseStyle, "Kiev")]
    );
    // The description's own words are a caption's: checked for wording, not for sourcing.
    let text = "Troops ![Smoke over Kiev. The regime lied to parliament.](x.png) advanced.\n";
    let rules: Vec<(RuleId, &str)> = findings(text).iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        rules,
        [(RuleId::HouseStyle, "Kiev"), (RuleId::LoadedTerm, "regime")]
    );
    let alone = "Troops advanced. The regime lied to parliament.\n";
    assert!(findings(alone)
        .iter()
        .any(|f| f.0 == RuleId::UnattributedClaim));
}

/// An image in the middle of a sentence leaves the sentence whole: its attribution on the
/// far side of the image still counts, and the claim in the sentence's own words is still
/// found.
#[test]
fn a_sentence_around_an_image_keeps_its_attribution() {
    let claims = |text: &str| {
        findings(text)
            .iter()
            .filter(|f| f.0 == RuleId::UnattributedClaim)
            .count()
    };
    assert_eq!(
        claims(
            "The economy shrank 30 percent, ![A chart](c.png) the National Bank of Ukraine said.\n"
        ),
        0
    );
    assert_eq!(
        claims("The economy shrank 30 percent, ![A chart](c.png) as prices fell.\n"),
        1
    );
    assert_eq!(
        claims("Officials met ![Prices rose 30 percent](c.png) in the capital.\n"),
        0
    );
    assert_eq!(claims("Officials met in the capital.\n"), 0);
}

/// A link whose words end a sentence, with more words after it in the paragraph, made the
/// sentence split slice the text backwards and panic.
#[test]
fn a_sentence_ending_inside_a_link_is_checked_on() {
    let text = "See [He left.](x) The regime fell.\n";
    let rules: Vec<(RuleId, &str)> = findings(text).iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(rules, [(RuleId::LoadedTerm, "regime")]);
}

#[test]
fn a_quotation_runs_across_an_image() {
    assert_eq!(
        unbalanced("\"We will ![Zelensky in Kyiv](z.png) win,\" he said.\n"),
        0
    );
    assert_eq!(
        unbalanced(
            "\"We will fight. ![Troops](t.png) We will win.\n\n\"We will never give up.\"\n"
        ),
        0
    );
    assert_eq!(unbalanced("\"We will ![Troops](t.png) win, he said.\n"), 1);
    // A mark right after `![` follows markup, not a letter: it opens the description's
    // quotation.
    assert_eq!(
        unbalanced("He posted, “![\"Hope\" rally](y.png)” today.\n"),
        0
    );
}

/// Real copy with a photo between two sentences of a paragraph gives the same findings on
/// its words as without the photo.
#[test]
fn a_photo_between_sentences_of_real_copy_changes_no_finding() {
    const PHOTO: &str = "![A photo of the scene](photo.jpg) ";
    let mut photos = 0;
    for (name, story) in common::corpus() {
        let mut with_photos = String::with_capacity(story.len() * 2);
        // Where each photo went in the story without them.
        let mut inserted_at = Vec::new();
        let mut line_start = 0;
        for line in story.split_inclusive('\n') {
            let at = line
                .match_indices(". ")
                .map(|(at, _)| at + 2)
                .find(|&at| line[at..].starts_with(|c: char| c.is_ascii_uppercase()));
            match at {
                Some(at) => {
                    inserted_at.push(line_start + at);
                    with_photos.push_str(&line[..at]);
                    with_photos.push_str(PHOTO);
                    with_photos.push_str(&line[at..]);
                }
                None => with_photos.push_str(line),
            }
            line_start += line.len();
        }
        photos += inserted_at.len();
        let shifted =
            |offset: usize| offset + PHOTO.len() * inserted_at.partition_point(|&at| at <= offset);
        // Rules and starts only: a photo inside a long quotation can tip its finding's
        // span from the whole quotation to its opening mark.
        let starts = |findings: Vec<(RuleId, &str, usize)>| -> Vec<(RuleId, usize)> {
            findings
                .into_iter()
                .map(|(rule, _, start)| (rule, start))
                .collect()
        };
        let expected: Vec<(RuleId, usize)> = starts(findings(&story))
            .into_iter()
            .map(|(rule, start)| (rule, shifted(start)))
            .collect();
        assert_eq!(starts(findings(&with_photos)), expected, "{name}");
    }
    assert!(photos > 100, "only {photos} photos placed");
}
