//! `arledger lsp`: a language server for journals, over standard input and output
//! (docs/commands/lsp.md; lsp-server and lsp-types, docs/adr/0007-language-server-lsp-server.md).
//!
//! - [`server`]: the documents, the journals they belong to, the message loop;
//! - [`analysis`]: one journal read with the editor's text and checked as `check` checks it;
//! - [`navigate`]: hover and go to definition (invoice references, accounts, customers);
//! - [`complete`]: completion (accounts, payees, commodities, tags, open invoices);
//! - [`actions`]: formatting and the "apply to oldest open invoices" code action;
//! - [`convert`]: positions, ranges, URLs and diagnostics in the protocol's terms.

pub mod actions;
pub mod analysis;
pub mod complete;
pub mod convert;
pub mod navigate;
pub mod server;

use std::path::PathBuf;

use lsp_server::Connection;

use crate::config::Config;
pub use analysis::Settings;

/// Serves one editor on `conn` until it shuts the server down. `journals` (absolute) are read
/// whatever document is open; the editor's `initializationOptions.journal` adds one.
pub fn serve(
    conn: &Connection,
    g: &Config,
    settings: Settings,
    mut journals: Vec<PathBuf>,
) -> Result<(), String> {
    let caps = serde_json::to_value(server::capabilities()).map_err(|e| e.to_string())?;
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: lsp_types::InitializeParams =
        serde_json::from_value(params).map_err(|e| e.to_string())?;
    journals.extend(server::journal_option(&params));
    let result = serde_json::json!({
        "capabilities": caps,
        "serverInfo": server::info(),
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let journals = journals
        .into_iter()
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        .collect();
    server::Server::new(g, settings, journals).run(conn)
}

#[cfg(test)]
mod tests;
