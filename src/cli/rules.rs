//! `copydesk rules` and `copydesk explain RULE`.

use super::exit;
use copydesk::RuleId;
use std::process::ExitCode;

pub fn list() -> ExitCode {
    let width = RuleId::ALL
        .iter()
        .map(|rule| rule.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in RuleId::ALL {
        let info = rule.info();
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            info.id,
            info.severity.as_str(),
            info.summary
        ));
    }
    super::write_stdout(&out);
    ExitCode::from(exit::CLEAN)
}

pub fn explain(id: &str) -> ExitCode {
    match RuleId::parse(id) {
        Some(rule) => {
            super::write_stdout(rule.info().doc);
            ExitCode::from(exit::CLEAN)
        }
        None => {
            let known: Vec<&str> = RuleId::ALL.iter().map(|rule| rule.as_str()).collect();
            eprintln!(
                "copydesk explain: no rule called '{id}'. The rules are: {}",
                known.join(", ")
            );
            ExitCode::from(exit::ERROR)
        }
    }
}
