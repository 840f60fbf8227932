//! Markdown through pulldown-cmark: prose is the text of paragraphs, headings, list items,
//! table cells and image descriptions. Code, HTML, link destinations and front matter are not.

use super::{dateline_at, furniture_role, Blocks, Comment, Paragraph, Role};
use crate::span::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Open {
    role: Role,
    first_segment: usize,
}

pub(crate) fn blocks(text: &str) -> Blocks {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Blocks {
        paragraphs: Vec::new(),
        segments: Vec::new(),
        comments: Vec::new(),
    };
    // Image descriptions are captions, collected apart from the paragraph around them.
    let mut captions: Vec<Vec<Span>> = Vec::new();
    let mut image_depth = 0usize;
    let mut open: Option<Open> = None;
    let mut metadata = false;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            Event::Start(Tag::Paragraph | Tag::TableCell) => {
                let role = match open.take() {
                    Some(item) if item.role == Role::Item => Role::Item,
                    Some(previous) => {
                        close(text, &mut out, previous);
                        Role::Body
                    }
                    None => Role::Body,
                };
                open = Some(Open {
                    role,
                    first_segment: out.segments.len(),
                });
            }
            Event::Start(Tag::Heading { .. }) => {
                if let Some(previous) = open.take() {
                    close(text, &mut out, previous);
                }
                open = Some(Open {
                    role: Role::Headline,
                    first_segment: out.segments.len(),
                });
            }
            Event::Start(Tag::Item) => {
                if let Some(previous) = open.take() {
                    close(text, &mut out, previous);
                }
                open = Some(Open {
                    role: Role::Item,
                    first_segment: out.segments.len(),
                });
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
                    captions.push(Vec::new());
                }
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(_) if metadata => {}
            Event::Text(_) => {
                let span = Span::from(range);
                if image_depth > 0 {
                    if let Some(caption) = captions.last_mut() {
                        push_segment(caption, span);
                    }
                } else if open.is_some() {
                    push_segment(&mut out.segments, span);
                }
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
    for caption in captions {
        let first_segment = out.segments.len();
        out.segments.extend(caption);
        close(
            text,
            &mut out,
            Open {
                role: Role::Caption,
                first_segment,
            },
        );
    }
    out.paragraphs.sort_by_key(|paragraph| paragraph.span.start);
    out
}

/// pulldown-cmark splits text at escapes and entities; adjacent pieces are one segment.
fn push_segment(segments: &mut Vec<Span>, span: Span) {
    match segments.last_mut() {
        Some(last) if last.end == span.start => last.end = span.end,
        _ => segments.push(span),
    }
}

fn close(text: &str, out: &mut Blocks, open: Open) {
    let segments = open.first_segment..out.segments.len();
    if segments.is_empty() {
        return;
    }
    let span = Span::new(
        out.segments[segments.start].start,
        out.segments[segments.end - 1].end,
    );
    let role = match open.role {
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
    fn image_text_is_a_caption() {
        let text = "Before ![A \"rally\" in Kyiv](pic.png) after.\n";
        let got = prose(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], (Role::Body, vec!["Before ", " after."]));
        assert_eq!(got[1], (Role::Caption, vec!["A \"rally\" in Kyiv"]));
    }

    #[test]
    fn list_items_are_paragraphs() {
        let got = prose("- one\n- two\n  - three\n");
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|(role, _)| *role == Role::Item));
    }
}
