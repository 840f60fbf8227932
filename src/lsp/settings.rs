//! The server's configuration: the project's `copydesk.toml`, found from the workspace
//! folder, over the editor's settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`). The project file wins; editor settings fill in only
//! what it leaves unset. Both are the same shape, so they merge as TOML tables and go
//! through `config_file`, the code the command line uses.

// A config error is built once per bad file, as in `config_file`; its size does not matter.
#![allow(clippy::result_large_err)]

use copydesk::config_file::{self, ConfigError, ProjectConfig};
use copydesk::Config;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Server options that are not rule settings.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    pub debounce: Duration,
    /// Enables `copydesk/text`, a request that returns the server's copy of a document.
    pub test_mode: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            debounce: Duration::from_millis(100),
            test_mode: false,
        }
    }
}

/// Keys of the settings object that belong to the server, not to `copydesk.toml`.
const SERVER_KEYS: [&str; 3] = ["debounceMs", "testMode", "trace"];

/// Split an editor settings object into server options and the config table.
pub fn split_settings(value: Option<&Value>) -> (ServerOptions, Result<toml::Table, String>) {
    let mut options = ServerOptions::default();
    let Some(Value::Object(map)) = value else {
        return (options, Ok(toml::Table::new()));
    };
    // `{"copydesk": {...}}` as VS Code sends a section, or the object itself.
    let map = match map.get("copydesk") {
        Some(Value::Object(inner)) => inner,
        _ => map,
    };
    if let Some(ms) = map.get("debounceMs").and_then(Value::as_u64) {
        options.debounce = Duration::from_millis(ms.min(10_000));
    }
    if let Some(test) = map.get("testMode").and_then(Value::as_bool) {
        options.test_mode = test;
    }
    let mut rest = map.clone();
    for key in SERVER_KEYS {
        rest.remove(key);
    }
    let table = serde_json::from_value::<toml::Table>(Value::Object(rest))
        .map_err(|error| format!("the editor settings are not a copydesk config: {error}"));
    (options, table)
}

/// Deep-merge `over` onto `under`: tables merge key by key, anything else in `over` wins.
fn merge(under: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (under.get_mut(key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => merge(below, above),
            _ => {
                under.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The configs in use, by config file (`None`: no file, the editor settings alone).
#[derive(Default)]
pub struct Configs {
    pub roots: Vec<PathBuf>,
    pub editor: toml::Table,
    /// The last good config for each file, and for no file.
    loaded: HashMap<Option<PathBuf>, Arc<ProjectConfig>>,
}

/// What loading a config file gave: the config to use, and the error when the file is bad
/// (the config is then the last good one, or the defaults).
pub struct Loaded {
    pub config: Arc<ProjectConfig>,
    pub error: Option<ConfigError>,
}

impl Configs {
    /// The workspace folder holding `path`: the deepest one.
    fn root_of(&self, path: &Path) -> Option<&Path> {
        self.roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.as_os_str().len())
            .map(PathBuf::as_path)
    }

    /// The config file that governs the story at `path`.
    pub fn file_for(&self, story: Option<&Path>) -> Option<PathBuf> {
        let story = story?;
        let folder = story.parent()?;
        config_file::discover(folder, self.root_of(story))
    }

    /// The config for a story, from the cache or loaded now.
    pub fn config_for(&mut self, story: Option<&Path>) -> (Config, Option<ConfigError>) {
        let file = self.file_for(story);
        let (project, error) = match self.loaded.get(&file) {
            Some(project) => (project.clone(), None),
            None => {
                let loaded = self.load(file.as_deref());
                (loaded.config, loaded.error)
            }
        };
        let config = match story {
            Some(story) => project.for_path(story),
            None => project.base().clone(),
        };
        (config, error)
    }

    /// (Re)read a config file, or the editor settings alone for `None`. On an error the last
    /// good config stays.
    pub fn load(&mut self, file: Option<&Path>) -> Loaded {
        let key = file.map(Path::to_path_buf);
        let result = match file {
            Some(path) => self.parse_file(path),
            None => self.parse_editor_only(),
        };
        match result {
            Ok(project) => {
                let project = Arc::new(project);
                self.loaded.insert(key, project.clone());
                Loaded {
                    config: project,
                    error: None,
                }
            }
            Err(error) => {
                let config = match self.loaded.get(&key) {
                    Some(good) => good.clone(),
                    None => {
                        // Never good: the editor settings alone, or the defaults.
                        let fallback = Arc::new(self.parse_editor_only().unwrap_or_default());
                        self.loaded.insert(key, fallback.clone());
                        fallback
                    }
                };
                Loaded {
                    config,
                    error: Some(error),
                }
            }
        }
    }

    /// Forget every config, so the next story reads them again (editor settings changed).
    pub fn clear(&mut self) {
        self.loaded.clear();
    }

    pub fn known_files(&self) -> Vec<PathBuf> {
        self.loaded.keys().flatten().cloned().collect()
    }

    fn parse_editor_only(&self) -> Result<ProjectConfig, ConfigError> {
        let anchor = self
            .roots
            .first()
            .map(|root| root.join("(editor settings)"))
            .unwrap_or_else(|| PathBuf::from("(editor settings)"));
        let text = toml::to_string(&self.editor).unwrap_or_default();
        ProjectConfig::parse(&text, &anchor)
    }

    fn parse_file(&self, path: &Path) -> Result<ProjectConfig, ConfigError> {
        // The file alone first, so that its errors point at its own lines.
        let file_config = ProjectConfig::load(path)?;
        if self.editor.is_empty() {
            return Ok(file_config);
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(file_table) = text.parse::<toml::Table>() else {
            return Ok(file_config);
        };
        let mut merged = self.editor.clone();
        merge(&mut merged, &file_table);
        let merged_text = toml::to_string(&merged).unwrap_or_default();
        // Bad editor settings must not cost the project its file.
        Ok(ProjectConfig::parse(&merged_text, path).unwrap_or(file_config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk::RuleId;
    use serde_json::json;

    #[test]
    fn server_keys_are_split_from_rule_settings() {
        let settings = json!({"debounceMs": 0, "testMode": true,
                              "rules": {"relative-time": "off"}});
        let (options, table) = split_settings(Some(&settings));
        assert_eq!(options.debounce, Duration::ZERO);
        assert!(options.test_mode);
        let table = table.unwrap();
        assert!(table.contains_key("rules"));
        assert!(!table.contains_key("debounceMs"));
    }

    #[test]
    fn the_project_file_wins_over_the_editor() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("copydesk.toml");
        std::fs::write(&file, "[rules]\nhouse-style = \"error\"\n").unwrap();
        let story = folder.path().join("story.txt");
        let mut configs = Configs {
            roots: vec![folder.path().to_path_buf()],
            ..Configs::default()
        };
        let (_, table) = split_settings(Some(&json!({"rules": {
            "house-style": "info", "relative-time": "off"}})));
        configs.editor = table.unwrap();
        let (config, error) = configs.config_for(Some(&story));
        assert!(error.is_none());
        assert_eq!(
            config.severity(RuleId::HouseStyle),
            Some(copydesk::Severity::Error)
        );
        assert_eq!(config.severity(RuleId::RelativeTime), None);
    }

    #[test]
    fn a_bad_file_keeps_the_last_good_config() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("copydesk.toml");
        std::fs::write(&file, "[rules]\nrelative-time = \"off\"\n").unwrap();
        let mut configs = Configs::default();
        assert!(configs.load(Some(&file)).error.is_none());
        std::fs::write(&file, "[rules]\nrelative-time = \"loud\"\n").unwrap();
        let loaded = configs.load(Some(&file));
        let error = loaded.error.expect("a bad level is an error");
        assert_eq!(error.line, Some(2));
        assert_eq!(loaded.config.base().severity(RuleId::RelativeTime), None);
    }
}
