//! Any bytes, read as UTF-8 (invalid sequences become U+FFFD), linted as plain text and as
//! Markdown with the default config; every finding must keep the invariants in `common`.
#![no_main]

use copydesk::{Config, Kind};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    for kind in [Kind::Plain, Kind::Markdown] {
        let findings = copydesk::lint(&text, kind, &config);
        common::check_findings(&text, &findings);
    }
});
