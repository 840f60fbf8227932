//! `--format human`: each finding with its source lines and the range underlined.

use super::Report;
use annotate_snippets::{Level, Renderer, Snippet};
use copydesk::line_index::LineIndex;
use copydesk::{Applicability, Severity};
use std::io::Write;

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
            // Only the lines the finding touches are handed to the renderer.
            let first_line = index.line_of(finding.span.start);
            let last_line =
                index.line_of(finding.span.end.saturating_sub(1).max(finding.span.start));
            let start = index.line_start(first_line);
            let end = index
                .line_span(&file.text, last_line)
                .1
                .max(finding.span.end);
            let source = &file.text[start..end];
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
                    Snippet::source(source)
                        .line_start(first_line + 1)
                        .origin(&file.name)
                        .annotation(
                            level.span(finding.span.start - start..finding.span.end - start),
                        ),
                );
            for note in &fix_notes {
                message = message.footer(Level::Help.title(note));
            }
            if writeln!(stdout, "{}\n", renderer.render(message)).is_err() {
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
