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

/// How many sentences `unattributed-claim` flags in `text`, read as Markdown.
fn claims(text: &str) -> usize {
    findings(text)
        .iter()
        .filter(|f| f.0 == RuleId::UnattributedClaim)
        .count()
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
    assert_eq!(claims(alone), 1);
}

/// An image in the middle of a sentence leaves the sentence whole: its attribution on the
/// far side of the image still counts, and the claim in the sentence's own words is still
/// found.
#[test]
fn a_sentence_around_an_image_keeps_its_attribution() {
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

/// A cue inside an image's description attributes the caption's own sentences, never the
/// sentence the image stands in.
#[test]
fn a_cue_in_an_image_inside_a_sentence_attributes_nothing_around_it() {
    assert_eq!(
        claims("The economy shrank 30 percent, ![as Zelensky said](z.png) in the third quarter.\n"),
        1
    );
    assert_eq!(
        claims("The economy shrank 30 percent, ![critics say](z.png) in the third quarter.\n"),
        1
    );
    // A caption of its own keeps its attribution, and its quotation its speaker.
    let caption = "![“Prices rose 30 percent,” Zelensky said.](z.png)\n";
    let document = copydesk::Document::parse(caption, Kind::Markdown);
    assert_eq!(document.voice().attributions.len(), 1);
    assert_eq!(
        document
            .speaker_at(caption.find("Prices").unwrap())
            .map(|source| source.name.as_str()),
        Some("Zelensky")
    );
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

/// A story of the corpus with Markdown put into its lines.
struct Marked {
    name: String,
    story: String,
    marked: String,
    /// Where each insertion went in `story`, in order, and its length.
    inserted: Vec<(usize, usize)>,
}

impl Marked {
    /// An offset in `marked` as an offset in `story`. Inside an insertion it is where the
    /// insertion went, if a finding may start at the markup (`**` opening a sentence), and
    /// no offset of the story otherwise.
    fn unmarked(&self, offset: usize, may_start_at_markup: bool) -> Option<usize> {
        let mut shift = 0;
        for &(at, length) in &self.inserted {
            if offset < at + shift {
                break;
            }
            if offset < at + shift + length {
                return may_start_at_markup.then_some(at);
            }
            shift += length;
        }
        Some(offset - shift)
    }

    /// The marked story has the story's findings: the same rules at the same places. Rules
    /// and starts only: markup inside a long quotation can tip its finding's span from the
    /// whole quotation to its opening mark.
    fn assert_same_findings(&self, may_start_at_markup: bool) {
        let starts = |text: &str, map: &dyn Fn(usize) -> Option<usize>| {
            findings(text)
                .into_iter()
                .map(|(rule, _, start)| (rule, map(start)))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            starts(&self.marked, &|offset| self
                .unmarked(offset, may_start_at_markup)),
            starts(&self.story, &Some),
            "{}",
            self.name
        );
    }
}

/// Each story of the corpus with `insertions(line)`, in the order of their offsets in the
/// line, put into each of its lines.
fn mark_corpus(insertions: impl Fn(&str) -> Vec<(usize, &'static str)>) -> Vec<Marked> {
    common::corpus()
        .into_iter()
        .map(|(name, story)| {
            let mut marked = String::with_capacity(story.len() * 2);
            let mut inserted = Vec::new();
            let mut line_start = 0;
            for line in story.split_inclusive('\n') {
                let mut copied = 0;
                for (at, markup) in insertions(line) {
                    marked.push_str(&line[copied..at]);
                    marked.push_str(markup);
                    inserted.push((line_start + at, markup.len()));
                    copied = at;
                }
                marked.push_str(&line[copied..]);
                line_start += line.len();
            }
            Marked {
                name,
                story,
                marked,
                inserted,
            }
        })
        .collect()
}

/// Where the sentence after the one ending at `from` or later starts, if one does: after
/// `. ` and at a capital letter.
fn next_sentence(line: &str, from: usize) -> Option<usize> {
    line[from..]
        .match_indices(". ")
        .map(|(at, _)| from + at + 2)
        .find(|&at| line[at..].starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Real copy with a photo between two sentences of a paragraph gives the same findings on
/// its words as without the photo.
#[test]
fn a_photo_between_sentences_of_real_copy_changes_no_finding() {
    let stories = mark_corpus(|line| {
        next_sentence(line, 0)
            .map(|at| (at, "![A photo of the scene](photo.jpg) "))
            .into_iter()
            .collect()
    });
    for story in &stories {
        story.assert_same_findings(false);
    }
    let photos: usize = stories.iter().map(|story| story.inserted.len()).sum();
    assert!(photos > 100, "only {photos} photos placed");
}

/// Real copy with a sentence set in bold, `**Like this.**`, between two others of its
/// paragraph gives the same findings as without the bold. The markup once hid both
/// sentence ends around it: `Before. **Like this.** After.` read as one sentence, so an
/// attribution in one of them covered a claim in the others.
#[test]
fn a_sentence_in_bold_in_real_copy_changes_no_finding() {
    let stories = mark_corpus(|line| {
        let Some(second) = next_sentence(line, 0) else {
            return Vec::new();
        };
        // The bold ends after the second sentence's period, before the space.
        match next_sentence(line, second) {
            Some(third) => vec![(second, "**"), (third - 1, "**")],
            None => Vec::new(),
        }
    });
    for story in &stories {
        story.assert_same_findings(true);
    }
    let bold: usize = stories.iter().map(|story| story.inserted.len() / 2).sum();
    assert!(bold > 50, "only {bold} sentences set in bold");
}
