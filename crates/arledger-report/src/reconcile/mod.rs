//! Reconciliation: comparing the books with records kept by someone else (a bank statement),
//! and listing what explains every difference. Pure data in, data out; reading the outside
//! records and rendering the result are the CLI's job.

pub mod bank;

pub use bank::{
    reconcile_bank, suggest_payments, BankOptions, BankReconciliation, BookEntry, Evidence, Match,
    MatchedBy, NearMiss, Statement, StatementLine, Suggestion, Totals,
};
