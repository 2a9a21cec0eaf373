//! `arledger lsp`: runs the language server on standard input and output
//! (docs/commands/lsp.md).

use clap::Args;

use crate::config::Config;
use crate::lsp::{serve, Settings};
use crate::Failure;

/// `lsp` options.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// Runs the server until the editor shuts it down.
pub fn run(g: &Config, a: &LspArgs) -> Result<(), Failure> {
    // The journal of -f or the environment, when given; else the editor's documents.
    let journals = match crate::input::journal_paths(g) {
        Ok(paths) => paths
            .into_iter()
            .filter(|p| p.as_os_str() != "-")
            .map(|p| std::path::absolute(&p).unwrap_or(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    let settings = Settings {
        receivable_root: a.receivable_root.clone(),
        options: g.load.clone(),
    };
    let (conn, io) = lsp_server::Connection::stdio();
    let served = serve(&conn, g, settings, journals);
    drop(conn);
    let joined = io.join();
    served.map_err(|e| Failure::Journal(format!("arledger lsp: {e}")))?;
    joined.map_err(|e| Failure::Journal(format!("arledger lsp: {e}")))
}
