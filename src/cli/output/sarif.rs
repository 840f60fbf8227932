//! `--format sarif`: one SARIF 2.1.0 log through serde-sarif, for code-scanning dashboards.
//!
//! - One run; `tool.driver.rules` lists every rule (id, summary, the `copydesk explain`
//!   documentation as help, the default level), and each result points at its rule by id and
//!   index.
//! - Regions carry 1-based lines and columns and the byte offset and length. Columns count
//!   Unicode code points, as in `--format json` and `human`, and the run says so with
//!   `columnKind: "unicodeCodePoints"` (SARIF's default would be UTF-16 code units; the two
//!   differ only past U+FFFF, which news copy rarely holds).
//! - Every fix goes in `fixes`: its title as the description, its edits as replacements of
//!   regions of the original file.
//! - Files that could not be read are `toolExecutionNotifications` of the one invocation,
//!   which is then not `executionSuccessful`.
//! - Artifact URIs are the paths as given, made relative references (`./` dropped,
//!   characters outside a URI path percent-encoded); absolute paths become `file://` URIs.

use super::Report;
use copydesk::line_index::LineIndex;
use copydesk::{RuleId, Severity};
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, Notification, PhysicalLocation, Region, Replacement,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};
use std::io::Write;

/// The schema of the final OASIS standard (with its errata).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn print(report: &Report) {
    let log = render(report);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = serde_json::to_writer(&mut stdout, &log);
    let _ = writeln!(stdout);
}

pub fn render(report: &Report) -> Sarif {
    let rules: Vec<ReportingDescriptor> =
        RuleId::ALL.iter().map(|&rule| descriptor(rule)).collect();
    let mut results = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        let uri = artifact_uri(&file.name);
        for finding in &file.findings {
            let mut found = region(&file.text, &index, finding.span.start, finding.span.end);
            found.snippet = Some(
                ArtifactContent::builder()
                    .text(&file.text[finding.span.start..finding.span.end])
                    .build(),
            );
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(uri.as_str()).build())
                        .region(found)
                        .build(),
                )
                .build();
            let fixes: Vec<Fix> = finding
                .fixes
                .iter()
                .map(|fix| {
                    // SARIF applies replacements in order, by position.
                    let mut edits: Vec<&copydesk::Edit> = fix.edits.iter().collect();
                    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
                    let replacements: Vec<Replacement> = edits
                        .into_iter()
                        .map(|edit| {
                            Replacement::builder()
                                .deleted_region(region(
                                    &file.text,
                                    &index,
                                    edit.span.start,
                                    edit.span.end,
                                ))
                                .inserted_content(
                                    ArtifactContent::builder().text(edit.text.as_str()).build(),
                                )
                                .build()
                        })
                        .collect();
                    Fix::builder()
                        .description(Message::builder().text(fix.title.as_str()).build())
                        .artifact_changes(vec![ArtifactChange::builder()
                            .artifact_location(
                                ArtifactLocation::builder().uri(uri.as_str()).build(),
                            )
                            .replacements(replacements)
                            .build()])
                        .build()
                })
                .collect();
            let mut result = SarifResult::builder()
                .rule_id(finding.rule.as_str())
                .rule_index(rule_index(finding.rule))
                .level(level(finding.severity))
                .message(Message::builder().text(finding.message.as_str()).build())
                .locations(vec![location])
                .build();
            if !fixes.is_empty() {
                result.fixes = Some(fixes);
            }
            results.push(result);
        }
    }

    let notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|(path, message)| {
            Notification::builder()
                .level("error")
                .message(
                    Message::builder()
                        .text(format!("{path}: {message}"))
                        .build(),
                )
                .locations(vec![Location::builder()
                    .physical_location(
                        PhysicalLocation::builder()
                            .artifact_location(
                                ArtifactLocation::builder().uri(artifact_uri(path)).build(),
                            )
                            .build(),
                    )
                    .build()])
                .build()
        })
        .collect();
    let mut invocation = Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }

    let driver = ToolComponent::builder()
        .name("copydesk")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind("unicodeCodePoints")
        .invocations(vec![invocation])
        .results(results)
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version("2.1.0")
        .runs(vec![run])
        .build()
}

fn descriptor(rule: RuleId) -> ReportingDescriptor {
    let info = rule.info();
    ReportingDescriptor::builder()
        .id(info.id)
        .name(info.id)
        .short_description(
            MultiformatMessageString::builder()
                .text(info.summary)
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(info.doc)
                .markdown(info.doc)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_name(info.severity))
                .build(),
        )
        .build()
}

fn rule_index(rule: RuleId) -> i64 {
    RuleId::ALL
        .iter()
        .position(|&known| known == rule)
        .unwrap_or(0) as i64
}

/// SARIF has no level below `note`: information and hints are both notes.
fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info | Severity::Hint => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A region by lines and code-point columns (1-based, end exclusive) and by bytes. An empty
/// range is an insertion point.
fn region(text: &str, index: &LineIndex, start: usize, end: usize) -> Region {
    let from = index.line_column(text, start);
    let to = index.line_column(text, end);
    Region::builder()
        .start_line(from.line as i64)
        .start_column(from.column as i64)
        .end_line(to.line as i64)
        .end_column(to.column as i64)
        .byte_offset(start as i64)
        .byte_length((end - start) as i64)
        .build()
}

/// A story's path as a URI reference: relative paths stay relative (GitHub resolves them
/// from the repository root), absolute ones become `file://` URIs.
pub fn artifact_uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut uri = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for &byte in path.as_bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("seeds/a.txt"), "seeds/a.txt");
        assert_eq!(artifact_uri("./news/a b.md"), "news/a%20b.md");
        assert_eq!(
            artifact_uri("/srv/news/Kyiv:1.md"),
            "file:///srv/news/Kyiv%3A1.md"
        );
        assert_eq!(artifact_uri("café.md"), "caf%C3%A9.md");
    }
}
