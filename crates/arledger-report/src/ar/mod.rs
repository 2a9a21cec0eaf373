//! Accounts receivable: customers, open items and aging, read from ordinary journal data as
//! `AR-CONVENTIONS.md` specifies.

pub mod aging;
pub mod customers;
pub mod items;
pub mod terms;

pub use aging::{aging, customer_filter, AgeBy, AgingItem, AgingReport, AgingRow, Buckets};
pub use customers::{Customer, Customers, DEFAULT_ROOT};
pub use items::{
    file_line, open_items, ArOptions, Item, ItemKind, Movement, MovementKind, OpenItems,
};
pub use terms::Terms;
