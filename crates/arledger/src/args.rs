//! Command-line arguments (clap derive). Raw flags become validated values in the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Plain-text accounting for accounts receivable.
#[derive(Debug, Parser)]
#[command(
    name = "arledger",
    version,
    disable_version_flag = true,
    about = "Plain-text accounting for accounts receivable (ledger/hledger journal format)",
    after_help = "Examples:\n  arledger check -f journals/demo.journal\n  arledger balance -f journals/demo.journal receivable\n  arledger help balance",
    propagate_version = true
)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Journal file to read (repeatable; `-` reads standard input). Default: $ARLEDGER_FILE,
    /// then $LEDGER_FILE.
    #[arg(short = 'f', long = "file", global = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// When to use colors in messages.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Output format.
    #[arg(short = 'O', long = "output-format", global = true, value_enum, default_value_t = Format::Text)]
    pub output: Format,
    /// Refuse `include`s that leave the directory of the first journal file.
    #[arg(long, global = true)]
    pub no_include_outside: bool,
    /// Apply automated transaction rules (`= QUERY` entries) to matching transactions.
    #[arg(long, global = true)]
    pub auto: bool,
    /// Read the journal files as they were at this git revision (the working tree is not
    /// touched).
    #[arg(long, global = true, value_name = "REV")]
    pub rev: Option<String>,
    /// Use this date as today (for yearless dates and defaults).
    #[arg(long, global = true, value_name = "DATE", hide = true)]
    pub today: Option<String>,
    /// Print the version. Long form only: `-V` is ledger's and hledger's market-value flag.
    #[arg(long, global = true, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// `-V`/`--market` (ledger and hledger: market value). Refused until implemented, so that
    /// it cannot be mistaken for a value report.
    #[arg(short = 'V', long = "market", global = true, hide = true)]
    pub market: bool,
    /// `-X`/`--exchange COMMODITY` (convert to a commodity). Refused until implemented.
    #[arg(
        short = 'X',
        long = "exchange",
        global = true,
        hide = true,
        value_name = "COMMODITY"
    )]
    pub exchange: Option<String>,
    /// `-B`/`--cost` (convert to cost). Refused until implemented.
    #[arg(short = 'B', long = "cost", global = true, hide = true)]
    pub cost: bool,
    /// `--value TYPE` (hledger's valuation). Refused until implemented.
    #[arg(long = "value", global = true, hide = true, value_name = "TYPE")]
    pub value: Option<String>,
}

impl Global {
    /// The valuation flag given, if any: none is implemented, so each is a usage error rather
    /// than a report silently shown at face value.
    pub fn unimplemented_valuation(&self) -> Option<&'static str> {
        if self.market {
            Some("-V (market value) is not implemented yet")
        } else if self.exchange.is_some() {
            Some("-X (conversion to a commodity) is not implemented yet")
        } else if self.cost {
            Some("-B (conversion to cost) is not implemented yet")
        } else if self.value.is_some() {
            Some("--value (valuation) is not implemented yet")
        } else {
            None
        }
    }
}

/// Color choice for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// Report output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// CSV (RFC 4180) for spreadsheets and scripts.
    Csv,
    /// JSON for programs.
    Json,
    /// Markdown (statements).
    Md,
    /// A self-contained HTML page (statements).
    Html,
}

/// How `check` prints problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// `file:line:col: message`, the source line and a caret.
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::message`).
    Github,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the journal: syntax, balancing, balance assertions (and declarations with --strict).
    #[command(
        after_help = "Example:\n  arledger check -f journals/demo.journal --strict",
        after_long_help = include_str!("../../../docs/commands/check.md")
    )]
    Check(CheckArgs),
    /// Show account balances.
    #[command(
        visible_alias = "bal",
        after_help = "Example:\n  arledger balance -f journals/demo.journal --tree --depth 2",
        after_long_help = include_str!("../../../docs/commands/balance.md")
    )]
    Balance(BalanceArgs),
    /// Show postings with a running total.
    #[command(
        visible_alias = "reg",
        after_help = "Example:\n  arledger register -f journals/demo.journal checking -p 2026-03",
        after_long_help = include_str!("../../../docs/commands/register.md")
    )]
    Register(FilterArgs),
    /// Print transactions back as normalised journal text, every amount explicit.
    #[command(
        after_help = "Example:\n  arledger print -f journals/demo.journal desc:Acme",
        after_long_help = include_str!("../../../docs/commands/print.md")
    )]
    Print(FilterArgs),
    /// List account names.
    #[command(
        after_help = "Example:\n  arledger accounts -f journals/demo.journal receivable",
        after_long_help = include_str!("../../../docs/commands/accounts.md")
    )]
    Accounts(AccountsArgs),
    /// List commodities.
    #[command(
        after_help = "Example:\n  arledger commodities -f journals/demo.journal",
        after_long_help = include_str!("../../../docs/commands/commodities.md")
    )]
    Commodities,
    /// Age open receivables: who owes what, since when, and how overdue.
    #[command(
        after_help = "Example:\n  arledger aging -f journals/demo.journal --date 2026-12-31 --detail",
        after_long_help = include_str!("../../../docs/commands/aging.md")
    )]
    Aging(AgingArgs),
    /// List invoices and credits with what was paid, what is open and their status.
    #[command(
        after_help = "Example:\n  arledger invoices -f journals/demo.journal --overdue --date 2026-12-31",
        after_long_help = include_str!("../../../docs/commands/invoices.md")
    )]
    Invoices(InvoicesArgs),
    /// List customers with balance, overdue amount, credit use and payment behaviour.
    #[command(
        after_help = "Example:\n  arledger customers -f journals/demo.journal --date 2026-12-31",
        after_long_help = include_str!("../../../docs/commands/customers.md")
    )]
    Customers(CustomersArgs),
    /// A customer's statement of account for a period.
    #[command(
        after_help = "Example:\n  arledger statement -f journals/demo.journal Acme --from 2026-10-01 --to 2026-12-31 -O html",
        after_long_help = include_str!("../../../docs/commands/statement.md")
    )]
    Statement(StatementArgs),
    /// The collections worklist: overdue items per customer, what was done, what to do next.
    #[command(
        after_help = "Example:\n  arledger collections -f journals/collections.journal --date 2026-03-31",
        after_long_help = include_str!("../../../docs/commands/collections.md")
    )]
    Collections(CollectionsArgs),
    /// Send reminders: one letter per customer for the items due for a dunning level.
    #[command(
        after_help = "Example:\n  arledger dunning -f journals/collections.journal --date 2026-03-31 --dry-run",
        after_long_help = include_str!("../../../docs/commands/dunning.md")
    )]
    Dunning(DunningArgs),
    /// Propose write-offs of items overdue beyond an age.
    #[command(
        after_help = "Example:\n  arledger writeoff -f journals/collections.journal --older-than 60 --date 2026-03-31 --emit-journal",
        after_long_help = include_str!("../../../docs/commands/writeoff.md")
    )]
    Writeoff(WriteoffArgs),
    /// Collection KPIs per period and customer: DSO, CEI, days to pay, percentage current.
    #[command(
        after_help = "Example:\n  arledger kpi -f journals/demo.journal -p 2026 -Q",
        after_long_help = include_str!("../../../docs/commands/kpi.md")
    )]
    Kpi(KpiArgs),
    /// Expected collections per week from the open items.
    #[command(
        after_help = "Example:\n  arledger forecast -f journals/demo.journal --date 2026-12-31",
        after_long_help = include_str!("../../../docs/commands/forecast.md")
    )]
    Forecast(ForecastArgs),
    /// What changed in AR between two git revisions of the books: items, balances or aging.
    #[command(
        after_help = "Example:\n  arledger diff -f books.journal HEAD~1 items",
        after_long_help = include_str!("../../../docs/commands/diff.md")
    )]
    Diff(DiffArgs),
    /// The daily, weekly or monthly AR report pack.
    #[command(
        after_help = "Example:\n  arledger report weekly -f journals/demo.journal --date 2026-12-31 -O html > week.html",
        after_long_help = include_str!("../../../docs/commands/report.md")
    )]
    Report(ReportArgs),
    /// Write a static report site (HTML pages with charts) into a directory.
    #[command(
        after_help = "Example:\n  arledger site -f journals/demo.journal --out site --date 2026-12-31",
        after_long_help = include_str!("../../../docs/commands/site.md")
    )]
    Site(SiteArgs),
    /// The AR roll-forward of a period: opening + invoices − payments − credits … = closing.
    #[command(
        after_help = "Example:\n  arledger rollforward -f journals/demo.journal -p 2026-03",
        after_long_help = include_str!("../../../docs/commands/rollforward.md")
    )]
    Rollforward(RollforwardArgs),
    /// Run the month-end close checklist and, when it passes, seal the month with a close record.
    #[command(
        after_help = "Example:\n  arledger close -f journals/demo.journal 2026-03 --dry-run",
        after_long_help = include_str!("../../../docs/commands/close.md")
    )]
    Close(CloseArgs),
    /// Reconcile the books with outside records: a bank statement, a customer's ledger, the GL.
    #[command(
        after_help = "Example:\n  arledger reconcile bank -f books.journal --statement bank.csv --account Assets:Bank:Checking",
        after_long_help = include_str!("../../../docs/commands/reconcile.md")
    )]
    Reconcile(ReconcileArgs),
    /// Lay journal files out the same way every time: amounts aligned, indentation normalised.
    #[command(
        after_help = "Example:\n  arledger fmt --check -f journals/demo.journal",
        after_long_help = include_str!("../../../docs/commands/fmt.md")
    )]
    Fmt(crate::commands::fmt::FmtArgs),
    /// Run the language server (for editors) on standard input and output.
    #[command(
        after_help = "Example:\n  arledger lsp -f books.journal   (started by the editor; see docs/editors.md)",
        after_long_help = include_str!("../../../docs/commands/lsp.md")
    )]
    Lsp(crate::commands::lsp::LspArgs),
    /// Show statistics about the journal and how long it took to read.
    #[command(
        after_help = "Example:\n  arledger stats -f journals/demo.journal",
        after_long_help = include_str!("../../../docs/commands/stats.md")
    )]
    Stats,
}

/// `check` options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also require every account and commodity to be declared.
    #[arg(long)]
    pub strict: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// Filters shared by the reports.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Query terms: account regexes, `not:`, `desc:`, `payee:`, `code:`, `tag:`, `date:`, `status:`.
    pub query: Vec<String>,
    /// Include postings on or after this date.
    #[arg(short = 'b', long = "begin", value_name = "DATE")]
    pub begin: Option<String>,
    /// Include postings before this date.
    #[arg(short = 'e', long = "end", value_name = "DATE")]
    pub end: Option<String>,
    /// Include postings in this period (`2026`, `2026-01`, `2026q1`, `from A to B`).
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only cleared (`*`) postings.
    #[arg(short = 'C', long)]
    pub cleared: bool,
    /// Only pending (`!`) postings.
    #[arg(short = 'P', long)]
    pub pending: bool,
    /// Only unmarked postings.
    #[arg(short = 'U', long)]
    pub unmarked: bool,
    /// Leave out virtual postings.
    #[arg(short = 'R', long)]
    pub real: bool,
}

/// `balance` options.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Show accounts as a tree with sub-account totals.
    #[arg(long, conflicts_with = "flat")]
    pub tree: bool,
    /// Show each account's own balance (the default).
    #[arg(long)]
    pub flat: bool,
    /// Show accounts to this depth, summing deeper ones into them.
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Show accounts whose balance is zero.
    #[arg(short = 'E', long)]
    pub empty: bool,
    /// Leave out the total line.
    #[arg(short = 'N', long)]
    pub no_total: bool,
}

/// `accounts` options.
#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// Account name regexes (as in the query terms).
    pub query: Vec<String>,
    /// Only accounts declared with an `account` directive.
    #[arg(long, conflicts_with = "used")]
    pub declared: bool,
    /// Only accounts that have postings.
    #[arg(long)]
    pub used: bool,
}

/// Options shared by the accounts-receivable commands.
#[derive(Debug, Args)]
pub struct ArArgs {
    /// Report date (inclusive): only transactions dated on or before it count. Default: today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `collections` options.
#[derive(Debug, Args)]
pub struct CollectionsArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Dunning configuration file (TOML: level thresholds, sender).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `dunning` options.
#[derive(Debug, Args)]
pub struct DunningArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Dunning configuration file (TOML: level thresholds, sender).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory with templates overriding the shipped ones (level-1.md … level-final.html).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write one letter per customer into this directory instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Append a reminder record per item sent (and the late fees) to the first journal file.
    #[arg(long, conflicts_with = "dry_run")]
    pub record: bool,
    /// Show what would be sent and recorded; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Charge late fees on the items reminded: `1.5%/month` or `25 USD at level 3`.
    #[arg(long, value_name = "RULE")]
    pub late_fees: Option<String>,
    /// The income account of late fees.
    #[arg(long, value_name = "ACCOUNT", default_value = "Income:Late Fees")]
    pub fee_account: String,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `writeoff` options.
#[derive(Debug, Args)]
pub struct WriteoffArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Propose items more than this many days past due.
    #[arg(long, value_name = "DAYS")]
    pub older_than: i64,
    /// The expense account of the write-offs.
    #[arg(long, value_name = "ACCOUNT", default_value = "Expenses:Bad Debt")]
    pub account: String,
    /// Print the write-off transactions, ready to append to the journal.
    #[arg(long)]
    pub emit_journal: bool,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// How `kpi` computes DSO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DsoMethod {
    /// Closing AR / invoiced in the period × days in the period.
    Simple,
    /// Days of the latest invoicing that the closing AR covers, month by month back.
    Countback,
}

/// `kpi` options.
#[derive(Debug, Args)]
pub struct KpiArgs {
    /// The period (default: the year to date).
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: Option<String>,
    /// One row per day.
    #[arg(short = 'D', long, group = "every")]
    pub daily: bool,
    /// One row per week (Monday to Sunday).
    #[arg(short = 'W', long, group = "every")]
    pub weekly: bool,
    /// One row per month.
    #[arg(short = 'M', long, group = "every")]
    pub monthly: bool,
    /// One row per quarter.
    #[arg(short = 'Q', long, group = "every")]
    pub quarterly: bool,
    /// The DSO method.
    #[arg(long, value_enum, default_value_t = DsoMethod::Simple)]
    pub dso: DsoMethod,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `forecast` options.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// How many weeks to forecast.
    #[arg(long, value_name = "N", default_value_t = 13)]
    pub weeks: u32,
}

/// What `diff` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffWhat {
    /// Items created, paid, changed, deleted.
    Items,
    /// Account balances that moved.
    Balance,
    /// Aging rows that changed.
    Aging,
}

/// `diff` options: `REV1 [REV2] WHAT`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older revision.
    pub rev1: String,
    /// `[REV2] aging|balance|items` (REV2 defaults to the working tree).
    #[arg(num_args = 1..=2, required = true, value_name = "[REV2] WHAT")]
    pub rest: Vec<String>,
    /// Report date for items and aging (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

impl DiffArgs {
    /// The newer revision (none: the working tree) and what to compare.
    pub fn resolve(&self) -> Result<(Option<String>, DiffWhat), crate::Failure> {
        let (rev2, what) = match self.rest.as_slice() {
            [what] => (None, what),
            [rev2, what] => (Some(rev2.clone()), what),
            _ => {
                return Err(crate::Failure::Usage(
                    "usage: arledger diff REV1 [REV2] aging|balance|items".into(),
                ))
            }
        };
        let what = DiffWhat::from_str(what, true).map_err(|_| {
            crate::Failure::Usage(format!(
                "`diff` compares aging, balance or items, not `{what}`"
            ))
        })?;
        Ok((rev2, what))
    }
}

/// Which report pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PackKind {
    /// The report date.
    Daily,
    /// The seven days ending on the report date.
    Weekly,
    /// The month of the report date, up to it.
    Monthly,
}

/// `report` options.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// daily, weekly or monthly.
    #[arg(value_enum)]
    pub kind: PackKind,
    /// The report date (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `site` options.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write the pages into (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
}

/// `rollforward` options.
#[derive(Debug, Args)]
pub struct RollforwardArgs {
    /// The period: a month (2026-01), a quarter (2026q1), a year, or `A..B`.
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `close` options.
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The month to close (`2026-01`).
    pub period: String,
    /// Unapplied credits older than this many days at the month end fail the close.
    #[arg(long, value_name = "DAYS", default_value_t = 60)]
    pub credit_age: i64,
    /// Show the report and the close record without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// The month's bank statement (CSV): the bank account must reconcile for the month.
    #[arg(long, value_name = "FILE", requires = "account")]
    pub statement: Option<PathBuf>,
    /// The bank account the statement is for.
    #[arg(long, value_name = "ACCOUNT", requires = "statement")]
    pub account: Option<String>,
    /// The statement's rules file (see `arledger help reconcile`).
    #[arg(long, value_name = "FILE", requires = "statement")]
    pub rules: Option<PathBuf>,
    /// Days a statement line and its posting may be apart.
    #[arg(long, value_name = "DAYS", default_value_t = 3)]
    pub window: u32,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// What `aging` ages items by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgeByArg {
    /// Days past the due date.
    Due,
    /// Days since the invoice date.
    Date,
}

/// `aging` options.
#[derive(Debug, Args)]
pub struct AgingArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Bucket edges in days.
    #[arg(long, value_name = "EDGES", default_value = "30,60,90")]
    pub buckets: String,
    /// Age by due date (default) or invoice date.
    #[arg(long, value_enum, default_value_t = AgeByArg::Due)]
    pub by: AgeByArg,
    /// One row per open item instead of one per customer.
    #[arg(long)]
    pub detail: bool,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `invoices` options.
#[derive(Debug, Args)]
pub struct InvoicesArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Only items with an amount open.
    #[arg(long, group = "selection")]
    pub open: bool,
    /// Only open invoices past their due date.
    #[arg(long, group = "selection")]
    pub overdue: bool,
    /// Only settled items.
    #[arg(long, group = "selection")]
    pub paid: bool,
    /// The history of one item (its reference): movements, reminders, promises, disputes.
    #[arg(long, value_name = "ITEM", group = "selection")]
    pub history: Option<String>,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `customers` options.
#[derive(Debug, Args)]
pub struct CustomersArgs {
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `statement` options.
#[derive(Debug, Args)]
pub struct StatementArgs {
    /// The customer: its id, or a regular expression matching one customer's id or name.
    pub customer: String,
    /// First day of the period.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Last day of the period (inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `reconcile` options: what to reconcile with.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// What to reconcile.
    #[command(subcommand)]
    pub command: ReconcileCommand,
}

/// The `reconcile` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReconcileCommand {
    /// Match a bank statement (CSV) with the postings of a bank account.
    #[command(
        after_help = "Example:\n  arledger reconcile bank -f books.journal --statement bank.csv --account Assets:Bank:Checking --rules bank.rules",
        after_long_help = include_str!("../../../docs/commands/reconcile.md")
    )]
    Bank(BankArgs),
    /// Compare a customer's own records (their payables export, CSV) with our items.
    #[command(
        after_help = "Example:\n  arledger reconcile customer -f books.journal Acme --their acme-ap.csv --date 2026-03-31",
        after_long_help = include_str!("../../../docs/commands/reconcile.md")
    )]
    Customer(CustomerReconArgs),
    /// Compare the AR subledger with the general ledger's control account, month by month.
    #[command(
        after_help = "Example:\n  arledger reconcile control -f ar.journal --gl gl.journal --account \"Assets:Accounts Receivable\"",
        after_long_help = include_str!("../../../docs/commands/reconcile.md")
    )]
    Control(ControlArgs),
}

/// `reconcile customer` options.
#[derive(Debug, Args)]
pub struct CustomerReconArgs {
    /// The customer: its id, or a regular expression matching one customer's id or name.
    pub customer: String,
    /// The customer's export: CSV with reference, date, amount and paid columns.
    #[arg(long, value_name = "FILE")]
    pub their: PathBuf,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
}

/// `reconcile control` options.
#[derive(Debug, Args)]
pub struct ControlArgs {
    /// The general-ledger journal holding the control account.
    #[arg(long, value_name = "FILE")]
    pub gl: PathBuf,
    /// The control account in the general ledger (its sub-accounts included).
    #[arg(long, value_name = "ACCOUNT")]
    pub account: String,
    /// Shared AR options (--date: the last month end compared; default today).
    #[command(flatten)]
    pub ar: ArArgs,
}

/// `reconcile bank` options.
#[derive(Debug, Args)]
pub struct BankArgs {
    /// The bank statement, a CSV file.
    #[arg(long, value_name = "FILE")]
    pub statement: PathBuf,
    /// The bank account in the journal (its own postings, not its sub-accounts).
    #[arg(long, value_name = "ACCOUNT")]
    pub account: String,
    /// How the statement's columns are laid out (default: a header with date, description and
    /// amount).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// First day of the period (default: the statement's first date).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the period, inclusive (default: the statement's last date).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// How many days a statement line and its posting may be apart.
    #[arg(long, value_name = "DAYS", default_value_t = 3)]
    pub window: u32,
    /// Print payment transactions for the deposits that are not booked, instead of the report.
    #[arg(long)]
    pub emit_journal: bool,
    /// The account for deposits whose customer cannot be told (--emit-journal).
    #[arg(
        long,
        value_name = "ACCOUNT",
        default_value = "Liabilities:Unidentified Receipts"
    )]
    pub suspense_account: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}
