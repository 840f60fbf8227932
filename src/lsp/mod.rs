//! `copydesk lsp`: the language server, an adapter around the engine.
//!
//! - `server`: the LSP handlers and the document store;
//! - `doc_text`: a document's text, edited in place, and where it changed since the last lint;
//! - `features`: diagnostics, code actions, hover and symbols from one linted version;
//! - `encoding`: LSP positions (UTF-8 or UTF-16) to byte offsets and back;
//! - `settings`: the project's config file over the editor's settings;
//! - `filter`: drops malformed frames before they reach the transport (with an error answer
//!   to those that still read as requests), and hands diagnostic requests to the server as
//!   notifications, so that `publish` answers them;
//! - `output`: standard output, shared by the transport and `publish`;
//! - `publish`: diagnostics, pushed or pulled, serialized straight to bytes, placed per section.

mod doc_text;
mod encoding;
mod features;
mod filter;
mod output;
mod publish;
mod server;
mod settings;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::{LspService, Server};

/// Serve LSP on standard input and output until `exit` or the end of input.
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("copydesk lsp: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (reader, writer) = tokio::io::duplex(1 << 20);
        let (transport_out, transport_frames) = tokio::io::duplex(1 << 20);
        let (outbox, frames) = output::outbox();
        tokio::spawn(filter::pump(tokio::io::stdin(), writer, outbox.clone()));
        // The writer holds standard output for good: it carries only frames, so nothing
        // else in the server may print to it.
        std::thread::spawn(move || {
            let (_held, stdout) = output::raw_stdout();
            output::write_frames(frames, stdout);
        });
        tokio::spawn(outbox.clone().forward(transport_frames));
        let (service, socket) =
            LspService::build(|client| server::Backend::new(client, flag, outbox))
                .custom_method("copydesk/text", server::Backend::text)
                .custom_method(filter::PULL_METHOD, server::Backend::pull_diagnostics)
                .finish();
        Server::new(reader, transport_out, socket)
            .serve(service)
            .await;
    });
    // Exit now: dropping the runtime would wait for the thread blocked reading stdin, which
    // an editor may keep open after `exit`. 0 after `shutdown`, 1 otherwise, as LSP says.
    std::process::exit(if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    })
}
