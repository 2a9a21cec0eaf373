//! Loading a journal for the accounts-receivable commands: the journal must be clean, then its
//! AR reading (customers, items) too; AR warnings are shown and do not stop the report.

use arledger_journal::{CommodityId, Journal, Loaded};
use arledger_report::ar::{open_items, ArOptions, OpenItems};
use arledger_report::parse_end_date_arg;
use arledger_report::table::{Money, Value};
use rust_decimal::Decimal;

use crate::args::{ArArgs, ErrorFormat, Global};
use crate::input::{journal_for_report, render_diagnostics, style};
use crate::Failure;

/// The journal and its open items at the report date.
pub fn load(g: &Global, a: &ArArgs) -> Result<(Loaded, OpenItems), Failure> {
    let as_of = match &a.date {
        Some(d) => parse_end_date_arg(d).map_err(|e| Failure::Usage(e.to_string()))?,
        None => crate::input::options(g)?.today,
    };
    let loaded = journal_for_report(g)?;
    let mut ar = open_items(
        &loaded.journal,
        &ArOptions {
            root: a.receivable_root.clone(),
            as_of,
        },
    );
    report_diagnostics(g, &loaded, &mut ar)?;
    Ok((loaded, ar))
}

/// Prints AR warnings (in file order); fails with the AR errors, if any.
pub fn report_diagnostics(g: &Global, loaded: &Loaded, ar: &mut OpenItems) -> Result<(), Failure> {
    ar.diagnostics
        .sort_by_key(|d| (d.span.source, d.span.start));
    if ar.diagnostics.is_empty() {
        return Ok(());
    }
    let text = render_diagnostics(loaded, &ar.diagnostics, ErrorFormat::Human, style(g.color));
    if ar.has_errors() {
        let n = ar.diagnostics.iter().filter(|d| d.is_error()).count();
        return Err(Failure::Journal(format!(
            "{text}\n{n} accounts-receivable error{} found",
            if n == 1 { "" } else { "s" }
        )));
    }
    eprint!("{text}");
    Ok(())
}

/// An AR amount as a table cell (see [`Money::ar`]).
pub fn money(j: &Journal, commodity: CommodityId, q: Decimal) -> Value {
    Value::Money(Money::ar(j, commodity, q))
}

/// An AR amount for people, in the commodity's display style (`12,000.00`), without symbol.
pub fn shown(j: &Journal, commodity: CommodityId, q: Decimal) -> String {
    crate::render::value::money_shown(&Money::ar(j, commodity, q), false)
}

/// The customer's id, or `total` for a totals row.
pub fn customer_or_total(ar: &OpenItems, customer: Option<usize>) -> Value {
    Value::Text(customer.map_or_else(|| "total".to_string(), |c| ar.customers.list[c].id.clone()))
}

/// The customer query of an AR command as a regex (usage error when invalid).
pub fn filter(query: Option<&str>) -> Result<Option<regex::Regex>, Failure> {
    arledger_report::ar::customer_filter(query)
        .map_err(|e| Failure::Usage(format!("invalid customer query: {e}")))
}

/// What every AR table command starts with: its customer query read, the journal and its open
/// items loaded.
pub fn start(
    g: &Global,
    a: &ArArgs,
    customer: Option<&str>,
) -> Result<(Option<regex::Regex>, Loaded, OpenItems), Failure> {
    let filter = filter(customer)?;
    let (loaded, ar) = load(g, a)?;
    Ok((filter, loaded, ar))
}

/// The customer named on the command line: an exact id, else the one customer whose id or
/// name the text matches as a case-insensitive regular expression.
pub fn find_customer(ar: &OpenItems, query: &str) -> Result<usize, Failure> {
    if let Some(i) = ar.customers.list.iter().position(|c| c.id == query) {
        return Ok(i);
    }
    let re = regex::RegexBuilder::new(query)
        .case_insensitive(true)
        .build()
        .map_err(|e| Failure::Usage(format!("invalid customer query: {e}")))?;
    let hits: Vec<usize> = (0..ar.customers.list.len())
        .filter(|&i| {
            re.is_match(&ar.customers.list[i].id) || re.is_match(&ar.customers.list[i].name)
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(Failure::Usage(format!(
            "no customer matches `{query}` (see `arledger customers`)"
        ))),
        many => {
            let ids: Vec<&str> = many
                .iter()
                .map(|&i| ar.customers.list[i].id.as_str())
                .collect();
            Err(Failure::Usage(format!(
                "`{query}` matches several customers: {}",
                ids.join(", ")
            )))
        }
    }
}
