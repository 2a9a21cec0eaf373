//! One module per command; each turns validated options into report data and renders it.

mod accounts;
pub mod add;
mod aging;
mod allowance;
mod balance;
mod certificates;
mod check;
mod close;
mod codes;
mod collections;
mod commodities;
mod customers;
mod descriptions;
mod diff;
mod dunning;
pub mod fmt;
mod forecast;
mod fx;
pub mod import;
mod invoice;
mod invoices;
mod kpi;
pub mod lsp;
mod payees;
mod po;
mod print;
pub mod reconcile;
mod register;
pub mod report;
mod rollforward;
mod shell;
mod site;
mod statement;
mod stats;
mod tags;
mod tax;
mod vendor_form;
mod writeoff;

use arledger_report::{Period, PeriodExpr, Query};

use std::path::PathBuf;

use arledger_report::table::{Block, Document, Table};

use crate::args::{
    Cli, Command, FilterArgs, Format, OutputRequest, ReconcileCommand, ValuationFlag,
};
use crate::config::Config;
use crate::session::Session;
use crate::Failure;

/// The `-O`/`-o` of the command, and its name for messages (`None`: it has no such options).
fn output_request(command: &Command) -> Option<(&'static str, OutputRequest<'_>)> {
    Some(match command {
        Command::Check(_)
        | Command::Site(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Add(_)
        | Command::Import(_)
        | Command::Fmt(_)
        | Command::Lsp(_) => return None,
        Command::Balance(a) => ("balance", a.output.request()),
        Command::Register(a) => ("register", a.output.request()),
        Command::Print(a) => ("print", a.output.request()),
        Command::Accounts(a) => ("accounts", a.output.request()),
        Command::Commodities(a) => ("commodities", a.output.request()),
        Command::Payees(a) => ("payees", a.output.request()),
        Command::Descriptions(a) => ("descriptions", a.output.request()),
        Command::Codes(a) => ("codes", a.output.request()),
        Command::Tags(a) => ("tags", a.output.request()),
        Command::Aging(a) => ("aging", a.output.request()),
        Command::Invoices(a) => ("invoices", a.output.request()),
        Command::Customers(a) => ("customers", a.output.request()),
        Command::Statement(a) => ("statement", a.output.request()),
        Command::Invoice(a) => ("invoice", a.output.request()),
        Command::VendorForm(a) => ("vendor-form", a.output.request()),
        Command::Collections(a) => ("collections", a.output.request()),
        Command::Dunning(a) => ("dunning", a.output.request()),
        Command::Writeoff(a) => ("writeoff", a.output.request()),
        Command::Allowance(a) => ("allowance", a.output.request()),
        Command::Kpi(a) => ("kpi", a.output.request()),
        Command::Forecast(a) => ("forecast", a.output.request()),
        Command::Diff(a) => ("diff", a.output.request()),
        Command::Report(a) => ("report", a.output.request()),
        Command::Rollforward(a) => ("rollforward", a.output.request()),
        Command::Fx(a) => ("fx", a.output.request()),
        Command::Certificates(a) => ("certificates", a.output.request()),
        Command::Po(a) => ("po", a.output.request()),
        Command::Tax(a) => ("tax", a.output.request()),
        Command::Close(a) => ("close", a.output.request()),
        Command::Reconcile(a) => match &a.command {
            ReconcileCommand::Bank(b) => ("reconcile bank", b.output.request()),
            ReconcileCommand::Customer(c) => ("reconcile customer", c.output.request()),
            ReconcileCommand::Control(c) => ("reconcile control", c.output.request()),
        },
        Command::Stats(a) => ("stats", a.output.request()),
    })
}

/// The output of `command`: the format and file its `-O` and `-o` ask for (standard text for
/// commands without them); a format the command cannot write is a usage error.
pub fn output(command: &Command) -> Result<Output, Failure> {
    match output_request(command) {
        Some((name, request)) => Output::resolve(name, request),
        None => Ok(Output::standard()),
    }
}

/// Runs the command of `cli` with its validated configuration `g`, appending its standard
/// output to `out` — or, with `-o FILE`, writing it to the file (also when the command found
/// what it reports, exit 1).
pub fn run(cli: &Cli, s: &mut Session, out: &mut String) -> Result<(), Failure> {
    let valued = &s.config.valuation;
    let values = matches!(cli.command, Command::Balance(_) | Command::Register(_));
    let exchanges = matches!(cli.command, Command::Aging(_));
    match valued {
        Some(ValuationFlag::Exchange(_)) if exchanges => {}
        Some(_) if exchanges => {
            return Err(Failure::Usage(
                "aging values open items with -X COMMODITY only (not -B or -V)".into(),
            ))
        }
        Some(_) if !values => {
            return Err(Failure::Usage(
                "valuation (-B, -V, -X, --value) is supported by balance and register, and -X \
                 by aging"
                    .into(),
            ))
        }
        _ => {}
    }
    let o = &s.config.output.clone();
    let result = match &cli.command {
        Command::Check(a) => check::run(s, a, out),
        Command::Balance(a) => balance::run(s, a, o, out),
        Command::Register(a) => register::run(s, a, o, out),
        Command::Print(a) => print::run(s, a, out),
        Command::Accounts(a) => accounts::run(s, a, o, out),
        Command::Commodities(_) => commodities::run(s, o, out),
        Command::Payees(a) => payees::run(s, a, o, out),
        Command::Descriptions(a) => descriptions::run(s, a, o, out),
        Command::Codes(a) => codes::run(s, a, o, out),
        Command::Tags(a) => tags::run(s, a, o, out),
        Command::Aging(a) => aging::run(s, a, o, out),
        Command::Invoices(a) => invoices::run(s, a, o, out),
        Command::Customers(a) => customers::run(s, a, o, out),
        Command::Statement(a) => statement::run(s, a, o, out),
        Command::Invoice(a) => invoice::run(s, a, o, out),
        Command::VendorForm(a) => vendor_form::run(&s.config, a, o, out),
        Command::Collections(a) => collections::run(s, a, o, out),
        Command::Dunning(a) => dunning::run(s, a, o, out),
        Command::Writeoff(a) => writeoff::run(s, a, o, out),
        Command::Kpi(a) => kpi::run(s, a, o, out),
        Command::Forecast(a) => forecast::run(s, a, o, out),
        Command::Diff(a) => diff::run(s, a, o, out),
        Command::Report(a) => report::run(s, a, o, out),
        Command::Site(a) => site::run(s, a, out),
        Command::Rollforward(a) => rollforward::run(s, a, o, out),
        Command::Fx(a) => fx::run(s, a, o, out),
        Command::Certificates(a) => certificates::run(s, a, o, out),
        Command::Po(a) => po::run(s, a, o, out),
        Command::Tax(a) => tax::run(s, a, o, out),
        Command::Close(a) => close::run(s, a, o, out),
        Command::Reconcile(a) => reconcile::run(s, a, o, out),
        Command::Stats(_) => stats::run(s, o, out),
        Command::Add(a) => add::run(s, a, out),
        Command::Import(a) => import::run(s, a, out),
        Command::Fmt(a) => fmt::run(&s.config, a, out),
        Command::Lsp(a) => lsp::run(&s.config, a),
        Command::Allowance(a) => allowance::run(s, a, o, out),
        Command::Completions(a) => shell::completions(a, out),
        Command::Man(a) => shell::man(a, out),
    };
    // PDF is binary: the document commands write it to the file themselves.
    let written = o.format == Format::Pdf;
    if let (Some(path), Ok(()) | Err(Failure::Found), false) = (&o.file, &result, written) {
        // The report goes to the file or nowhere: never to standard output instead.
        let report = std::mem::take(out);
        crate::write::write_file(path, report.as_bytes())
            .map_err(|e| Failure::Journal(format!("error: {e}")))?;
    }
    result
}

/// How and where a command writes its report.
#[derive(Clone, Debug)]
pub struct Output {
    /// The format.
    pub format: Format,
    /// The width text is fitted to (`None`: no limit).
    pub width: Option<usize>,
    /// The file written instead of standard output.
    pub file: Option<PathBuf>,
    /// The command, as the title of Markdown and HTML pages of untitled tables.
    pub command: String,
}

impl Output {
    /// Text on standard output (commands without `-O`).
    pub fn standard() -> Output {
        Output {
            format: Format::Text,
            width: crate::render::terminal::columns(false),
            file: None,
            command: String::new(),
        }
    }

    /// The format asked for with `-O`, else the one the `-o` file's extension names, else
    /// text; a format the command cannot write is a usage error.
    pub fn resolve(command: &str, r: OutputRequest) -> Result<Output, Failure> {
        let format = match (r.format, r.file) {
            (Some(f), _) => f,
            (None, Some(path)) => match Format::of_path(path) {
                Some(f) if r.formats.contains(&f) => f,
                Some(f) => {
                    let names: Vec<&str> = r.formats.iter().map(|f| f.name()).collect();
                    return Err(Failure::Usage(format!(
                        "`{command}` writes {}, not {} (asked for by the extension of {}; give -O to choose)",
                        names.join("|"),
                        f.name(),
                        path.display()
                    )));
                }
                None => Format::Text,
            },
            (None, None) => Format::Text,
        };
        Ok(Output {
            format,
            width: crate::render::terminal::columns(r.file.is_some()),
            file: r.file.map(PathBuf::from),
            command: command.to_string(),
        })
    }

    /// A list of names (accounts, commodities): in text one per line, in JSON an array of
    /// strings, otherwise a one-column table headed `column`.
    pub fn names(&self, column: &str, names: &[&str]) -> String {
        if self.format == Format::Json {
            return crate::render::json::print(&serde_json::json!(names));
        }
        let mut t = Table::new(vec![arledger_report::table::Column::text(column)]);
        // CSV has the column's name as its header, as hledger's lists do.
        t.header = self.format == Format::Csv;
        t.empty = None;
        for n in names {
            t.push(vec![(*n).into()]);
        }
        self.table(&t)
    }

    /// Fails unless the format is text: `what` prints journal text, which has no other format.
    pub fn journal_text(&self, what: &str) -> Result<(), Failure> {
        if self.format == Format::Text {
            Ok(())
        } else {
            Err(Failure::Usage(format!(
                "{what} prints journal text; it cannot be combined with -O {}",
                self.format.name()
            )))
        }
    }

    /// A table in the format: text fitted to the width; Markdown and HTML as a document
    /// titled with the table's title.
    pub fn table(&self, t: &Table) -> String {
        self.table_with_notes(t, &[])
    }

    /// A table and paragraphs of notes after it (text, Markdown, HTML; CSV and JSON are the
    /// table alone).
    pub fn table_with_notes(&self, t: &Table, notes: &[String]) -> String {
        use crate::render::{doc, json, table};
        match self.format {
            // Only the document commands accept PDF, and they do not come here.
            Format::Text | Format::Pdf => {
                let mut s = table::text(t, self.width);
                for n in notes {
                    let n = crate::render::terminal::visible_text(n);
                    let n = match self.width {
                        Some(w) => doc::wrap(&n, w),
                        None => n.trim_end_matches('\n').to_string(),
                    };
                    s.push('\n');
                    s.push_str(&n);
                    s.push('\n');
                }
                s
            }
            Format::Csv => table::csv(t),
            Format::Json => json::print(&json::table(t)),
            Format::Md | Format::Html => {
                let mut untitled = t.clone();
                let title = untitled.title.take();
                let mut d =
                    Document::new(title.unwrap_or_else(|| format!("arledger {}", self.command)));
                d.table(untitled);
                for n in notes {
                    d.para(n.clone());
                }
                match self.format {
                    Format::Md => doc::markdown(&d),
                    _ => doc::html(&d),
                }
            }
        }
    }

    /// Several tables: text and CSV one after the other with a blank line between, JSON an
    /// array of tables, Markdown and HTML a document with a section per table.
    pub fn tables(&self, tables: &[Table]) -> String {
        use crate::render::{json, table};
        match self.format {
            Format::Text | Format::Pdf => tables
                .iter()
                .map(|t| table::text(t, self.width))
                .collect::<Vec<_>>()
                .join("\n"),
            Format::Csv => tables.iter().map(table::csv).collect::<Vec<_>>().join("\n"),
            Format::Json => json::print(&serde_json::Value::Array(
                tables.iter().map(json::table).collect(),
            )),
            Format::Md | Format::Html => {
                let mut d = Document::new(
                    tables
                        .first()
                        .and_then(|t| t.title.clone())
                        .unwrap_or_else(|| format!("arledger {}", self.command)),
                );
                for (k, t) in tables.iter().enumerate() {
                    let mut t = t.clone();
                    let title = t.title.take();
                    if k > 0 {
                        d.heading(title.unwrap_or_default());
                    }
                    d.table(t);
                }
                self.document(&d)
            }
        }
    }

    /// A document in the format (CSV: each of its tables, separated by a blank line).
    pub fn document(&self, d: &Document) -> String {
        use crate::render::{doc, json, table};
        match self.format {
            Format::Text | Format::Pdf => doc::text(d, self.width),
            Format::Md => doc::markdown(d),
            Format::Html => doc::html(d),
            Format::Json => json::print(&doc::to_json(d)),
            Format::Csv => d
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(table::csv(t)),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// The valuation of the global flags, its commodity looked up in `j` (a commodity the
/// journal does not know is a usage error rather than amounts left unconverted).
pub fn valuation(
    g: &Config,
    j: &arledger_journal::Journal,
) -> Result<Option<arledger_report::Valuation>, Failure> {
    use crate::args::ValuationFlag;
    use arledger_report::Valuation;
    Ok(match g.valuation.clone() {
        None => None,
        Some(ValuationFlag::Cost) => Some(Valuation::Cost),
        Some(ValuationFlag::Market) => Some(Valuation::Market),
        Some(ValuationFlag::Exchange(c)) => {
            let id = j.commodities.get(&c).ok_or_else(|| {
                Failure::Usage(format!("-X {c}: the journal has no commodity {c}"))
            })?;
            Some(Valuation::Exchange(id))
        }
    })
}

/// Prepares `q` for `j`; a query the journal shows to be wrong (an unknown `WORD:` prefix) is
/// a usage error.
pub fn compile<'q>(
    q: &'q Query,
    j: &arledger_journal::Journal,
) -> Result<arledger_report::CompiledQuery<'q>, Failure> {
    q.compile(j).map_err(|e| Failure::Usage(e.to_string()))
}

/// The dates and report interval of the filter flags: `-b`, `-e` and `-p` together (their
/// intersection), relative to today.
pub fn report_period(g: &Config, f: &FilterArgs) -> Result<PeriodExpr, Failure> {
    let mut e = match &f.period {
        Some(p) => crate::input::period(g, p)?,
        None => PeriodExpr::default(),
    };
    let mut given = Period::default();
    if let Some(b) = &f.begin {
        given.begin = Some(crate::input::date(g, b)?);
    }
    if let Some(end) = &f.end {
        given.end = Some(crate::input::date(g, end)?);
    }
    e.period = e.period.and(given);
    Ok(e)
}

/// Builds the shared query from the filter flags and terms.
pub fn query(g: &Config, f: &FilterArgs) -> Result<Query, Failure> {
    Ok(query_undated(g, f)?.within(report_period(g, f)?.period))
}

/// The query of the filter flags and terms but `-b`, `-e` and `-p` (for reports whose
/// periods select dates: `balance -M`).
pub fn query_undated(g: &Config, f: &FilterArgs) -> Result<Query, Failure> {
    let usage = |e: &dyn std::fmt::Display| Failure::Usage(e.to_string());
    let mut q = Query::parse_at(&f.query, g.today).map_err(|e| usage(&e))?;
    use arledger_journal::Status;
    let statuses: Vec<Status> = [
        (f.cleared, Status::Cleared),
        (f.pending, Status::Pending),
        (f.unmarked, Status::Unmarked),
    ]
    .into_iter()
    .filter_map(|(on, s)| on.then_some(s))
    .collect();
    q = q.with_statuses(&statuses);
    if f.real {
        q = q.real_only();
    }
    Ok(q)
}
