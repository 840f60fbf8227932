//! The CI prose check: SARIF against the 2.1.0 schema, GitHub workflow commands and the job
//! summary, changed-lines mode against a real git repository, many files over all cores.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk_in(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

fn copydesk(args: &[&str]) -> Output {
    copydesk_in(&common::root(), args, &[])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn sarif_validator() -> jsonschema::Validator {
    let mut schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/schemas/sarif-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // Formats are checked too (`uri`, `uri-reference`, `date-time`). The published schema's
    // own pattern for the `language` properties, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
    // has a stray `]` that the strict `regex` format check rejects when the schema itself is
    // checked; the in-memory copy gets the pattern it means. copydesk writes no `language`.
    let patched = fix_language_patterns(&mut schema);
    assert!(patched >= 1, "the erratum is gone: drop the patch");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn fix_language_patterns(schema: &mut Value) -> usize {
    const ERRATUM: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == ERRATUM {
                    *value = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    count += 1;
                } else {
                    count += fix_language_patterns(value);
                }
            }
            count
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

// ---- SARIF ----

#[test]
fn sarif_on_the_seed_validates_against_the_schema() {
    let output = copydesk(&["check", "seeds/", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1), "a warning fails by default");
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // Every rule is described, with the documentation `copydesk explain` prints as help.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), copydesk::RuleId::ALL.len());
    for (descriptor, rule) in rules.iter().zip(copydesk::RuleId::ALL) {
        let info = rule.info();
        assert_eq!(descriptor["id"], info.id);
        assert_eq!(descriptor["shortDescription"]["text"], info.summary);
        assert_eq!(descriptor["help"]["text"], info.doc);
        assert!(descriptor["defaultConfiguration"]["level"].is_string());
    }

    // The results are the JSON report's findings, at the same lines and columns.
    let json: Value =
        serde_json::from_slice(&copydesk(&["check", "seeds/", "--format", "json"]).stdout).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], diagnostic["rule"]);
        assert_eq!(result["message"]["text"], diagnostic["message"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "seeds/000_7b3ac1a56a70b6ef.txt"
        );
        let region = &location["region"];
        assert_eq!(region["startLine"], diagnostic["start"]["line"]);
        assert_eq!(region["startColumn"], diagnostic["start"]["column"]);
        assert_eq!(region["endLine"], diagnostic["end"]["line"]);
        assert_eq!(region["endColumn"], diagnostic["end"]["column"]);
        assert_eq!(region["byteOffset"], diagnostic["start"]["offset"]);
        let fixes = diagnostic["fixes"].as_array().unwrap();
        let sarif_fixes = result["fixes"].as_array().map_or(&[][..], |f| f.as_slice());
        assert_eq!(sarif_fixes.len(), fixes.len());
        for (sarif_fix, fix) in sarif_fixes.iter().zip(fixes) {
            assert_eq!(sarif_fix["description"]["text"], fix["title"]);
            let replacements = sarif_fix["artifactChanges"][0]["replacements"]
                .as_array()
                .unwrap();
            assert_eq!(replacements.len(), fix["edits"].as_array().unwrap().len());
        }
    }
    let levels: Vec<&str> = results
        .iter()
        .map(|result| result["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"warning") && levels.contains(&"note"));
}

#[test]
fn sarif_fixes_rebuild_the_fixed_story() {
    // Apply the house-style fix as a SARIF consumer would: replace the deleted region's bytes.
    let log: Value =
        serde_json::from_slice(&copydesk(&["check", "seeds/", "--format", "sarif"]).stdout)
            .unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "house-style")
        .expect("the seed spells Kiev");
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    let start = replacement["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize;
    let length = replacement["deletedRegion"]["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&common::SEED[start..start + length], "Kiev");
    assert_eq!(replacement["insertedContent"]["text"], "Kyiv");
}

#[test]
fn sarif_with_unreadable_files_and_odd_names_still_validates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a story, #1 “draft”.md"),
        "Officials in Kiev said talks would resume.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 Kiev\n").unwrap();
    let output = copydesk_in(dir.path(), &["check", ".", "--format", "sarif"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "latin1.txt"
    );
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a%20story,%20%231%20%E2%80%9Cdraft%E2%80%9D.md"
    );
}

#[test]
fn the_schema_rejects_what_it_should() {
    // The validator is not vacuous: a log with a made-up level fails.
    let output = copydesk(&["check", "seeds/", "--format", "sarif"]);
    let mut log: Value = serde_json::from_slice(&output.stdout).unwrap();
    log["runs"][0]["results"][0]["level"] = Value::from("severe");
    assert!(!sarif_validator().is_valid(&log));
}

// ---- GitHub ----

/// A story with one error and one warning, in a file whose name needs escaping.
fn github_story() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a,b:c.txt"),
        "Officials in Kiev said the talks would go on.\n\n\"It is over, Kim said of the talks.\n",
    )
    .unwrap();
    dir
}

#[test]
fn github_lines_are_workflow_commands() {
    let dir = github_story();
    let output = copydesk_in(dir.path(), &["check", ".", "--format", "github"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let expected = [
        "::warning file=a%2Cb%3Ac.txt,line=1,col=14,endLine=1,endColumn=18,title=house-style::\
         house style spells it \"Kyiv\": AP switched to the Ukrainian transliteration in 2019; \
         the old spelling survives only in chicken Kiev, the club name Dynamo Kiev and historical \
         Kievan Rus.%0Afix: Replace with \"Kyiv\"",
        "::error file=a%2Cb%3Ac.txt,line=3,col=1,endLine=3,endColumn=2,title=unbalanced-quote::\
         this opening quotation mark is never closed; the attribution \"Kim said\" stands inside \
         it, so the closing mark is missing before it%0Afix: Close the quotation with \"",
        "copydesk: 1 story checked: 2 findings (1 error, 1 warning)",
    ];
    assert_eq!(stdout(&output).lines().collect::<Vec<_>>(), expected);
}

#[test]
fn github_notices_for_information_and_errors_for_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), "The vote was held last week.\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), b"caf\xe9\n").unwrap();
    let output = copydesk_in(dir.path(), &["check", ".", "--format", "github"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "::notice file=b.txt,line=1,col=19,endLine=1,endColumn=28,title=relative-time::"
        ),
        "{text}"
    );
    assert_eq!(
        lines[1],
        "::error file=c.txt,title=copydesk::not UTF-8 text: invalid byte 0xE9 at byte offset 3 \
         (line 1); save the file as UTF-8"
    );
    assert_eq!(
        lines[2],
        "copydesk: 1 story checked: 1 finding (1 info); 1 file could not be read"
    );
}

#[test]
fn github_writes_a_job_summary_when_asked() {
    let dir = github_story();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = copydesk_in(
        dir.path(),
        &["check", "a,b:c.txt", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(output.status.code(), Some(1));
    let written = std::fs::read_to_string(&summary).unwrap();
    let expected = "earlier step\n\
        ## copydesk\n\n\
        1 story checked: 2 findings (1 error, 1 warning)\n\n\
        | rule | error | warning | info | hint | total |\n\
        |---|--:|--:|--:|--:|--:|\n\
        | `unbalanced-quote` | 1 | 0 | 0 | 0 | 1 |\n\
        | `house-style` | 0 | 1 | 0 | 0 | 1 |\n\
        | **total** | 1 | 1 | 0 | 0 | 2 |\n\n\
        ### Findings\n\n\
        | where | rule | severity | message |\n\
        |---|---|---|---|\n\
        | `a,b:c.txt:3:1` | `unbalanced-quote` | error | this opening quotation mark is never \
        closed; the attribution \"Kim said\" stands inside it, so the closing mark is missing \
        before it |\n\
        | `a,b:c.txt:1:14` | `house-style` | warning | house style spells it \"Kyiv\": AP \
        switched to the Ukrainian transliteration in 2019; the old spelling survives only in \
        chicken Kiev, the club name Dynamo Kiev and historical Kievan Rus. |\n\n";
    assert_eq!(written, expected);

    // Without the variable, nothing is written anywhere.
    let output = copydesk_in(dir.path(), &["check", ".", "--format", "github"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), expected);
}

#[test]
fn the_job_summary_notes_githubs_cap_and_lists_the_first_findings() {
    let dir = tempfile::tempdir().unwrap();
    let story: String = (0..60)
        .map(|n| format!("Paragraph {n} was filed in Kiev.\n\n"))
        .collect();
    std::fs::write(dir.path().join("long.txt"), story).unwrap();
    let summary = dir.path().join("summary.md");
    let output = copydesk_in(
        dir.path(),
        &["check", "long.txt", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    // Every finding is still printed: GitHub, not copydesk, drops the ones past its cap.
    let annotations = stdout(&output)
        .lines()
        .filter(|line| line.starts_with("::warning "))
        .count();
    assert_eq!(annotations, 60);
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.contains(
        "> GitHub shows at most 10 annotations of each type per step, and this step has 60 \
         warnings. The step's log lists every finding.\n"
    ));
    assert!(written.contains("### The first 50 of 60 findings\n"));
    assert_eq!(written.matches("| `long.txt:").count(), 50);
}

// ---- --diff ----

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn finding_lines(output: &Output) -> Vec<(String, u64)> {
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut lines = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for diagnostic in file["diagnostics"].as_array().unwrap() {
            lines.push((
                file["path"].as_str().unwrap().to_string(),
                diagnostic["start"]["line"].as_u64().unwrap(),
            ));
        }
    }
    lines
}

#[test]
fn diff_keeps_only_findings_on_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir(repo.join("news")).unwrap();
    let old = "The mayor of Kiev spoke.\n\nThe council met in Odessa.\n\nNothing else happened.\n";
    std::fs::write(repo.join("news/old.txt"), old).unwrap();
    std::fs::write(repo.join("news/same.txt"), "Crowds gathered in Kiev.\n").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "archive"]);

    // Everything is flagged without --diff.
    let all = copydesk_in(repo, &["check", "news", "--format", "json"], &[]);
    assert_eq!(finding_lines(&all).len(), 3);

    // Change line 5 and add line 7; leave the old findings on lines 1 and 3 as they were.
    let new = "The mayor of Kiev spoke.\n\nThe council met in Odessa.\n\n\
               Nothing else happened in Kiev.\n\nThe Kharkov office closed.\n";
    std::fs::write(repo.join("news/old.txt"), new).unwrap();
    // A story git has not seen yet is new throughout.
    std::fs::write(
        repo.join("news/new.txt"),
        "Talks in Kiev.\n\nMore in Odessa.\n",
    )
    .unwrap();

    let output = copydesk_in(
        repo,
        &["check", "news", "--format", "json", "--diff", "HEAD"],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(
        finding_lines(&output),
        vec![
            ("news/new.txt".to_string(), 1),
            ("news/new.txt".to_string(), 3),
            ("news/old.txt".to_string(), 5),
            ("news/old.txt".to_string(), 7),
        ]
    );

    // Committed, the changes are no longer changes since HEAD, but still are since HEAD~.
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "update"]);
    let since_head = copydesk_in(repo, &["check", "news", "--diff", "HEAD"], &[]);
    assert_eq!(since_head.status.code(), Some(0));
    let since_parent = copydesk_in(
        repo,
        &["check", "news", "--format", "json", "--diff", "HEAD~1"],
        &[],
    );
    assert_eq!(finding_lines(&since_parent).len(), 4);
}

#[test]
fn fix_with_diff_fixes_only_the_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::write(
        repo.join("a.txt"),
        "Old copy from Kiev.\n\nMore old copy.\n",
    )
    .unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "archive"]);
    std::fs::write(
        repo.join("a.txt"),
        "Old copy from Kiev.\n\nNew copy from Kiev.\n",
    )
    .unwrap();
    let output = copydesk_in(repo, &["check", "a.txt", "--fix", "--diff", "HEAD"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        std::fs::read_to_string(repo.join("a.txt")).unwrap(),
        "Old copy from Kiev.\n\nNew copy from Kyiv.\n"
    );
}

#[test]
fn diff_with_a_bad_ref_or_outside_git_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Talks in Kiev.\n").unwrap();
    let outside = copydesk_in(dir.path(), &["check", ".", "--diff", "main"], &[]);
    assert_eq!(outside.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&outside.stderr).contains("--diff main"));

    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    let bad = copydesk_in(dir.path(), &["check", ".", "--diff", "no-such-branch"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("no-such-branch: not a commit"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let stdin = copydesk_in(dir.path(), &["check", "-", "--diff", "HEAD"], &[]);
    assert_eq!(stdin.status.code(), Some(2));
}

// ---- many files ----

#[test]
fn many_files_give_the_same_report_on_any_number_of_threads_and_no_progress_bar_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::corpus();
    // More stories than the progress bar's threshold, from the corpus, in nested folders.
    for n in 0..320 {
        let (name, text) = &corpus[n % corpus.len()];
        let folder = dir.path().join(format!("batch{}", n % 7));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("{n:03}_{name}")), text).unwrap();
    }
    let one = copydesk_in(
        dir.path(),
        &["check", ".", "--format", "json", "-j", "1"],
        &[],
    );
    let many = copydesk_in(
        dir.path(),
        &["check", ".", "--format", "json", "-j", "3"],
        &[],
    );
    let default = copydesk_in(dir.path(), &["check", ".", "--format", "json"], &[]);
    assert_eq!(one.status.code(), many.status.code());
    assert!(one.stdout == many.stdout && one.stdout == default.stdout);
    let report: Value = serde_json::from_slice(&default.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 320);
    // Standard error is a pipe here: no progress bar.
    assert!(
        default.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&default.stderr)
    );
}
