//! The command-line adapter: reading files, printing findings, exit codes.

pub mod check;
mod diff;
mod inputs;
mod output;
mod parallel;
pub mod rules;
pub mod sources;

/// Exit codes, as DESIGN.md fixes them.
pub mod exit {
    /// Nothing at or above the fail-on level.
    pub const CLEAN: u8 = 0;
    /// A finding at or above the fail-on level.
    pub const FINDINGS: u8 = 1;
    /// A usage or input error (the other files were still checked).
    pub const ERROR: u8 = 2;
}

/// Write to standard output; a closed pipe (`| head`) is not an error worth a panic.
pub fn write_stdout(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
