//! What the accounts-receivable commands share: the AR gate on the open items of a loaded
//! journal (its AR reading must be clean, as the journal must be: it fails with the AR errors
//! `check` reports, so no report shows a number `check` rejects), customer queries and AR
//! amounts as cells.

use arledger_journal::{CommodityId, Journal, Loaded};
use arledger_report::ar::{ar_findings, open_items, ArOptions, OpenItems, Scope};
use arledger_report::table::{Money, Value};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::args::ArArgs;
use crate::config::Config;
use crate::input::stop_on_errors;
use crate::session::Session;
use crate::Failure;

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
pub fn start<'s>(
    s: &'s Session,
    a: &ArArgs,
    customer: Option<&str>,
) -> Result<(Option<regex::Regex>, &'s Loaded, &'s OpenItems), Failure> {
    let filter = filter(customer)?;
    let (loaded, ar) = s.receivables(a)?;
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
