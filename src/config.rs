//! What a newsroom can set: rule levels, the quotation conventions and the word lists. The
//! engine takes a `Config` value; reading it from a file is `config_file`'s job.

use crate::finding::Severity;
use crate::rules::RuleId;
use crate::wordlists::{self, WordLists};
use std::collections::HashMap;
use std::sync::Arc;

/// A rule's level as a project sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Which quotation marks the story should use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HouseQuotes {
    /// Whatever most of the story's quotations use.
    #[default]
    Majority,
    Curly,
    Straight,
}

/// Where periods and commas go around a closing mark, and which marks nest inside which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Convention {
    /// AP: periods and commas inside the closing mark, double marks outside.
    #[default]
    American,
    /// Punctuation by sense, single marks outside.
    British,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub levels: HashMap<RuleId, Level>,
    pub house_quotes: HouseQuotes,
    pub convention: Convention,
    /// Loaded terms, house-style names and relative dates, compiled: the built-in lists,
    /// plus a project's extra entries.
    pub lists: Arc<WordLists>,
    /// Phrases never flagged by the word-list rules (`loaded-term`, `house-style`,
    /// `relative-time`, `vague-attribution`), matched case-insensitively on whole words.
    pub allow: Vec<String>,
    /// Vague attributions a project adds to the built-in ones.
    pub extra_vague: Vec<String>,
}

impl Default for Config {
    /// Every rule at its default level, majority quotation style, American punctuation, the
    /// built-in word lists.
    fn default() -> Config {
        Config {
            levels: HashMap::new(),
            house_quotes: HouseQuotes::default(),
            convention: Convention::default(),
            lists: wordlists::builtin(),
            allow: Vec::new(),
            extra_vague: Vec::new(),
        }
    }
}

impl Config {
    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: RuleId) -> Option<Severity> {
        match self.levels.get(&rule) {
            Some(Level::Off) => None,
            Some(Level::On(severity)) => Some(*severity),
            None => Some(rule.default_severity()),
        }
    }

    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.severity(rule).is_some()
    }

    /// Only these rules, at their default levels.
    pub fn only(rules: &[RuleId]) -> Config {
        let mut config = Config::default();
        for rule in RuleId::ALL {
            if !rules.contains(rule) {
                config.levels.insert(*rule, Level::Off);
            }
        }
        config
    }
}
