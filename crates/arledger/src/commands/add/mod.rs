//! `arledger add invoice|credit|payment|writeoff`: one AR document appended to the books through
//! the safe writer (docs/commands/add.md). The document is numbered from the books
//! (`[numbers]` of `arledger.toml`), dated, checked against the customer's rules (purchase
//! orders, credit limit) and applied to the customer's open items before anything is written;
//! on a terminal, whatever the options leave out is asked for ([`interactive`]).

mod interactive;
mod plan;

use std::io::IsTerminal;

use arledger_journal::Loaded;
use arledger_report::ar::{open_items, ArOptions, OpenItems};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::books_config::BooksConfig;
use crate::session::Session;
use crate::write::append::Addition;
use crate::Failure;

/// What `add` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// An invoice: lines (or an amount) billed to the customer.
    Invoice,
    /// A credit memo: an amount (or lines) credited to the customer.
    Credit,
    /// A payment received from the customer.
    Payment,
    /// A write-off of what the customer will not pay.
    Writeoff,
}

impl Kind {
    /// The kind's name, as typed.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::Credit => "credit",
            Kind::Payment => "payment",
            Kind::Writeoff => "writeoff",
        }
    }

    /// The other account when none is given.
    pub fn default_account(self) -> &'static str {
        match self {
            Kind::Invoice => "Income:Services",
            Kind::Credit => "Income:Returns",
            Kind::Payment => "Assets:Bank:Checking",
            Kind::Writeoff => "Expenses:Bad Debt",
        }
    }
}

/// `add` options.
#[derive(Clone, Debug, Default, Args)]
pub struct AddArgs {
    /// What to record. On a terminal, left out, it is asked for.
    #[arg(value_enum)]
    pub kind: Option<Kind>,
    /// The customer: its id, or a case-insensitive regular expression matching one customer's
    /// id or name.
    #[arg(long, value_name = "CUSTOMER")]
    pub customer: Option<String>,
    /// The document's date. Default: today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A line of an invoice or credit memo: `DESCRIPTION=AMOUNT` or `DESCRIPTION=QTY@PRICE`
    /// (repeatable).
    #[arg(long = "line", value_name = "DESCRIPTION=AMOUNT")]
    pub lines: Vec<String>,
    /// The customer's purchase order number (an invoice's `po:` tag).
    #[arg(long, value_name = "PO")]
    pub po: Option<String>,
    /// An invoice: its number instead of the next one. A payment, credit memo or write-off:
    /// the invoice it settles (repeatable, in order); without it, oldest first.
    #[arg(long = "invoice", value_name = "REF")]
    pub invoices: Vec<String>,
    /// The amount (`500.00`, `500.00 USD`): of a payment, credit memo or write-off, or of an
    /// invoice without lines.
    #[arg(long, value_name = "AMOUNT")]
    pub amount: Option<String>,
    /// The other account: income (invoice), returns (credit), bank (payment) or bad debt
    /// (write-off).
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,
    /// The text after the customer's name in the transaction's description.
    #[arg(long, value_name = "TEXT")]
    pub memo: Option<String>,
    /// Invoice a customer past its credit limit (recorded as a `credit-hold-override:` tag).
    #[arg(long)]
    pub override_credit_hold: bool,
    /// Print the entry and what it settles; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// The books as `add` sees them: every transaction, the open items over all of them.
pub struct Books<'s> {
    /// The journal, read under the writers' lock (unless a dry run).
    pub loaded: &'s Loaded,
    /// The open items at the end of the books (every date).
    pub ar: OpenItems,
    /// The books' configuration.
    pub config: BooksConfig,
    /// Today.
    pub today: NaiveDate,
}

impl Books<'_> {
    /// The open items at `date` (what a document dated then can settle).
    pub fn items_at(&self, date: NaiveDate, root: &str) -> OpenItems {
        open_items(
            &self.loaded.journal,
            &ArOptions {
                root: root.to_string(),
                as_of: date,
            },
        )
    }
}

/// Reads the books for `add` (under `lock`, when it writes).
fn read_books<'s>(s: &'s Session, root: &str) -> Result<Books<'s>, Failure> {
    let g = &s.config;
    let loaded = s.journal()?;
    let ar = crate::receivables::items_at(g, loaded, root, NaiveDate::MAX)?;
    Ok(Books {
        loaded,
        ar,
        config: crate::books_config::for_books(g)?,
        today: g.today,
    })
}

/// Runs `add`. On a terminal, a missing kind or customer starts the questions; their answers
/// are then recorded like options, under the lock taken after the last answer (so that no
/// other writer waits on someone typing).
pub fn run(s: &mut Session, a: &AddArgs, out: &mut String) -> Result<(), Failure> {
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let asked;
    let a = if terminal && (a.kind.is_none() || a.customer.is_none()) {
        let books = read_books(s, &a.receivable_root)?;
        match interactive::ask(&books, a)? {
            Some(answers) => {
                asked = answers;
                &asked
            }
            None => {
                out.push_str("Nothing was written.\n");
                return Ok(());
            }
        }
    } else {
        a
    };
    let lock = (!a.dry_run).then(|| s.lock_for_writing()).transpose()?;
    let s = &*s;
    let g = &s.config;
    let books = read_books(s, &a.receivable_root)?;
    let plan = plan::plan(&books, a)?;
    let addition = Addition {
        directives: String::new(),
        entries: vec![plan.entry.clone()],
    };
    let Some(lock) = lock else {
        out.push_str(&plan.summary);
        out.push_str("\nWould append (dry run: nothing written):\n");
        out.push_str(&addition.text());
        return Ok(());
    };
    let validate = |l: &Loaded| crate::checks::findings(g, l, &a.receivable_root);
    let path = crate::input::append_to_journal(g, &lock, books.loaded, &addition, &validate)?;
    out.push_str(&plan.summary);
    out.push_str(&format!("\nAppended to {}:\n", path.display()));
    out.push_str(&addition.text());
    Ok(())
}
