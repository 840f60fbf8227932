//! `--format human`: each finding with its source lines and the range underlined.

use super::Report;
use annotate_snippets::{Level, Renderer, Snippet};
use copydesk::line_index::LineIndex;
use copydesk::{Applicability, Severity, Span};
use std::io::Write;
use std::ops::Range;

/// Bytes of context kept on either side of a finding on a long line. The renderer shows at
/// most a terminal's width of a line anyway; handing it the whole line made each finding cost
/// the line's length (a one-line story of 1 MB with 451 findings took 3 s, 77 s unoptimised).
const CONTEXT: usize = 512;

pub fn print(report: &Report, color: bool) {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut stdout = std::io::stdout().lock();
    let mut counts = [0usize; 4];
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.findings {
            counts[finding.severity as usize] += 1;
            let level = level(finding.severity);
            let shown = Shown::new(&file.text, &index, finding.span);
            let fix_notes: Vec<String> = finding
                .fixes
                .iter()
                .take(3)
                .map(|fix| {
                    let how = match fix.applicability {
                        Applicability::Safe => "fix (safe)",
                        Applicability::Suggested => "fix",
                        Applicability::NeedsReview => "fix (review)",
                    };
                    format!("{how}: {}", fix.title)
                })
                .collect();
            let mut message = level
                .title(&finding.message)
                .id(finding.rule.as_str())
                .snippet(
                    Snippet::source(&shown.source)
                        .line_start(shown.line + 1)
                        .origin(&file.name)
                        .annotation(level.span(shown.span.clone())),
                );
            for note in &fix_notes {
                message = message.footer(Level::Help.title(note));
            }
            let mut rendered = renderer.render(message).to_string();
            if let Some((window_column, column)) = shown.columns {
                // The renderer counts the column from the window's start: give the line's.
                let line = shown.line + 1;
                rendered = rendered.replacen(
                    &format!("{}:{line}:{window_column}", file.name),
                    &format!("{}:{line}:{column}", file.name),
                    1,
                );
            }
            if writeln!(stdout, "{rendered}\n").is_err() {
                return;
            }
        }
    }
    for (path, message) in &report.errors {
        eprintln!("copydesk: {path}: {message}");
    }
    let summary = super::summary(report, &counts);
    let _ = writeln!(stdout, "{summary}");
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
        Severity::Hint => Level::Note,
    }
}

/// What the renderer is given for one finding: the lines it touches, cut to `CONTEXT` bytes
/// either side of it on a long line, with control characters made visible.
struct Shown {
    source: String,
    /// The finding's range in `source`.
    span: Range<usize>,
    /// The 0-based line `source` starts on.
    line: usize,
    /// When the window starts inside the line: the finding's column counted from the
    /// window's start, and from the line's.
    columns: Option<(usize, usize)>,
}

impl Shown {
    fn new(text: &str, index: &LineIndex, span: Span) -> Shown {
        let first_line = index.line_of(span.start);
        let last_line = index.line_of(span.end.saturating_sub(1).max(span.start));
        let line_start = index.line_start(first_line);
        let line_end = index.line_span(text, last_line).1.max(span.end);
        let start = floor_boundary(text, span.start.saturating_sub(CONTEXT).max(line_start));
        let end = ceil_boundary(text, span.end.saturating_add(CONTEXT).min(line_end));
        let columns = (start > line_start).then(|| {
            (
                text[start..span.start].chars().count() + 1,
                index.line_column(text, span.start).column,
            )
        });
        let (source, [from, to]) =
            visible(&text[start..end], [span.start - start, span.end - start]);
        Shown {
            source,
            span: from..to,
            line: first_line,
            columns,
        }
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// `text` with its control characters, other than tab and line ends, shown as Unicode
/// control pictures (`␛`, `␀`) or `�`, so that a story's escape sequences never reach the
/// terminal; and where `offsets` of `text` fall in the result. One character stands for one,
/// so columns do not change.
fn visible(text: &str, offsets: [usize; 2]) -> (String, [usize; 2]) {
    let mut out = String::with_capacity(text.len());
    let mut mapped = offsets;
    for (at, ch) in text.char_indices() {
        for (offset, moved) in offsets.iter().zip(mapped.iter_mut()) {
            if *offset == at {
                *moved = out.len();
            }
        }
        out.push(match ch {
            '\t' | '\n' | '\r' => ch,
            '\0'..='\x1f' => char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'),
            '\x7f' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            _ => ch,
        });
    }
    for (offset, moved) in offsets.iter().zip(mapped.iter_mut()) {
        if *offset == text.len() {
            *moved = out.len();
        }
    }
    (out, mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_one_for_one() {
        let text = "a\x1b[31m\0b\u{85}c\td";
        let b = text.find('b').unwrap();
        let (shown, [at_b, end]) = visible(text, [b, text.len()]);
        assert_eq!(shown, "a\u{241b}[31m\u{2400}b\u{fffd}c\td");
        assert_eq!(&shown[at_b..], "b\u{fffd}c\td");
        assert_eq!(end, shown.len());
        assert_eq!(shown.chars().count(), text.chars().count());
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let text = format!("{}“Kiev{}\nnext", "é".repeat(2000), "x".repeat(3000));
        let index = LineIndex::new(&text);
        let start = text.find('K').unwrap();
        let shown = Shown::new(&text, &index, Span::new(start, start + 4));
        assert!(
            shown.source.len() <= 2 * CONTEXT + 8,
            "{}",
            shown.source.len()
        );
        assert_eq!(&shown.source[shown.span.clone()], "Kiev");
        assert_eq!(shown.line, 0);
        let window_column = shown.source[..shown.span.start].chars().count() + 1;
        assert_eq!(shown.columns, Some((window_column, 2002)));
        // A short line is given whole.
        let text = "He said “Kiev.”\n";
        let index = LineIndex::new(text);
        let start = text.find('K').unwrap();
        let shown = Shown::new(text, &index, Span::new(start, start + 4));
        assert_eq!(shown.source, "He said “Kiev.”");
        assert_eq!(shown.columns, None);
    }
}
