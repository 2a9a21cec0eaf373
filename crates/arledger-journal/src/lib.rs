//! arledger-journal: reads ledger/hledger-style journal files into an in-memory model.
//!
//! - [`load`] reads files (following `include`s) or text and returns the [`Journal`] with every
//!   [`Diagnostic`] found: syntax errors, unbalanced transactions, failed balance assertions.
//! - The model ([`model`]) stores spans into the source text instead of copies of it, and typed
//!   ids for interned names.
//!
//! ```
//! let loaded = arledger_journal::parse_str("2026-01-05 Invoice\n  Assets:Receivable  100 USD\n  Income\n");
//! assert!(!loaded.has_errors());
//! let j = &loaded.journal;
//! assert_eq!(j.transactions.len(), 1);
//! assert_eq!(j.postings[1].amount.quantity.to_string(), "-100");
//! ```

#![warn(missing_docs)]

mod auto;
mod balance;
pub mod checks;
mod comments;
pub mod diagnostic;
pub mod files;
pub mod fmt;
pub mod format;
pub mod intern;
mod load;
mod lower;
mod marks;
pub mod model;
pub mod overlay;
mod parallel;
pub mod parse;
pub mod period;
pub mod print;
pub mod progress;
pub mod query;
pub mod source;
pub mod strict;

pub use balance::round_to_style;
pub use diagnostic::{Code, Diagnostic, Label, Severity};
pub use files::{FileBytes, FileKind, Files, OsFiles};
pub use load::{
    load, load_from, parse_str, Input, LoadOptions, Loaded, OpenAtEnd, MAX_INCLUDE_DEPTH,
};
pub use model::*;
pub use overlay::Overlay;
pub use parallel::reuse::ChunkCache;
pub use source::{LineCol, Source, SourceId, SourceMap, Span, Text};
