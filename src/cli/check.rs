//! `copydesk check`: lint stories and report, with exit codes for CI.

use super::inputs::{self, Input};
use super::output::{self, FileReport, Format, Report};
use super::{diff, exit, parallel};
use copydesk::config_file::{ConfigError, ProjectConfig};
use copydesk::finding::apply_edits;
use copydesk::line_index::LineIndex;
use copydesk::{Applicability, Edit, Severity};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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

    /// Report only findings on lines changed since this git ref (a branch, tag or commit),
    /// comparing the working files with `git diff REF`. A file git does not track counts
    /// as changed throughout. For adopting copydesk on an archive: new copy is held to the
    /// rules, old copy is left alone.
    #[arg(long, value_name = "REF")]
    diff: Option<String>,

    /// How many stories to check at once. Defaults to the number of cores.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

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

/// Above this many stories, `check` shows a progress bar on a terminal.
const PROGRESS_MIN_STORIES: usize = 300;

/// One story to check, with its config resolved (or why it cannot be).
struct Job {
    source: inputs::Source,
    config: Result<copydesk::Config, (String, String)>,
}

/// What checking one story gave.
enum Outcome {
    /// Its config file is invalid: the file and the message (reported once per file).
    BadConfig(String, String),
    Checked {
        file: Option<FileReport>,
        fixed: usize,
        errors: Vec<(String, String)>,
    },
}

impl Outcome {
    /// A story that could not be read or compared: its name and why, and nothing checked.
    fn unread(name: String, message: String) -> Outcome {
        Outcome::Checked {
            file: None,
            fixed: 0,
            errors: vec![(name, message)],
        }
    }
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
    if let Some(reference) = &args.diff {
        if reads_stdin {
            eprintln!(
                "copydesk check: --diff compares files with git and cannot take standard input"
            );
            return ExitCode::from(exit::ERROR);
        }
        if let Err(message) = diff::verify(reference) {
            eprintln!("copydesk check: {message}");
            return ExitCode::from(exit::ERROR);
        }
    }

    // Configs are found in order, once per folder; the stories are then read, checked and
    // fixed on every core, and reported in the order given.
    let mut configs = Configs::new(args.config.as_deref());
    let jobs: Vec<Job> = inputs::sources(&paths)
        .into_iter()
        .map(|source| {
            // Standard input takes the config of the name it stands for, or of the current
            // folder.
            let story_path = match &source {
                inputs::Source::Stdin => args
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("-")),
                inputs::Source::File(path) => path.clone(),
                inputs::Source::Unwalkable { name, .. } => PathBuf::from(name),
            };
            let config = configs.for_story(&story_path).map_err(|error| {
                (
                    error.path.display().to_string(),
                    format!("invalid config: {}", error.detail()),
                )
            });
            Job { source, config }
        })
        .collect();

    let progress = progress_bar(jobs.len());
    let threads = args
        .jobs
        .map_or_else(parallel::default_threads, usize::from);
    let outcomes = parallel::map(&jobs, threads, |job| {
        let outcome = check_story(job, &args);
        progress.inc(1);
        outcome
    });
    progress.finish_and_clear();

    let mut report = Report::default();
    for outcome in outcomes {
        match outcome {
            Outcome::BadConfig(key, message) => {
                if !report.errors.iter().any(|(path, _)| *path == key) {
                    report.errors.push((key, message));
                }
            }
            Outcome::Checked {
                file,
                fixed,
                errors,
            } => {
                report.files.extend(file);
                report.fixed += fixed;
                report.errors.extend(errors);
            }
        }
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

/// Read, lint, narrow to the changed lines and fix one story. Runs on a worker thread.
fn check_story(job: &Job, args: &CheckArgs) -> Outcome {
    let config = match &job.config {
        Ok(config) => config,
        Err((key, message)) => return Outcome::BadConfig(key.clone(), message.clone()),
    };
    let Input { name, kind, text } = inputs::read(&job.source, args.stdin_filename.as_deref());
    let mut errors = Vec::new();
    let text = match text {
        Ok(text) => text,
        Err(message) => return Outcome::unread(name, message),
    };
    let changes = match &args.diff {
        Some(reference) => match diff::changed_lines(reference, Path::new(&name)) {
            Ok(changes) => Some(changes),
            Err(message) => return Outcome::unread(name, message),
        },
        None => None,
    };
    let lint = |text: &str| {
        let mut findings = copydesk::lint(text, kind, config);
        if let Some(changes) = &changes {
            let index = LineIndex::new(text);
            findings.retain(|finding| {
                let first = index.line_of(finding.span.start) + 1;
                let last =
                    index.line_of(finding.span.end.saturating_sub(1).max(finding.span.start)) + 1;
                changes.touches(first, last)
            });
        }
        findings
    };
    let mut findings = lint(&text);
    let mut text = text;
    let mut fixed = 0;
    if args.fix {
        if let Some(fixed_text) = apply_safe_fixes(&text, &findings) {
            match std::fs::write(&name, &fixed_text) {
                Ok(()) => {
                    let remaining = lint(&fixed_text);
                    fixed = findings.len().saturating_sub(remaining.len());
                    findings = remaining;
                    text = fixed_text;
                }
                Err(error) => {
                    errors.push((name.clone(), format!("cannot write the fixes: {error}")))
                }
            }
        }
    }
    Outcome::Checked {
        file: Some(FileReport {
            name,
            text,
            findings,
        }),
        fixed,
        errors,
    }
}

/// A progress bar on standard error for a long run on a terminal; otherwise a hidden one.
fn progress_bar(stories: usize) -> ProgressBar {
    if stories <= PROGRESS_MIN_STORIES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(stories as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "checking {pos:>6}/{len} stories {wide_bar} {per_sec:>10} {eta}",
    ) {
        bar.set_style(style);
    }
    bar
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
