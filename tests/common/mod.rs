//! Shared fixtures for the integration tests.
#![allow(dead_code)]

use copydesk::line_index::LineIndex;
use copydesk::{Config, Finding, Kind, RuleId};
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const SEED: &str = include_str!("../../seeds/000_7b3ac1a56a70b6ef.txt");

pub fn lint(text: &str) -> Vec<Finding> {
    copydesk::lint(text, Kind::Plain, &Config::default())
}

pub fn of_rule(findings: &[Finding], rule: RuleId) -> Vec<&Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// The 1-based line a byte offset is on.
pub fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line_of(offset) + 1
}

/// The Wikinews stories, as (file name, text), sorted by name.
pub fn corpus() -> Vec<(String, String)> {
    let dir = root().join("tests/corpus/wikinews");
    let mut stories: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/corpus/wikinews exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    stories.sort();
    assert_eq!(stories.len(), 43, "the Wikinews corpus has 43 stories");
    stories
}
