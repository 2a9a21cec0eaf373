//! End-to-end tests of the `arledger` binary on `journals/` and `tests/fixtures/`.

mod support;

mod ar_commands;
mod ar_rules;
mod close;
mod collections;
mod commands;
mod demo;
mod docs;
mod errors;
mod fmt;
mod hostile;
mod lsp;
mod reconcile;
mod reporting;
mod revisions;
mod safe_outputs;
mod writers;
