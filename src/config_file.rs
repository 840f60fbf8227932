//! The project's config file, `copydesk.toml` or `.copydesk.toml`: finding it, reading it,
//! and turning it into the engine's [`Config`] for one story.
//!
//! This is the one module of the library that touches the file system. The engine never
//! calls it; the command line and the language server do, so both read the same file the
//! same way.

// A config error is built once per bad file and carries its place for display; its size
// does not matter.
#![allow(clippy::result_large_err)]

use crate::config::{Config, Convention, HouseQuotes, Level};
use crate::finding::Severity;
use crate::rules::RuleId;
use crate::wordlists::{HouseName, LoadedTerm, WordLists};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The names searched for, in this order, in each folder.
pub const FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// The nearest config file: in `start` or the folders above it, up to `stop_at` (inclusive)
/// or the filesystem root.
pub fn discover(start: &Path, stop_at: Option<&Path>) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for folder in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if stop_at.is_some_and(|stop| folder == stop) {
            break;
        }
    }
    None
}

/// A config file that could not be used: where, and what is wrong, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based, when the problem has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The key at fault, when there is one.
    pub key: Option<String>,
    pub message: String,
    /// The offending line of the file, for display.
    pub source_line: Option<String>,
}

impl ConfigError {
    /// Everything but the file's name: the place, the key, the problem and the line.
    pub fn detail(&self) -> String {
        let mut out = String::new();
        if let Some(line) = self.line {
            out.push_str(&format!("line {line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(", column {column}"));
            }
        }
        if let Some(key) = &self.key {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&format!("key `{key}`"));
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let (Some(line), Some(source)) = (self.line, &self.source_line) {
            out.push_str(&format!("\n  {line:>4} | {source}"));
        }
        out
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.path.display(), self.detail())
    }
}

impl std::error::Error for ConfigError {}

/// A project's configuration: the settings for every story, and the per-path overrides.
#[derive(Clone, Debug, Default)]
pub struct ProjectConfig {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    base: Config,
    overrides: Vec<Override>,
}

#[derive(Clone, Debug)]
struct Override {
    globs: GlobSet,
    levels: HashMap<RuleId, Level>,
}

impl ProjectConfig {
    /// Read and check a config file.
    pub fn load(path: &Path) -> Result<ProjectConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: format!("cannot read the config file: {error}"),
            source_line: None,
        })?;
        ProjectConfig::parse(&text, path)
    }

    /// The nearest config file above `story_folder`, or the defaults when there is none.
    pub fn discover_and_load(
        story_folder: &Path,
        stop_at: Option<&Path>,
    ) -> Result<ProjectConfig, ConfigError> {
        match discover(story_folder, stop_at) {
            Some(path) => ProjectConfig::load(&path),
            None => Ok(ProjectConfig::default()),
        }
    }

    /// Parse the text of a config file; `path` names it in errors and anchors its globs.
    pub fn parse(text: &str, path: &Path) -> Result<ProjectConfig, ConfigError> {
        let raw: RawFile = toml::from_str(text).map_err(|error| {
            let span = error.span();
            located(path, text, span.map(|s| s.start), error.message())
        })?;

        let mut base = Config::default();
        for (rule, level) in &raw.rules {
            base.levels.insert(rule.0, level.0);
        }
        if let Some(style) = raw.quotes.style {
            base.house_quotes = style;
        }
        if let Some(convention) = raw.quotes.convention {
            base.convention = convention;
        }
        for term in &raw.terms.loaded {
            if term.forms.iter().all(|form| form.trim().is_empty()) {
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    line: None,
                    column: None,
                    key: Some("terms.loaded.forms".into()),
                    message: format!("the term \"{}\" has no forms to match", term.term),
                    source_line: None,
                });
            }
        }
        if !raw.terms.loaded.is_empty() || !raw.house_style.names.is_empty() {
            base.lists = Arc::new(WordLists::extended(
                &raw.terms.loaded,
                &raw.house_style.names,
            ));
        }
        base.allow = raw.terms.allow.clone();
        base.extra_vague = raw.terms.vague.clone();

        let mut overrides = Vec::new();
        for item in &raw.overrides {
            let mut builder = GlobSetBuilder::new();
            for glob in &item.paths {
                let compiled = Glob::new(glob.get_ref()).map_err(|error| {
                    let mut located = located(
                        path,
                        text,
                        Some(glob.span().start),
                        &error.kind().to_string(),
                    );
                    located.key = Some("overrides.paths".into());
                    located
                })?;
                builder.add(compiled);
            }
            let globs = builder.build().map_err(|error| ConfigError {
                path: path.to_path_buf(),
                line: None,
                column: None,
                key: Some("overrides.paths".into()),
                message: error.to_string(),
                source_line: None,
            })?;
            overrides.push(Override {
                globs,
                levels: item
                    .rules
                    .iter()
                    .map(|(rule, level)| (rule.0, level.0))
                    .collect(),
            });
        }
        Ok(ProjectConfig {
            path: Some(path.to_path_buf()),
            base,
            overrides,
        })
    }

    /// The engine's config for the story at `story`: the file's settings, then every
    /// override whose globs match the story's path relative to the config file's folder.
    pub fn for_path(&self, story: &Path) -> Config {
        let mut config = self.base.clone();
        if self.overrides.is_empty() {
            return config;
        }
        let relative = self.relative(story);
        for item in &self.overrides {
            if item.globs.is_match(&relative) || item.globs.is_match(story) {
                config
                    .levels
                    .extend(item.levels.iter().map(|(r, l)| (*r, *l)));
            }
        }
        config
    }

    /// The settings that apply to every story (no override).
    pub fn base(&self) -> &Config {
        &self.base
    }

    fn relative(&self, story: &Path) -> PathBuf {
        let Some(folder) = self.path.as_deref().and_then(Path::parent) else {
            return story.to_path_buf();
        };
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (folder, story_abs) = (absolute(folder), absolute(story));
        story_abs
            .strip_prefix(&folder)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| story.to_path_buf())
    }
}

/// An error at a byte offset of the file, with its line, column, key and source line.
fn located(path: &Path, text: &str, offset: Option<usize>, message: &str) -> ConfigError {
    let mut error = ConfigError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        key: None,
        message: message.trim().to_string(),
        source_line: None,
    };
    let Some(offset) = offset.map(|o| o.min(text.len())) else {
        return error;
    };
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[offset..]
        .find('\n')
        .map_or(text.len(), |at| offset + at);
    let line = &text[line_start..line_end];
    error.line = Some(text[..line_start].matches('\n').count() + 1);
    error.column = Some(text[line_start..offset].chars().count() + 1);
    error.source_line = Some(line.trim_end().to_string());
    let trimmed = line.trim();
    error.key = if trimmed.starts_with('[') {
        Some(trimmed.trim_matches(['[', ']']).trim().to_string())
    } else {
        line.split_once('=')
            .map(|(key, _)| key.trim().trim_matches('"').to_string())
            .filter(|key| !key.is_empty())
    };
    error
}

// The file's shape. Every table refuses unknown keys.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: BTreeMap<RuleName, RuleLevel>,
    #[serde(default)]
    quotes: RawQuotes,
    #[serde(default)]
    terms: RawTerms,
    #[serde(default, rename = "house-style")]
    house_style: RawHouseStyle,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuotes {
    style: Option<HouseQuotes>,
    convention: Option<Convention>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    vague: Vec<String>,
    #[serde(default)]
    loaded: Vec<LoadedTerm>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHouseStyle {
    #[serde(default)]
    names: Vec<HouseName>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<toml::Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<RuleName, RuleLevel>,
}

/// A rule id as a key of `[rules]`.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct RuleName(RuleId);

impl<'de> Deserialize<'de> for RuleName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        RuleId::parse(&name).map(RuleName).ok_or_else(|| {
            let known: Vec<&str> = RuleId::ALL.iter().map(|rule| rule.as_str()).collect();
            de::Error::custom(format!(
                "unknown rule `{name}`; the rules are: {}",
                known.join(", ")
            ))
        })
    }
}

/// `"off"`, `"error"`, `"warning"`, `"info"` or `"hint"`.
struct RuleLevel(Level);

impl<'de> Deserialize<'de> for RuleLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        let level = match value.as_str() {
            "off" => Level::Off,
            "error" => Level::On(Severity::Error),
            "warning" => Level::On(Severity::Warning),
            "info" => Level::On(Severity::Info),
            "hint" => Level::On(Severity::Hint),
            _ => {
                return Err(de::Error::custom(format!(
                    "`{value}` is not a rule level; use \"off\", \"error\", \"warning\", \"info\" or \"hint\""
                )))
            }
        };
        Ok(RuleLevel(level))
    }
}

impl<'de> Deserialize<'de> for HouseQuotes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        match value.as_str() {
            "majority" => Ok(HouseQuotes::Majority),
            "curly" => Ok(HouseQuotes::Curly),
            "straight" => Ok(HouseQuotes::Straight),
            _ => Err(de::Error::custom(format!(
                "`{value}` is not a quotation style; use \"majority\", \"curly\" or \"straight\""
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Convention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        match value.as_str() {
            "american" => Ok(Convention::American),
            "british" => Ok(Convention::British),
            _ => Err(de::Error::custom(format!(
                "`{value}` is not a convention; use \"american\" or \"british\""
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ProjectConfig, ConfigError> {
        ProjectConfig::parse(text, Path::new("copydesk.toml"))
    }

    #[test]
    fn an_empty_file_is_the_default() {
        let config = parse("").unwrap();
        assert_eq!(
            config.base().severity(RuleId::LoadedTerm),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn every_key_is_read() {
        let config = parse(
            r#"
[rules]
loaded-term = "info"
relative-time = "off"

[quotes]
style = "curly"
convention = "british"

[terms]
allow = ["regime change"]
vague = ["insiders say"]

[[terms.loaded]]
term = "junta"
forms = ["junta", "juntas"]
category = "contentious-label"
alternatives = ["military government"]

[[house-style.names]]
wrong = "Bombay"
right = "Mumbai"

[[overrides]]
paths = ["opinion/**"]
rules = { loaded-term = "off" }
"#,
        )
        .unwrap();
        let base = config.base();
        assert_eq!(base.severity(RuleId::LoadedTerm), Some(Severity::Info));
        assert_eq!(base.severity(RuleId::RelativeTime), None);
        assert_eq!(base.house_quotes, HouseQuotes::Curly);
        assert_eq!(base.convention, Convention::British);
        assert_eq!(base.allow, ["regime change"]);
        assert_eq!(base.extra_vague, ["insiders say"]);
        assert!(base.lists.loaded.iter().any(|t| t.term == "junta"));
        assert!(base.lists.house.iter().any(|t| t.wrong == "Bombay"));
        let opinion = config.for_path(Path::new("opinion/2024/column.md"));
        assert_eq!(opinion.severity(RuleId::LoadedTerm), None);
        let news = config.for_path(Path::new("news/story.md"));
        assert_eq!(news.severity(RuleId::LoadedTerm), Some(Severity::Info));
    }

    #[test]
    fn unknown_keys_name_the_line_and_the_key() {
        let error = parse("[quotes]\nstyle = \"curly\"\nstlye = \"straight\"\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert_eq!(error.key.as_deref(), Some("stlye"));
        assert!(error.message.contains("unknown field `stlye`"), "{error}");
        let error = parse("[qoutes]\nstyle = \"curly\"\n").unwrap_err();
        assert_eq!(error.line, Some(1), "{error}");
        let error = parse("[rules]\nloaded-terms = \"off\"\n").unwrap_err();
        assert_eq!(error.line, Some(2), "{error}");
        assert!(
            error.message.contains("unknown rule `loaded-terms`"),
            "{error}"
        );
    }

    #[test]
    fn bad_values_name_the_line_and_the_key() {
        let error = parse("[quotes]\nstyle = \"fancy\"\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert_eq!(error.key.as_deref(), Some("style"));
        assert!(
            error.message.contains("`fancy` is not a quotation style"),
            "{error}"
        );
        let error = parse("[rules]\nhouse-style = \"loud\"\n").unwrap_err();
        assert_eq!(
            (error.line, error.key.as_deref()),
            (Some(2), Some("house-style"))
        );
        let error = parse("[[overrides]]\npaths = [\"a/[b\"]\n").unwrap_err();
        assert_eq!(error.line, Some(2), "{error}");
        let text = error.to_string();
        assert!(text.starts_with("copydesk.toml, line 2"), "{text}");
    }
}
