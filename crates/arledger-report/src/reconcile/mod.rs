//! Reconciliations: the books against what others say — the customer's own records and the
//! general ledger's control account.

pub mod control;
pub mod customer;

pub use control::{reconcile_control, ControlRecon, ControlRow, Unmatched};
pub use customer::{reconcile_customer, CustomerLine, CustomerRecon, TheirLine, Verdict};
