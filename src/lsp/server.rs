//! The LSP handlers and the document store.
//!
//! tower-lsp-server runs up to four handlers at once, so every handler that changes a
//! document applies the change to the store synchronously, before its first `.await`:
//! handlers are first polled in arrival order, so edits land in order. Lints run on a
//! snapshot (a rope clone and a shared string: see `doc_text`) off the async threads; a
//! result is published only while its version is still the document's current one.

use super::doc_text::{BadChange, DocLinter, DocText};
use super::encoding::{self, Encoding};
use super::features::{self, Linted, Snapshot, FIX_ALL};
use super::output::Outbox;
use super::publish::{self, Placements};
use super::settings::{split_settings, Configs, ServerOptions};
use copydesk::config_file::{ConfigError, FILE_NAMES};
use copydesk::{Config, Kind, Linter};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// One open document.
struct Doc {
    text: DocText,
    version: i32,
    kind: Kind,
    path: Option<PathBuf>,
    /// Holds the config, and each section's findings from the last lint.
    linter: Arc<Mutex<DocLinter>>,
    /// Each section's diagnostics from the last publish.
    placements: Arc<Mutex<Placements>>,
    linted: Option<Arc<Linted>>,
}

fn linter(kind: Kind, config: Config) -> Arc<Mutex<DocLinter>> {
    Arc::new(Mutex::new(DocLinter::new(Linter::new(
        kind,
        Arc::new(config),
    ))))
}

/// Fixed at `initialize`, or changed by the editor's settings.
#[derive(Clone)]
struct Session {
    encoding: Encoding,
    pull: bool,
    refresh: bool,
    watch_dynamically: bool,
    options: ServerOptions,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            encoding: Encoding::Utf16,
            pull: false,
            refresh: false,
            watch_dynamically: false,
            options: ServerOptions::default(),
        }
    }
}

struct Shared {
    docs: Mutex<HashMap<Uri, Doc>>,
    session: Mutex<Session>,
    configs: Mutex<Configs>,
    /// Held across "is this version current?" and the publish, so that a stale result is
    /// never sent after a newer one.
    publish: Mutex<()>,
    shut_down: Arc<AtomicBool>,
}

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    outbox: Outbox,
}

/// A poisoned lock still holds good data here: every update is a single assignment.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn kind_of(language: &str, path: Option<&Path>) -> Kind {
    match language {
        "markdown" | "mdx" => Kind::Markdown,
        "plaintext" | "text" => Kind::Plain,
        _ => path.map_or(Kind::Plain, Kind::from_path),
    }
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| FILE_NAMES.contains(&name))
}

/// A pulled diagnostic request: its id and its parameters.
#[derive(Deserialize)]
pub struct Pulled {
    id: Value,
    params: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextParams {
    text_document: TextDocumentIdentifier,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>, outbox: Outbox) -> Backend {
        Backend {
            client,
            outbox,
            shared: Arc::new(Shared {
                docs: Mutex::new(HashMap::new()),
                session: Mutex::new(Session::default()),
                configs: Mutex::new(Configs::default()),
                publish: Mutex::new(()),
                shut_down,
            }),
        }
    }

    fn session(&self) -> Session {
        lock(&self.shared.session).clone()
    }

    /// `copydesk/text`, for tests: the server's copy of a document and its version.
    pub async fn text(&self, params: TextParams) -> Result<Value> {
        if !self.session().options.test_mode {
            return Err(Error::method_not_found());
        }
        let docs = lock(&self.shared.docs);
        let doc = docs
            .get(&params.text_document.uri)
            .ok_or_else(|| Error::invalid_params("unknown document"))?;
        Ok(json!({"version": doc.version, "text": doc.text.string.as_str()}))
    }

    /// A `textDocument/diagnostic` request, forwarded by the input filter as a notification
    /// (`filter::PULL_METHOD`) so that the report goes out as bytes written here rather than
    /// through the transport's JSON tree: a long story's thousand diagnostics cost ten times
    /// more that way. The answer carries the request's id.
    pub async fn pull_diagnostics(&self, pulled: Pulled) {
        let Pulled { id, params } = pulled;
        let params = serde_json::from_value::<DocumentDiagnosticParams>(params.unwrap_or_default());
        let answer = match params {
            Err(error) => publish::error_response(&id, &Error::invalid_params(error.to_string())),
            Ok(params) => match self.fresh(&params.text_document.uri).await {
                Err(error) => publish::error_response(&id, &error),
                Ok(linted) if params.previous_result_id.as_ref() == Some(&linted.result_id) => {
                    publish::unchanged_report(&id, &linted.result_id)
                }
                Ok(linted) => {
                    let placements = lock(&self.shared.docs)
                        .get(&params.text_document.uri)
                        .map(|doc| doc.placements.clone())
                        .unwrap_or_default();
                    let mut placements = lock(&placements);
                    placements.report(&id, &linted)
                }
            },
        };
        self.outbox.send(answer);
    }

    /// Lint `version` of `uri` after the debounce, and publish if it is still current.
    fn schedule(&self, uri: Uri, version: i32) {
        let session = self.session();
        if session.pull {
            return;
        }
        let shared = self.shared.clone();
        let outbox = self.outbox.clone();
        // Linted and published on one blocking thread: the outbox needs no async thread,
        // and each hop between the two kinds costs a keystroke some tens of microseconds.
        let lint_and_publish = move || {
            let Some(snapshot) = snapshot(&shared, &uri, Some(version), session.encoding) else {
                return;
            };
            let Ok(linted) = std::panic::catch_unwind(AssertUnwindSafe(|| snapshot.lint())) else {
                eprintln!("copydesk lsp: the lint of {} failed", uri.as_str());
                return;
            };
            let linted = Arc::new(linted);
            let Some(placements) = store(&shared, &uri, &linted) else {
                return;
            };
            let message = lock(&placements).notify(uri.as_str(), &linted);
            let _order = lock(&shared.publish);
            if current_version(&shared, &uri) == Some(version) {
                outbox.send(message);
            }
        };
        let debounce = session.options.debounce;
        if debounce.is_zero() {
            tokio::task::spawn_blocking(lint_and_publish);
        } else {
            tokio::spawn(async move {
                tokio::time::sleep(debounce).await;
                tokio::task::spawn_blocking(lint_and_publish);
            });
        }
    }

    /// The lint of the current version, computed now if the cache is stale.
    async fn fresh(&self, uri: &Uri) -> Result<Arc<Linted>> {
        let encoding = self.session().encoding;
        {
            let docs = lock(&self.shared.docs);
            let doc = docs.get(uri).ok_or_else(|| {
                Error::invalid_params(format!("unknown document {}", uri.as_str()))
            })?;
            if let Some(linted) = doc.linted.as_ref().filter(|l| l.version == doc.version) {
                return Ok(linted.clone());
            }
        }
        let snapshot = snapshot(&self.shared, uri, None, encoding)
            .ok_or_else(|| Error::invalid_params("unknown document"))?;
        let linted = tokio::task::spawn_blocking(move || snapshot.lint())
            .await
            .map_err(|_| Error::internal_error())?;
        let linted = Arc::new(linted);
        store(&self.shared, uri, &linted);
        Ok(linted)
    }

    /// Run `work` on the current lint off the async threads; a panic becomes an error.
    async fn with_lint<T, F>(&self, uri: &Uri, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Linted) -> T + Send + 'static,
    {
        let linted = self.fresh(uri).await?;
        tokio::task::spawn_blocking(move || work(&linted))
            .await
            .map_err(|_| Error::internal_error())
    }

    /// Tell the writer about a bad config file: a message and a diagnostic in the file.
    async fn report_config_error(&self, error: &ConfigError) {
        self.client
            .show_message(
                MessageType::ERROR,
                format!(
                    "copydesk: {} is not a valid config, keeping the last good one: {}",
                    error.path.display(),
                    error.detail()
                ),
            )
            .await;
        if let Some(uri) = Uri::from_file_path(&error.path) {
            let line = error.line.unwrap_or(1).saturating_sub(1) as u32;
            let character = error.column.unwrap_or(1).saturating_sub(1) as u32;
            let diagnostic = Diagnostic {
                range: Range::new(
                    Position::new(line, character),
                    Position::new(line, character.saturating_add(1)),
                ),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("invalid-config".into())),
                source: Some("copydesk".into()),
                message: error.detail(),
                ..Diagnostic::default()
            };
            publish::send(&self.outbox, uri.as_str(), None, &[diagnostic]);
        }
    }

    async fn clear_config_diagnostics(&self, path: &Path) {
        if let Some(uri) = Uri::from_file_path(path) {
            publish::send(&self.outbox, uri.as_str(), None, &[]);
        }
    }

    /// Re-read `changed` config files, give every open document its config again, and
    /// relint them all.
    async fn reload_configs(&self, changed: &[PathBuf], reset: bool) {
        let mut errors = Vec::new();
        let mut good = Vec::new();
        let paths: Vec<(Uri, Option<PathBuf>)> = lock(&self.shared.docs)
            .iter()
            .map(|(uri, doc)| (uri.clone(), doc.path.clone()))
            .collect();
        let mut assigned = Vec::new();
        {
            let mut configs = lock(&self.shared.configs);
            if reset {
                let known = configs.known_files();
                configs.clear();
                for file in known {
                    match configs.load(Some(&file)).error {
                        Some(error) => errors.push(error),
                        None => good.push(file),
                    }
                }
            }
            for file in changed {
                if file.is_file() {
                    match configs.load(Some(file)).error {
                        Some(error) => errors.push(error),
                        None => good.push(file.clone()),
                    }
                } else {
                    good.push(file.clone());
                }
            }
            for (uri, path) in paths {
                let (config, error) = configs.config_for(path.as_deref());
                errors.extend(error);
                assigned.push((uri, config));
            }
        }
        let mut versions = Vec::new();
        {
            let mut docs = lock(&self.shared.docs);
            for (uri, config) in assigned {
                if let Some(doc) = docs.get_mut(&uri) {
                    doc.linter = linter(doc.kind, config);
                    doc.linted = None;
                    versions.push((uri, doc.version));
                }
            }
        }
        for (uri, version) in versions {
            self.schedule(uri, version);
        }
        let session = self.session();
        if session.pull && session.refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        for file in good {
            self.clear_config_diagnostics(&file).await;
        }
        errors.dedup();
        for error in &errors {
            self.report_config_error(error).await;
        }
    }
}

/// A copy of the document to lint, if it is open (and at `version`, when given).
fn snapshot(
    shared: &Shared,
    uri: &Uri,
    version: Option<i32>,
    encoding: Encoding,
) -> Option<Snapshot> {
    let docs = lock(&shared.docs);
    let doc = docs.get(uri)?;
    if version.is_some_and(|v| v != doc.version) {
        return None;
    }
    Some(Snapshot {
        version: doc.version,
        text: doc.text.clone(),
        kind: doc.kind,
        linter: doc.linter.clone(),
        encoding,
    })
}

/// Keep `linted` if it is of the document's current version, and hand back the
/// document's placements, if it is still open.
fn store(shared: &Shared, uri: &Uri, linted: &Arc<Linted>) -> Option<Arc<Mutex<Placements>>> {
    let mut docs = lock(&shared.docs);
    let doc = docs.get_mut(uri)?;
    if doc.version == linted.version {
        doc.linted = Some(linted.clone());
    }
    Some(doc.placements.clone())
}

fn current_version(shared: &Shared, uri: &Uri) -> Option<i32> {
    lock(&shared.docs).get(uri).map(|doc| doc.version)
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let capabilities = &params.capabilities;
        let encoding = Encoding::negotiate(
            capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_deref()),
        );
        let pull = capabilities
            .text_document
            .as_ref()
            .is_some_and(|text| text.diagnostic.is_some());
        let workspace = capabilities.workspace.as_ref();
        let refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let watch_dynamically = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let (options, table) = split_settings(params.initialization_options.as_ref());
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| folder.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)] // Older clients send only `rootUri`.
        if roots.is_empty() {
            roots.extend(
                params
                    .root_uri
                    .as_ref()
                    .and_then(|uri| uri.to_file_path().map(|p| p.into_owned())),
            );
        }
        {
            let mut configs = lock(&self.shared.configs);
            configs.roots = roots;
            match table {
                Ok(table) => configs.editor = table,
                Err(message) => eprintln!("copydesk lsp: {message}"),
            }
        }
        *lock(&self.shared.session) = Session {
            encoding,
            pull,
            refresh,
            watch_dynamically,
            options,
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(FIX_ALL),
                        ]),
                        resolve_provider: Some(false),
                        ..CodeActionOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("copydesk".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if !self.session().watch_dynamically {
            return;
        }
        let watchers = FILE_NAMES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "copydesk-config-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(error) = self.client.register_capability(vec![registration]).await {
            eprintln!("copydesk lsp: could not watch config files: {error}");
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        // Synchronous until the document is stored.
        let item = params.text_document;
        let path = item.uri.to_file_path().map(|p| p.into_owned());
        let kind = kind_of(&item.language_id, path.as_deref());
        let (config, error) = lock(&self.shared.configs).config_for(path.as_deref());
        lock(&self.shared.docs).insert(
            item.uri.clone(),
            Doc {
                text: DocText::new(&item.text),
                version: item.version,
                kind,
                path,
                linter: linter(kind, config),
                placements: Arc::default(),
                linted: None,
            },
        );
        self.schedule(item.uri, item.version);
        if let Some(error) = error {
            self.report_config_error(&error).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous until every change is applied: see the module's documentation.
        let encoding = self.session().encoding;
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let failure = {
            let mut docs = lock(&self.shared.docs);
            match docs.get_mut(&uri) {
                None => Some((
                    format!("a change to {}, which is not open", uri.as_str()),
                    false,
                )),
                Some(doc) => {
                    // Before the edits: a lint kept of the old text would make them copy it.
                    doc.linted = None;
                    let mut failure = None;
                    for change in &params.content_changes {
                        if let Err(BadChange(why)) = doc.text.apply(change, encoding) {
                            failure = Some((
                                format!(
                                    "a change to {} (version {version}) was refused: {why}",
                                    uri.as_str()
                                ),
                                true,
                            ));
                            break;
                        }
                    }
                    doc.version = version;
                    failure
                }
            }
        };
        let Some((message, open)) = failure else {
            self.schedule(uri, version);
            return;
        };
        if open {
            // The changes before the refused one stand: lint what the server holds.
            self.schedule(uri, version);
        }
        eprintln!("copydesk lsp: {message}");
        self.client.log_message(MessageType::ERROR, message).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let path = params
            .text_document
            .uri
            .to_file_path()
            .map(|p| p.into_owned());
        if let Some(path) = path.filter(|p| is_config_file(p)) {
            self.reload_configs(&[path], false).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = lock(&self.shared.docs).remove(&uri).is_some();
        if was_open && !self.session().pull {
            let _order = lock(&self.shared.publish);
            publish::send(&self.outbox, uri.as_str(), None, &[]);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changed: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|event| event.uri.to_file_path().map(|p| p.into_owned()))
            .filter(|path| is_config_file(path))
            .collect();
        if !changed.is_empty() {
            self.reload_configs(&changed, false).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (options, table) = split_settings(Some(&params.settings));
        match table {
            Ok(table) => {
                lock(&self.shared.configs).editor = table;
                lock(&self.shared.session).options.debounce = options.debounce;
                self.reload_configs(&[], true).await;
            }
            Err(message) => {
                self.client
                    .show_message(MessageType::ERROR, format!("copydesk: {message}"))
                    .await;
            }
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let range = params.range;
        let only = params.context.only;
        let target = uri.clone();
        let actions = self
            .with_lint(&uri, move |linted| {
                let (start, end) = encoding::byte_range(&linted.rope, range, linted.encoding)?;
                Some(features::code_actions(
                    linted,
                    &target,
                    start,
                    end,
                    only.as_deref(),
                ))
            })
            .await?
            .ok_or_else(|| Error::invalid_params("the range is outside the document"))?;
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        self.with_lint(&at.text_document.uri, move |linted| {
            let offset = encoding::offset(&linted.rope, at.position, linted.encoding)?;
            features::hover(linted, offset)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols = self
            .with_lint(&params.text_document.uri, features::symbols)
            .await?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }
}
