//! `copydesk sources FILE`: the story's sourcing at a glance, as an editor audits it.

use super::exit;
use super::inputs::{self, Input, Source};
use copydesk::line_index::LineIndex;
use copydesk::{Config, Document, RuleId};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Serialize)]
struct Report {
    path: String,
    sources: Vec<SourceReport>,
    vague: Vec<Item>,
    unattributed: Vec<Item>,
}

#[derive(Serialize)]
struct SourceReport {
    name: String,
    short: String,
    kind: &'static str,
    quotations: Vec<usize>,
    paraphrases: Vec<usize>,
}

#[derive(Serialize)]
struct Item {
    line: usize,
    text: String,
}

pub fn run(path: &Path, format: Format) -> ExitCode {
    // Read as `check` reads a story: the same limit and the same messages.
    let Input { name, kind, text } = inputs::read(&Source::File(path.to_path_buf()), None);
    let text = match text {
        Ok(text) => text,
        Err(message) => {
            eprintln!("copydesk sources: {name}: {message}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let document = Document::parse(&text, kind);
    let index = LineIndex::new(&text);
    let line = |offset: usize| index.line_of(offset) + 1;
    let voice = document.voice();
    let sources = voice
        .sources
        .iter()
        .enumerate()
        .map(|(number, source)| SourceReport {
            name: source.name.clone(),
            short: source.short.clone(),
            kind: match source.kind {
                copydesk::document::SourceKind::Person => "person",
                copydesk::document::SourceKind::Institution => "institution",
                copydesk::document::SourceKind::Group => "group",
                copydesk::document::SourceKind::Unresolved => "unresolved",
            },
            quotations: document
                .quotes
                .quotations
                .iter()
                .zip(&voice.speakers)
                .filter(|(quotation, speaker)| quotation.depth == 0 && **speaker == Some(number))
                .map(|(quotation, _)| line(quotation.open.offset))
                .collect(),
            paraphrases: voice
                .attributions
                .iter()
                .filter(|attribution| attribution.source == number)
                .map(|attribution| line(attribution.cue.start))
                .collect(),
        })
        .collect();
    let findings = |rule| {
        copydesk::lint(&text, kind, &Config::only(&[rule]))
            .into_iter()
            .map(|finding| Item {
                line: line(finding.span.start),
                text: finding.span.slice(&text).to_string(),
            })
            .collect()
    };
    let report = Report {
        path: path.display().to_string(),
        sources,
        vague: findings(RuleId::VagueAttribution),
        unattributed: findings(RuleId::UnattributedClaim),
    };
    match format {
        Format::Json => super::write_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        )),
        Format::Human => print_human(&report),
    }
    ExitCode::from(exit::CLEAN)
}

fn lines(lines: &[usize]) -> String {
    let mut unique = lines.to_vec();
    unique.dedup();
    unique
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_human(report: &Report) {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Sources in {}", report.path);
    for source in &report.sources {
        let _ = writeln!(
            out,
            "  {} ({}{})",
            source.short,
            source.kind,
            if source.name != source.short {
                format!(", {}", source.name)
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            out,
            "    {} direct quotations{}",
            source.quotations.len(),
            if source.quotations.is_empty() {
                String::new()
            } else {
                format!(" (lines {})", lines(&source.quotations))
            }
        );
        let _ = writeln!(
            out,
            "    {} attributed statements{}",
            source.paraphrases.len(),
            if source.paraphrases.is_empty() {
                String::new()
            } else {
                format!(" (lines {})", lines(&source.paraphrases))
            }
        );
    }
    let _ = writeln!(
        out,
        "Vague or anonymous attributions: {}",
        report.vague.len()
    );
    for item in &report.vague {
        let _ = writeln!(out, "  line {}: {}", item.line, item.text);
    }
    let _ = writeln!(out, "Unattributed claims: {}", report.unattributed.len());
    for item in &report.unattributed {
        let _ = writeln!(out, "  line {}: {}", item.line, item.text);
    }
    super::write_stdout(&out);
}
