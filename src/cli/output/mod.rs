//! Report formats for `check`.

mod human;
mod json;

use copydesk::Finding;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Source lines with the range underlined, for people.
    Human,
    /// DESIGN.md's JSON schema, for programs.
    Json,
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
    }
}
