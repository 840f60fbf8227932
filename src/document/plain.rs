//! Plain text: paragraphs are blank-line separated blocks, or single lines when the text has
//! no blank line at all (wire copy).

use super::lines::{is_blank, Lines};
use super::{dateline_at, furniture_role, Blocks, Paragraph, Part, Role};
use crate::span::Span;

/// True when a line of `text` is empty or white space.
pub(crate) fn has_blank_line(text: &str) -> bool {
    Lines::new(text).any(|line| is_blank(line.slice(text)))
}

/// The untrimmed spans of the paragraphs, read off the lines as they come.
fn raw_paragraphs(text: &str, blank_line_paragraphs: bool) -> impl Iterator<Item = Span> + '_ {
    let mut lines = Lines::new(text);
    std::iter::from_fn(move || {
        if !blank_line_paragraphs {
            return lines.find(|line| !line.is_empty());
        }
        // A block runs from its first line that is not blank to the next blank line.
        let first = lines.find(|line| !is_blank(line.slice(text)))?;
        let mut block = first;
        for line in lines.by_ref() {
            if is_blank(line.slice(text)) {
                break;
            }
            block = Span::new(block.start, line.end);
        }
        Some(block)
    })
}

pub(crate) fn blocks(text: &str, part: Part) -> Blocks {
    let raw = raw_paragraphs(text, part.blank_line_paragraphs);
    // Room for paragraphs of news copy's length (a few hundred bytes), so that a story's
    // paragraphs are not copied again and again as they are found.
    let expected = text.len() / 256 + 8;
    let mut paragraphs = Vec::with_capacity(expected);
    let mut segments = Vec::with_capacity(expected);
    for span in raw {
        let Some(span) = trim(text, span) else {
            continue;
        };
        let body = span.slice(text);
        let role = if paragraphs.is_empty() && part.starts_story && is_headline(body) {
            Role::Headline
        } else {
            furniture_role(body).unwrap_or(Role::Body)
        };
        let dateline = (role == Role::Body)
            .then(|| dateline_at(text, span.start, span.end))
            .flatten();
        paragraphs.push(Paragraph {
            span,
            segments: segments.len()..segments.len() + 1,
            role,
            sentences: 0..0,
            dateline,
        });
        segments.push(span);
    }
    Blocks {
        paragraphs,
        segments,
        descriptions: Vec::new(),
        comments: Vec::new(),
    }
}

/// A first line is the headline when it reads like one: a single line that does not end
/// as a sentence does. A lede in wire copy (the seed) ends with a period and stays body copy.
fn is_headline(first: &str) -> bool {
    !first.contains(['\n', '\r']) && !first.trim_end().ends_with('.')
}

fn trim(text: &str, span: Span) -> Option<Span> {
    let slice = span.slice(text);
    let leading = slice.len() - slice.trim_start().len();
    let trailing = slice.len() - slice.trim_end().len();
    (leading + trailing < slice.len()).then(|| Span::new(span.start + leading, span.end - trailing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<&str> {
        blocks(text, Part::whole(text, crate::Kind::Plain))
            .paragraphs
            .iter()
            .map(|p| p.span.slice(text))
            .collect()
    }

    #[test]
    fn wire_copy_has_one_paragraph_per_line() {
        assert_eq!(
            paragraphs("One.\nTwo.\r\nThree."),
            ["One.", "Two.", "Three."]
        );
    }

    #[test]
    fn blank_lines_separate_paragraphs_when_present() {
        assert_eq!(
            paragraphs("Head\n\nOne line\ncontinues.\n\n  \nTwo."),
            ["Head", "One line\ncontinues.", "Two."]
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(paragraphs("One.\rTwo."), ["One.", "Two."]);
    }

    #[test]
    fn first_line_without_period_is_the_headline() {
        let text = "Storm hits coast\n\nThe storm hit.";
        let b = blocks(text, Part::whole(text, crate::Kind::Plain));
        assert_eq!(b.paragraphs[0].role, Role::Headline);
        assert_eq!(b.paragraphs[1].role, Role::Body);
        let text = "The storm hit the coast.\nIt rained.";
        let b = blocks(text, Part::whole(text, crate::Kind::Plain));
        assert_eq!(b.paragraphs[0].role, Role::Body);
    }

    #[test]
    fn a_first_paragraph_of_two_lines_is_no_headline_whatever_ends_them() {
        for end in ["\n", "\r\n", "\r"] {
            let text =
                format!("Officials say the storm{end}will hit the coast{end}{end}It rained.");
            let b = blocks(&text, Part::whole(&text, crate::Kind::Plain));
            assert_eq!(b.paragraphs[0].role, Role::Body, "{text:?}");
            let text = format!("Storm hits coast{end}{end}It rained.");
            let b = blocks(&text, Part::whole(&text, crate::Kind::Plain));
            assert_eq!(b.paragraphs[0].role, Role::Headline, "{text:?}");
        }
    }
}
