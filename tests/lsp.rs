//! End-to-end tests of `copydesk lsp`: the built binary, spoken to over its standard input
//! and output by the small client in `tests/lsp/client.rs`.

#[path = "lsp/client.rs"]
mod client;
mod common;

use client::{Client, Doc, Enc};
use copydesk::{Config, Kind};
use serde_json::{json, Value};
use std::time::Duration;

const SEED_URI: &str = "file:///newsroom/seed.txt";

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_7b3ac1a56a70b6ef.txt"
    ))
    .unwrap()
}

/// The seed with an emoji opening line 9, so that on that line an emoji and curly marks
/// stand before flagged ranges.
fn seed_with_emoji() -> String {
    seed().replacen("Kim has described", "📰 Kim has described", 1)
}

fn code(diagnostic: &Value) -> &str {
    diagnostic["code"].as_str().unwrap()
}

/// (rule, range) of each diagnostic, sorted.
fn summary(diagnostics: &[Value]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = diagnostics
        .iter()
        .map(|d| (code(d).to_string(), d["range"].to_string()))
        .collect();
    out.sort();
    out
}

/// What the engine finds, with ranges converted by the test's own arithmetic.
fn expected(text: &str, kind: Kind, enc: Enc) -> Vec<(String, String)> {
    let findings = copydesk::lint(text, kind, &Config::default());
    let mut out: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str().to_string(),
                client::range(text, f.span.start, f.span.end, enc).to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn line_of(diagnostic: &Value) -> u64 {
    diagnostic["range"]["start"]["line"].as_u64().unwrap()
}

#[test]
fn utf16_and_utf8_clients_get_exact_ranges() {
    let text = seed_with_emoji();
    for (offered, enc) in [
        (vec!["utf-16"], Enc::Utf16),
        (vec!["utf-32", "utf-8", "utf-16"], Enc::Utf8),
    ] {
        let mut client = Client::start(&offered);
        assert_eq!(client.enc, enc, "negotiated for {offered:?}");
        client.open(SEED_URI, "plaintext", &text);
        let diagnostics = client.diagnostics(SEED_URI, 1);
        assert_eq!(
            summary(&diagnostics),
            expected(&text, Kind::Plain, enc),
            "{}",
            enc.name()
        );
        for d in &diagnostics {
            assert_eq!(d["source"], "copydesk");
        }

        // The claim on line 8 is plain ASCII: the same in both encodings.
        let claim: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| code(d) == "unattributed-claim")
            .collect();
        assert_eq!(claim.len(), 1);
        assert_eq!(
            claim[0]["range"],
            json!({"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 96}})
        );
        assert_eq!(claim[0]["severity"], 2);

        // Line 9: "📰 Kim has described … “hegemonic policy” and “high-handedness” …".
        // Before “high-handedness” stand the emoji (4 bytes, 2 units) and the two curly
        // marks of “hegemonic policy” (3 bytes, 1 unit each).
        let line9 = text.lines().nth(8).unwrap();
        let before = &line9[..line9.find("“high-handedness”").unwrap()];
        let style: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| code(d) == "quote-style" && line_of(d) == 8)
            .collect();
        assert_eq!(style.len(), 2, "{style:?}");
        let last = style
            .iter()
            .max_by_key(|d| d["range"]["start"]["character"].as_u64())
            .unwrap();
        let character = last["range"]["start"]["character"].as_u64().unwrap() as usize;
        let want = match enc {
            Enc::Utf8 => before.len(),
            Enc::Utf16 => before.encode_utf16().count(),
        };
        assert_eq!(character, want, "{}", enc.name());
        assert_eq!(before.len() - before.encode_utf16().count(), 2 + 2 * 2);
        let kiev = diagnostics
            .iter()
            .find(|d| code(d) == "house-style" && line_of(d) == 8)
            .unwrap();
        let kiev_at = line9.find("Kiev").unwrap();
        let want = match enc {
            Enc::Utf8 => kiev_at,
            Enc::Utf16 => line9[..kiev_at].encode_utf16().count(),
        };
        assert_eq!(kiev["range"]["start"]["character"], json!(want));
        let (_, status) = client.shutdown_and_exit();
        assert_eq!(status, Some(0));
    }
}

#[test]
fn add_attribution_code_action_clears_the_claim() {
    let mut client = Client::start(&["utf-16"]);
    let mut doc = Doc::new(SEED_URI, &seed());
    client.open(SEED_URI, "plaintext", &doc.text);
    let diagnostics = client.diagnostics(SEED_URI, 1);
    let claim = diagnostics
        .iter()
        .find(|d| code(d) == "unattributed-claim")
        .unwrap()
        .clone();
    assert_eq!(line_of(&claim), 7);
    assert!(!claim["data"]["fixes"].as_array().unwrap().is_empty());
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SEED_URI}, "range": claim["range"],
               "context": {"diagnostics": [claim]}}),
    );
    let actions = actions.as_array().unwrap();
    let attribute: Vec<&Value> = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("Attribute to"))
        .collect();
    assert!(attribute.len() >= 2, "{actions:#?}");
    for action in &attribute {
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["isPreferred"], false, "never preferred: {action}");
    }
    assert!(attribute
        .iter()
        .any(|a| a["title"] == "Attribute to a source (placeholder)"));
    let chosen = attribute
        .iter()
        .find(|a| a["title"] != "Attribute to a source (placeholder)")
        .unwrap();
    let edits = chosen["edit"]["changes"][SEED_URI].as_array().unwrap();
    let version = doc.apply(&client, edits);
    assert!(doc.text.lines().nth(7).unwrap().contains(" said"));
    let after = client.diagnostics(SEED_URI, version);
    assert!(
        !after.iter().any(|d| code(d) == "unattributed-claim"),
        "{after:#?}"
    );
    // The server's text is the client's.
    let server = client.request("copydesk/text", json!({"textDocument": {"uri": SEED_URI}}));
    assert_eq!(server["text"], doc.text);
}

#[test]
fn deleting_a_closing_mark_flags_it_and_undo_clears_it() {
    for offered in [&["utf-16"][..], &["utf-8"][..]] {
        let mut client = Client::start(offered);
        let mut doc = Doc::new(SEED_URI, &seed());
        client.open(SEED_URI, "plaintext", &doc.text);
        let before = summary(&client.diagnostics(SEED_URI, 1));
        assert!(!before.iter().any(|(rule, _)| rule == "unbalanced-quote"));
        // Line 3 ends: … and "harsh wartime."
        let close = doc.text.find("wartime.\"").unwrap() + "wartime.".len();
        let version = doc.change(&client, close, close + 1, "");
        let broken = client.diagnostics(SEED_URI, version);
        let unbalanced: Vec<&Value> = broken
            .iter()
            .filter(|d| code(d) == "unbalanced-quote")
            .collect();
        assert_eq!(unbalanced.len(), 1, "{broken:#?}");
        assert_eq!(line_of(unbalanced[0]), 2);
        assert_eq!(unbalanced[0]["severity"], 1);
        let version = doc.change(&client, close, close, "\"");
        let undone = client.diagnostics(SEED_URI, version);
        assert_eq!(summary(&undone), before);
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[test]
fn five_hundred_rapid_edits_arrive_in_order() {
    for offered in [&["utf-16"][..], &["utf-8"][..]] {
        let mut client = Client::start(offered);
        let mut doc = Doc::new(SEED_URI, &seed());
        client.open(SEED_URI, "plaintext", &doc.text);
        let mut rng = Lcg(7);
        let pieces = ["a", "“", "📰", "”", " ", "é", "\n", "\"", "Kiev"];
        for _ in 0..500 {
            let at = char_boundary(&doc.text, rng.next(doc.text.len() + 1));
            if rng.next(4) == 0 && at < doc.text.len() {
                // Delete the character at `at`.
                let len = doc.text[at..].chars().next().unwrap().len_utf8();
                doc.change(&client, at, at + len, "");
            } else {
                let piece = pieces[rng.next(pieces.len())];
                doc.change(&client, at, at, piece);
            }
        }
        assert_eq!(doc.version, 501);
        let server = client.request("copydesk/text", json!({"textDocument": {"uri": SEED_URI}}));
        assert_eq!(server["version"], 501);
        assert_eq!(server["text"].as_str().unwrap(), doc.text);
        // The last version's diagnostics come, and no version is published after a newer one.
        let last = client.diagnostics(SEED_URI, 501);
        assert_eq!(summary(&last), expected(&doc.text, Kind::Plain, client.enc));
        std::thread::sleep(Duration::from_millis(100));
        let mut newest = 0;
        for message in client.drain() {
            if message["method"] == "textDocument/publishDiagnostics" {
                let version = message["params"]["version"].as_i64().unwrap();
                assert!(version >= newest, "version {version} after {newest}");
                newest = version;
            }
        }
    }
}

/// Everything a diagnostic says: rule, range, message, and each fix's title and edits.
fn in_full(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let fixes: Vec<String> = d["data"]["fixes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|fix| format!("{} {}", fix["title"], fix["edits"]))
                .collect();
            format!("{} {} {} {fixes:?}", code(d), d["range"], d["message"])
        })
        .collect()
}

/// The same for the engine's findings from scratch, converted by the test's arithmetic.
fn expected_in_full(text: &str, enc: Enc) -> Vec<String> {
    copydesk::lint(text, Kind::Plain, &Config::default())
        .iter()
        .map(|f| {
            let fixes: Vec<String> = f
                .fixes
                .iter()
                .map(|fix| {
                    let edits: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            json!({"range": client::range(text, e.span.start, e.span.end, enc),
                                   "newText": e.text})
                        })
                        .collect();
                    format!("{} {}", json!(fix.title), Value::Array(edits))
                })
                .collect();
            format!(
                "{} {} {} {fixes:?}",
                f.rule,
                client::range(text, f.span.start, f.span.end, enc),
                json!(f.message)
            )
        })
        .collect()
}

/// A long text is relinted section by section as it is edited; whatever the edits, what
/// the server publishes is what a lint of the client's text from scratch gives.
#[test]
fn a_long_story_edited_at_random_matches_a_lint_from_scratch() {
    edit_a_long_story_at_random(false);
}

/// The same for an editor that pulls its diagnostics (VS Code, Neovim 0.11), asking right
/// after each edit: the report answers the text as it is after every edit sent before.
#[test]
fn pulled_reports_of_a_long_story_edited_at_random_match_a_lint_from_scratch() {
    edit_a_long_story_at_random(true);
}

fn edit_a_long_story_at_random(pull: bool) {
    let mut text = String::new();
    for (_, story) in common::corpus().iter().cycle().take(40) {
        text.push_str(story);
        text.push_str("\n\n");
    }
    assert!(text.len() > 2 * copydesk::sections::SECTIONED_ABOVE);
    let uri = "file:///newsroom/long.txt";
    let mut client = Client::spawn_default();
    let pulling = json!({"diagnostic": {"dynamicRegistration": false}});
    client.initialize(
        json!({"general": {"positionEncodings": ["utf-16"]},
               "textDocument": if pull { pulling } else { json!({}) }}),
        json!({"debounceMs": 0, "testMode": true}),
        None,
    );
    let mut doc = Doc::new(uri, &text);
    client.open(uri, "plaintext", &doc.text);
    let diagnostics = |client: &mut Client, version: i64| {
        if !pull {
            return client.diagnostics(uri, version);
        }
        let report = client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(report["kind"], "full");
        assert!(report["resultId"].is_string(), "{version}: {report}");
        report["items"].as_array().unwrap().clone()
    };
    assert_eq!(
        in_full(&diagnostics(&mut client, 1)),
        expected_in_full(&doc.text, client.enc)
    );
    let mut rng = Lcg(11);
    // Paragraph breaks move the cuts between sections; marks open and close quotations;
    // the words are flagged.
    let pieces = [
        "\n\nOfficials said ",
        "\n\n",
        "“",
        "”",
        "\"",
        " slammed ",
        " Kiev ",
        "x",
    ];
    for round in 1..=100 {
        let at = char_boundary(&doc.text, rng.next(doc.text.len() + 1));
        if rng.next(3) == 0 && at < doc.text.len() {
            let end = char_boundary(&doc.text, (at + rng.next(400)).min(doc.text.len()));
            doc.change(&client, at, end.max(at), "");
        } else {
            doc.change(&client, at, at, pieces[rng.next(pieces.len())]);
        }
        if round % 25 == 0 {
            assert_eq!(
                in_full(&diagnostics(&mut client, doc.version)),
                expected_in_full(&doc.text, client.enc),
                "after edit {round}"
            );
        }
    }
    let server = client.request("copydesk/text", json!({"textDocument": {"uri": uri}}));
    assert_eq!(server["text"].as_str().unwrap(), doc.text);
}

/// A client that sends back the `resultId` of its diagnostics is told they are unchanged,
/// until an edit or a change of settings gives new ones.
#[test]
fn a_pull_naming_the_current_result_is_told_unchanged() {
    let mut client = Client::spawn_default();
    client.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        json!({"debounceMs": 0}),
        None,
    );
    let mut doc = Doc::new(SEED_URI, &seed());
    client.open(SEED_URI, "plaintext", &doc.text);
    let pull = |client: &mut Client, previous: &Value| {
        client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": SEED_URI}, "previousResultId": previous}),
        )
    };
    let first = pull(&mut client, &Value::Null);
    assert_eq!(first["kind"], "full");
    let again = pull(&mut client, &first["resultId"]);
    assert_eq!(
        again,
        json!({"kind": "unchanged", "resultId": first["resultId"]})
    );
    // An id the server never gave: the full report.
    assert_eq!(pull(&mut client, &json!("stale"))["kind"], "full");
    doc.change(&client, 0, 0, "Critics say so. ");
    let edited = pull(&mut client, &first["resultId"]);
    assert_eq!(edited["kind"], "full");
    assert_ne!(edited["resultId"], first["resultId"]);
    assert_eq!(
        summary(edited["items"].as_array().unwrap()),
        expected(&doc.text, Kind::Plain, Enc::Utf16)
    );
    let houses = |report: &Value| {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| code(d) == "house-style")
            .count()
    };
    assert!(houses(&edited) > 0);
    // New settings, the same text: new diagnostics, so not "unchanged".
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"debounceMs": 0, "rules": {"house-style": "off"}}}}),
    );
    let configured = pull(&mut client, &edited["resultId"]);
    assert_eq!(configured["kind"], "full", "{configured}");
    assert_eq!(houses(&configured), 0);
}

/// A pulled report answers the request it was asked by, whatever its id, and a request
/// that cannot be answered gets an error, before `initialize`, during, and after `shutdown`.
#[test]
fn pulled_reports_answer_their_own_request() {
    let pull = |uri: &str| json!({"textDocument": {"uri": uri}});
    let mut client = Client::spawn_default();
    let before = client.request_async("textDocument/diagnostic", pull(SEED_URI));
    assert_eq!(client.response(before)["error"]["code"], -32002);
    client.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        json!({"debounceMs": 0}),
        None,
    );
    client.open(SEED_URI, "plaintext", &seed());
    client.send(
        &json!({"jsonrpc": "2.0", "id": "pull-7", "method": "textDocument/diagnostic",
                        "params": pull(SEED_URI)}),
    );
    let answer = client
        .wait_for(|m| m["id"] == "pull-7")
        .expect("an answer to pull-7");
    assert_eq!(
        summary(answer["result"]["items"].as_array().unwrap()),
        expected(&seed(), Kind::Plain, Enc::Utf16)
    );
    let unknown = client.request_async("textDocument/diagnostic", pull("file:///nowhere.txt"));
    let unknown = client.response(unknown);
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    assert!(unknown["error"]["message"]
        .as_str()
        .unwrap()
        .contains("nowhere"));
    client.request("shutdown", Value::Null);
    let after = client.request_async("textDocument/diagnostic", pull(SEED_URI));
    assert_eq!(client.response(after)["error"]["code"], -32600);
}

#[test]
fn malformed_messages_and_bad_edits_leave_the_server_alive() {
    let mut client = Client::start(&["utf-16"]);
    let text = seed();
    client.open(SEED_URI, "plaintext", &text);
    client.diagnostics(SEED_URI, 1);

    // Frames whose bodies are not JSON-RPC, and headers that are not headers.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.send_raw(b"Content-Length: 6\r\n\r\n[1, 2]");
    client.send_raw(b"Content-Length: 2\r\n\r\n\xff\xfe");
    client.send_raw(b"Content-Length: banana\r\n\r\n");
    client.send_raw(b"garbage without a header\r\n\r\n");
    // A request with parameters of the wrong shape gets an error, not a crash.
    let id = client.request_async("textDocument/hover", json!(42));
    assert!(client.response(id).get("error").is_some());
    // An edit out of range is refused and leaves the text as it was.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": SEED_URI, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 999, "character": 0},
                                             "end": {"line": 999, "character": 5}},
                                   "text": "x"}]}),
    );
    // …and a reversed one.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": SEED_URI, "version": 3},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 0},
                                             "end": {"line": 1, "character": 0}},
                                   "text": "x"}]}),
    );
    // A change to a document that is not open, and a request about one.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.txt", "version": 2},
               "contentChanges": [{"text": "x"}]}),
    );
    let id = client.request_async(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.txt"},
               "position": {"line": 0, "character": 0}}),
    );
    assert!(client.response(id).get("error").is_some());
    // A code action for a range past the end.
    let id = client.request_async(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SEED_URI},
               "range": {"start": {"line": 500, "character": 0}, "end": {"line": 501, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert!(client.response(id).get("error").is_some());
    // An unknown method.
    let id = client.request_async("copydesk/nonsense", json!({}));
    assert!(client.response(id).get("error").is_some());

    let server = client.request("copydesk/text", json!({"textDocument": {"uri": SEED_URI}}));
    assert_eq!(server["text"].as_str().unwrap(), text);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 7, "character": 10}}),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("unattributed-claim"));
    let (elapsed, status) = client.shutdown_and_exit();
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(status, Some(0));
}

#[test]
fn shutdown_and_exit_end_the_process_within_a_second() {
    let mut client = Client::start(&["utf-16"]);
    client.open(SEED_URI, "plaintext", &seed());
    client.diagnostics(SEED_URI, 1);
    // Standard input stays open: the client still holds it.
    let (elapsed, status) = client.shutdown_and_exit();
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert_eq!(status, Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_one() {
    let mut client = Client::start(&["utf-16"]);
    client.notify("exit", Value::Null);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = client.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(1));
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(status.code(), Some(1));
}

#[test]
fn pull_diagnostics_for_clients_that_ask() {
    let mut client = Client::spawn_default();
    let result = client.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        json!({"debounceMs": 0}),
        None,
    );
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "copydesk"
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    client.open(SEED_URI, "plaintext", &seed());
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": SEED_URI}}),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert_eq!(summary(items), expected(&seed(), Kind::Plain, Enc::Utf16));
    // No push for a pull client.
    std::thread::sleep(Duration::from_millis(100));
    assert!(!client
        .drain()
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"));
}

#[test]
fn hover_and_symbols_show_who_says_what() {
    let mut client = Client::start(&["utf-8"]);
    let text = seed();
    client.open(SEED_URI, "plaintext", &text);
    client.diagnostics(SEED_URI, 1);
    // Inside the quotation on line 2: its speaker is Putin.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 1, "character": 10}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("Putin"), "{value}");
    // Line 10: "Moscow said the operation was aimed at …".
    let line = text.lines().nth(9).unwrap();
    let at = line.find("the operation").unwrap();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": SEED_URI}, "position": {"line": 9, "character": at}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("Moscow") && value.contains("said"),
        "{value}"
    );

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": SEED_URI}}),
    );
    let symbols = symbols.as_array().unwrap();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.contains("Putin")), "{names:?}");
    let putin = symbols
        .iter()
        .find(|s| s["name"].as_str().unwrap().contains("Putin"))
        .unwrap();
    let children = putin["children"].as_array().unwrap();
    assert!(
        children.iter().any(|c| c["detail"] == "quotation"),
        "{putin:#}"
    );
}

#[test]
fn markdown_suppression_and_fix_all() {
    let mut client = Client::start(&["utf-16"]);
    let uri = "file:///newsroom/story.md";
    let mut doc = Doc::new(
        uri,
        "# Visit\n\nOfficials said the mayor flew to Kiev and then to Odessa.\n",
    );
    client.open(uri, "markdown", &doc.text);
    let diagnostics = client.diagnostics(uri, 1);
    let kiev = diagnostics
        .iter()
        .find(|d| code(d) == "house-style")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": kiev["range"],
               "context": {"diagnostics": [kiev]}}),
    );
    let actions = actions.as_array().unwrap();
    let kyiv = actions
        .iter()
        .find(|a| a["title"] == "Use “Kyiv”")
        .or_else(|| {
            actions
                .iter()
                .find(|a| a["title"].as_str().unwrap().contains("Kyiv"))
        });
    assert!(kyiv.is_some(), "{actions:#?}");
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable house-style on this line")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let version = doc.apply(&client, disable["edit"]["changes"][uri].as_array().unwrap());
    assert!(doc
        .text
        .contains("<!-- copydesk-disable-next-line house-style -->\nOfficials"));
    let after = client.diagnostics(uri, version);
    assert!(
        !after.iter().any(|d| code(d) == "house-style"),
        "{after:#?}"
    );

    // Fix-all on a fresh story: the safe fixes only.
    let uri2 = "file:///newsroom/other.md";
    let mut other = Doc::new(
        uri2,
        "Unemployment rose to 9 percent in Kiev and Odessa last year.\n",
    );
    client.open(uri2, "markdown", &other.text);
    client.diagnostics(uri2, 1);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri2},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    let version = other.apply(
        &client,
        actions[0]["edit"]["changes"][uri2].as_array().unwrap(),
    );
    assert_eq!(
        other.text,
        "Unemployment rose to 9 percent in Kyiv and Odesa last year.\n"
    );
    let after = client.diagnostics(uri2, version);
    assert!(!after.iter().any(|d| code(d) == "house-style"));
    assert!(
        after.iter().any(|d| code(d) == "unattributed-claim"),
        "fix-all never attributes: {after:#?}"
    );
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn project_config_is_found_reloaded_and_a_bad_one_is_reported() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path().canonicalize().unwrap();
    let config = root.join("copydesk.toml");
    std::fs::write(&config, "[rules]\nrelative-time = \"off\"\n").unwrap();
    let story = root.join("desk").join("story.txt");
    std::fs::create_dir_all(story.parent().unwrap()).unwrap();
    std::fs::write(&story, seed()).unwrap();
    let uri = file_uri(&story);

    let mut client = Client::spawn_default();
    client.initialize(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        // The editor asks for house-style at error and relative-time at info: the project
        // file wins on relative-time.
        json!({"debounceMs": 0, "testMode": true,
               "rules": {"house-style": "error", "relative-time": "info"}}),
        Some(&root),
    );
    // The server asks to watch config files.
    client
        .wait_for(|m| m["method"] == "client/registerCapability")
        .expect("a watcher registration");
    let mut doc = Doc::new(&uri, &seed());
    client.open(&uri, "plaintext", &doc.text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(!diagnostics.iter().any(|d| code(d) == "relative-time"));
    let house: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| code(d) == "house-style")
        .collect();
    assert!(!house.is_empty() && house.iter().all(|d| d["severity"] == 1));

    // A bad config: an error message, a diagnostic in the file, and the last good config.
    std::fs::write(&config, "[rules]\nrelative-time = \"loud\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let message = client
        .wait_for(|m| m["method"] == "window/showMessage")
        .expect("an error message");
    assert_eq!(message["params"]["type"], 1);
    let config_diagnostics = client
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == file_uri(&config)
        })
        .unwrap();
    let items = config_diagnostics["params"]["diagnostics"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["range"]["start"]["line"], 1);
    let version = doc.change(&client, 0, 0, "A");
    let kept = client.diagnostics(&uri, version);
    assert!(!kept.iter().any(|d| code(d) == "relative-time"));

    // Fixed: the diagnostic in the file clears and the new settings apply.
    std::fs::write(&config, "[rules]\nunattributed-claim = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let cleared = client
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == file_uri(&config)
                && m["params"]["diagnostics"] == json!([])
        })
        .is_some();
    assert!(cleared);
    let now = client.diagnostics(&uri, version);
    assert!(!now.iter().any(|d| code(d) == "unattributed-claim"));
    // relative-time now comes from the editor's settings, at info.
    assert!(now
        .iter()
        .any(|d| code(d) == "relative-time" && d["severity"] == 3));

    // Editor settings change: house-style off (the file leaves it unset).
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"debounceMs": 0, "rules": {"house-style": "off"}}}}),
    );
    let version = doc.change(&client, 0, 1, "");
    let now = client.diagnostics(&uri, version);
    assert!(!now.iter().any(|d| code(d) == "house-style"), "{now:#?}");
}
