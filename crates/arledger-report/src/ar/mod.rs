//! Accounts receivable: customers, open items and aging, read from ordinary journal data as
//! `AR-CONVENTIONS.md` specifies.

pub mod aging;
pub mod checks;
pub mod customers;
pub mod disputes;
pub mod invoices;
pub mod items;
pub mod statement;
pub mod summary;
pub mod terms;

pub use aging::{aging, customer_filter, AgeBy, AgingItem, AgingReport, AgingRow, Buckets};
pub use checks::ar_checks;
pub use customers::{Customer, Customers, DEFAULT_ROOT};
pub use disputes::disputed;
pub use invoices::{invoices, InvoiceRow, Selection, Status};
pub use items::{
    file_line, open_items, ArOptions, Item, ItemKind, Movement, MovementKind, OpenItems,
};
pub use statement::{movement_name, statements, Statement, StatementLine};
pub use summary::{customer_summary, CustomerRow};
pub use terms::Terms;
