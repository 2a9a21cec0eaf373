//! End-to-end tests of the `arledger` binary on `journals/` and `tests/fixtures/`.

mod support;

mod aging_views;
mod ar_commands;
mod ar_depth;
mod ar_rules;
mod architecture;
mod close;
mod collections;
mod commands;
mod credit_limits;
mod data_in;
mod demo;
mod docs;
mod documents;
mod errors;
mod fmt;
mod fx;
mod hledger_diff;
mod hostile;
mod json;
mod json_schema;
mod lists;
mod lsp;
mod named_checks;
mod output;
mod periods;
mod queries;
mod reconcile;
mod report_flags;
mod reporting;
mod revisions;
mod safe_outputs;
mod sales_tax;
mod shell;
mod writers;
