//! `arledger import`: bank CSV lines as payment entries (hledger CSV rules, AR matching,
//! idempotent by an id per line), and the exports of QuickBooks Online and Xero as customers and
//! opening open items (docs/import.md).

mod bank;
mod migrate;
mod rules;

use std::path::PathBuf;

use arledger_journal::Loaded;
use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::session::Session;
use crate::write::append::Addition;
use crate::Failure;

/// The products whose exports `import --from` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Product {
    /// QuickBooks Online: Customer Contact List, A/R Aging Detail, Invoice List, payments.
    Quickbooks,
    /// Xero: Contacts export, Aged Receivables Detail, Receivable Invoice Detail, payments.
    Xero,
}

/// `import` options.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The bank CSV file to import (with --rules).
    #[arg(value_name = "FILE.csv")]
    pub file: Option<PathBuf>,
    /// The hledger CSV rules that say how to read FILE.csv.
    #[arg(long, value_name = "FILE.rules")]
    pub rules: Option<PathBuf>,
    /// Read the exports of QuickBooks Online or Xero instead (with --customers, --open-items,
    /// --payments).
    #[arg(long, value_enum, value_name = "PRODUCT")]
    pub from: Option<Product>,
    /// The customer (contact) list export: one `account` declaration per customer.
    #[arg(long, value_name = "FILE.csv")]
    pub customers: Option<PathBuf>,
    /// The open invoices export (A/R aging detail, aged receivables detail): one opening entry.
    #[arg(long, value_name = "FILE.csv")]
    pub open_items: Option<PathBuf>,
    /// The payment history export (optional): one payment entry per payment.
    #[arg(long, value_name = "FILE.csv")]
    pub payments: Option<PathBuf>,
    /// The cut-over date: the opening entry's date (the date of the aging export).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The account the opening entry balances against.
    #[arg(
        long,
        value_name = "ACCOUNT",
        default_value = "Equity:Opening Balances"
    )]
    pub opening_account: String,
    /// The bank account of imported payments (--from).
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Bank:Checking")]
    pub bank_account: String,
    /// The account for deposits whose customer cannot be told.
    #[arg(
        long,
        value_name = "ACCOUNT",
        default_value = "Liabilities:Unidentified Receipts"
    )]
    pub suspense_account: String,
    /// The account for money out that no rule gives an account.
    #[arg(long, value_name = "ACCOUNT", default_value = "Expenses:Unknown")]
    pub expense_account: String,
    /// Print what would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// Runs `import`.
pub fn run(s: &mut Session, a: &ImportArgs, out: &mut String) -> Result<(), Failure> {
    let lock = (!a.dry_run).then(|| s.lock_for_writing()).transpose()?;
    let s = &*s;
    let g = &s.config;
    let loaded = s.journal()?;
    let (addition, report) = match (a.from, &a.file) {
        (Some(product), None) => migrate::addition(g, a, product, loaded)?,
        (None, Some(file)) => {
            let rules = a.rules.as_ref().ok_or_else(|| {
                Failure::Usage("importing a CSV file needs --rules FILE.rules".into())
            })?;
            bank::addition(g, a, file, rules, loaded)?
        }
        (Some(_), Some(_)) => {
            return Err(Failure::Usage(
                "--from reads --customers, --open-items and --payments, not a FILE.csv".into(),
            ))
        }
        (None, None) => {
            return Err(Failure::Usage(
                "give FILE.csv --rules FILE.rules, or --from quickbooks|xero".into(),
            ))
        }
    };
    finish(g, a, lock, loaded, &addition, &report, out)
}

/// Writes (or, in a dry run, prints) what an import adds, and says what it did.
fn finish(
    g: &Config,
    a: &ImportArgs,
    lock: Option<crate::write::DirLock>,
    loaded: &Loaded,
    addition: &Addition,
    report: &str,
    out: &mut String,
) -> Result<(), Failure> {
    match lock {
        None => {
            if !addition.is_empty() {
                out.push_str("Would append (dry run: nothing written):\n");
                out.push_str(&addition.text());
                out.push('\n');
            }
        }
        Some(lock) if !addition.is_empty() => {
            let validate = |l: &Loaded| crate::checks::findings(g, l, &a.receivable_root);
            let path = crate::input::append_to_journal(g, &lock, loaded, addition, &validate)?;
            out.push_str(&format!("Appended to {}.\n", path.display()));
        }
        Some(_) => {}
    }
    out.push_str(report);
    Ok(())
}
