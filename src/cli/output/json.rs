//! `--format json`: the schema of DESIGN.md, with byte offsets and 1-based lines and
//! character columns.

use super::Report;
use copydesk::line_index::LineIndex;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    errors: Vec<Error<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    start: Position,
    end: Position,
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
struct Position {
    offset: usize,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Error<'a> {
    path: &'a str,
    message: &'a str,
}

pub fn print(report: &Report) {
    let files = report
        .files
        .iter()
        .map(|file| {
            let index = LineIndex::new(&file.text);
            let position = |offset| {
                let at = index.line_column(&file.text, offset);
                Position {
                    offset,
                    line: at.line,
                    column: at.column,
                }
            };
            File {
                path: &file.name,
                diagnostics: file
                    .findings
                    .iter()
                    .map(|finding| Diagnostic {
                        rule: finding.rule.as_str(),
                        severity: finding.severity.as_str(),
                        message: &finding.message,
                        start: position(finding.span.start),
                        end: position(finding.span.end),
                        fixes: finding
                            .fixes
                            .iter()
                            .map(|fix| Fix {
                                title: &fix.title,
                                edits: fix
                                    .edits
                                    .iter()
                                    .map(|edit| Edit {
                                        start: edit.span.start,
                                        end: edit.span.end,
                                        text: &edit.text,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let output = Output {
        version: 1,
        files,
        errors: report
            .errors
            .iter()
            .map(|(path, message)| Error { path, message })
            .collect(),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = serde_json::to_writer(&mut stdout, &output);
    let _ = writeln!(stdout);
}
