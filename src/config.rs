//! What a newsroom can set: rule levels and the quotation conventions. The engine takes a
//! `Config` value; reading it from a file is the adapters' job.

use crate::finding::Severity;
use crate::rules::RuleId;
use std::collections::HashMap;

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

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub levels: HashMap<RuleId, Level>,
    pub house_quotes: HouseQuotes,
    pub convention: Convention,
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
