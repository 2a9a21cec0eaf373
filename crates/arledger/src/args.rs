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
    /// When to colour messages (diagnostics, usage errors, help). `auto` follows NO_COLOR,
    /// CLICOLOR, CLICOLOR_FORCE and TERM.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    /// Show amounts at market value: each commodity in the commodity of its latest `P` price
    /// on the valuation date (the end of each report period, else of the journal).
    #[arg(short = 'V', long = "market", global = true)]
    pub market: bool,
    /// Show amounts converted to COMMODITY with `P` prices (direct, reversed or chained) on
    /// the valuation date.
    #[arg(
        short = 'X',
        long = "exchange",
        global = true,
        value_name = "COMMODITY"
    )]
    pub exchange: Option<String>,
    /// Show amounts at their cost (`@`/`@@`).
    #[arg(short = 'B', long = "cost", global = true)]
    pub cost: bool,
    /// hledger's `--value`: `cost`, `end` (as -V) or `end,COMMODITY` (as -X).
    #[arg(long = "value", global = true, value_name = "TYPE")]
    pub value: Option<String>,
}

/// A valuation asked for on the command line, before its commodity is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValuationFlag {
    /// `-B`.
    Cost,
    /// `-V`.
    Market,
    /// `-X COMMODITY`.
    Exchange(String),
}

impl Global {
    /// The valuation asked for (`-B`, `-V`, `-X`, `--value`); more than one is a usage error,
    /// and so is a `--value` type other than `cost`, `end` and `end,COMMODITY`.
    pub fn valuation(&self) -> Result<Option<ValuationFlag>, String> {
        let mut given = Vec::new();
        if self.cost {
            given.push(ValuationFlag::Cost);
        }
        if self.market {
            given.push(ValuationFlag::Market);
        }
        if let Some(c) = &self.exchange {
            given.push(ValuationFlag::Exchange(c.clone()));
        }
        if let Some(v) = &self.value {
            given.push(match v.split_once(',') {
                None if v == "cost" => ValuationFlag::Cost,
                None if v == "end" => ValuationFlag::Market,
                Some(("end", c)) if !c.is_empty() => ValuationFlag::Exchange(c.to_string()),
                _ => {
                    return Err(format!(
                        "--value {v}: expected cost, end or end,COMMODITY (then, now and dates \
                         are not supported)"
                    ))
                }
            });
        }
        match given.len() {
            0 | 1 => Ok(given.pop()),
            _ => Err("give one of -B, -V, -X and --value".into()),
        }
    }
}

/// Color choice for messages (see `crate::color`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color on a terminal that supports it, unless NO_COLOR is set or CLICOLOR=0; always
    /// with CLICOLOR_FORCE.
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
    #[value(alias = "txt")]
    Text,
    /// CSV (RFC 4180) for spreadsheets and scripts.
    Csv,
    /// JSON for programs (docs/json.md).
    Json,
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
    /// PDF (documents only; written to the `-o` file).
    Pdf,
}

impl Format {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name's extension asks for (`.txt .csv .json .md .html`), as hledger
    /// infers it for `-o`.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "md" | "markdown" => Format::Md,
            "html" | "htm" => Format::Html,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// A value parser accepting exactly `formats` (and listing only them in `--help`).
fn formats(formats: &'static [Format]) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(formats.iter().filter_map(|f| f.to_possible_value()))
        .try_map(|s| Format::from_str(&s, true))
}

/// What a command's `-O`/`-o` asked for, with the formats the command writes.
#[derive(Clone, Copy, Debug)]
pub struct OutputRequest<'a> {
    /// `-O`, if given.
    pub format: Option<Format>,
    /// `-o`, if given.
    pub file: Option<&'a std::path::Path>,
    /// The formats the command writes (the first is the default).
    pub formats: &'static [Format],
}

/// Declares the `-O FORMAT`/`-o FILE` options of commands that write `formats`.
macro_rules! output_options {
    ($(#[$doc:meta])* $name:ident: $($format:ident)|+) => {
        $(#[$doc])*
        #[derive(Debug, Args)]
        pub struct $name {
            /// Output format (default: text, or what the extension of the -o file says).
            #[arg(short = 'O', long = "output-format", value_name = "FORMAT",
                  value_parser = formats(Self::FORMATS))]
            pub format: Option<Format>,
            /// Write the output to FILE (replaced atomically) instead of standard output; its
            /// extension (.txt .csv .json .md .html .pdf) gives the format unless -O does.
            #[arg(short = 'o', long = "output-file", value_name = "FILE")]
            pub file: Option<PathBuf>,
        }

        impl $name {
            /// The formats the command writes.
            pub const FORMATS: &'static [Format] = &[$(Format::$format),+];

            /// What was asked for.
            pub fn request(&self) -> OutputRequest<'_> {
                OutputRequest {
                    format: self.format,
                    file: self.file.as_deref(),
                    formats: Self::FORMATS,
                }
            }
        }
    };
}

output_options!(
    /// Output options of the reports that are one table (or a table with notes).
    TableOutput: Text | Csv | Json | Md | Html
);
output_options!(
    /// Output options of the lists of names (payees, codes, tags, descriptions).
    NamesOutput: Text | Csv | Json
);
output_options!(
    /// Output options of the reports that are documents without a CSV form.
    DocOutput: Text | Md | Html | Json
);
output_options!(
    /// Output options of `statement`: a document, or its activity as CSV.
    StatementOutput: Text | Md | Html | Pdf | Csv | Json
);
output_options!(
    /// Output options of `invoice`: the document for people, or as PDF.
    InvoiceOutput: Text | Md | Html | Pdf
);
output_options!(
    /// Output options of `dunning`: the letters as documents.
    LetterOutput: Text | Md | Html | Pdf
);
output_options!(
    /// Output options of `close` and `stats`: text, or JSON.
    TextJsonOutput: Text | Json
);
output_options!(
    /// Output options of `print`: journal text.
    JournalOutput: Text
);

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
    /// Check the journal: syntax, balancing, balance assertions, AR rules, and the named checks.
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
    Register(RegisterArgs),
    /// Print transactions back as normalised journal text, every amount explicit.
    #[command(
        after_help = "Example:\n  arledger print -f journals/demo.journal desc:Acme",
        after_long_help = include_str!("../../../docs/commands/print.md")
    )]
    Print(PrintArgs),
    /// List account names.
    #[command(
        after_help = "Example:\n  arledger accounts -f journals/demo.journal receivable",
        after_long_help = include_str!("../../../docs/commands/accounts.md")
    )]
    Accounts(AccountsArgs),
    /// List payees: declared with `payee` directives, or used in transactions.
    #[command(
        after_help = "Example:\n  arledger payees -f journals/demo.journal receivable",
        after_long_help = include_str!("../../../docs/commands/payees.md")
    )]
    Payees(PayeesArgs),
    /// List the transaction descriptions, sorted and without repeats.
    #[command(
        after_help = "Example:\n  arledger descriptions -f journals/demo.journal desc:acme",
        after_long_help = include_str!("../../../docs/commands/descriptions.md")
    )]
    Descriptions(DescriptionsArgs),
    /// List transaction codes in date order.
    #[command(
        after_help = "Example:\n  arledger codes -f journals/demo.journal code:^INV -p 2026q1",
        after_long_help = include_str!("../../../docs/commands/codes.md")
    )]
    Codes(CodesArgs),
    /// List tag names (or values) used by transactions, postings and their accounts.
    #[command(
        after_help = "Example:\n  arledger tags -f journals/demo.journal --values '^terms$'",
        after_long_help = include_str!("../../../docs/commands/tags.md")
    )]
    Tags(TagsArgs),
    /// List commodities.
    #[command(
        after_help = "Example:\n  arledger commodities -f journals/demo.journal",
        after_long_help = include_str!("../../../docs/commands/commodities.md")
    )]
    Commodities(CommoditiesArgs),
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
    /// The document of an invoice or credit memo: letterhead, bill-to, lines, tax, totals.
    #[command(
        after_help = "Example:\n  arledger invoice INV-1043 -f books.journal -o INV-1043.pdf",
        after_long_help = include_str!("../../../docs/commands/invoice.md")
    )]
    Invoice(InvoiceArgs),
    /// The vendor information sheet customers ask for: legal name, tax id, remit-to, bank.
    #[command(
        name = "vendor-form",
        after_help = "Example:\n  arledger vendor-form -f books.journal -o vendor-form.pdf",
        after_long_help = include_str!("../../../docs/commands/vendor-form.md")
    )]
    VendorForm(VendorFormArgs),
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
    /// The allowance for doubtful accounts: required by aging rates and specific reserves,
    /// against the allowance account's balance.
    #[command(
        after_help = "Example:\n  arledger allowance -f books.journal --date 2026-06-30 --rates \"current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%\"",
        after_long_help = include_str!("../../../docs/commands/allowance.md")
    )]
    Allowance(AllowanceArgs),
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
    /// Realised FX gains and losses of a period: payments of foreign-currency invoices.
    #[command(
        after_help = "Example:\n  arledger fx -f tests/fixtures/ar-depth/books.journal -p 2026q1",
        after_long_help = include_str!("../../../docs/commands/fx.md")
    )]
    Fx(FxArgs),
    /// Tax-exemption certificates of customers: expiry, and untaxed invoices after it.
    #[command(
        after_help = "Example:\n  arledger certificates -f tests/fixtures/ar-depth/books.journal --within 60",
        after_long_help = include_str!("../../../docs/commands/certificates.md")
    )]
    Certificates(CertificatesArgs),
    /// Purchase orders: what each authorises, what its invoices billed, what is left.
    #[command(
        after_help = "Example:\n  arledger po -f tests/fixtures/ar-depth/books.journal",
        after_long_help = include_str!("../../../docs/commands/po.md")
    )]
    Po(PoArgs),
    /// Sales tax of a period per tax account: invoiced and collected.
    #[command(
        after_help = "Example:\n  arledger tax -f tests/fixtures/ar-depth/books.journal -p 2026q1",
        after_long_help = include_str!("../../../docs/commands/tax.md")
    )]
    Tax(TaxArgs),
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
    /// Record an invoice, credit memo, payment or write-off (through the safe writer).
    #[command(
        after_help = "Example:\n  arledger add invoice -f books.journal --customer Acme --line 'Design=2@150.00' --dry-run",
        after_long_help = include_str!("../../../docs/commands/add.md")
    )]
    Add(crate::commands::add::AddArgs),
    /// Import bank CSV lines (hledger rules) or QuickBooks/Xero exports into the books.
    #[command(
        after_help = "Example:\n  arledger import -f books.journal bank.csv --rules bank.rules --dry-run",
        after_long_help = include_str!("../../../docs/import.md")
    )]
    Import(crate::commands::import::ImportArgs),
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
    Stats(StatsArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Example:\n  arledger completions bash > ~/.local/share/bash-completion/completions/arledger",
        after_long_help = include_str!("../../../docs/commands/completions.md")
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`: arledger(1), or a command's.
    #[command(
        after_help = "Example:\n  arledger man > ~/.local/share/man/man1/arledger.1",
        after_long_help = include_str!("../../../docs/commands/man.md")
    )]
    Man(ManArgs),
}

/// `man` options.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`check` gives arledger-check(1)); none: arledger(1).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// `completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `check` options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// hledger's named checks to run besides the default ones: accounts, commodities, payees,
    /// ordereddates, uniqueleafnames, balancednoautoconversion (a unique prefix will do).
    #[arg(value_name = "CHECK")]
    pub checks: Vec<String>,
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
    /// Query terms (docs/queries.md): account regexes, `acct: amt: code: cur: date: date2:
    /// depth: desc: expr: not: note: payee: real: status: tag: type:`.
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

/// hledger's report interval and row flags, shared by `balance` and `register`.
#[derive(Debug, Args)]
pub struct ReportFlags {
    /// One column (balance) or group (register) per day.
    #[arg(short = 'D', long, group = "interval")]
    pub daily: bool,
    /// Per week (Monday to Sunday).
    #[arg(short = 'W', long, group = "interval")]
    pub weekly: bool,
    /// Per month.
    #[arg(short = 'M', long, group = "interval")]
    pub monthly: bool,
    /// Per quarter.
    #[arg(short = 'Q', long, group = "interval")]
    pub quarterly: bool,
    /// Per year.
    #[arg(short = 'Y', long, group = "interval")]
    pub yearly: bool,
    /// Negate every amount (income as positive numbers).
    #[arg(long)]
    pub invert: bool,
    /// Group by the value of this tag (on the posting, else its transaction) instead of by
    /// account; postings without it go under an empty name.
    #[arg(long, value_name = "TAG")]
    pub pivot: Option<String>,
}

impl ReportFlags {
    /// The interval flag given, if any.
    pub fn interval(&self) -> Option<arledger_report::Interval> {
        use arledger_report::{Interval, Unit};
        [
            (self.daily, Unit::Day),
            (self.weekly, Unit::Week),
            (self.monthly, Unit::Month),
            (self.quarterly, Unit::Quarter),
            (self.yearly, Unit::Year),
        ]
        .into_iter()
        .find_map(|(on, u)| on.then(|| Interval::every(u)))
    }
}

/// `register` options.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Interval, --invert, --pivot.
    #[command(flatten)]
    pub report: ReportFlags,
    /// Show account names to this depth (with an interval: sum deeper accounts into them).
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// With an interval, also show accounts whose movement in a period is zero.
    #[arg(short = 'E', long)]
    pub empty: bool,
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
}

/// `print` options.
#[derive(Debug, Args)]
pub struct PrintArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// -O and -o.
    #[command(flatten)]
    pub output: JournalOutput,
}

/// `commodities` options.
#[derive(Debug, Args)]
pub struct CommoditiesArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
}

/// `stats` options.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TextJsonOutput,
}

impl FilterArgs {
    /// Whether any query term or filter flag was given.
    pub fn any(&self) -> bool {
        !self.query.is_empty()
            || self.begin.is_some()
            || self.end.is_some()
            || self.period.is_some()
            || self.cleared
            || self.pending
            || self.unmarked
            || self.real
    }
}

/// `balance` options.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// Interval, --invert, --pivot.
    #[command(flatten)]
    pub report: ReportFlags,
    /// Show end balances (postings before the report period included) instead of changes.
    #[arg(short = 'H', long)]
    pub historical: bool,
    /// Sort rows by amount, largest first (in a tree, siblings among themselves).
    #[arg(short = 'S', long = "sort-amount")]
    pub sort_amount: bool,
}

/// `accounts` options.
#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// Query terms (see docs/queries.md): account regexes, `depth:N` to cut names, ….
    pub query: Vec<String>,
    /// Only accounts declared with an `account` directive.
    #[arg(long, conflicts_with = "used")]
    pub declared: bool,
    /// Only accounts that have postings.
    #[arg(long)]
    pub used: bool,
}

/// `descriptions` options.
#[derive(Debug, Args)]
pub struct DescriptionsArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: NamesOutput,
    /// Filters: only descriptions of the transactions they select.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// `payees` options.
#[derive(Debug, Args)]
pub struct PayeesArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: NamesOutput,
    /// Filters: only payees of the transactions they select.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only payees declared with a `payee` directive.
    #[arg(long, conflicts_with = "used")]
    pub declared: bool,
    /// Only payees of transactions.
    #[arg(long)]
    pub used: bool,
}

/// `codes` options.
#[derive(Debug, Args)]
pub struct CodesArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: NamesOutput,
    /// Filters: only codes of the transactions they select.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Show a blank line for each transaction without a code.
    #[arg(short = 'E', long)]
    pub empty: bool,
}

/// `tags` options: `[TAGREGEX [QUERY]...]`.
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: NamesOutput,
    /// Only tag names matching this regular expression (case-insensitive).
    #[arg(value_name = "TAGREGEX")]
    pub tag: Option<String>,
    /// Filters: only tags of the transactions they select.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// List the tags' values instead of their names.
    #[arg(long)]
    pub values: bool,
    /// In the order read, repeats kept (instead of sorted and unique).
    #[arg(long)]
    pub parsed: bool,
    /// With --values, show empty values too.
    #[arg(short = 'E', long)]
    pub empty: bool,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: LetterOutput,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Dunning configuration file (TOML: level thresholds, sender).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory of document templates overriding the shipped ones and the books' own
    /// (document.md, dunning-1.html …; default: `[documents] templates` of arledger.toml).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// --eml and --send.
    #[command(flatten)]
    pub mail: MailArgs,
    /// Write one letter per customer into this directory instead of standard output.
    #[arg(long, value_name = "DIR", conflicts_with = "file")]
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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

/// `allowance` options.
#[derive(Debug, Args)]
pub struct AllowanceArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// A rate per aging bucket, e.g. "current=1%,1-30=5%,31-60=15%,61-90=40%,over-90=75%"
    /// (default: `[allowance.rates]` in arledger.toml).
    #[arg(long, value_name = "RATES")]
    pub rates: Option<String>,
    /// Print the adjusting entry for the difference, ready to append to the journal.
    #[arg(long)]
    pub emit_journal: bool,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: DocOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// The period: a month (2026-01), a quarter (2026q1), a year, or `A..B`.
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `fx` options.
#[derive(Debug, Args)]
pub struct FxArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// The period: a month (2026-01), a quarter (2026q1), a year, or `A..B`.
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `certificates` options.
#[derive(Debug, Args)]
pub struct CertificatesArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Only certificates expired or expiring within N days of the report date (without it:
    /// every certificate, `expiring` meaning within 30 days).
    #[arg(long, value_name = "N")]
    pub within: Option<u32>,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `po` options.
#[derive(Debug, Args)]
pub struct PoArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `tax` options.
#[derive(Debug, Args)]
pub struct TaxArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// The period: a month (2026-01), a quarter (2026q1), a year, or `A..B`.
    #[arg(short = 'p', long = "period", value_name = "PERIOD")]
    pub period: String,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `close` options.
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TextJsonOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// Group rows by the value of this tag: on the invoice's posting, else its transaction,
    /// else the customer's `account` directive; items without it go under an empty name.
    #[arg(long, value_name = "TAG")]
    pub pivot: Option<String>,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
}

/// `invoices` options.
#[derive(Debug, Args)]
pub struct InvoicesArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
    /// Shared AR options.
    #[command(flatten)]
    pub ar: ArArgs,
    /// Only customers whose id or name matches this regular expression (case-insensitive).
    pub customer: Option<String>,
    /// One customer's history instead (its id, or a regular expression matching one
    /// customer): days to pay by month, promises, disputes, returned payments.
    #[arg(long, value_name = "CUSTOMER", conflicts_with = "customer")]
    pub history: Option<String>,
}

/// `statement` options.
#[derive(Debug, Args)]
pub struct StatementArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: StatementOutput,
    /// The customer: its id, or a regular expression matching one customer's id or name.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub customer: Option<String>,
    /// Every customer with a balance or activity in the period, one file each into the
    /// directory given with -o (or one e-mail each with --eml/--send).
    #[arg(long)]
    pub all: bool,
    /// --eml and --send.
    #[command(flatten)]
    pub mail: MailArgs,
    /// First day of the period (default: the first day of the month of --to).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the period, inclusive: the statement date (default: the end of the month
    /// of --date).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Without --from/--to: the statement covers the month of this date (default: today).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `--eml DIR` and `--send` of the commands that make documents (docs/documents.md).
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Write each document as an e-mail (RFC 5322 .eml, the PDF attached) to the customer's
    /// `email:` into DIR instead of printing it.
    #[arg(long, value_name = "DIR", conflicts_with = "send")]
    pub eml: Option<PathBuf>,
    /// Send each document by e-mail over SMTP ([smtp] in arledger.toml); what was sent is
    /// recorded in arledger-sent.csv beside the books and never sent twice.
    #[arg(long)]
    pub send: bool,
}

impl MailArgs {
    /// Whether the documents are to be e-mailed.
    pub fn wanted(&self) -> bool {
        self.eml.is_some() || self.send
    }
}

/// `invoice` options.
#[derive(Debug, Args)]
pub struct InvoiceArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: InvoiceOutput,
    /// The invoice or credit memo number: a transaction code, or an invoice reference.
    pub number: String,
    /// --eml and --send.
    #[command(flatten)]
    pub mail: MailArgs,
    /// Paid to date and balance due as of this date (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Accounts strictly below this account are customers.
    #[arg(long, value_name = "ACCOUNT", default_value = "Assets:Receivable")]
    pub receivable_root: String,
}

/// `vendor-form` options.
#[derive(Debug, Args)]
pub struct VendorFormArgs {
    /// -O and -o.
    #[command(flatten)]
    pub output: InvoiceOutput,
    /// The date printed on the sheet (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
    /// -O and -o.
    #[command(flatten)]
    pub output: TableOutput,
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
