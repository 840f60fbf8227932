//! Plain text: paragraphs are blank-line separated blocks, or single lines when the text has
//! no blank line at all (wire copy).

use super::{dateline_at, furniture_role, Blocks, Paragraph, Part, Role};
use crate::span::Span;

/// True when a line of `text` is empty or white space.
pub(crate) fn has_blank_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        let end = start + found;
        if text[start..end].trim().is_empty() {
            return true;
        }
        start = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
    }
    start < text.len() && text[start..].trim().is_empty()
}

pub(crate) fn blocks(text: &str, part: Part) -> Blocks {
    let lines = line_spans(text);
    let mut raw: Vec<Span> = Vec::new();
    if part.blank_line_paragraphs {
        let mut current: Option<Span> = None;
        for line in &lines {
            if line.slice(text).trim().is_empty() {
                raw.extend(current.take());
            } else {
                current = Some(match current {
                    Some(block) => Span::new(block.start, line.end),
                    None => *line,
                });
            }
        }
        raw.extend(current);
    } else {
        raw.extend(lines.iter().filter(|line| !line.is_empty()));
    }

    let mut paragraphs = Vec::with_capacity(raw.len());
    let mut segments = Vec::with_capacity(raw.len());
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
        comments: Vec::new(),
    }
}

/// A first line is the headline when it reads like one: a single line that does not end
/// as a sentence does. A lede in wire copy (the seed) ends with a period and stays body copy.
fn is_headline(first: &str) -> bool {
    !first.contains('\n') && !first.trim_end().ends_with('.')
}

/// Lines without their terminators. `\n`, `\r\n` and a lone `\r` all end a line.
fn line_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + found;
        lines.push(Span::new(start, at));
        i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        start = i;
    }
    if start < text.len() {
        lines.push(Span::new(start, text.len()));
    }
    lines
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
}
