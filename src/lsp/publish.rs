//! `textDocument/publishDiagnostics`, and the answer to `textDocument/diagnostic`, written
//! straight to bytes (see `output`).
//!
//! A long story can carry a thousand diagnostics, and each keystroke must send them all.
//! Their positions are kept per section of the linter (see `copydesk::sections`), with
//! lines counted from the section's first line, and reused while the section and its
//! findings are unchanged: a keystroke converts only the findings of the section it
//! touched, then writes every diagnostic with its section's line added. The JSON is the
//! same as `features::diagnostic` gives through the transport.

use super::encoding::{self, Encoding};
use super::features::Linted;
use super::output::Outbox;
use copydesk::{Applicability, Finding, Severity};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::ls_types::{Diagnostic, Position, Range};

/// One diagnostic of a section as JSON, with holes where the line numbers (counted from the
/// section's first line) and the version go.
///
/// Written by hand rather than through serde, because a long story's thousand diagnostics
/// must be written on every keystroke: the bytes are made once per section, and a keystroke
/// only copies them and prints the numbers (strings still go through serde_json).
struct Placed {
    json: Vec<u8>,
    holes: Vec<(usize, Hole)>,
}

#[derive(Clone, Copy)]
enum Hole {
    Line(u32),
    Version,
}

impl Placed {
    fn bytes(&mut self, bytes: &str) {
        self.json.extend_from_slice(bytes.as_bytes());
    }

    fn string(&mut self, string: &str) {
        // Writing a string to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.json, string);
    }

    fn hole(&mut self, hole: Hole) {
        self.holes.push((self.json.len(), hole));
    }

    fn position(&mut self, position: Position) {
        self.bytes("{\"line\":");
        self.hole(Hole::Line(position.line));
        self.bytes(&format!(",\"character\":{}}}", position.character));
    }

    fn range(&mut self, range: Range) {
        self.bytes("{\"start\":");
        self.position(range.start);
        self.bytes(",\"end\":");
        self.position(range.end);
        self.bytes("}");
    }

    /// Append this diagnostic to `rendered`, its section starting at line `base`; the
    /// version is left out, its place noted.
    fn render(&self, rendered: &mut Rendered, base: u32) {
        let mut numbers = itoa::Buffer::new();
        let mut from = 0;
        for &(at, hole) in &self.holes {
            rendered.json.extend_from_slice(&self.json[from..at]);
            match hole {
                Hole::Line(line) => rendered
                    .json
                    .extend_from_slice(numbers.format(line.saturating_add(base)).as_bytes()),
                Hole::Version => rendered.versions.push(rendered.json.len()),
            }
            from = at;
        }
        rendered.json.extend_from_slice(&self.json[from..]);
    }
}

/// A section's diagnostics as a piece of the JSON array, written for the section's first
/// line, with the places where the version goes. Most keystrokes leave a section's first
/// line where it was (every section before the edit, and after it unless a line was added
/// or removed), so the piece is copied as it is, with the version put in.
struct Rendered {
    base: u32,
    json: Vec<u8>,
    versions: Vec<usize>,
}

impl Rendered {
    fn new(placed: &[Placed], base: u32) -> Rendered {
        let mut rendered = Rendered {
            base,
            json: Vec::with_capacity(placed.iter().map(|p| p.json.len() + 8).sum()),
            versions: Vec::with_capacity(placed.len()),
        };
        for (index, diagnostic) in placed.iter().enumerate() {
            if index > 0 {
                rendered.json.push(b',');
            }
            diagnostic.render(&mut rendered, base);
        }
        rendered
    }

    fn write(&self, out: &mut Vec<u8>, version: i32) {
        let mut numbers = itoa::Buffer::new();
        let version = numbers.format(version).as_bytes();
        let mut from = 0;
        for &at in &self.versions {
            out.extend_from_slice(&self.json[from..at]);
            out.extend_from_slice(version);
            from = at;
        }
        out.extend_from_slice(&self.json[from..]);
    }
}

/// One section's findings, held so that their address stays theirs, and what is kept of
/// them for the next message.
struct PlacedSection {
    /// Held only so that another section's findings cannot take their address.
    _findings: Arc<Vec<Finding>>,
    diagnostics: Vec<Placed>,
    /// The line breaks in the section's text: the next section starts that many lines on.
    line_breaks: u32,
    /// The diagnostics written out for the section's first line when last sent.
    rendered: Option<Rendered>,
}

/// The placed diagnostics of each section, by the address of its findings' `Arc`, which
/// the linter keeps while the section's text and findings are unchanged.
#[derive(Default)]
pub struct Placements {
    sections: HashMap<usize, PlacedSection>,
    /// The length of the last notification, to size the next one.
    last_len: usize,
}

fn severity(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
        Severity::Hint => 4,
    }
}

/// Every offset a section's findings need placed (their ranges and their edits'), each
/// with its position, lines counted from the section's first line.
struct SectionPositions {
    offsets: Vec<usize>,
    positions: Vec<Position>,
}

impl SectionPositions {
    /// `line_start` is the start of the line holding the section's `start`.
    fn new(
        text: &str,
        encoding: Encoding,
        line_start: usize,
        start: usize,
        findings: &[Finding],
    ) -> Self {
        let mut offsets = Vec::new();
        for finding in findings {
            let edits = finding.fixes.iter().flat_map(|fix| &fix.edits);
            for span in std::iter::once(finding.span).chain(edits.map(|edit| edit.span)) {
                offsets.extend([start + span.start, start + span.end]);
            }
        }
        offsets.sort_unstable();
        offsets.dedup();
        let positions = encoding::positions_from(text, line_start, &offsets, encoding);
        SectionPositions { offsets, positions }
    }

    fn range(&self, start: usize, span: copydesk::Span) -> Range {
        let position = |offset: usize| {
            let index = self.offsets.partition_point(|&at| at < offset);
            self.positions[index]
        };
        Range::new(position(start + span.start), position(start + span.end))
    }
}

/// The JSON of `finding` as `features::diagnostic` gives it, lines counted from its
/// section's first line.
fn place(positions: &SectionPositions, start: usize, finding: &Finding) -> Placed {
    let range = |span: copydesk::Span| positions.range(start, span);
    let mut placed = Placed {
        json: Vec::with_capacity(256),
        holes: Vec::new(),
    };
    placed.bytes("{\"range\":");
    placed.range(range(finding.span));
    placed.bytes(&format!(
        ",\"severity\":{},\"code\":",
        severity(finding.severity)
    ));
    placed.string(finding.rule.as_str());
    placed.bytes(",\"source\":\"copydesk\",\"message\":");
    placed.string(&finding.message);
    placed.bytes(",\"data\":{\"version\":");
    placed.hole(Hole::Version);
    placed.bytes(",\"fixes\":[");
    for (index, fix) in finding.fixes.iter().enumerate() {
        if index > 0 {
            placed.bytes(",");
        }
        placed.bytes("{\"title\":");
        placed.string(&fix.title);
        let preferred = fix.preferred && fix.applicability != Applicability::NeedsReview;
        let safe = fix.applicability == Applicability::Safe;
        placed.bytes(&format!(
            ",\"preferred\":{preferred},\"safe\":{safe},\"edits\":["
        ));
        for (index, edit) in fix.edits.iter().enumerate() {
            if index > 0 {
                placed.bytes(",");
            }
            placed.bytes("{\"range\":");
            placed.range(range(edit.span));
            placed.bytes(",\"newText\":");
            placed.string(&edit.text);
            placed.bytes("}");
        }
        placed.bytes("]}");
    }
    placed.bytes("]}}");
    placed
}

impl Placements {
    /// The notification carrying the diagnostics of `linted`, placing the sections not
    /// placed before. Placements of sections no longer there are dropped.
    pub fn notify(&mut self, uri: &str, linted: &Linted) -> Vec<u8> {
        let mut out = self.message();
        out.extend_from_slice(
            b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":",
        );
        let _ = serde_json::to_writer(&mut out, uri);
        let version = linted.version;
        out.extend_from_slice(format!(",\"version\":{version},\"diagnostics\":").as_bytes());
        self.finish(out, linted)
    }

    /// The answer to the `textDocument/diagnostic` request `id`: a full report of the
    /// diagnostics of `linted`, placed as [`Placements::notify`] places them.
    pub fn report(&mut self, id: &Value, linted: &Linted) -> Vec<u8> {
        let mut out = self.message();
        out.extend_from_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
        let _ = serde_json::to_writer(&mut out, id);
        out.extend_from_slice(b",\"result\":{\"kind\":\"full\",\"resultId\":");
        let _ = serde_json::to_writer(&mut out, &linted.result_id);
        out.extend_from_slice(b",\"items\":");
        self.finish(out, linted)
    }

    /// `out` with the diagnostics of `linted`, and the two objects they are in closed.
    fn finish(&mut self, mut out: Vec<u8>, linted: &Linted) -> Vec<u8> {
        self.diagnostics(&mut out, linted);
        out.extend_from_slice(b"}}");
        self.last_len = out.len();
        out
    }

    /// A buffer for the next message, about as long as the last.
    fn message(&self) -> Vec<u8> {
        Vec::with_capacity(self.last_len + self.last_len / 8 + 1024)
    }

    /// The JSON array of the diagnostics of `linted`.
    fn diagnostics(&mut self, out: &mut Vec<u8>, linted: &Linted) {
        let (version, rope, encoding) = (linted.version, &linted.rope, linted.encoding);
        let sections = &linted.sections;
        let mut kept = HashMap::with_capacity(sections.len());
        out.push(b'[');
        let mut first = true;
        // Each section's first line, counted on from the line breaks of the sections before
        // it: a section kept has the text it had, and a lookup in the rope for each of a long
        // story's sections cost more than writing their diagnostics out.
        let mut base: u32 = 0;
        for (index, section) in sections.iter().enumerate() {
            let key = Arc::as_ptr(&section.findings) as usize;
            debug_assert_eq!(base, encoding::line(rope, section.start));
            let mut placed = self.sections.remove(&key).unwrap_or_else(|| {
                let end = sections
                    .get(index + 1)
                    .map_or(linted.text.len(), |next| next.start);
                // Sections start at a paragraph, so at a line, but nothing is lost by asking.
                let line_start = rope.line_to_byte(base as usize);
                let positions = SectionPositions::new(
                    &linted.text,
                    encoding,
                    line_start,
                    section.start,
                    &section.findings,
                );
                PlacedSection {
                    _findings: section.findings.clone(),
                    diagnostics: section
                        .findings
                        .iter()
                        .map(|finding| place(&positions, section.start, finding))
                        .collect(),
                    line_breaks: encoding::line_breaks(&linted.text, section.start, end),
                    rendered: None,
                }
            });
            let section_base = base;
            base = base.saturating_add(placed.line_breaks);
            if placed.diagnostics.is_empty() {
                kept.insert(key, placed);
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            let rendered = match placed.rendered.take() {
                Some(rendered) if rendered.base == section_base => rendered,
                _ => Rendered::new(&placed.diagnostics, section_base),
            };
            rendered.write(out, version);
            placed.rendered = Some(rendered);
            kept.insert(key, placed);
        }
        out.push(b']');
        self.sections = kept;
    }
}

/// The answer to a `textDocument/diagnostic` request `id` whose `previousResultId` names
/// the current lint: the client's diagnostics stand.
pub fn unchanged_report(id: &Value, result_id: &str) -> Vec<u8> {
    // Only strings: serializing cannot fail.
    serde_json::to_vec(&serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "result": {"kind": "unchanged", "resultId": result_id},
    }))
    .unwrap_or_default()
}

/// An error answer to request `id`.
pub fn error_response(id: &Value, error: &Error) -> Vec<u8> {
    // Only strings and numbers: serializing cannot fail.
    serde_json::to_vec(&serde_json::json!({"jsonrpc": "2.0", "id": id, "error": error}))
        .unwrap_or_default()
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

fn notification<P: Serialize>(params: P) -> Vec<u8> {
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params,
    };
    // Only strings and numbers: serializing cannot fail.
    serde_json::to_vec(&message).unwrap_or_default()
}

/// Publish `diagnostics` built elsewhere (a config file's, or none to clear a document).
pub fn send(outbox: &Outbox, uri: &str, version: Option<i32>, diagnostics: &[Diagnostic]) {
    outbox.send(notification(Params {
        uri,
        version,
        diagnostics,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::doc_text::{DocLinter, DocText};
    use crate::lsp::features::Snapshot;
    use copydesk::{Kind, Linter};
    use std::sync::Mutex;
    use tower_lsp_server::ls_types::{
        DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
        RelatedFullDocumentDiagnosticReport,
    };

    /// The hand-written JSON is the JSON of `features::diagnostic`, pushed and pulled, on a
    /// long story with curly marks, emoji and fixes, in both encodings, before and after an
    /// edit.
    #[test]
    fn placed_diagnostics_are_the_transport_diagnostics() {
        let seed = include_str!("../../seeds/000_7b3ac1a56a70b6ef.txt");
        let mut text = String::new();
        for copy in 0.. {
            if text.len() > copydesk::sections::SECTIONED_ABOVE * 2 {
                break;
            }
            // Numbered, so that the copies' first bytes differ and the text is cut.
            text.push_str(&format!("Copy {copy} of the story.\n\n"));
            text.push_str(&seed.replace("Kim has", "📰 Kim has"));
            text.push_str("\n\n");
        }
        let crlf = text.replace('\n', "\r\n");
        for (encoding, text) in [
            (Encoding::Utf8, &text),
            (Encoding::Utf16, &text),
            (Encoding::Utf16, &crlf),
        ] {
            let linter = Arc::new(Mutex::new(DocLinter::new(Linter::new(
                Kind::Plain,
                Arc::default(),
            ))));
            let mut placements = Placements::default();
            // An edit in the first sections; a version of two digits; lines added at the
            // start, so every section's first line moves; no edit at all; a section's whole
            // text deleted, so that the sections on either side keep their findings and
            // every later one starts on another line.
            let edited = text.replacen("noted", "said", 3);
            let lines_added = edited.replacen("\n\n", "\n\nA paragraph more.\n\n", 1);
            let third = copydesk::sections::split(&lines_added, Kind::Plain)[2].span;
            let section_deleted = format!(
                "{}{}",
                &lines_added[..third.start],
                &lines_added[third.end..]
            );
            for (version, text) in [
                (1, text.clone()),
                (2, edited),
                (10, lines_added.clone()),
                (11, lines_added),
                (12, section_deleted),
            ] {
                let linted = Snapshot {
                    version,
                    text: DocText::new(&text),
                    kind: Kind::Plain,
                    linter: linter.clone(),
                    encoding,
                }
                .lint();
                assert!(linted.sections.len() > 2);
                let message = placements.notify("file:///story.txt", &linted);
                let message: serde_json::Value = serde_json::from_slice(&message).unwrap();
                let expected = serde_json::to_value(linted.diagnostics()).unwrap();
                assert!(expected.as_array().unwrap().len() > 10);
                assert_eq!(message["params"]["diagnostics"], expected);
                assert_eq!(message["params"]["version"], version);
                // The pulled report, against the transport's report of the same lint.
                let id = serde_json::json!(version * 10);
                let report = placements.report(&id, &linted);
                let report: serde_json::Value = serde_json::from_slice(&report).unwrap();
                let transport = DocumentDiagnosticReportResult::Report(
                    DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(linted.result_id.clone()),
                            items: linted.diagnostics(),
                        },
                    }),
                );
                assert_eq!(
                    report,
                    serde_json::json!({"jsonrpc": "2.0", "id": id, "result": transport})
                );
            }
        }
    }
}
