//! Turning `check`'s arguments into stories to check: files, walked folders, standard input.

use copydesk::Kind;
use ignore::WalkBuilder;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions checked when a folder is walked. A file named on the command line is checked
/// whatever its extension.
const STORY_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// A story to check, or the reason it could not be read.
pub struct Input {
    /// As the user will recognise it: the path as given or found, `-` or the stdin name.
    pub name: String,
    pub kind: Kind,
    pub text: Result<String, String>,
}

/// Where the stories come from, in the order given; folders sorted for stable output.
pub enum Source {
    File(PathBuf),
    Stdin,
    /// A folder entry that could not be walked.
    Unwalkable {
        name: String,
        message: String,
    },
}

pub fn sources(paths: &[PathBuf]) -> Vec<Source> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk(path, &mut sources);
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    sources
}

fn walk(root: &Path, sources: &mut Vec<Source>) {
    let mut files = Vec::new();
    let walker = WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                let is_story = entry
                    .path()
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| {
                        STORY_EXTENSIONS
                            .iter()
                            .any(|story| ext.eq_ignore_ascii_case(story))
                    });
                if is_file && is_story {
                    files.push(entry.into_path());
                }
            }
            Err(error) => sources.push(Source::Unwalkable {
                name: error_path(&error).unwrap_or_else(|| root.display().to_string()),
                message: walk_message(&error),
            }),
        }
    }
    files.sort();
    sources.extend(files.into_iter().map(Source::File));
}

fn error_path(error: &ignore::Error) -> Option<String> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}

fn walk_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_message(err),
        ignore::Error::Loop { ancestor, .. } => format!(
            "folder loop: a link leads back to {}; not followed",
            ancestor.display()
        ),
        // Said as for a file: the path is already given beside the message.
        ignore::Error::Io(error) => format!("cannot read: {}", io_reason(error)),
        other => other.to_string(),
    }
}

/// Read one source. `stdin_name` names standard input and gives it its kind.
pub fn read(source: &Source, stdin_name: Option<&Path>) -> Input {
    match source {
        Source::File(path) => Input {
            name: path.display().to_string(),
            kind: Kind::from_path(path),
            text: std::fs::File::open(path)
                .and_then(|file| {
                    let size = file.metadata().map_or(0, |meta| meta.len());
                    read_story(file, size)
                })
                .map_err(|error| format!("cannot read: {}", io_reason(&error)))
                .and_then(decode),
        },
        Source::Stdin => {
            let text = read_story(std::io::stdin().lock(), 0)
                .map_err(|error| format!("cannot read standard input: {}", io_reason(&error)))
                .and_then(decode);
            Input {
                name: stdin_name.map_or_else(|| "-".to_string(), |p| p.display().to_string()),
                kind: stdin_name.map_or(Kind::Plain, Kind::from_path),
                text,
            }
        }
        Source::Unwalkable { name, message } => Input {
            name: name.clone(),
            kind: Kind::Plain,
            text: Err(message.clone()),
        },
    }
}

/// No story is this long; an input that is (`/dev/zero`, a runaway pipe) is refused rather
/// than read until memory runs out. The language server refuses messages over the same size.
const MAX_STORY: u64 = 256 << 20;

/// All of `input`, up to `MAX_STORY` bytes; `size` is its expected length, if known.
fn read_story(input: impl Read, size: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size.min(MAX_STORY) as usize);
    input.take(MAX_STORY + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STORY {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("longer than {} MiB, which no story is", MAX_STORY >> 20),
        ));
    }
    Ok(bytes)
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

fn decode(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "not UTF-8 text: invalid byte 0x{:02X} at byte offset {offset} (line {line}); \
             save the file as UTF-8",
            bytes[offset]
        )
    })
}
