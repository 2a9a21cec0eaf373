//! Loading a journal for the accounts-receivable commands: the journal must be clean, then its
//! AR reading (customers, items, records) too. One gate for every AR command: it fails with
//! the AR errors `check` reports, so no report shows a number `check` rejects.

use arledger_journal::{CommodityId, Journal, Loaded};
use arledger_report::ar::{ar_findings, open_items, ArOptions, OpenItems, Scope};
use arledger_report::table::{Money, Value};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::args::ArArgs;
use crate::config::Config;
use crate::input::{journal_for_report, stop_on_errors};
use crate::Failure;

/// The journal and its open items at the report date.
pub fn load(g: &Config, a: &ArArgs) -> Result<(Loaded, OpenItems), Failure> {
    let as_of = match &a.date {
        Some(d) => crate::input::end_date(g, d)?,
        None => g.today,
    };
    load_at(g, &a.receivable_root, as_of)
}

/// The journal and its open items at `as_of`, once the journal and its AR reading up to that
/// date have no errors.
pub fn load_at(g: &Config, root: &str, as_of: NaiveDate) -> Result<(Loaded, OpenItems), Failure> {
    let loaded = journal_for_report(g)?;
    let ar = items_at(g, &loaded, root, as_of)?;
    Ok((loaded, ar))
}

/// The open items at `as_of` of a journal loaded for a report, once its AR reading up to that
/// date has no errors.
pub fn items_at(
    g: &Config,
    loaded: &Loaded,
    root: &str,
    as_of: NaiveDate,
) -> Result<OpenItems, Failure> {
    let ar = open_items(
        &loaded.journal,
        &ArOptions {
            root: root.to_string(),
            as_of,
        },
    );
    gate(g, loaded, &ar, root)?;
    Ok(ar)
}

/// Stops at the gate ([`crate::input::stop_on_errors`]) with the AR errors that `check`
/// reports on what `ar` read: the engine's own, duplicate invoice numbers, purchase orders,
/// records naming no item. AR warnings are left to `check`.
fn gate(g: &Config, loaded: &Loaded, ar: &OpenItems, root: &str) -> Result<(), Failure> {
    let errors = ar_findings(&loaded.journal, ar, root, g.today, Scope::Errors);
    stop_on_errors(g, loaded, errors)
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

/// Whether the customer query (none: every customer) matches customer `c`'s id or name.
pub fn selects(filter: Option<&regex::Regex>, ar: &OpenItems, c: usize) -> bool {
    let c = &ar.customers.list[c];
    filter.is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
}

/// What every AR table command starts with: its customer query read, the journal and its open
/// items loaded.
pub fn start(
    g: &Config,
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
