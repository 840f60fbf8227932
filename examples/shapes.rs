//! A search for text that the lint takes more than linear time over. The fuzz targets cannot
//! show it: their inputs are a few KB, and a step that walks back over its paragraph costs
//! little there. Here random units of words, marks and markup are each repeated into one
//! paragraph of 200 KB and of 400 KB, linted in both kinds, and a unit whose lint takes
//! more than `RATIO` times as long at twice the length is printed with its times.
//!
//! `cargo run --release --example shapes -- [SEED] [UNITS]` (defaults: 1, 300). A unit it
//! prints is then timed at more lengths, to tell a square from the machine's noise:
//! `-- --unit 'UNIT'` lints it repeated to 100 KB, 200, 400 and 800 KB.
use copydesk::{Config, Kind};
use std::time::{Duration, Instant};

/// Words the cue grammar reads, quotation marks of every kind, Markdown and HTML structure,
/// and the characters around them.
const TOKENS: &[&str] = &[
    "what",
    "it",
    "calls",
    "as",
    "put",
    "Kim",
    "Putin",
    "said",
    "says",
    "told",
    "and",
    "of",
    "the",
    "who",
    "a",
    ",",
    ".",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    "‹",
    "›",
    "„",
    "‚",
    "Q:",
    "A:",
    "(",
    ")",
    "citing",
    "according",
    "to",
    "reportedly",
    "was",
    "by",
    "officials",
    "critics",
    "say",
    "\n\n",
    "\n",
    "# ",
    "- ",
    "|",
    "**",
    "[",
    "](x)",
    "<!--",
    "-->",
    "<!-- copydesk-disable -->",
    "Kiev",
    "last",
    "year",
    "next",
    "Tuesday",
    "regime",
    "claimed",
    "noted",
    "—",
    "…",
    "Mr.",
    "U.S.",
    "he",
    "she",
    "I",
    "Minister",
    "whose",
    "an",
    "has",
    "some",
    "12,000",
    "percent",
    "In",
    "2024",
    "pointed",
    "hit",
    "out",
    "at",
    "anonymity",
    "special",
    "military",
    "operation",
    "```",
    "> ",
    "    ",
    "*",
    "_",
    "`",
    "![x](y.png)",
    "1.",
    "&",
    "SC",
    "\r\n",
    "\r",
    "  ",
    "\u{a0}",
    "?",
    "!",
    ":",
    ";",
    "6'2\"",
];

/// Twice the text in more than this many times the time is reported: linear work gives 2,
/// a square 4.
const RATIO: f64 = 3.0;

/// The shortest lint, of three, of `text` in both kinds.
fn time(text: &str, config: &Config) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(copydesk::lint(text, Kind::Plain, config));
            std::hint::black_box(copydesk::lint(text, Kind::Markdown, config));
            start.elapsed()
        })
        .min()
        .expect("three runs")
}

fn repeated(unit: &str, length: usize) -> String {
    unit.repeat(length / unit.len() + 1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, unit] = args.as_slice() {
        if flag == "--unit" {
            let config = Config::default();
            for length in [100_000, 200_000, 400_000, 800_000] {
                let took = time(&repeated(unit, length), &config);
                println!("{} KB: {took:.1?}", length / 1000);
            }
            return;
        }
    }
    let args: Vec<u64> = args
        .iter()
        .map(|arg| arg.parse().expect("SEED and UNITS are numbers"))
        .collect();
    let mut state = args.first().copied().unwrap_or(1).max(1);
    let units = args.get(1).copied().unwrap_or(300);
    // xorshift64: a fixed seed gives the same units on every machine.
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let config = Config::default();
    let mut slow = 0;
    for _ in 0..units {
        let words = 1 + next(6);
        let unit: String = (0..words)
            .map(|_| format!("{} ", TOKENS[next(TOKENS.len())]))
            .collect();
        let short = time(&repeated(&unit, 200_000), &config);
        let long = time(&repeated(&unit, 400_000), &config);
        let ratio = long.as_secs_f64() / short.as_secs_f64().max(1e-6);
        // Below some milliseconds, the machine's noise alone can double a time.
        if ratio > RATIO && long > Duration::from_millis(20) {
            slow += 1;
            println!("{unit:?}: 200 KB {short:.1?}, 400 KB {long:.1?} ({ratio:.1}x)");
        }
    }
    println!("{slow} of {units} units took more than {RATIO} times as long at twice the length");
}
