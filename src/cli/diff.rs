//! `check --diff REF`: keep only the findings on lines changed since a git ref.
//!
//! For each story, `git diff --unified=0 REF -- FILE` (run in the story's folder, so a story
//! in another repository works too) and the hunk headers, `@@ -a,b +c,d @@`, read by hand:
//! lines `c` to `c+d-1` of the working file are new or changed. Zero lines of context means
//! the hunks hold nothing else. A story git does not track yet is new as a whole.
//!
//! Why no crate: the only part of a diff needed is one header line per hunk, a dozen lines
//! of parsing. `git2` or `gix` would bring a C library or a large dependency tree, and would
//! have to reproduce what the user's `git` does with their config (attributes, filters,
//! `core.autocrlf`); calling `git` itself gives exactly what `git diff` shows them.

use std::ops::RangeInclusive;
use std::path::Path;
use std::process::Command;

/// The lines of one story that changed since the ref, 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changes {
    /// A file git does not track: all of it is new.
    All,
    /// Changed lines, as inclusive ranges in file order; empty when nothing changed.
    Lines(Vec<RangeInclusive<usize>>),
}

impl Changes {
    /// True when any line from `first` to `last` (1-based, inclusive) changed.
    pub fn touches(&self, first: usize, last: usize) -> bool {
        match self {
            Changes::All => true,
            Changes::Lines(ranges) => ranges
                .iter()
                .any(|range| *range.start() <= last && first <= *range.end()),
        }
    }
}

/// Check that `reference` names a commit, from the current folder; the message for the
/// user when it does not.
pub fn verify(reference: &str) -> Result<(), String> {
    let output = Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{reference}^{{commit}}"))
        .output()
        .map_err(|error| format!("--diff needs git, and git cannot be run: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "--diff {reference}: not a commit in this git repository{}",
            git_reason(&output.stderr)
        ))
    }
}

/// The lines of `file` changed since `reference`.
pub fn changed_lines(reference: &str, file: &Path) -> Result<Changes, String> {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = file.file_name().map_or(file.as_os_str(), |name| name);
    let output = Command::new("git")
        .current_dir(folder)
        .args([
            "--literal-pathspecs",
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            reference,
            "--",
        ])
        .arg(name)
        .output()
        .map_err(|error| format!("cannot run git diff: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "git diff {reference} failed{}",
            git_reason(&output.stderr)
        ));
    }
    let diff = String::from_utf8_lossy(&output.stdout);
    if !diff.is_empty() {
        return Ok(Changes::Lines(parse_hunks(&diff)));
    }
    // No diff: unchanged, or not tracked at all (a new story not yet added).
    let tracked = Command::new("git")
        .current_dir(folder)
        .args(["--literal-pathspecs", "ls-files", "--error-unmatch", "--"])
        .arg(name)
        .output()
        .map_err(|error| format!("cannot run git ls-files: {error}"))?;
    Ok(if tracked.status.success() {
        Changes::Lines(Vec::new())
    } else {
        Changes::All
    })
}

/// The new-side line ranges of a `--unified=0` diff's hunk headers. A hunk that only
/// deletes (`+c,0`) changes no line of the new file.
pub fn parse_hunks(diff: &str) -> Vec<RangeInclusive<usize>> {
    let mut ranges = Vec::new();
    for line in diff.lines() {
        let Some(header) = line.strip_prefix("@@ ") else {
            continue;
        };
        let Some(new_side) = header.split(' ').find_map(|part| part.strip_prefix('+')) else {
            continue;
        };
        let (start, count) = match new_side.split_once(',') {
            Some((start, count)) => (start.parse::<usize>(), count.parse::<usize>()),
            None => (new_side.parse::<usize>(), Ok(1)),
        };
        if let (Ok(start), Ok(count)) = (start, count) {
            if count > 0 {
                ranges.push(start..=start + count - 1);
            }
        }
    }
    ranges
}

fn git_reason(stderr: &[u8]) -> String {
    let reason = String::from_utf8_lossy(stderr);
    let reason = reason.trim();
    let reason = reason.strip_prefix("fatal: ").unwrap_or(reason);
    if reason.is_empty() {
        String::new()
    } else {
        format!(": {}", reason.lines().next().unwrap_or(reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers_give_the_new_lines() {
        let diff = "diff --git a/s.txt b/s.txt\n\
                    index 1111111..2222222 100644\n\
                    --- a/s.txt\n\
                    +++ b/s.txt\n\
                    @@ -3 +3 @@ Kim said\n\
                    -old\n\
                    +new\n\
                    @@ -7,0 +8,2 @@\n\
                    +added one\n\
                    +added two\n\
                    @@ -12,3 +13,0 @@\n\
                    -gone\n\
                    -gone\n\
                    -gone\n\
                    @@ -20,2 +18,3 @@\n";
        assert_eq!(parse_hunks(diff), vec![3..=3, 8..=9, 18..=20]);
    }

    #[test]
    fn a_finding_counts_when_any_of_its_lines_changed() {
        let changes = Changes::Lines(vec![3..=3, 8..=9]);
        assert!(changes.touches(3, 3));
        assert!(changes.touches(7, 8));
        assert!(changes.touches(9, 12));
        assert!(!changes.touches(4, 7));
        assert!(!Changes::Lines(Vec::new()).touches(1, 1));
        assert!(Changes::All.touches(100, 100));
    }
}
