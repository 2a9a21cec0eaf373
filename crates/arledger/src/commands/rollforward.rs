//! `arledger rollforward`: opening AR + invoices + debit memos − payments − discounts − credit memos
//! −
//! write-offs ± other = closing AR, per customer and in total, tied to the account balances.

use arledger_report::ar::{rollforward, RollRow};
use chrono::NaiveDate;

use arledger_report::table::{Column, Table};

use super::Output;
use crate::args::RollforwardArgs;
use crate::receivables::{customer_or_total, money};
use crate::session::Session;
use crate::Failure;

/// Computes the roll-forward of a period: the journal, its items at the period's last day, and
/// the rows (customers matching `customer`, then totals over those customers).
pub fn compute<'s>(
    s: &'s Session,
    period: &str,
    receivable_root: &str,
    customer: Option<&str>,
) -> Result<
    (
        &'s arledger_journal::Loaded,
        &'s arledger_report::ar::OpenItems,
        Vec<RollRow>,
        NaiveDate,
        NaiveDate,
    ),
    Failure,
> {
    let (first, last) = crate::input::period_bounds(&s.config, period)?;
    let filter = crate::receivables::filter(customer)?;
    let (loaded, ar) = s.receivables_at(receivable_root, last)?;
    let keep = |c: usize| crate::receivables::selects(filter.as_ref(), ar, c);
    let rows = rollforward(&loaded.journal, ar, first, last, keep).map_err(Failure::overflow)?;
    Ok((loaded, ar, rows, first, last))
}

/// Runs `rollforward`; exit 1 when a row does not tie to the account balances.
pub fn run(s: &Session, a: &RollforwardArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let (loaded, ar, rows, first, last) =
        compute(s, &a.period, &a.receivable_root, a.customer.as_deref())?;
    let j = &loaded.journal;
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("commodity"),
        Column::money("opening"),
        Column::money("invoices"),
        Column::money("debit_memos"),
        Column::money("payments"),
        Column::money("discounts"),
        Column::money("credit_memos"),
        Column::money("write_offs"),
        Column::money("other"),
        Column::money("closing"),
        Column::money("balance"),
        Column::bool("ties"),
    ])
    .titled(format!("AR roll-forward {first} to {last}"))
    .with_id("rollforward");
    for r in &rows {
        let q = |x| money(j, r.commodity, x);
        t.push(vec![
            customer_or_total(ar, r.customer),
            j.commodity_name(r.commodity).into(),
            q(r.opening),
            q(r.invoices),
            q(r.debit_memos),
            q(r.payments),
            q(r.discounts),
            q(r.credit_memos),
            q(r.write_offs),
            q(r.other),
            q(r.closing),
            q(r.balance),
            r.ties().into(),
        ]);
    }
    out.push_str(&o.table(&t));
    let broken = rows.iter().filter(|r| !r.ties()).count();
    if broken > 0 {
        eprintln!(
            "{broken} row{} do not tie: the closing AR differs from the customer accounts' balance",
            if broken == 1 { "" } else { "s" }
        );
        for line in dated_across(j, ar, last) {
            eprintln!("  {line}");
        }
        return Err(Failure::Found);
    }
    Ok(())
}

/// Customer postings whose own date (`; date:`) and transaction date lie on either side of the
/// period's end: the account balance counts them at their date, AR at their transaction's.
fn dated_across(
    j: &arledger_journal::Journal,
    ar: &arledger_report::ar::OpenItems,
    last: NaiveDate,
) -> Vec<String> {
    j.transactions
        .iter()
        .flat_map(|t| j.postings_of(t).iter().map(move |p| (t, p)))
        .filter(|(t, p)| {
            ar.customers.of_account(p.account).is_some()
                && (j.posting_date(t, p) <= last) != (t.date <= last)
        })
        .map(|(t, p)| {
            let span = j.trim_span(p.span);
            format!(
                "{}:{}: a posting dated {} in a transaction of {}: the balance counts it at its own date, AR at the transaction's",
                j.sources.path(span).display(),
                j.sources.line_col(span).line,
                j.posting_date(t, p),
                t.date
            )
        })
        .collect()
}
