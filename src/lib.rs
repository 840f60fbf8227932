//! copydesk: a checker for journalistic writing.
//!
//! The engine is a pure function from text, its kind and a [`Config`] to [`Finding`]s with
//! byte ranges. It knows nothing of files, terminals or editors; the command line and the
//! language server are adapters around [`lint`].

pub mod config;
pub mod config_file;
pub mod document;
pub mod finding;
pub mod lexicon;
pub mod line_index;
pub mod rules;
pub mod sections;
pub mod span;
pub mod text;
pub mod whole_words;
pub mod wordlists;

pub use config::Config;
pub use document::{Document, Kind};
pub use finding::{Applicability, Edit, Finding, Fix, Severity};
pub use rules::RuleId;
pub use sections::Linter;
pub use span::Span;

/// Analyse `text` and run every enabled rule. Findings are sorted by position. A text
/// longer than any story is analysed in sections (see [`sections`]).
pub fn lint(text: &str, kind: Kind, config: &Config) -> Vec<Finding> {
    sections::lint(text, kind, config)
}
