//! Report formats for `check`.

mod github;
mod human;
mod json;
mod sarif;

use copydesk::{Finding, Severity};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source lines with the range underlined, for people.
    Human,
    /// DESIGN.md's JSON schema, for programs.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub) and SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding, and a job summary when
    /// $GITHUB_STEP_SUMMARY is set.
    Github,
}

/// One checked story.
pub struct FileReport {
    pub name: String,
    pub text: String,
    pub findings: Vec<Finding>,
}

/// Everything `check` found.
#[derive(Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// Stories that could not be read: the name and why.
    pub errors: Vec<(String, String)>,
    /// Findings removed by `--fix`.
    pub fixed: usize,
}

pub fn print(report: &Report, format: Format, color: bool) {
    match format {
        Format::Human => human::print(report, color),
        Format::Json => json::print(report),
        Format::Sarif => sarif::print(report),
        Format::Github => github::print(report),
    }
}

/// The one-line tally every format that talks to people ends with: stories, findings by
/// severity, fixes, unreadable files. `counts` is indexed by `Severity as usize`.
fn summary(report: &Report, counts: &[usize; 4]) -> String {
    let files = report.files.len();
    let total: usize = counts.iter().sum();
    let mut summary = format!(
        "{files} {} checked: {total} {}",
        plural(files, "story", "stories"),
        plural(total, "finding", "findings")
    );
    if total > 0 {
        let parts: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "info", "info"),
            (Severity::Hint, "hint", "hints"),
        ]
        .iter()
        .filter(|(severity, ..)| counts[*severity as usize] > 0)
        .map(|(severity, one, many)| {
            let n = counts[*severity as usize];
            format!("{n} {}", plural(n, one, many))
        })
        .collect();
        summary.push_str(&format!(" ({})", parts.join(", ")));
    }
    if report.fixed > 0 {
        summary.push_str(&format!("; fixed {}", report.fixed));
    }
    if !report.errors.is_empty() {
        summary.push_str(&format!(
            "; {} {} could not be read",
            report.errors.len(),
            plural(report.errors.len(), "file", "files")
        ));
    }
    summary
}

/// Findings by severity, indexed by `Severity as usize`.
fn severity_counts(report: &Report) -> [usize; 4] {
    let mut counts = [0usize; 4];
    for finding in report.files.iter().flat_map(|file| &file.findings) {
        counts[finding.severity as usize] += 1;
    }
    counts
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
