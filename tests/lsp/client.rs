//! A small LSP client for tests and benchmarks: spawns `copydesk lsp`, speaks JSON-RPC over
//! its standard input and output, answers the server's requests with `null`, and keeps a
//! copy of each open document, edited with its own position arithmetic (independent of the
//! server's).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }
    fn units(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        }
    }
}

/// Line starts: `\n`, `\r\n` and `\r` end a line.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
            }
            b'\r' | b'\n' => {
                starts.push(i + 1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    starts
}

/// `{"line", "character"}` of byte `offset`.
pub fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let starts = line_starts(text);
    let line = starts.iter().rposition(|&s| s <= offset).unwrap();
    let character: usize = text[starts[line]..offset]
        .chars()
        .map(|c| enc.units(c))
        .sum();
    json!({"line": line, "character": character})
}

pub fn range(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    json!({"start": position(text, start, enc), "end": position(text, end, enc)})
}

/// The byte offset of an LSP position (which must be on a character boundary).
pub fn offset(text: &str, position: &Value, enc: Enc) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let mut want = position["character"].as_u64().unwrap() as usize;
    let starts = line_starts(text);
    let mut at = starts[line];
    for c in text[at..].chars() {
        if want == 0 || c == '\n' || c == '\r' {
            break;
        }
        want -= enc.units(c);
        at += c.len_utf8();
    }
    at
}

/// Apply LSP text edits (ranges of `text`, not overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"], enc),
                offset(text, &edit["range"]["end"], enc),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut cursor = 0;
    for (start, end, new) in spans {
        out.push_str(&text[cursor..start]);
        out.push_str(&new);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// How the client reads `publishDiagnostics`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Into a full JSON tree, as the tests need.
    Whole,
    /// Diagnostics (pushed or pulled) counted, not decoded: each is a `null`. A benchmark's
    /// view, which leaves out the client's own decoding.
    Skim,
}

/// A `publishDiagnostics` message, or the answer to a `textDocument/diagnostic` request,
/// with its diagnostics skimmed; `None` for any other.
fn skimmed(body: &[u8]) -> Option<Value> {
    #[derive(serde::Deserialize)]
    struct Message {
        method: Option<String>,
        params: Option<Params>,
        id: Option<Value>,
        result: Option<Report>,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        uri: String,
        version: Option<i64>,
        diagnostics: Vec<serde::de::IgnoredAny>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Report {
        kind: String,
        result_id: Option<String>,
        items: Vec<serde::de::IgnoredAny>,
    }
    let message: Message = serde_json::from_slice(body).ok()?;
    if let (Some(id), Some(report)) = (message.id, message.result) {
        return Some(json!({
            "id": id,
            "result": {
                "kind": report.kind,
                "resultId": report.result_id,
                "items": vec![Value::Null; report.items.len()],
            }
        }));
    }
    if message.method.as_deref() != Some("textDocument/publishDiagnostics") {
        return None;
    }
    let params = message.params?;
    Some(json!({
        "method": "textDocument/publishDiagnostics",
        "params": {
            "uri": params.uri,
            "version": params.version,
            "diagnostics": vec![Value::Null; params.diagnostics.len()],
        }
    }))
}

/// A message the reader stamps with the instant it had been read whole, before it was
/// decoded.
#[derive(PartialEq)]
enum Stamped {
    /// A `publishDiagnostics`, by its version.
    Published(Option<i64>),
    /// The answer to a request, by its id.
    Answer(Value),
}

type Delivered = (Stamped, Instant);

pub struct Client {
    pub child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Value>,
    backlog: VecDeque<Value>,
    delivered: Arc<Mutex<Vec<Delivered>>>,
    next_id: i64,
    pub enc: Enc,
}

fn write_frame(stdin: &Mutex<ChildStdin>, body: &[u8]) {
    let mut stdin = stdin.lock().unwrap();
    let _ = write!(stdin, "Content-Length: {}\r\n\r\n", body.len());
    let _ = stdin.write_all(body);
    let _ = stdin.flush();
}

impl Client {
    /// Start `copydesk lsp` (the binary under test, or `binary`).
    pub fn spawn(binary: &Path) -> Client {
        Client::spawn_reading(binary, Reading::Whole)
    }

    /// Start `copydesk lsp`, reading its diagnostics as `reading` says.
    pub fn spawn_reading(binary: &Path, reading: Reading) -> Client {
        let mut child = Command::new(binary)
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start copydesk lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let replier = stdin.clone();
        let delivered = Arc::new(Mutex::new(Vec::new()));
        let stamps = delivered.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let read_at = Instant::now();
                let skim = match reading {
                    Reading::Skim => skimmed(&body),
                    Reading::Whole => None,
                };
                let message: Value = skim
                    .unwrap_or_else(|| serde_json::from_slice(&body).expect("server sent JSON"));
                let stamped = if message["method"] == "textDocument/publishDiagnostics" {
                    Some(Stamped::Published(message["params"]["version"].as_i64()))
                } else if message.get("method").is_none() {
                    message.get("id").cloned().map(Stamped::Answer)
                } else {
                    None
                };
                if let Some(stamped) = stamped {
                    stamps.lock().unwrap().push((stamped, read_at));
                }
                if message.get("method").is_some() && message.get("id").is_some() {
                    let reply = json!({"jsonrpc": "2.0", "id": message["id"], "result": null});
                    write_frame(&replier, reply.to_string().as_bytes());
                }
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            backlog: VecDeque::new(),
            delivered,
            next_id: 1,
            enc: Enc::Utf16,
        }
    }

    pub fn spawn_default() -> Client {
        Client::spawn(Path::new(env!("CARGO_BIN_EXE_copydesk")))
    }

    pub fn send_raw(&self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&self, message: &Value) {
        write_frame(&self.stdin, message.to_string().as_bytes());
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and return its id, without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response message to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m.get("method").is_none() && m["id"] == json!(id))
            .unwrap_or_else(|| panic!("no response to request {id}"))
    }

    /// Send a request and return its `result`; panic on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let response = self.response(id);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    /// The first message (already received or still to come) that `pred` accepts.
    pub fn wait_for(&mut self, mut pred: impl FnMut(&Value) -> bool) -> Option<Value> {
        if let Some(index) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok(message) if pred(&message) => return Some(message),
                Ok(message) => self.backlog.push_back(message),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Every message received so far, without waiting.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(message) = self.rx.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog.drain(..).collect()
    }

    /// `initialize` (waiting for its answer before anything else), then `initialized`.
    pub fn initialize(
        &mut self,
        capabilities: Value,
        options: Value,
        root: Option<&Path>,
    ) -> Value {
        let folders = root.map(|root| {
            let uri = format!("file://{}", root.display());
            json!([{"uri": uri, "name": "root"}])
        });
        let result = self.request(
            "initialize",
            json!({"processId": null, "capabilities": capabilities,
                   "initializationOptions": options,
                   "workspaceFolders": folders}),
        );
        self.enc = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Enc::Utf8,
            _ => Enc::Utf16,
        };
        self.notify("initialized", json!({}));
        result
    }

    /// A client offering `encodings`, debounce 0 and the test-only request.
    pub fn start(encodings: &[&str]) -> Client {
        let mut client = Client::spawn_default();
        client.initialize(
            json!({"general": {"positionEncodings": encodings}}),
            json!({"debounceMs": 0, "testMode": true}),
            None,
        );
        client
    }

    pub fn open(&self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// When the last `publishDiagnostics` of `version` had been read whole, before the
    /// client decoded it: what an editor waits for before its own decoding.
    pub fn delivered_at(&self, version: i64) -> Option<Instant> {
        self.stamp(&Stamped::Published(Some(version)))
    }

    /// When the answer to request `id` had been read whole, before the client decoded it.
    pub fn answered_at(&self, id: i64) -> Option<Instant> {
        self.stamp(&Stamped::Answer(json!(id)))
    }

    fn stamp(&self, stamped: &Stamped) -> Option<Instant> {
        let delivered = self.delivered.lock().unwrap();
        delivered
            .iter()
            .rev()
            .find(|(which, _)| which == stamped)
            .map(|&(_, at)| at)
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let mut message = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == json!(version)
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} version {version}"));
        match message["params"]["diagnostics"].take() {
            Value::Array(diagnostics) => diagnostics,
            other => panic!("diagnostics are not an array: {other}"),
        }
    }

    /// `shutdown`, then `exit`; how long the process took to end after `exit`.
    pub fn shutdown_and_exit(&mut self) -> (Duration, Option<i32>) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let sent = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (sent.elapsed(), status.code());
            }
            if sent.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                return (sent.elapsed(), None);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A client-side document: text and version, changed by incremental edits.
pub struct Doc {
    pub uri: String,
    pub text: String,
    pub version: i64,
}

impl Doc {
    pub fn new(uri: &str, text: &str) -> Doc {
        Doc {
            uri: uri.to_string(),
            text: text.to_string(),
            version: 1,
        }
    }

    /// Replace bytes `start..end` with `new`, here and in the server, as one incremental
    /// change; returns the new version.
    pub fn change(&mut self, client: &Client, start: usize, end: usize, new: &str) -> i64 {
        let range = range(&self.text, start, end, client.enc);
        self.text.replace_range(start..end, new);
        self.version += 1;
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
        self.version
    }

    /// Apply a workspace edit's text edits, sent as incremental changes from the last to
    /// the first so that each range still holds; returns the new version.
    pub fn apply(&mut self, client: &Client, edits: &[Value]) -> i64 {
        let mut sorted: Vec<&Value> = edits.iter().collect();
        sorted.sort_by_key(|e| {
            std::cmp::Reverse((
                offset(&self.text, &e["range"]["start"], client.enc),
                offset(&self.text, &e["range"]["end"], client.enc),
            ))
        });
        let changes: Vec<Value> = sorted
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        self.text = apply_edits(&self.text, edits, client.enc);
        self.version += 1;
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version},
                   "contentChanges": changes}),
        );
        self.version
    }
}
