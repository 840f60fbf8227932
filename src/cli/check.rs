//! `copydesk check`: lint stories and report, with exit codes for CI.

use super::exit;
use super::inputs::{self, Input};
use super::output::{self, FileReport, Format, Report};
use copydesk::config_file::{ConfigError, ProjectConfig};
use copydesk::finding::apply_edits;
use copydesk::{Applicability, Edit, Severity};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files, folders, or `-` for standard input. Folders are walked for .md, .markdown and
    /// .txt files, honouring .gitignore and .ignore. Defaults to the current folder.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// How to report findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Warning)]
    fail_on: FailOn,

    /// Use this config file for every story instead of the nearest copydesk.toml or
    /// .copydesk.toml above each one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// The name standard input stands for: its extension gives its kind (.md is Markdown).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,

    /// Apply the safe fixes (quotation style, house-style names) in place, then report what
    /// is left.
    #[arg(long)]
    fix: bool,

    /// When to colour human output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let reads_stdin = paths.iter().any(|path| path.as_os_str() == "-");
    if args.fix && reads_stdin {
        eprintln!("copydesk check: --fix rewrites files in place and cannot fix standard input");
        return ExitCode::from(exit::ERROR);
    }
    let mut configs = Configs::new(args.config.as_deref());
    let mut report = Report::default();
    for source in inputs::sources(&paths) {
        let Input { name, kind, text } = inputs::read(&source, args.stdin_filename.as_deref());
        // Standard input takes the config of the name it stands for, or of the current folder.
        let story_path = match &source {
            inputs::Source::Stdin => args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-")),
            _ => PathBuf::from(&name),
        };
        let config = match configs.for_story(&story_path) {
            Ok(config) => config,
            Err(error) => {
                let key = error.path.display().to_string();
                if !report.errors.iter().any(|(path, _)| *path == key) {
                    report
                        .errors
                        .push((key, format!("invalid config: {}", error.detail())));
                }
                continue;
            }
        };
        let text = match text {
            Ok(text) => text,
            Err(message) => {
                report.errors.push((name, message));
                continue;
            }
        };
        let mut findings = copydesk::lint(&text, kind, &config);
        let mut text = text;
        if args.fix {
            if let Some(fixed) = apply_safe_fixes(&text, &findings) {
                match std::fs::write(&name, &fixed) {
                    Ok(()) => {
                        report.fixed += findings.len() - {
                            let remaining = copydesk::lint(&fixed, kind, &config);
                            let left = remaining.len();
                            findings = remaining;
                            left
                        };
                        text = fixed;
                    }
                    Err(error) => report
                        .errors
                        .push((name.clone(), format!("cannot write the fixes: {error}"))),
                }
            }
        }
        report.files.push(FileReport {
            name,
            text,
            findings,
        });
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    output::print(&report, args.format, color);

    let exit_code = if !report.errors.is_empty() {
        exit::ERROR
    } else if report
        .files
        .iter()
        .flat_map(|file| &file.findings)
        .any(|finding| finding.severity.reaches(args.fail_on.severity()))
    {
        exit::FINDINGS
    } else {
        exit::CLEAN
    };
    ExitCode::from(exit_code)
}

/// The config files met so far, by the folder they were searched from. (A config error is
/// rare and cold: its size does not matter.)
#[allow(clippy::result_large_err)]
struct Configs {
    explicit: Option<Result<ProjectConfig, ConfigError>>,
    by_folder: HashMap<PathBuf, Result<ProjectConfig, ConfigError>>,
}

#[allow(clippy::result_large_err)]
impl Configs {
    fn new(explicit: Option<&Path>) -> Configs {
        Configs {
            explicit: explicit.map(ProjectConfig::load),
            by_folder: HashMap::new(),
        }
    }

    /// The engine's config for one story, or why its config file cannot be used.
    fn for_story(&mut self, story: &Path) -> Result<copydesk::Config, ConfigError> {
        if let Some(explicit) = &self.explicit {
            return explicit
                .as_ref()
                .map(|project| project.for_path(story))
                .map_err(Clone::clone);
        }
        let folder = match story.parent() {
            Some(parent) if story.as_os_str() != "-" && !parent.as_os_str().is_empty() => {
                parent.to_path_buf()
            }
            _ => PathBuf::from("."),
        };
        let project = self
            .by_folder
            .entry(folder.clone())
            .or_insert_with(|| ProjectConfig::discover_and_load(&folder, None));
        project
            .as_ref()
            .map(|project| project.for_path(story))
            .map_err(Clone::clone)
    }
}

/// Apply the first safe fix of each finding, skipping any that overlaps one already taken.
/// Returns `None` when nothing changes.
fn apply_safe_fixes(text: &str, findings: &[copydesk::Finding]) -> Option<String> {
    let mut edits: Vec<Edit> = Vec::new();
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|fix| fix.applicability == Applicability::Safe)
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|edit| {
            edits.iter().any(|taken| {
                taken.span.overlaps(edit.span)
                    || (taken.span.start == edit.span.start
                        && (taken.span.is_empty() || edit.span.is_empty()))
            })
        });
        if !clashes {
            edits.extend(fix.edits.iter().cloned());
        }
    }
    (!edits.is_empty()).then(|| apply_edits(text, &edits))
}
