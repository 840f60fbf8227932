//! What the server computes from one linted version of a document: diagnostics, code
//! actions, hover and document symbols. Pure functions of a [`Linted`] snapshot, so they
//! are tested without a client.

use super::doc_text::{DocLinter, DocText};
use super::encoding::{self, Encoding};
use copydesk::document::{CueKind, SourceKind};
use copydesk::rules::quote_style::story_wide_conversion;
use copydesk::sections::SectionFindings;
use copydesk::{Applicability, Document, Finding, Kind, RuleId, Severity};
use ropey::Rope;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticSeverity,
    DocumentSymbol, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString, Range,
    SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

/// The kind of the fix-all action.
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// What a lint needs: one version of a document's text, and the document's linter, which
/// holds its config and the findings of its sections from the last lint.
pub struct Snapshot {
    pub version: i32,
    pub text: DocText,
    pub kind: Kind,
    pub linter: Arc<Mutex<DocLinter>>,
    pub encoding: Encoding,
}

/// One linted version of a document.
pub struct Linted {
    pub version: i32,
    pub kind: Kind,
    pub rope: Rope,
    pub text: Arc<String>,
    pub encoding: Encoding,
    /// The findings, section by section.
    pub sections: Vec<SectionFindings>,
    /// The same, in the text's offsets: made on first use, since publishing needs only
    /// the sections.
    findings: OnceLock<Vec<Finding>>,
    /// Names this lint in pulled reports (`resultId`): a client that sends it back is told
    /// its diagnostics are unchanged. Unique in the process; an earlier server process
    /// (say, before the editor restarted it) had another process id.
    pub result_id: String,
}

/// A new `resultId`: the process id and a counter, so that one given by an earlier server
/// process does not name a lint of this one (unless the system reused its process id).
fn result_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{:x}.{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Snapshot {
    pub fn lint(self) -> Linted {
        let mut linter = self
            .linter
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let sections = linter.update(&self.text).sections();
        drop(linter);
        Linted {
            version: self.version,
            kind: self.kind,
            rope: self.text.rope,
            text: self.text.string,
            encoding: self.encoding,
            sections,
            findings: OnceLock::new(),
            result_id: result_id(),
        }
    }
}

impl Linted {
    pub fn findings(&self) -> &[Finding] {
        self.findings
            .get_or_init(|| copydesk::sections::flatten(&self.sections))
    }

    /// The findings as LSP diagnostics through the transport's types: the reference that
    /// `publish`'s bytes are tested against.
    #[cfg(test)]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.findings()
            .iter()
            .map(|finding| diagnostic(&self.rope, self.encoding, self.version, finding))
            .collect()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn text_edits(rope: &Rope, encoding: Encoding, edits: &[copydesk::Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit {
            range: encoding::range(rope, edit.span.start, edit.span.end, encoding),
            new_text: edit.text.clone(),
        })
        .collect()
}

/// A finding as an LSP diagnostic; `data` carries its fixes as text edits of `version`.
pub fn diagnostic(rope: &Rope, encoding: Encoding, version: i32, finding: &Finding) -> Diagnostic {
    let fixes: Vec<_> = finding
        .fixes
        .iter()
        .map(|fix| {
            json!({
                "title": fix.title,
                "preferred": fix.preferred && fix.applicability != Applicability::NeedsReview,
                "safe": fix.applicability == Applicability::Safe,
                "edits": text_edits(rope, encoding, &fix.edits),
            })
        })
        .collect();
    Diagnostic {
        range: encoding::range(rope, finding.span.start, finding.span.end, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.as_str().to_string())),
        source: Some("copydesk".to_string()),
        message: finding.message.clone(),
        data: Some(json!({"version": version, "fixes": fixes})),
        ..Diagnostic::default()
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether an action of `kind` is wanted when the client asks `only` for some kinds.
fn wanted(kind: &str, only: Option<&[CodeActionKind]>) -> bool {
    let Some(only) = only else {
        return true;
    };
    only.iter().any(|want| {
        let want = want.as_str();
        kind == want || (kind.starts_with(want) && kind[want.len()..].starts_with('.'))
    })
}

/// The code actions for the byte range `start..end`: each fix of the findings it touches,
/// the Markdown suppressions, and fix-all for the safe fixes.
pub fn code_actions(
    linted: &Linted,
    uri: &Uri,
    start: usize,
    end: usize,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let quickfix = CodeActionKind::QUICKFIX;
    let mut disabled = Vec::new();
    let findings = linted.findings();
    // The story-wide quotation conversion travels with one quotation; it is offered at
    // each it converts, once.
    let mut offered_story_wide: Vec<&copydesk::Fix> = Vec::new();
    for finding in findings {
        if finding.span.start > end || start > finding.span.end {
            continue;
        }
        let diagnostic = &diagnostic(&linted.rope, linted.encoding, linted.version, finding);
        if wanted(quickfix.as_str(), only) {
            let story_wide = story_wide_conversion(findings, finding);
            let own = finding
                .fixes
                .iter()
                .filter(|fix| story_wide.is_none_or(|wide| !std::ptr::eq(*fix, wide)));
            let story_wide = story_wide.filter(|wide| {
                !offered_story_wide
                    .iter()
                    .any(|offered| std::ptr::eq(*offered, *wide))
            });
            offered_story_wide.extend(story_wide);
            for fix in own.chain(story_wide) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(
                        uri,
                        text_edits(&linted.rope, linted.encoding, &fix.edits),
                    )),
                    // The writer must choose and verify a source: never preferred.
                    is_preferred: Some(
                        fix.preferred && fix.applicability != Applicability::NeedsReview,
                    ),
                    ..CodeAction::default()
                }));
            }
        }
        if linted.kind == Kind::Markdown
            && wanted(quickfix.as_str(), only)
            && !disabled.contains(&finding.rule)
        {
            disabled.push(finding.rule);
            actions.extend(disable_actions(linted, uri, finding, diagnostic));
        }
    }
    if wanted(FIX_ALL, only) {
        if let Some(action) = fix_all(linted, uri) {
            actions.push(action);
        }
    }
    actions
}

fn disable_actions(
    linted: &Linted,
    uri: &Uri,
    finding: &Finding,
    diagnostic: &Diagnostic,
) -> Vec<CodeActionOrCommand> {
    let rule = finding.rule;
    let rope = &linted.rope;
    let line = rope.byte_to_line(finding.span.start.min(rope.len_bytes()));
    let line_start = rope.line_to_byte(line);
    let indent: String = rope
        .line(line)
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let top = front_matter_end(&linted.text);
    let insert = |at: usize, text: String| {
        let position = encoding::position(rope, at, linted.encoding);
        workspace_edit(
            uri,
            vec![TextEdit {
                range: Range::new(position, position),
                new_text: text,
            }],
        )
    };
    let action = |title: String, edit: WorkspaceEdit| {
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit),
            is_preferred: Some(false),
            ..CodeAction::default()
        })
    };
    vec![
        action(
            format!("Disable {rule} on this line"),
            insert(
                line_start,
                format!("{indent}<!-- copydesk-disable-next-line {rule} -->\n"),
            ),
        ),
        action(
            format!("Disable {rule} in this file"),
            insert(top, format!("<!-- copydesk-disable {rule} -->\n")),
        ),
    ]
}

/// Where a file-wide suppression goes: after YAML front matter, if any.
fn front_matter_end(text: &str) -> usize {
    let Some(rest) = text.strip_prefix("---\n") else {
        return 0;
    };
    rest.find("\n---\n")
        .map_or(0, |at| "---\n".len() + at + "\n---\n".len())
}

/// Every safe fix that does not overlap an earlier one, as one edit.
fn fix_all(linted: &Linted, uri: &Uri) -> Option<CodeActionOrCommand> {
    let mut taken: Vec<copydesk::Edit> = Vec::new();
    let mut fixes: Vec<&copydesk::Fix> = linted
        .findings()
        .iter()
        .flat_map(|finding| finding.fixes.iter())
        .filter(|fix| fix.applicability == Applicability::Safe && !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|fix| fix.edits.iter().map(|edit| edit.span.start).min());
    for fix in fixes {
        let clashes = fix.edits.iter().any(|edit| {
            taken.iter().any(|other| {
                edit.span.overlaps(other.span)
                    || (edit.span.start == other.span.start
                        && (edit.span.is_empty() || other.span.is_empty()))
            })
        });
        if !clashes {
            taken.extend(fix.edits.iter().cloned());
        }
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_by_key(|edit| (edit.span.start, edit.span.end));
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Fix all safe copydesk problems".to_string(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(workspace_edit(
            uri,
            text_edits(&linted.rope, linted.encoding, &taken),
        )),
        ..CodeAction::default()
    }))
}

fn excerpt(text: &str, limit: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= limit {
        return flat;
    }
    let cut: String = flat.chars().take(limit).collect();
    format!("{}…", cut.trim_end())
}

fn cue_name(kind: CueKind) -> &'static str {
    match kind {
        CueKind::Verb => "verb of saying",
        CueKind::AccordingTo => "“according to”",
        CueKind::Citing => "“citing”",
        CueKind::WhatXCalls => "“what X calls”",
        CueKind::AsXPutIt => "“as X put it”",
    }
}

/// The hover at byte `offset`: the rule's documentation for each finding there, the
/// speaker of the quotation there, and the source and cue of the sentence there.
pub fn hover(linted: &Linted, offset: usize) -> Option<Hover> {
    let text = linted.text.as_str();
    let mut sections = Vec::new();
    let mut span: Option<(usize, usize)> = None;
    let mut widen = |start: usize, end: usize| {
        span = Some(match span {
            // The narrowest thing hovered gives the range.
            Some((s, e)) if e - s <= end - start => (s, e),
            _ => (start, end),
        });
    };
    let mut rules: Vec<RuleId> = Vec::new();
    for finding in linted.findings() {
        if finding.span.start <= offset && offset <= finding.span.end {
            widen(finding.span.start, finding.span.end);
            if !rules.contains(&finding.rule) {
                rules.push(finding.rule);
                let info = finding.rule.info();
                sections.push(format!(
                    "**copydesk: `{}`** ({})\n\n{}\n\n{}",
                    info.id,
                    finding.severity,
                    finding.message,
                    info.doc.trim()
                ));
            }
        }
    }
    // The section holding `offset` is what the lint analysed it with.
    let section = copydesk::sections::split(text, linted.kind)
        .into_iter()
        .find(|section| section.span.start <= offset && offset <= section.span.end)?;
    let base = section.span.start;
    let section_text = section.span.slice(text);
    let document = Document::parse_part(section_text, linted.kind, section.part);
    let at = offset - base;
    let mut widen = |start: usize, end: usize| widen(base + start, base + end);
    if let Some(quotation) = document.quotes.enclosing(at) {
        let span = quotation.span();
        widen(span.start, span.end);
        let said = match document.speaker_at(at) {
            Some(source) => format!("Quotation: the words of **{}**", source.name),
            None => "Quotation with no speaker found: the writer's voice (a scare quote) \
                     unless a speaker is named nearby"
                .to_string(),
        };
        sections.push(said);
    }
    if let Some(index) = document.sentence_at(at) {
        let voice = document.voice();
        let mut lines = Vec::new();
        for attribution in voice.of_sentence(index) {
            let Some(source) = voice.sources.get(attribution.source) else {
                continue;
            };
            lines.push(format!(
                "- **{}**, cue “{}” ({})",
                source.name,
                attribution.cue.slice(section_text),
                cue_name(attribution.kind)
            ));
        }
        if !lines.is_empty() {
            let sentence = document.sentences[index].span;
            widen(sentence.start, sentence.end);
            sections.push(format!("Attributed to:\n{}", lines.join("\n")));
        }
    }
    let (start, end) = span?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(encoding::range(&linted.rope, start, end, linted.encoding)),
    })
}

/// The story's sources, each with its quotations and paraphrases as children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be named to build one.
pub fn symbols(linted: &Linted) -> Vec<DocumentSymbol> {
    let text = linted.text.as_str();
    let document = Document::parse(text, linted.kind);
    let voice = document.voice();
    let range =
        |start: usize, end: usize| encoding::range(&linted.rope, start, end, linted.encoding);
    let mut out = Vec::new();
    for (index, source) in voice.sources.iter().enumerate() {
        if source.kind == SourceKind::Unresolved {
            continue;
        }
        let mut children: Vec<(usize, usize, DocumentSymbol)> = Vec::new();
        for (quote_index, speaker) in voice.speakers.iter().enumerate() {
            if *speaker != Some(index) {
                continue;
            }
            let Some(quotation) = document.quotes.quotations.get(quote_index) else {
                continue;
            };
            let span = quotation.span();
            children.push((
                span.start,
                span.end,
                DocumentSymbol {
                    name: format!("“{}”", excerpt(quotation.inner().slice(text), 60)),
                    detail: Some("quotation".into()),
                    kind: SymbolKind::STRING,
                    tags: None,
                    deprecated: None,
                    range: range(span.start, span.end),
                    selection_range: range(span.start, span.end),
                    children: None,
                },
            ));
        }
        for attribution in voice.attributions.iter().filter(|a| a.source == index) {
            let span = attribution.content;
            children.push((
                span.start,
                span.end,
                DocumentSymbol {
                    name: excerpt(span.slice(text), 60),
                    detail: Some(format!("paraphrase, “{}”", attribution.cue.slice(text))),
                    kind: SymbolKind::EVENT,
                    tags: None,
                    deprecated: None,
                    range: range(span.start, span.end),
                    selection_range: range(attribution.cue.start, attribution.cue.end),
                    children: None,
                },
            ));
        }
        let Some(first) = source.mentions.iter().min_by_key(|span| span.start) else {
            continue;
        };
        children.sort_by_key(|(start, end, _)| (*start, *end));
        let quotes = children
            .iter()
            .filter(|(_, _, c)| c.kind == SymbolKind::STRING)
            .count();
        let start = children
            .iter()
            .map(|c| c.0)
            .chain(source.mentions.iter().map(|m| m.start))
            .min()
            .unwrap_or(first.start);
        let end = children
            .iter()
            .map(|c| c.1)
            .chain(source.mentions.iter().map(|m| m.end))
            .max()
            .unwrap_or(first.end);
        let kind = match source.kind {
            SourceKind::Person => SymbolKind::CLASS,
            _ => SymbolKind::NAMESPACE,
        };
        out.push(DocumentSymbol {
            name: source.name.clone(),
            detail: Some(format!(
                "{quotes} quotation(s), {} paraphrase(s)",
                children.len() - quotes
            )),
            kind,
            tags: None,
            deprecated: None,
            range: range(start, end),
            selection_range: range(first.start, first.end),
            children: Some(children.into_iter().map(|(_, _, c)| c).collect()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::Linter;

    fn linted(text: &str, kind: Kind) -> Linted {
        Snapshot {
            version: 1,
            text: DocText::new(text),
            kind,
            linter: Arc::new(Mutex::new(DocLinter::new(Linter::new(
                kind,
                Arc::default(),
            )))),
            encoding: Encoding::Utf16,
        }
        .lint()
    }

    fn uri() -> Uri {
        "file:///story.md".parse().unwrap()
    }

    fn titles(actions: &[CodeActionOrCommand]) -> Vec<String> {
        actions
            .iter()
            .map(|action| match action {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect()
    }

    #[test]
    fn diagnostics_carry_rule_source_and_fixes() {
        let l = linted(
            "The mayor visited Kiev on Monday, officials said.\n",
            Kind::Plain,
        );
        let d = l
            .diagnostics()
            .into_iter()
            .find(|d| d.code == Some(NumberOrString::String("house-style".into())))
            .unwrap();
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(d.data.as_ref().unwrap()["fixes"][0]["safe"], true);
    }

    #[test]
    fn markdown_offers_suppressions_and_fix_all_is_only_safe_fixes() {
        let text = "Officials said the mayor visited Kiev and Odessa.\n";
        let l = linted(text, Kind::Markdown);
        let at = text.find("Kiev").unwrap();
        let actions = code_actions(&l, &uri(), at, at, None);
        let titles = titles(&actions);
        assert!(titles.contains(&"Disable house-style on this line".to_string()));
        assert!(titles.contains(&"Disable house-style in this file".to_string()));
        let only = [CodeActionKind::SOURCE_FIX_ALL];
        let fix_all = code_actions(&l, &uri(), 0, 0, Some(&only));
        assert_eq!(fix_all.len(), 1, "{:?}", self::titles(&fix_all));
        let CodeActionOrCommand::CodeAction(action) = &fix_all[0] else {
            panic!()
        };
        let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri()];
        let texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(texts, ["Kyiv", "Odesa"]);
    }

    #[test]
    fn the_story_wide_quotation_conversion_is_offered_at_each_quotation_once() {
        let text =
            "\"Yes,\" he said. \"No,\" she said. \"Maybe,\" they said. \"Soon,\" we said.\n\n\
                    He wants “a deal.” She wants “a truce.” They want “a vote.”\n";
        let l = linted(text, Kind::Plain);
        let title = "Convert all 3 quotations to straight marks".to_string();
        let wide_edits = |actions: &[CodeActionOrCommand]| -> Vec<Vec<String>> {
            actions
                .iter()
                .filter_map(|action| match action {
                    CodeActionOrCommand::CodeAction(a) if a.title == title => Some(a),
                    _ => None,
                })
                .map(|a| {
                    a.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri()]
                        .iter()
                        .map(|e| e.new_text.clone())
                        .collect()
                })
                .collect()
        };
        for quotation in ["a deal", "a truce", "a vote"] {
            let at = text.find(quotation).unwrap();
            let actions = code_actions(&l, &uri(), at, at, None);
            assert_eq!(wide_edits(&actions), [vec!["\""; 6]], "at {quotation}");
        }
        let first = text.find("a deal").unwrap();
        let last = text.find("a vote").unwrap();
        let actions = code_actions(&l, &uri(), first, last, None);
        assert_eq!(wide_edits(&actions).len(), 1, "{:?}", titles(&actions));
    }

    #[test]
    fn add_attribution_is_never_preferred_nor_in_fix_all() {
        let text = "Putin said ties are close.\n\nUnemployment rose to 9 percent last year.\n";
        let l = linted(text, Kind::Plain);
        let at = text.find("Unemployment").unwrap();
        let actions = code_actions(&l, &uri(), at, at, None);
        let mut attribution = 0;
        for action in &actions {
            let CodeActionOrCommand::CodeAction(a) = action else {
                continue;
            };
            if a.title.starts_with("Attribute") {
                attribution += 1;
                assert_eq!(a.is_preferred, Some(false));
            }
            if a.kind.as_ref().map(|k| k.as_str()) == Some(FIX_ALL) {
                let edits = &a.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri()];
                assert!(edits.iter().all(|e| !e.new_text.contains("said")));
            }
        }
        assert!(attribution >= 1, "{:?}", titles(&actions));
    }

    #[test]
    fn hover_names_the_speaker_and_the_source() {
        let text = "\"We will win,\" Putin said.\n\nMoscow said the war would end.\n";
        let l = linted(text, Kind::Plain);
        let inside = text.find("win").unwrap();
        let hover = hover(&l, inside).unwrap();
        let HoverContents::Markup(markup) = hover.contents else {
            panic!()
        };
        assert!(markup.value.contains("Putin"), "{}", markup.value);
        let hover = super::hover(&l, text.find("war").unwrap()).unwrap();
        let HoverContents::Markup(markup) = hover.contents else {
            panic!()
        };
        assert!(markup.value.contains("Moscow"), "{}", markup.value);
        assert!(markup.value.contains("said"), "{}", markup.value);
    }

    #[test]
    fn symbols_list_sources_with_their_words() {
        let text = "\"We will win,\" Putin said.\n\nMoscow said the war would end.\n";
        let l = linted(text, Kind::Plain);
        let symbols = symbols(&l);
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"Putin"), "{names:?}");
        let putin = symbols.iter().find(|s| s.name == "Putin").unwrap();
        assert!(putin
            .children
            .as_ref()
            .unwrap()
            .iter()
            .any(|c| c.name.contains("We will win")));
    }
}
