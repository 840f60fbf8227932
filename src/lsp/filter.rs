//! A thin filter between standard input and the LSP transport.
//!
//! Stock tower-lsp-server answers a frame whose body is not a JSON-RPC message with a parse
//! error and then stops reading, so one bad frame would end the server. This filter reads
//! the raw frames itself, passes on only those whose body is a JSON-RPC request, notification
//! or response, re-framed with a clean header, and drops the rest with a line on stderr.
//! A dropped body that still reads as a request, its id readable, gets an error response
//! (JSON-RPC's parse error or invalid request), so that no client waits for an answer.
//!
//! tower-lsp-server also drops, without a word, a notification whose parameters do not
//! parse (it cannot answer one). A lost `didChange` leaves the server's copy of a document
//! behind the editor's, so the filter says so on stderr for the notifications copydesk
//! handles, and passes them on unchanged.
//!
//! It also turns each `textDocument/diagnostic` request into a notification to the server
//! ([`PULL_METHOD`]): the transport would build a JSON tree of the report, ten times the
//! cost of the lint for a long story, while a notification is answered by the server
//! itself, with bytes. Notifications keep their turn among the edits, so the report is of
//! the text as it stood when the request came.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// A frame larger than this is refused: no story is 256 MB.
const MAX_BODY: usize = 256 << 20;
/// Header bytes we wait for before deciding the input is garbage.
const MAX_HEADER: usize = 8 << 10;

/// What one step of the filter found.
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
    /// A well-formed frame, re-encoded.
    Frame(Vec<u8>),
    /// Something dropped, and why.
    Dropped(String),
    /// A malformed request dropped whose id could still be read, why, and the error
    /// response that answers it, so that the client does not wait for an answer forever.
    Refused { why: String, answer: Vec<u8> },
    /// A frame passed on that the server will ignore, and why.
    Ignored(String),
}

/// What a `textDocument/diagnostic` request becomes on its way to the server: a
/// notification carrying the request's id and parameters, which the server answers itself
/// (see `publish`), its report written straight to bytes, in its turn among the edits.
/// The server has no `diagnostic` handler of its own: every request the transport does
/// not refuse itself (before `initialize`, after `shutdown`) comes this way.
pub const PULL_METHOD: &str = "copydesk/pullDiagnostics";

/// Splits a byte stream into frames and checks each body.
#[derive(Default)]
pub struct FrameFilter {
    buf: Vec<u8>,
    /// The body length of the frame whose header has been read.
    pending: Option<usize>,
    /// `initialize` has passed, and `shutdown` has not: only then are diagnostic requests
    /// turned into notifications (before and after, the transport answers them itself).
    initialize_seen: bool,
    shutdown_seen: bool,
}

impl FrameFilter {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Item> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        loop {
            if let Some(len) = self.pending {
                if self.buf.len() < len {
                    break;
                }
                let body: Vec<u8> = self.buf.drain(..len).collect();
                self.pending = None;
                out.extend(self.check(body));
                continue;
            }
            let Some(end) = find(&self.buf, b"\r\n\r\n") else {
                if self.buf.len() > MAX_HEADER {
                    out.push(Item::Dropped(format!(
                        "{} bytes with no message header",
                        self.buf.len()
                    )));
                    self.skip_to_next_header(1);
                    continue;
                }
                break;
            };
            let header = String::from_utf8_lossy(&self.buf[..end]).into_owned();
            match content_length(&header) {
                Ok(len) => {
                    self.buf.drain(..end + 4);
                    self.pending = Some(len);
                }
                Err(why) => {
                    out.push(Item::Dropped(why));
                    self.skip_to_next_header(end + 4);
                }
            }
        }
        out
    }

    /// Drop at least `at` bytes, then up to the next `Content-Length`.
    fn skip_to_next_header(&mut self, at: usize) {
        let at = at.min(self.buf.len());
        let next = find(&self.buf[at..], b"Content-Length").map_or(self.buf.len(), |i| at + i);
        self.buf.drain(..next);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn content_length(header: &str) -> Result<usize, String> {
    let mut length = None;
    for line in header.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("a header line without a colon: {line:?}"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("a bad Content-Length: {:?}", value.trim()))?,
            );
        }
    }
    match length {
        Some(len) if len > MAX_BODY => Err(format!("a {len}-byte message is too large")),
        Some(len) => Ok(len),
        None => Err(format!("a header without Content-Length: {header:?}")),
    }
}

impl FrameFilter {
    fn check(&mut self, body: Vec<u8>) -> Vec<Item> {
        let request = serde_json::from_slice::<Request>(&body);
        let mut body = body;
        let mut out = Vec::new();
        match request {
            Ok(request) => {
                match request.method() {
                    "initialize" => self.initialize_seen = true,
                    "shutdown" => self.shutdown_seen = true,
                    _ => {}
                }
                let pulled = request.method() == "textDocument/diagnostic"
                    && request.id().is_some()
                    && self.initialize_seen
                    && !self.shutdown_seen;
                if pulled {
                    body = pull_notification(request);
                } else {
                    out.extend(bad_notification(request).map(Item::Ignored));
                }
            }
            Err(error) if serde_json::from_slice::<Response>(&body).is_err() => {
                let (why, code) = match serde_json::from_slice::<serde_json::Value>(&body) {
                    Err(json) => (format!("not JSON ({json})"), PARSE_ERROR),
                    Ok(_) => (format!("not a JSON-RPC message ({error})"), INVALID_REQUEST),
                };
                let shown: String = String::from_utf8_lossy(&body).chars().take(120).collect();
                let why = format!("a body that is {why}: {shown:?}");
                out.push(match refusal(&body, code, &why) {
                    Some(answer) => Item::Refused { why, answer },
                    None => Item::Dropped(why),
                });
                return out;
            }
            Err(_) => {}
        }
        let mut frame = super::output::frame_header(body.len()).into_bytes();
        frame.extend_from_slice(&body);
        out.insert(0, Item::Frame(frame));
        out
    }
}

/// JSON-RPC's error codes for a body that is not JSON, and for JSON that is not a request.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// The error response to a dropped body that still reads as a request: its first JSON
/// value is an object with a `method` and an `id` that is a number or a string. JSON-RPC
/// answers a body whose id cannot be read with a null id, which no client waits for, so
/// such a body gets no answer; nor does one without a method, which may be the client's
/// broken answer to the server and whose id is then one of the client's own requests.
fn refusal(body: &[u8], code: i64, why: &str) -> Option<Vec<u8>> {
    let first = serde_json::Deserializer::from_slice(body)
        .into_iter::<serde_json::Value>()
        .next()?
        .ok()?;
    let request = first.as_object()?;
    request.get("method")?;
    let id = request
        .get("id")
        .filter(|id| id.is_string() || id.is_i64() || id.is_u64())?;
    let answer = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": format!("copydesk dropped {why}")},
    });
    serde_json::to_vec(&answer).ok()
}

/// The [`PULL_METHOD`] notification for a `textDocument/diagnostic` request.
fn pull_notification(request: Request) -> Vec<u8> {
    let (_, id, params) = request.into_parts();
    let notification = serde_json::json!({
        "jsonrpc": "2.0",
        "method": PULL_METHOD,
        "params": {"id": id, "params": params},
    });
    // A tree of JSON values: serializing cannot fail.
    serde_json::to_vec(&notification).unwrap_or_default()
}

/// Why the server will ignore `request`, when it is a notification copydesk handles whose
/// parameters do not parse.
fn bad_notification(request: Request) -> Option<String> {
    use tower_lsp_server::ls_types::*;
    fn parse<T: serde::de::DeserializeOwned>(params: Option<serde_json::Value>) -> Option<String> {
        serde_json::from_value::<T>(params.unwrap_or_default())
            .err()
            .map(|error| error.to_string())
    }
    let (method, id, params) = request.into_parts();
    if id.is_some() {
        return None; // A request: the server answers it with an error itself.
    }
    let why = match method.as_ref() {
        "textDocument/didOpen" => parse::<DidOpenTextDocumentParams>(params),
        "textDocument/didChange" => parse::<DidChangeTextDocumentParams>(params),
        "textDocument/didClose" => parse::<DidCloseTextDocumentParams>(params),
        "textDocument/didSave" => parse::<DidSaveTextDocumentParams>(params),
        "workspace/didChangeConfiguration" => parse::<DidChangeConfigurationParams>(params),
        "workspace/didChangeWatchedFiles" => parse::<DidChangeWatchedFilesParams>(params),
        _ => None,
    }?;
    let consequence = if method.starts_with("textDocument/") {
        "; the server's copy of the document may now differ from the editor's"
    } else {
        ""
    };
    Some(format!(
        "ignored a {method} notification with invalid params ({why}){consequence}"
    ))
}

/// Copy `input` to `output` through the filter until `input` ends or `output` closes.
/// Refusals go straight to the client through `outbox`.
pub async fn pump<R, W>(mut input: R, mut output: W, outbox: super::output::Outbox)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut filter = FrameFilter::default();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let read = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        for item in filter.push(&chunk[..read]) {
            match item {
                Item::Frame(frame) => {
                    if output.write_all(&frame).await.is_err() {
                        return;
                    }
                }
                Item::Dropped(why) => eprintln!("copydesk lsp: dropped a malformed message: {why}"),
                Item::Refused { why, answer } => {
                    eprintln!("copydesk lsp: refused a malformed request: {why}");
                    outbox.send(answer);
                }
                Item::Ignored(why) => eprintln!("copydesk lsp: {why}"),
            }
        }
        if output.flush().await.is_err() {
            return;
        }
    }
    let _ = output.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    const GOOD: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

    fn frames(items: &[Item]) -> usize {
        items
            .iter()
            .filter(|item| matches!(item, Item::Frame(_)))
            .count()
    }

    #[test]
    fn good_frames_pass_even_when_split() {
        let mut filter = FrameFilter::default();
        let bytes = [frame(GOOD), frame(GOOD)].concat();
        let (a, b) = bytes.split_at(17);
        assert!(filter.push(a).is_empty());
        let items = filter.push(b);
        assert_eq!(
            items,
            vec![Item::Frame(frame(GOOD)), Item::Frame(frame(GOOD))]
        );
    }

    #[test]
    fn bad_bodies_are_dropped_and_the_next_frame_still_passes() {
        let mut filter = FrameFilter::default();
        let bytes = [
            frame("{not json"),
            frame("[1, 2]"),
            frame("\u{fffd}"),
            frame(GOOD),
        ]
        .concat();
        let items = filter.push(&bytes);
        assert_eq!(items.len(), 4);
        assert_eq!(frames(&items), 1);
        assert_eq!(items[3], Item::Frame(frame(GOOD)));
    }

    #[test]
    fn a_notification_the_server_would_drop_is_named_and_passed_on() {
        let mut filter = FrameFilter::default();
        let bad = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.txt","version":"two"},"contentChanges":[]}}"#;
        let items = filter.push(&frame(bad));
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], Item::Frame(frame(bad)));
        let Item::Ignored(why) = &items[1] else {
            panic!("{items:?}")
        };
        assert!(
            why.contains("textDocument/didChange") && why.contains("\"two\""),
            "{why}"
        );
        // The same as a request is left to the server, which answers it.
        let request = bad.replacen("{", r#"{"id":1,"#, 1);
        assert_eq!(
            filter.push(&frame(&request)),
            vec![Item::Frame(frame(&request))]
        );
        // And a good one passes without a word.
        let good = r#"{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///a.txt"}}}"#;
        assert_eq!(filter.push(&frame(good)), vec![Item::Frame(frame(good))]);
    }

    #[test]
    fn a_dropped_body_says_what_is_wrong_with_it() {
        let mut filter = FrameFilter::default();
        let items = filter.push(&frame(
            r#"{"jsonrpc":"2.0","method":"x","params":"\ud800"}"#,
        ));
        let [Item::Dropped(why)] = &items[..] else {
            panic!("{items:?}")
        };
        assert!(
            why.contains("not JSON (") && why.contains("column 47"),
            "{why}"
        );
        let items = filter.push(&frame(r#"{"jsonrpc":"1.0","method":"x"}"#));
        let [Item::Dropped(why)] = &items[..] else {
            panic!("{items:?}")
        };
        assert!(why.contains("not a JSON-RPC message ("), "{why}");
    }

    #[test]
    fn a_dropped_request_whose_id_reads_is_answered_with_an_error() {
        let mut filter = FrameFilter::default();
        let mut answer = |body: &str| match filter.push(&frame(body)).as_slice() {
            [Item::Refused { answer, .. }] => {
                Some(serde_json::from_slice::<serde_json::Value>(answer).unwrap())
            }
            [Item::Dropped(_)] => None,
            other => panic!("{body}: {other:?}"),
        };
        for (body, id, code) in [
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}} trailing"#,
                serde_json::json!(1),
                PARSE_ERROR,
            ),
            (
                r#"{"jsonrpc":"1.0","id":"two","method":"shutdown"}"#,
                serde_json::json!("two"),
                INVALID_REQUEST,
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":5}"#,
                serde_json::json!(3),
                INVALID_REQUEST,
            ),
        ] {
            let answer = answer(body).unwrap_or_else(|| panic!("no answer to {body}"));
            assert_eq!(answer["jsonrpc"], "2.0");
            assert_eq!(answer["id"], id, "{body}");
            assert_eq!(answer["error"]["code"], code, "{body}");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(
                message.starts_with("copydesk dropped a body that is not"),
                "{message}"
            );
        }
        // No id to answer, or perhaps the client's own broken response: no answer.
        for body in [
            r#"{"id":4}"#,
            r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":5,"method":"#,
            r#"[{"jsonrpc":"2.0","id":6,"method":"x"}]"#,
            "null",
        ] {
            assert_eq!(answer(body), None, "{body}");
        }
    }

    #[test]
    fn bad_headers_resynchronize_on_the_next_one() {
        let mut filter = FrameFilter::default();
        let mut bytes = b"Content-Length: nope\r\n\r\ngarbage".to_vec();
        bytes.extend(b"X-Other: 1\r\n\r\n");
        bytes.extend(frame(GOOD));
        let items = filter.push(&bytes);
        assert_eq!(frames(&items), 1, "{items:?}");
    }

    #[test]
    fn endless_garbage_without_a_header_is_dropped() {
        let mut filter = FrameFilter::default();
        let items = filter.push(&vec![b'x'; MAX_HEADER + 1]);
        assert_eq!(frames(&items), 0);
        assert_eq!(items.len(), 1);
        assert_eq!(frames(&filter.push(&frame(GOOD))), 1);
    }

    #[test]
    fn diagnostic_requests_become_notifications_between_initialize_and_shutdown() {
        let pull = r#"{"jsonrpc":"2.0","id":"p1","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///a.txt"}}}"#;
        let initialize =
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
        let mut filter = FrameFilter::default();
        // Before `initialize`: the transport answers with its own error.
        assert_eq!(filter.push(&frame(pull)), vec![Item::Frame(frame(pull))]);
        filter.push(&frame(initialize));
        let items = filter.push(&frame(pull));
        let [Item::Frame(forwarded)] = items.as_slice() else {
            panic!("{items:?}")
        };
        let body = &forwarded[forwarded.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
        let body: serde_json::Value = serde_json::from_slice(body).unwrap();
        assert_eq!(body["method"], PULL_METHOD);
        assert!(body.get("id").is_none(), "{body}");
        assert_eq!(body["params"]["id"], "p1");
        assert_eq!(
            body["params"]["params"]["textDocument"]["uri"],
            "file:///a.txt"
        );
        // A notification of that name is not a request: it passes as it is.
        let notification = r#"{"jsonrpc":"2.0","method":"textDocument/diagnostic","params":{}}"#;
        assert_eq!(
            filter.push(&frame(notification)),
            vec![Item::Frame(frame(notification))]
        );
        filter.push(&frame(shutdown));
        assert_eq!(filter.push(&frame(pull)), vec![Item::Frame(frame(pull))]);
    }
}
