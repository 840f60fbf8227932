//! The language server's keystroke latency and memory, measured against the built binary
//! through the test client (`tests/lsp/client.rs`).
//!
//! `cargo bench --bench lsp` prints, for stories of 10 KB, 100 KB and 1 MB built from the
//! Wikinews corpus, the time from a one-character `didChange` to its diagnostics (debounce
//! 0; p50 and p99), typed in the story's middle and, at 1 MB, at 20 places in turn; then the
//! server's resident memory with 100 typical stories open. This is a measurement, not a
//! test: it asserts nothing.
//!
//! Each latency is given three ways. Pushed (`publishDiagnostics`): until the client has
//! read the whole message ("delivered"), and until it has decoded it into a
//! `serde_json::Value` tree ("decoded"); an editor decodes in its own way, and at 1 MB the
//! test client's decoding of some 800 diagnostics is most of the time. Pulled
//! (`textDocument/diagnostic`, asked right after the edit, as VS Code and Neovim 0.11 do):
//! until the answer has been read whole.

#[path = "../tests/lsp/client.rs"]
mod client;

use client::{Client, Doc, Reading};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

mod corpus;

use corpus::stories;

fn story_of(stories: &[String], bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 20_000);
    'fill: loop {
        for story in stories {
            if text.len() >= bytes {
                break 'fill;
            }
            text.push_str(story);
            text.push_str("\n\n");
        }
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn start(reading: Reading, pull: bool) -> Client {
    let mut client = Client::spawn_reading(Path::new(env!("CARGO_BIN_EXE_copydesk")), reading);
    let pulling = json!({"diagnostic": {"dynamicRegistration": false}});
    client.initialize(
        json!({"general": {"positionEncodings": ["utf-16"]},
               "textDocument": if pull { pulling } else { json!({}) }}),
        json!({"debounceMs": 0}),
        None,
    );
    client
}

/// How the bench client gets its diagnostics and when it stops the clock.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Pushed; the clock stops when the message has been read whole ("delivered").
    Delivered,
    /// Pushed; the clock stops when the client has decoded it into a JSON tree.
    Decoded,
    /// Pulled right after the edit (as VS Code and Neovim 0.11 do); the clock stops when
    /// the answer has been read whole.
    Pulled,
}

/// Keystroke latencies on a story of about `bytes`, sorted, with the story's length and
/// number of findings: `rounds` edits, each a character typed and then erased, at `places`
/// places spread evenly through the story (one: its middle), taken in turn.
fn latency(
    stories: &[String],
    label: &str,
    bytes: usize,
    rounds: usize,
    places: usize,
    way: Way,
) -> (Vec<Duration>, usize, usize) {
    let reading = if way == Way::Decoded {
        Reading::Whole
    } else {
        Reading::Skim
    };
    let mut client = start(reading, way == Way::Pulled);
    let uri = format!("file:///bench/{}.txt", label.replace(' ', ""));
    let text = story_of(stories, bytes);
    let mut doc = Doc::new(&uri, &text);
    client.open(&uri, "plaintext", &doc.text);
    // The diagnostics of `version`, and when the clock stops for them.
    let diagnostics = |client: &mut Client, version: i64| {
        if way == Way::Pulled {
            let id = client.request_async(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            );
            let answer = client.response(id);
            let items = answer["result"]["items"].as_array().map_or(0, Vec::len);
            return (items, client.answered_at(id).unwrap_or_else(Instant::now));
        }
        let count = client.diagnostics(&uri, version).len();
        let decoded = Instant::now();
        match way {
            Way::Delivered => (count, client.delivered_at(version).unwrap_or(decoded)),
            _ => (count, decoded),
        }
    };
    let (findings, _) = diagnostics(&mut client, 1);
    // The ranges are computed before the clock starts: an editor knows them already.
    let ranges: Vec<(Value, Value)> = (0..places)
        .map(|place| {
            let mut at = doc.text.len() * (2 * place + 1) / (2 * places);
            while !doc.text.is_char_boundary(at) {
                at += 1;
            }
            let typed = client::range(&doc.text, at, at, client::Enc::Utf16);
            let mut erased = typed.clone();
            erased["end"]["character"] = json!(typed["end"]["character"].as_u64().unwrap_or(0) + 1);
            (typed, erased)
        })
        .collect();
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds + 5 {
        // A character typed, then erased, at each place in turn.
        let (typed, erased) = &ranges[(round / 2) % places];
        let (range, text) = if round % 2 == 0 {
            (typed, "x")
        } else {
            (erased, "")
        };
        doc.version += 1;
        let version = doc.version;
        let began = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
        let (_, done) = diagnostics(&mut client, version);
        if round >= 5 {
            times.push(done - began);
        }
    }
    times.sort();
    client.shutdown_and_exit();
    (times, doc.text.len(), findings)
}

fn memory(stories: &[String]) {
    let mut client = start(Reading::Whole, false);
    let pid = client.child.id();
    let baseline = rss_kb(pid).unwrap_or(0);
    let mut total = 0;
    for index in 0..100 {
        let text = &stories[index % stories.len()];
        // Typical stories are 5–20 KB: pad the short ones with the next story.
        let text = if text.len() < 5_000 {
            format!("{text}\n\n{}", stories[(index + 1) % stories.len()])
        } else {
            text.clone()
        };
        total += text.len();
        let uri = format!("file:///bench/story{index}.txt");
        client.open(&uri, "plaintext", &text);
        client.diagnostics(&uri, 1);
    }
    let open = rss_kb(pid).unwrap_or(0);
    println!(
        "resident memory: {:.1} MB after initialize, {:.1} MB with 100 stories open ({:.1} MB of text)",
        baseline as f64 / 1024.0,
        open as f64 / 1024.0,
        total as f64 / (1024.0 * 1024.0)
    );
    client.shutdown_and_exit();
}

fn main() {
    // `cargo test --benches` runs benches with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let stories = stories();
    let rounds = |n: usize| if quick { 4 } else { n };
    // The middle of the 1 MB story falls in its longest section (51 KB; 22 KB on average),
    // the one whose relint takes longest: it is also typed at 20 places in turn.
    for (label, bytes, edits, places) in [
        ("10 KB", 10 * 1024, 400, 1),
        ("100 KB", 100 * 1024, 200, 1),
        ("1 MB", 1024 * 1024, 200, 1),
        ("1 MB", 1024 * 1024, 200, 20),
    ] {
        let run = |way| latency(&stories, label, bytes, rounds(edits), places, way);
        let (delivered, length, findings) = run(Way::Delivered);
        let (decoded, _, _) = run(Way::Decoded);
        let (pulled, _, _) = run(Way::Pulled);
        let p = |times: &[Duration]| {
            format!(
                "p50 {:>9.3?} p99 {:>9.3?}",
                percentile(times, 0.50),
                percentile(times, 0.99)
            )
        };
        let place = if places == 1 {
            "its middle".to_string()
        } else {
            format!("{places} places")
        };
        println!(
            "didChange → diagnostics, {label:>6} ({length:>7} bytes, {findings:>3} findings, {} edits at {place}): pushed, delivered {}; decoded {}; pulled, delivered {}",
            delivered.len(),
            p(&delivered),
            p(&decoded),
            p(&pulled),
        );
    }
    memory(&stories);
}
