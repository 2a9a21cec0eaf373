//! `arledger writeoff`: proposes writing off the items overdue beyond an age, and prints the
//! write-off transactions ready to append.

use arledger_report::ar::{records, writeoff_candidates};

use arledger_report::table::{Column, Table};

use super::Output;
use crate::args::WriteoffArgs;
use crate::entries::ItemEntry;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// Runs `writeoff`.
pub fn run(s: &Session, a: &WriteoffArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let recs = records(j, ar);
    let chosen: Vec<usize> = writeoff_candidates(ar, &recs, a.older_than)
        .into_iter()
        .filter(|&i| crate::receivables::selects(filter.as_ref(), ar, ar.items[i].customer))
        .collect();
    if a.emit_journal {
        o.journal_text("--emit-journal")?;
        out.push_str(&crate::write::append::closers_for_emitted(loaded));
        for &i in &chosen {
            let it = &ar.items[i];
            let c = &ar.customers.list[it.customer];
            let reference = it.reference(j);
            // A blank line before each entry, so that `>> books.journal` appends cleanly.
            out.push('\n');
            out.push_str(
                &ItemEntry {
                    date: ar.as_of,
                    payee: &c.name,
                    description: format!("Write-off of {reference}"),
                    reference: &reference,
                    tags: vec![(
                        "writeoff-reason",
                        format!("{} days past due", (ar.as_of - it.due).num_days()),
                    )],
                    customer: j.account_name(c.account),
                    quantity: -it.open,
                    commodity: it.commodity,
                    other: &a.account,
                }
                .entry(j)
                .text(),
            );
        }
        return Ok(());
    }
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("item"),
        Column::date("date"),
        Column::date("due"),
        Column::int("days_overdue"),
        Column::text("commodity"),
        Column::money("open"),
    ])
    .titled(format!(
        "Write-off proposals at {}: open invoices more than {} days past due",
        ar.as_of, a.older_than
    ))
    .with_id("writeoff");
    for &i in &chosen {
        let it = &ar.items[i];
        t.push(vec![
            ar.customers.list[it.customer].id.clone().into(),
            it.reference(j).into_owned().into(),
            it.date.into(),
            it.due.into(),
            (ar.as_of - it.due).num_days().into(),
            j.commodity_name(it.commodity).into(),
            money(j, it.commodity, it.open),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
