//! Reconciliation: comparing the books with records kept by someone else — a bank statement,
//! the customer's own ledger, the general ledger's control account — and listing what
//! explains every difference. The engines are pure data in, data out; [`statement_file`] (a
//! bank statement and its rules file) and [`customer_export`] (a customer's payables export)
//! read the outside records into data and diagnostics in the files' own sources; rendering the
//! result is the CLI's job.

pub mod bank;
pub mod control;
pub mod customer;
pub mod customer_export;
pub mod statement_file;

pub use bank::{
    reconcile_bank, suggest_payers, suggest_payments, BankOptions, BankReconciliation,
    BankStatement, BankStatementLine, BookEntry, Evidence, Exactness, Match, MatchedBy, NearMiss,
    Suggestion, Totals,
};
pub use control::{reconcile_control, ControlRecon, ControlRow, Unmatched};
pub use customer::{reconcile_customer, CustomerLine, CustomerRecon, TheirLine, Verdict};
