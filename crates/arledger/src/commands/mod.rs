//! One module per command; each turns validated options into report data and renders it.

mod accounts;
mod aging;
mod ar;
mod balance;
mod check;
mod close;
mod collections;
mod commodities;
mod customers;
mod diff;
mod dunning;
pub mod fmt;
mod forecast;
mod invoices;
mod kpi;
pub mod lsp;
mod print;
pub mod reconcile;
mod register;
pub mod report;
mod rollforward;
mod site;
mod statement;
mod stats;
mod writeoff;

use arledger_report::{parse_date_arg, parse_period, Period, Query};

use crate::args::{Cli, Command, FilterArgs, Format};
use crate::Failure;

/// Runs the command of `cli`, appending its standard output to `out`.
pub fn run(cli: &Cli, out: &mut String) -> Result<(), Failure> {
    let g = &cli.global;
    if let Some(msg) = g.unimplemented_valuation() {
        return Err(Failure::Usage(msg.to_string()));
    }
    match &cli.command {
        Command::Check(a) => check::run(g, a, out),
        Command::Balance(a) => balance::run(g, a, out),
        Command::Register(a) => register::run(g, a, out),
        Command::Print(a) => print::run(g, a, out),
        Command::Accounts(a) => accounts::run(g, a, out),
        Command::Commodities => commodities::run(g, out),
        Command::Aging(a) => aging::run(g, a, out),
        Command::Invoices(a) => invoices::run(g, a, out),
        Command::Customers(a) => customers::run(g, a, out),
        Command::Statement(a) => statement::run(g, a, out),
        Command::Collections(a) => collections::run(g, a, out),
        Command::Dunning(a) => dunning::run(g, a, out),
        Command::Writeoff(a) => writeoff::run(g, a, out),
        Command::Kpi(a) => kpi::run(g, a, out),
        Command::Forecast(a) => forecast::run(g, a, out),
        Command::Diff(a) => diff::run(g, a, out),
        Command::Report(a) => report::run(g, a, out),
        Command::Site(a) => site::run(g, a, out),
        Command::Rollforward(a) => rollforward::run(g, a, out),
        Command::Close(a) => close::run(g, a, out),
        Command::Reconcile(a) => reconcile::run(g, a, out),
        Command::Fmt(a) => fmt::run(g, a, out),
        Command::Lsp(a) => lsp::run(g, a),
        Command::Stats => stats::run(g, out),
    }
}

/// Builds the shared query from the filter flags and terms.
pub fn query(f: &FilterArgs) -> Result<Query, Failure> {
    let usage = |e: &dyn std::fmt::Display| Failure::Usage(e.to_string());
    let mut q = Query::parse(&f.query).map_err(|e| usage(&e))?;
    let mut period = Period::default();
    if let Some(b) = &f.begin {
        period.begin = Some(parse_date_arg(b).map_err(|e| usage(&e))?);
    }
    if let Some(e) = &f.end {
        period.end = Some(parse_date_arg(e).map_err(|e| usage(&e))?);
    }
    if let Some(p) = &f.period {
        period = period.and(parse_period(p).map_err(|e| usage(&e))?);
    }
    q = q.within(period);
    use arledger_journal::Status;
    for (on, s) in [
        (f.cleared, Status::Cleared),
        (f.pending, Status::Pending),
        (f.unmarked, Status::Unmarked),
    ] {
        if on {
            q.statuses.push(s);
        }
    }
    q.real_only = f.real;
    Ok(q)
}

/// The formats of the table-like reports.
pub const TABLE_FORMATS: &[Format] = &[Format::Text, Format::Csv, Format::Json];

/// Fails with a usage error when a command does not offer the requested output format.
pub fn require_format(format: Format, allowed: &[Format], command: &str) -> Result<(), Failure> {
    if allowed.contains(&format) {
        Ok(())
    } else {
        let names: Vec<String> = allowed
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        Err(Failure::Usage(format!(
            "`{command}` supports -O {}",
            names.join("|")
        )))
    }
}

/// A report's arithmetic overflowed: a journal error, explained.
pub fn overflow(e: arledger_report::Overflow) -> Failure {
    Failure::Journal(format!("error: {e}"))
}

/// Writes a table of string cells as text (title, aligned columns), CSV (header + rows) or
/// JSON (an array of objects keyed by the header; `numeric` columns as numbers).
pub fn emit_records(
    format: Format,
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
    align: &[crate::render::table::Align],
    numeric: &[&str],
    out: &mut String,
) {
    match format {
        Format::Text | Format::Md | Format::Html => {
            out.push_str(&crate::render::terminal::visible_text(title));
            out.push_str("\n\n");
            if rows.is_empty() {
                out.push_str("Nothing to show.\n");
            } else {
                out.push_str(&crate::render::table::render(Some(header), rows, align));
            }
        }
        Format::Csv => {
            let records = std::iter::once(header.iter().map(|h| h.to_string()).collect::<Vec<_>>())
                .chain(rows.iter().cloned());
            out.push_str(&crate::render::csv(records, false));
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let m: serde_json::Map<String, serde_json::Value> = header
                        .iter()
                        .zip(r)
                        .map(|(k, v)| {
                            let value = match (numeric.contains(k), v.parse::<serde_json::Number>())
                            {
                                (true, Ok(n)) => serde_json::Value::Number(n),
                                (true, Err(_)) if v.is_empty() => serde_json::Value::Null,
                                _ => serde_json::Value::String(v.clone()),
                            };
                            (k.to_string(), value)
                        })
                        .collect();
                    serde_json::Value::Object(m)
                })
                .collect();
            out.push_str(&(serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"));
        }
    }
}

/// Writes a list of names: one per line, or a JSON array.
pub fn emit_names(format: Format, names: &[&str], out: &mut String) {
    match format {
        Format::Json => {
            out.push_str(&(serde_json::to_string_pretty(names).unwrap_or_default() + "\n"))
        }
        // CSV keeps the names exactly; text shows control characters escaped.
        Format::Csv => names.iter().for_each(|n| {
            out.push_str(n);
            out.push('\n');
        }),
        Format::Text | Format::Md | Format::Html => names.iter().for_each(|n| {
            out.push_str(&crate::render::terminal::visible(n));
            out.push('\n');
        }),
    }
}
