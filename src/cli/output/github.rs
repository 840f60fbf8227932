//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! ```text
//! ::warning file=seeds/a.txt,line=10,col=5,endLine=10,endColumn=9,title=house-style::Kiev …
//! ```
//!
//! - `error` findings are `::error`, warnings `::warning`, information and hints `::notice`.
//! - Lines and columns count from 1, columns in characters (as in `--format json`); `endColumn`
//!   is one past the last character.
//! - The first fixes (up to three) follow the message on lines of their own, `fix: TITLE`.
//! - Values are escaped as the runner expects: `%`, CR and LF in the message; those and `:`
//!   and `,` in the properties.
//! - GitHub shows at most 10 annotations of each type per step (and 50 per job). Every finding
//!   is printed all the same, so the log holds them all; when `$GITHUB_STEP_SUMMARY` names a
//!   file, a Markdown job summary is appended to it: counts per rule and severity and the
//!   first findings, most serious first.
//! - `file` is the path as checked, without a leading `./`: run `copydesk check` from the
//!   repository root so that GitHub finds the file.
//! - An unreadable file is an `::error` with the file and the reason; the last line is the
//!   plain tally `human` ends with.

use super::{severity_counts, summary, Report};
use copydesk::line_index::LineIndex;
use copydesk::{RuleId, Severity};
use std::fmt::Write as _;
use std::io::Write;

/// How many annotations of each type GitHub shows for one step.
const ANNOTATIONS_PER_TYPE: usize = 10;
/// How many findings the job summary lists.
const SUMMARY_FINDINGS: usize = 50;

pub fn print(report: &Report) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(render(report).as_bytes());
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) {
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(job_summary(report).as_bytes()));
        if let Err(error) = written {
            eprintln!(
                "copydesk: cannot write the job summary to {}: {error}",
                std::path::Path::new(&path).display()
            );
        }
    }
}

/// The workflow commands, one line per finding and per unreadable file, then the tally.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.findings {
            let start = index.line_column(&file.text, finding.span.start);
            let end = index.line_column(&file.text, finding.span.end);
            let mut message = finding.message.clone();
            for fix in finding.fixes.iter().take(3) {
                message.push_str("\nfix: ");
                message.push_str(&fix.title);
            }
            let _ = writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(finding.severity),
                escape_property(repository_path(&file.name)),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(finding.rule.as_str()),
                escape_data(&message),
            );
        }
    }
    for (path, message) in &report.errors {
        let _ = writeln!(
            out,
            "::error file={},title=copydesk::{}",
            escape_property(repository_path(path)),
            escape_data(message)
        );
    }
    let counts = severity_counts(report);
    let _ = writeln!(out, "copydesk: {}", summary(report, &counts));
    out
}

/// GitHub matches `file` against paths from the repository root: `./` is dropped.
fn repository_path(name: &str) -> &str {
    name.strip_prefix("./").unwrap_or(name)
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// A message: `%`, CR and LF escaped.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown job summary: the tally, a table of counts per rule and severity, a note on
/// GitHub's cap when it bites, the first findings and the unreadable files.
pub fn job_summary(report: &Report) -> String {
    let counts = severity_counts(report);
    let mut out = String::new();
    let _ = writeln!(out, "## copydesk\n\n{}\n", summary(report, &counts));

    let mut per_rule = vec![[0usize; 4]; RuleId::ALL.len()];
    for finding in report.files.iter().flat_map(|file| &file.findings) {
        if let Some(row) = RuleId::ALL.iter().position(|&rule| rule == finding.rule) {
            per_rule[row][finding.severity as usize] += 1;
        }
    }
    if counts.iter().sum::<usize>() > 0 {
        out.push_str("| rule | error | warning | info | hint | total |\n");
        out.push_str("|---|--:|--:|--:|--:|--:|\n");
        for (rule, row) in RuleId::ALL.iter().zip(&per_rule) {
            let total: usize = row.iter().sum();
            if total > 0 {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {total} |",
                    rule.as_str(),
                    row[0],
                    row[1],
                    row[2],
                    row[3]
                );
            }
        }
        let _ = writeln!(
            out,
            "| **total** | {} | {} | {} | {} | {} |\n",
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts.iter().sum::<usize>()
        );
    }

    let annotations = [
        (
            "error",
            counts[Severity::Error as usize] + report.errors.len(),
        ),
        ("warning", counts[Severity::Warning as usize]),
        (
            "notice",
            counts[Severity::Info as usize] + counts[Severity::Hint as usize],
        ),
    ];
    let capped: Vec<String> = annotations
        .iter()
        .filter(|(_, n)| *n > ANNOTATIONS_PER_TYPE)
        .map(|(kind, n)| format!("{n} {kind}s"))
        .collect();
    if !capped.is_empty() {
        let _ = writeln!(
            out,
            "> GitHub shows at most {ANNOTATIONS_PER_TYPE} annotations of each type per step, \
             and this step has {}. The step's log lists every finding.\n",
            capped.join(", ")
        );
    }

    let mut findings: Vec<(&str, &LineIndex, &str, &copydesk::Finding)> = Vec::new();
    let indexes: Vec<LineIndex> = report
        .files
        .iter()
        .map(|file| LineIndex::new(&file.text))
        .collect();
    for (file, index) in report.files.iter().zip(&indexes) {
        for finding in &file.findings {
            findings.push((&file.name, index, &file.text, finding));
        }
    }
    // Most serious first; a stable sort keeps file order within a severity.
    findings.sort_by_key(|(.., finding)| finding.severity);
    if !findings.is_empty() {
        let shown = findings.len().min(SUMMARY_FINDINGS);
        if shown < findings.len() {
            let _ = writeln!(
                out,
                "### The first {shown} of {} findings\n",
                findings.len()
            );
        } else {
            out.push_str("### Findings\n\n");
        }
        out.push_str("| where | rule | severity | message |\n|---|---|---|---|\n");
        for (name, index, text, finding) in findings.iter().take(shown) {
            let at = index.line_column(text, finding.span.start);
            let _ = writeln!(
                out,
                "| `{}:{}:{}` | `{}` | {} | {} |",
                escape_cell(repository_path(name)).replace('`', "'"),
                at.line,
                at.column,
                finding.rule.as_str(),
                finding.severity.as_str(),
                escape_cell(&finding.message)
            );
        }
        out.push('\n');
    }

    if !report.errors.is_empty() {
        out.push_str("### Files that could not be read\n\n");
        for (path, message) in &report.errors {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                path.replace('`', "'"),
                escape_cell(message)
            );
        }
        out.push('\n');
    }
    out
}

/// Text for a Markdown table cell: no line breaks, no column breaks, no raw HTML.
fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(escape_data("50% of\r\nvoters"), "50%25 of%0D%0Avoters");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_property("news/a:b,c%.md"), "news/a%3Ab%2Cc%25.md");
    }

    #[test]
    fn table_cells_stay_in_their_column() {
        assert_eq!(escape_cell("a | b\n<c>"), "a \\| b &lt;c&gt;");
    }
}
