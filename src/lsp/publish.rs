//! `textDocument/publishDiagnostics`, written straight to bytes (see `output`).
//!
//! A long story can carry a thousand diagnostics, and each keystroke must send them all.
//! Their positions are kept per section of the linter (see `copydesk::sections`), with
//! lines counted from the section's first line, and reused while the section and its
//! findings are unchanged: a keystroke converts only the findings of the section it
//! touched, then writes every diagnostic with its section's line added. The JSON is the
//! same as `features::diagnostic` gives through the transport.

use super::encoding::{self, Encoding};
use super::output::Outbox;
use copydesk::sections::SectionFindings;
use copydesk::{Applicability, Finding, Severity};
use ropey::Rope;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::ls_types::{Diagnostic, Position, Range};

/// A diagnostic of one section, its lines counted from the section's first line.
struct Placed {
    range: Range,
    severity: u8,
    code: &'static str,
    message: String,
    fixes: Vec<PlacedFix>,
}

struct PlacedFix {
    title: String,
    preferred: bool,
    safe: bool,
    edits: Vec<(Range, String)>,
}

/// One section's findings, held so that their address stays theirs, and their diagnostics.
type PlacedSection = (Arc<Vec<Finding>>, Arc<Vec<Placed>>);

/// The placed diagnostics of each section, by the address of its findings' `Arc`, which
/// the linter keeps while the section's text and findings are unchanged.
#[derive(Default)]
pub struct Placements {
    sections: HashMap<usize, PlacedSection>,
}

fn severity(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
        Severity::Hint => 4,
    }
}

fn place(rope: &Rope, encoding: Encoding, base: u32, start: usize, finding: &Finding) -> Placed {
    let range = |span: copydesk::Span| {
        let mut range = encoding::range(rope, start + span.start, start + span.end, encoding);
        range.start.line -= base;
        range.end.line -= base;
        range
    };
    Placed {
        range: range(finding.span),
        severity: severity(finding.severity),
        code: finding.rule.as_str(),
        message: finding.message.clone(),
        fixes: finding
            .fixes
            .iter()
            .map(|fix| PlacedFix {
                title: fix.title.clone(),
                preferred: fix.preferred && fix.applicability != Applicability::NeedsReview,
                safe: fix.applicability == Applicability::Safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| (range(edit.span), edit.text.clone()))
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Notification<P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: P,
}

#[derive(Serialize)]
struct Params<'a, D> {
    uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
    diagnostics: D,
}

#[derive(Serialize)]
struct Wire<'a> {
    range: Range,
    severity: u8,
    code: &'a str,
    source: &'static str,
    message: &'a str,
    data: WireData<'a>,
}

#[derive(Serialize)]
struct WireData<'a> {
    version: i32,
    fixes: Vec<WireFix<'a>>,
}

#[derive(Serialize)]
struct WireFix<'a> {
    title: &'a str,
    preferred: bool,
    safe: bool,
    edits: Vec<WireEdit<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireEdit<'a> {
    range: Range,
    new_text: &'a str,
}

fn moved(range: Range, lines: u32) -> Range {
    let at = |p: Position| Position::new(p.line.saturating_add(lines), p.character);
    Range::new(at(range.start), at(range.end))
}

fn notification<P: Serialize>(params: P) -> Vec<u8> {
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params,
    };
    // Only strings and numbers: serializing cannot fail.
    serde_json::to_vec(&message).unwrap_or_default()
}

impl Placements {
    /// The notification carrying the diagnostics of `sections` of `version`, placing the
    /// sections not placed before. Placements of sections no longer there are dropped.
    pub fn notify(
        &mut self,
        uri: &str,
        version: i32,
        rope: &Rope,
        encoding: Encoding,
        sections: &[SectionFindings],
    ) -> Vec<u8> {
        let mut kept = HashMap::with_capacity(sections.len());
        let mut placed_sections = Vec::with_capacity(sections.len());
        for section in sections {
            let key = Arc::as_ptr(&section.findings) as usize;
            let base = encoding::position(rope, section.start, encoding).line;
            let placed = match self.sections.remove(&key) {
                Some((findings, placed)) => (findings, placed),
                None => {
                    let placed = section
                        .findings
                        .iter()
                        .map(|finding| place(rope, encoding, base, section.start, finding))
                        .collect();
                    (section.findings.clone(), Arc::new(placed))
                }
            };
            placed_sections.push((base, placed.1.clone()));
            kept.insert(key, placed);
        }
        self.sections = kept;
        let diagnostics: Vec<Wire> = placed_sections
            .iter()
            .flat_map(|(base, placed)| {
                placed.iter().map(move |p| Wire {
                    range: moved(p.range, *base),
                    severity: p.severity,
                    code: p.code,
                    source: "copydesk",
                    message: &p.message,
                    data: WireData {
                        version,
                        fixes: p
                            .fixes
                            .iter()
                            .map(|fix| WireFix {
                                title: &fix.title,
                                preferred: fix.preferred,
                                safe: fix.safe,
                                edits: fix
                                    .edits
                                    .iter()
                                    .map(|(range, text)| WireEdit {
                                        range: moved(*range, *base),
                                        new_text: text,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    },
                })
            })
            .collect();
        notification(Params {
            uri,
            version: Some(version),
            diagnostics,
        })
    }
}

/// Publish `diagnostics` built elsewhere (a config file's, or none to clear a document).
pub fn send(outbox: &Outbox, uri: &str, version: Option<i32>, diagnostics: &[Diagnostic]) {
    outbox.send(&notification(Params {
        uri,
        version,
        diagnostics,
    }));
}
