//! arledger-report: pure functions from a journal to report data.
//!
//! Every report takes a [`Journal`](arledger_journal::Journal) and a compiled [`query`] and
//! returns plain data; rendering (text, CSV, JSON) is the CLI's job. What reports are shown as
//! — typed tables and documents — is described in [`table`], still without formatting.

#![warn(missing_docs)]

pub mod ar;
pub mod balance;
pub mod check;
pub mod close;
pub mod diff;
pub mod documents;
pub mod lists;
pub mod mixed;
pub mod month_end;
pub mod periodic;
pub mod reconcile;
pub mod register;
pub mod table;
pub mod value;

pub use arledger_journal::period::{
    self, parse_date_arg, parse_end_date_arg, parse_period, Interval, Period, PeriodError,
    PeriodExpr, Unit,
};
pub use arledger_journal::query::{self, CompiledQuery, Query, QueryError};
pub use balance::{balance, BalanceOptions, BalanceReport, BalanceRow};
pub use mixed::{MixedAmount, Overflow};
pub use periodic::{periodic_balance, PeriodicOptions, PeriodicReport, PeriodicRow};
pub use register::{
    register, register_summary, register_with, RegisterOptions, RegisterRow, SummaryRow,
};
pub use value::{Prices, Valuation};
