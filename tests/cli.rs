//! The built binary, run as CI runs it.

mod common;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Check a diagnostics array against DESIGN.md's schema.
fn assert_schema(file: &Value) {
    assert!(file["path"].is_string());
    for diagnostic in file["diagnostics"].as_array().unwrap() {
        assert!(diagnostic["rule"].is_string());
        assert!(["error", "warning", "info", "hint"]
            .contains(&diagnostic["severity"].as_str().unwrap()));
        assert!(!diagnostic["message"].as_str().unwrap().is_empty());
        for end in ["start", "end"] {
            let position = &diagnostic[end];
            assert!(position["offset"].is_u64());
            assert!(position["line"].as_u64().unwrap() >= 1);
            assert!(position["column"].as_u64().unwrap() >= 1);
        }
        for fix in diagnostic["fixes"].as_array().unwrap() {
            assert!(fix["title"].is_string());
            for edit in fix["edits"].as_array().unwrap() {
                assert!(edit["start"].as_u64().unwrap() <= edit["end"].as_u64().unwrap());
                assert!(edit["text"].is_string());
            }
        }
    }
}

#[test]
fn json_on_the_seed_follows_the_schema_and_the_exit_code() {
    let output = copydesk(&["check", "seeds/", "--format", "json"]);
    let report = json(&output);
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "seeds/000_7b3ac1a56a70b6ef.txt");
    assert_schema(&files[0]);
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);

    let diagnostics = files[0]["diagnostics"].as_array().unwrap();
    let style: Vec<(u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "quote-style")
        .map(|d| {
            (
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(style, [(5, 50), (9, 138), (9, 161)]);
    // Offsets are bytes, columns are characters.
    let first = diagnostics
        .iter()
        .find(|d| d["rule"] == "quote-style")
        .unwrap();
    let offset = first["start"]["offset"].as_u64().unwrap() as usize;
    assert!(common::SEED[offset..].starts_with("“a long-standing"));

    let warning_or_worse = diagnostics
        .iter()
        .any(|d| d["severity"] == "warning" || d["severity"] == "error");
    assert_eq!(
        output.status.code(),
        Some(if warning_or_worse { 1 } else { 0 })
    );
    assert_eq!(
        copydesk(&["check", "seeds/", "--fail-on", "info"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        copydesk(&["check", "seeds/", "--fail-on", "error"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn unreadable_and_non_utf8_files_are_errors_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"Caf\xe9 \"society.\"\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let output = copydesk(&[
        "check",
        "--format",
        "json",
        missing.to_str().unwrap(),
        bad.to_str().unwrap(),
        "seeds/000_7b3ac1a56a70b6ef.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["path"], missing.to_str().unwrap());
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
    assert_eq!(errors[1]["path"], bad.to_str().unwrap());
    let message = errors[1]["message"].as_str().unwrap();
    assert!(
        message.contains("not UTF-8") && message.contains("offset 3"),
        "{message}"
    );
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(!files[0]["diagnostics"].as_array().unwrap().is_empty());

    let human = copydesk(&["check", bad.to_str().unwrap(), "seeds/"]);
    assert_eq!(human.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("latin1.txt: not UTF-8"), "{stderr}");
}

#[test]
fn standard_input_takes_its_kind_from_the_stdin_filename() {
    let run = |name: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["check", "-", "--format", "json", "--stdin-filename", name])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Run `say \"hi` now.\n")
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let report = json(&output);
        assert_eq!(report["files"][0]["path"], name);
        report["files"][0]["diagnostics"].as_array().unwrap().len()
    };
    assert_eq!(run("story.md"), 0, "code spans are not prose in Markdown");
    assert_eq!(run("story.txt"), 1, "plain text has no code spans");
}

#[test]
fn human_output_underlines_the_range() {
    let output = copydesk(&["check", "seeds/", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("info[quote-style]"), "{stdout}");
    assert!(
        stdout.contains("--> seeds/000_7b3ac1a56a70b6ef.txt:5:50"),
        "{stdout}"
    );
    assert!(
        stdout.contains("^^^^") || stdout.contains("----"),
        "{stdout}"
    );
    assert!(stdout.contains("1 story checked"), "{stdout}");
}

#[test]
fn folders_are_walked_for_stories_honouring_ignore_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "He said \"never.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Fine copy.\n").unwrap();
    std::fs::write(dir.path().join("c.rs"), "let s = \"x;\n").unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/d.md"), "\"Open.\n").unwrap();
    std::fs::write(dir.path().join(".ignore"), "drafts/\n").unwrap();
    let output = copydesk(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let report = json(&output);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("a.md") && paths[1].ends_with("b.txt"));
    assert_eq!(
        output.status.code(),
        Some(1),
        "an unbalanced quote is an error"
    );
}

#[test]
fn explain_prints_the_rule_and_rejects_unknown_ids() {
    let output = copydesk(&["explain", "unbalanced-quote"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = String::from_utf8_lossy(&output.stdout);
    for section in ["## What it flags", "## Why", "## Example", "## Fix"] {
        assert!(doc.contains(section), "missing {section}");
    }
    let output = copydesk(&["explain", "no-such-rule"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unbalanced-quote"));
    let rules = copydesk(&["rules"]);
    assert!(String::from_utf8_lossy(&rules.stdout).contains("quote-style"));
}

#[test]
fn fix_applies_the_safe_fixes_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::copy(
        common::root().join("seeds/000_7b3ac1a56a70b6ef.txt"),
        &story,
    )
    .unwrap();
    let output = copydesk(&[
        "check",
        "--fix",
        "--format",
        "json",
        story.to_str().unwrap(),
    ]);
    let fixed = std::fs::read_to_string(&story).unwrap();
    assert!(!fixed.contains('“') && !fixed.contains('”'), "{fixed}");
    let report = json(&output);
    assert!(report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["rule"] != "quote-style"));
}

mod config_file {
    use super::*;

    fn story_folder(config: Option<(&str, &str)>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("opinion")).unwrap();
        let story = "The regime fell in Kiev.\n";
        std::fs::write(dir.path().join("story.txt"), story).unwrap();
        std::fs::write(dir.path().join("opinion/column.txt"), story).unwrap();
        if let Some((name, text)) = config {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the binary runs")
    }

    fn rules_of(output: &Output) -> Vec<(String, String, String)> {
        let report = json(output);
        let mut out = Vec::new();
        for file in report["files"].as_array().unwrap() {
            for d in file["diagnostics"].as_array().unwrap() {
                out.push((
                    file["path"].as_str().unwrap().to_string(),
                    d["rule"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                ));
            }
        }
        out
    }

    #[test]
    fn the_nearest_config_is_found_and_overrides_apply() {
        let dir = story_folder(Some((
            ".copydesk.toml",
            "[rules]\nhouse-style = \"error\"\n\n[[overrides]]\npaths = [\"opinion/**\"]\nrules = { loaded-term = \"off\" }\n",
        )));
        let output = run_in(
            dir.path(),
            &["check", "opinion", "story.txt", "--format", "json"],
        );
        assert_eq!(output.status.code(), Some(1));
        let found = rules_of(&output);
        assert!(found.contains(&("story.txt".into(), "loaded-term".into(), "warning".into())));
        assert!(found.contains(&("story.txt".into(), "house-style".into(), "error".into())));
        assert!(!found
            .iter()
            .any(|(path, rule, _)| path.contains("opinion") && rule == "loaded-term"));
    }

    #[test]
    fn config_names_a_file_that_wins_over_the_search() {
        let dir = story_folder(Some(("copydesk.toml", "[rules]\nloaded-term = \"off\"\n")));
        std::fs::write(
            dir.path().join("strict.toml"),
            "[rules]\nloaded-term = \"error\"\n",
        )
        .unwrap();
        let output = run_in(dir.path(), &["check", "story.txt", "--format", "json"]);
        assert!(!rules_of(&output)
            .iter()
            .any(|(_, rule, _)| rule == "loaded-term"));
        let output = run_in(
            dir.path(),
            &[
                "check",
                "story.txt",
                "--config",
                "strict.toml",
                "--format",
                "json",
            ],
        );
        assert!(rules_of(&output).contains(&(
            "story.txt".into(),
            "loaded-term".into(),
            "error".into()
        )));
    }

    #[test]
    fn an_unknown_key_is_a_clear_error_with_exit_code_2() {
        let dir = story_folder(Some((
            "copydesk.toml",
            "[quotes]\nstyle = \"curly\"\nstlye = \"straight\"\n",
        )));
        let output = run_in(dir.path(), &["check", "story.txt"]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("copydesk.toml"), "{stderr}");
        assert!(stderr.contains("line 3"), "{stderr}");
        assert!(stderr.contains("`stlye`"), "{stderr}");
    }

    #[test]
    fn a_bad_value_is_a_clear_error_with_exit_code_2() {
        let dir = story_folder(Some((
            "copydesk.toml",
            "[rules]\n\nloaded-term = \"loud\"\n",
        )));
        let output = run_in(dir.path(), &["check", "story.txt", "--format", "json"]);
        assert_eq!(output.status.code(), Some(2));
        let report = json(&output);
        let error = &report["errors"][0];
        assert!(error["path"].as_str().unwrap().ends_with("copydesk.toml"));
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains("loaded-term"), "{message}");
        assert!(message.contains("`loud` is not a rule level"), "{message}");

        let output = run_in(
            dir.path(),
            &["check", "story.txt", "--config", "missing.toml"],
        );
        assert_eq!(output.status.code(), Some(2));
    }
}

#[test]
fn sources_names_who_says_what_in_the_seed() {
    let output = copydesk(&[
        "sources",
        "seeds/000_7b3ac1a56a70b6ef.txt",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report = json(&output);
    let sources = report["sources"].as_array().unwrap();
    let find = |short: &str| {
        sources
            .iter()
            .find(|s| s["short"] == short)
            .unwrap_or_else(|| panic!("{short} missing from {sources:#?}"))
    };
    for (short, quotations, paraphrases) in [
        ("Putin", 2, 3),
        ("Kim", 6, 8),
        ("KCNA", 1, 1),
        ("Moscow", 0, 2),
    ] {
        let source = find(short);
        assert_eq!(
            source["quotations"].as_array().unwrap().len(),
            quotations,
            "{short}"
        );
        assert_eq!(
            source["paraphrases"].as_array().unwrap().len(),
            paraphrases,
            "{short}"
        );
    }
    let unattributed = report["unattributed"].as_array().unwrap();
    assert_eq!(unattributed.len(), 1);
    assert_eq!(unattributed[0]["line"], 8);
    let human = copydesk(&["sources", "seeds/000_7b3ac1a56a70b6ef.txt"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("Unattributed claims: 1"));
}
