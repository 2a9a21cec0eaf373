//! End-to-end tests of the `arledger` binary on `journals/` and `tests/fixtures/`.

mod support;

mod commands;
mod demo;
mod errors;
