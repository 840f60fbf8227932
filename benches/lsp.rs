//! The language server's keystroke latency and memory, measured against the built binary
//! through the test client (`tests/lsp/client.rs`).
//!
//! `cargo bench --bench lsp` prints, for stories of 10 KB, 100 KB and 1 MB built from the
//! Wikinews corpus, the time from a one-character `didChange` to its
//! `publishDiagnostics` (debounce 0; p50 and p99), then the server's resident memory with
//! 100 typical stories open. This is a measurement, not a test: it asserts nothing.
//!
//! Each latency is given twice: until the client has read the whole message
//! ("delivered"), and until it has decoded it into a `serde_json::Value` tree
//! ("decoded"). An editor decodes in its own way, and at 1 MB the test client's decoding
//! of some 800 diagnostics is most of the time.

#[path = "../tests/lsp/client.rs"]
mod client;

use client::{Client, Doc, Reading};
use serde_json::json;
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

fn start(reading: Reading) -> Client {
    let mut client = Client::spawn_reading(Path::new(env!("CARGO_BIN_EXE_copydesk")), reading);
    client.initialize(
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        json!({"debounceMs": 0}),
        None,
    );
    client
}

/// Keystroke latencies on a story of about `bytes`, sorted: until the diagnostics were
/// read whole ("delivered") by a client that skims them, or until a client decoded them
/// ("decoded"); and the story's length and number of findings.
fn latency(
    stories: &[String],
    label: &str,
    bytes: usize,
    rounds: usize,
    reading: Reading,
) -> (Vec<Duration>, usize, usize) {
    let mut client = start(reading);
    let uri = format!("file:///bench/{}.txt", label.replace(' ', ""));
    let text = story_of(stories, bytes);
    let mut doc = Doc::new(&uri, &text);
    client.open(&uri, "plaintext", &doc.text);
    let findings = client.diagnostics(&uri, 1).len();
    // Type in the middle of the story: a character in, then out again.
    let mut at = doc.text.len() / 2;
    while !doc.text.is_char_boundary(at) {
        at += 1;
    }
    // The ranges are computed before the clock starts: an editor knows them already.
    let typed = client::range(&doc.text, at, at, client::Enc::Utf16);
    let mut erased = typed.clone();
    erased["end"]["character"] = json!(typed["end"]["character"].as_u64().unwrap_or(0) + 1);
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds + 5 {
        // A character typed, then erased.
        let (range, text) = if round % 2 == 0 {
            (&typed, "x")
        } else {
            (&erased, "")
        };
        doc.version += 1;
        let version = doc.version;
        let began = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
        client.diagnostics(&uri, version);
        let decoded = Instant::now();
        let done = match reading {
            Reading::Skim => client.delivered_at(version).unwrap_or(decoded),
            Reading::Whole => decoded,
        };
        if round >= 5 {
            times.push(done - began);
        }
    }
    times.sort();
    client.shutdown_and_exit();
    (times, doc.text.len(), findings)
}

fn memory(stories: &[String]) {
    let mut client = start(Reading::Whole);
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
    for (label, bytes, edits) in [
        ("10 KB", 10 * 1024, 400),
        ("100 KB", 100 * 1024, 200),
        ("1 MB", 1024 * 1024, 200),
    ] {
        let (delivered, length, findings) =
            latency(&stories, label, bytes, rounds(edits), Reading::Skim);
        let (decoded, _, _) = latency(&stories, label, bytes, rounds(edits), Reading::Whole);
        println!(
            "didChange → publishDiagnostics, {label:>6} ({length:>7} bytes, {findings:>3} findings, {} edits): delivered p50 {:>9.3?} p99 {:>9.3?}; decoded p50 {:>9.3?} p99 {:>9.3?}",
            delivered.len(),
            percentile(&delivered, 0.50),
            percentile(&delivered, 0.99),
            percentile(&decoded, 0.50),
            percentile(&decoded, 0.99),
        );
    }
    memory(&stories);
}
