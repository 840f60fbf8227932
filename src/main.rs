//! The `copydesk` command: `check`, `lsp`, `rules`, `explain`.

mod cli;
mod lsp;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// copydesk checks journalistic writing: claims without a source, quotation marks that do not
/// balance, and loaded framing. It runs in CI (`copydesk check`) and in editors (`copydesk lsp`).
#[derive(Parser)]
#[command(name = "copydesk", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check stories: files, folders (walked, honouring ignore files) or `-` for standard input.
    Check(cli::check::CheckArgs),
    /// Serve the Language Server Protocol on standard input and output.
    Lsp {
        /// Accepted for editors that pass it; standard input and output are the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// The story's sourcing: each source with its quotations and attributed statements, the
    /// vague attributions and the unattributed claims.
    Sources {
        /// The story to audit.
        file: std::path::PathBuf,
        /// How to report.
        #[arg(long, value_enum, default_value_t = cli::sources::Format::Human)]
        format: cli::sources::Format,
    },
    /// List the rules with their default severity.
    Rules,
    /// Print a rule's documentation: what it flags, why, an example and the fix.
    Explain {
        /// A rule id, as `copydesk rules` lists them.
        rule: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cli::check::run(args),
        Command::Lsp { stdio: _ } => lsp::run(),
        Command::Sources { file, format } => cli::sources::run(&file, format),
        Command::Rules => cli::rules::list(),
        Command::Explain { rule } => cli::rules::explain(&rule),
    }
}
