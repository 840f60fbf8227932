//! Markdown through pulldown-cmark: prose is the text of paragraphs, headings, list items,
//! table cells and image descriptions. Code, HTML, link destinations and front matter are not.
//!
//! An image's description is a caption. Before a block's first words or after its last, it
//! is a paragraph of its own beside the block. Between the block's words it is read where it
//! stands, as part of the block, so that paragraphs never overlap: lookups by offset and
//! every walk in text order rely on that.

use super::{dateline_at, furniture_role, Blocks, Comment, Paragraph, Role};
use crate::span::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Open {
    role: Role,
    first_segment: usize,
    /// The segments of each image description in the block, in text order.
    descriptions: Vec<std::ops::Range<usize>>,
}

impl Open {
    fn new(role: Role, first_segment: usize) -> Open {
        Open {
            role,
            first_segment,
            descriptions: Vec::new(),
        }
    }
}

pub(crate) fn blocks(text: &str) -> Blocks {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    read_blocks(text, Parser::new_ext(text, options).into_offset_iter())
}

/// The blocks of `text` from its parse events, each with its range in the text.
fn read_blocks<'t>(
    text: &str,
    events: impl Iterator<Item = (Event<'t>, std::ops::Range<usize>)>,
) -> Blocks {
    let mut out = Blocks {
        paragraphs: Vec::new(),
        segments: Vec::new(),
        descriptions: Vec::new(),
        comments: Vec::new(),
    };
    let mut image_depth = 0usize;
    // The first segment of the outermost image being read.
    let mut image_start = 0usize;
    let mut open: Option<Open> = None;
    let mut metadata = false;

    for (event, range) in events {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            Event::Start(Tag::Paragraph | Tag::TableCell) => {
                let role = match open.take() {
                    // A loose list item's first paragraph is the item.
                    Some(item)
                        if item.role == Role::Item && item.first_segment == out.segments.len() =>
                    {
                        Role::Item
                    }
                    // After words of the item's own, a paragraph is the item's next, and
                    // the words before it stay a paragraph. pulldown-cmark is not known to
                    // send this, but the words would otherwise be in no paragraph.
                    Some(item) if item.role == Role::Item => {
                        close(text, &mut out, item);
                        Role::Item
                    }
                    Some(previous) => {
                        close(text, &mut out, previous);
                        Role::Body
                    }
                    None => Role::Body,
                };
                open = Some(Open::new(role, out.segments.len()));
            }
            Event::Start(Tag::Heading { .. }) => {
                if let Some(previous) = open.take() {
                    close(text, &mut out, previous);
                }
                open = Some(Open::new(Role::Headline, out.segments.len()));
            }
            Event::Start(Tag::Item) => {
                if let Some(previous) = open.take() {
                    close(text, &mut out, previous);
                }
                open = Some(Open::new(Role::Item, out.segments.len()));
            }
            Event::Start(
                Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_),
            )
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                if let Some(previous) = open.take() {
                    close(text, &mut out, previous);
                }
            }
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                if image_depth == 1 {
                    image_start = out.segments.len();
                }
            }
            Event::End(TagEnd::Image) if image_depth == 1 => {
                image_depth = 0;
                let description = image_start..out.segments.len();
                match open.as_mut() {
                    _ if description.is_empty() => {}
                    Some(block) => block.descriptions.push(description),
                    // Outside any block (none is known to hold one): a caption alone.
                    None => push_paragraph(text, &mut out, Role::Caption, description),
                }
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(_) if metadata => {}
            Event::Text(_) if image_depth > 0 || open.is_some() => {
                push_segment(&mut out.segments, Span::from(range));
            }
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim_start().starts_with("<!--") =>
            {
                out.comments.push(Comment {
                    span: Span::from(range),
                });
            }
            _ => {}
        }
    }
    if let Some(previous) = open.take() {
        close(text, &mut out, previous);
    }
    out
}

/// pulldown-cmark splits text at escapes and entities; adjacent pieces are one segment.
fn push_segment(segments: &mut Vec<Span>, span: Span) {
    match segments.last_mut() {
        Some(last) if last.end == span.start => last.end = span.end,
        _ => segments.push(span),
    }
}

/// Ends a block: the descriptions before its first words and after its last become
/// captions beside it, in text order; those between its words stay in it.
fn close(text: &str, out: &mut Blocks, open: Open) {
    let all = open.first_segment..out.segments.len();
    let descriptions = open.descriptions;
    // Blank text between images, or between an image and the block's edge, is not words.
    let blank = |index: usize| out.segments[index].slice(text).trim().is_empty();
    let mut words_start = all.start;
    let mut leading = 0;
    while let Some(description) = descriptions.get(leading) {
        if !(words_start..description.start).all(blank) {
            break;
        }
        words_start = description.end;
        leading += 1;
    }
    let mut words_end = all.end;
    let mut trailing = 0;
    while let Some(description) = descriptions[leading..].iter().rev().nth(trailing) {
        if !(description.end..words_end).all(blank) {
            break;
        }
        words_end = description.start;
        trailing += 1;
    }
    let inside = leading..descriptions.len() - trailing;
    let words = if descriptions.is_empty() || !(words_start..words_end).all(blank) {
        words_start..words_end
    } else {
        words_end..words_end
    };
    for description in &descriptions[..leading] {
        push_paragraph(text, out, Role::Caption, description.clone());
    }
    for description in &descriptions[inside.clone()] {
        let span = Span::new(
            out.segments[description.start].start,
            out.segments[description.end - 1].end,
        );
        out.descriptions.push(span);
    }
    push_paragraph(text, out, open.role, words);
    for description in &descriptions[inside.end..] {
        push_paragraph(text, out, Role::Caption, description.clone());
    }
}

fn push_paragraph(text: &str, out: &mut Blocks, role: Role, segments: std::ops::Range<usize>) {
    if segments.is_empty() {
        return;
    }
    let span = Span::new(
        out.segments[segments.start].start,
        out.segments[segments.end - 1].end,
    );
    let role = match role {
        Role::Body => furniture_role(span.slice(text)).unwrap_or(Role::Body),
        role => role,
    };
    let dateline = (role == Role::Body)
        .then(|| dateline_at(text, span.start, out.segments[segments.start].end))
        .flatten();
    out.paragraphs.push(Paragraph {
        span,
        segments,
        role,
        sentences: 0..0,
        dateline,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<(Role, Vec<&str>)> {
        let b = blocks(text);
        b.paragraphs
            .iter()
            .map(|p| {
                (
                    p.role,
                    b.segments[p.segments.clone()]
                        .iter()
                        .map(|s| s.slice(text))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn an_items_words_before_a_paragraph_in_it_stay_a_paragraph() {
        let text = "- first\n\n  second\n";
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            start..start + word.len()
        };
        let events = [
            (Event::Start(Tag::List(None)), 0..text.len()),
            (Event::Start(Tag::Item), 0..text.len()),
            (Event::Text("first".into()), at("first")),
            (Event::Start(Tag::Paragraph), at("second")),
            (Event::Text("second".into()), at("second")),
            (Event::End(TagEnd::Paragraph), at("second")),
            (Event::End(TagEnd::Item), 0..text.len()),
            (Event::End(TagEnd::List(false)), 0..text.len()),
        ];
        let b = read_blocks(text, events.into_iter());
        let got: Vec<(Role, &str)> = b
            .paragraphs
            .iter()
            .map(|p| (p.role, p.span.slice(text)))
            .collect();
        assert_eq!(got, [(Role::Item, "first"), (Role::Item, "second")]);
    }

    #[test]
    fn code_html_and_link_destinations_are_not_prose() {
        let text = "# Title\n\nSay `\"code\"` and [a link](http://x.test/\"q) <b>bold</b>.\n\n```\n\"block\n```\n";
        let got = prose(text);
        assert_eq!(got[0], (Role::Headline, vec!["Title"]));
        assert_eq!(got[1].0, Role::Body);
        assert_eq!(got[1].1, vec!["Say ", " and ", "a link", " ", "bold", "."]);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn front_matter_is_skipped_and_comments_are_kept() {
        let text = "---\ntitle: \"x\n---\n\n<!-- copydesk-disable quote-style -->\n\nBody.\n";
        let b = blocks(text);
        assert_eq!(b.paragraphs.len(), 1);
        assert_eq!(b.paragraphs[0].span.slice(text), "Body.");
        assert_eq!(b.comments.len(), 1);
    }

    #[test]
    fn an_image_beside_the_words_is_a_caption_of_its_own() {
        let text = "![Smoke over Kyiv](a.png)\n\n![Troops](b.png) ![Tanks](c.png) They advanced. ![A \"rally\"](d.png)\n";
        let got = prose(text);
        assert_eq!(
            got,
            [
                (Role::Caption, vec!["Smoke over Kyiv"]),
                (Role::Caption, vec!["Troops"]),
                (Role::Caption, vec!["Tanks"]),
                (Role::Body, vec![" They advanced. "]),
                (Role::Caption, vec!["A \"rally\""]),
            ]
        );
        assert!(blocks(text).descriptions.is_empty());
    }

    /// A description between a paragraph's words is read where it stands, so that no
    /// paragraph lies inside another. (Nested, it hid the text after it from every lookup
    /// by offset.)
    #[test]
    fn an_image_between_the_words_is_read_in_place() {
        let text = "Before ![A \"rally\" in Kyiv](pic.png) after.\n";
        let got = prose(text);
        assert_eq!(
            got,
            [(
                Role::Body,
                vec!["Before ", "A \"rally\" in Kyiv", " after."]
            )]
        );
        let descriptions = blocks(text).descriptions;
        assert_eq!(descriptions.len(), 1);
        assert_eq!(descriptions[0].slice(text), "A \"rally\" in Kyiv");
    }

    #[test]
    fn list_items_are_paragraphs() {
        let got = prose("- one\n- two\n  - three\n");
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|(role, _)| *role == Role::Item));
    }
}
