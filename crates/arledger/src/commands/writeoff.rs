//! `arledger writeoff`: proposes writing off the items overdue beyond an age, and prints the
//! write-off transactions ready to append.

use arledger_report::ar::{records, writeoff_candidates};

use super::ar::decimal;
use super::emit_records;
use crate::args::{Global, WriteoffArgs};
use crate::entries::ItemEntry;
use crate::render::table::Align;
use crate::Failure;

/// Runs `writeoff`.
pub fn run(g: &Global, a: &WriteoffArgs, out: &mut String) -> Result<(), Failure> {
    let (filter, loaded, ar) = super::ar::start(g, &a.ar, a.customer.as_deref(), "writeoff")?;
    let j = &loaded.journal;
    let recs = records(j, &ar);
    let chosen: Vec<usize> = writeoff_candidates(&ar, &recs, a.older_than)
        .into_iter()
        .filter(|&i| {
            let c = &ar.customers.list[ar.items[i].customer];
            filter
                .as_ref()
                .is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        })
        .collect();
    if a.emit_journal {
        out.push_str(&crate::write::append::closers_for_emitted(&loaded));
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
    let rows: Vec<Vec<String>> = chosen
        .iter()
        .map(|&i| {
            let it = &ar.items[i];
            vec![
                ar.customers.list[it.customer].id.clone(),
                it.reference(j).into_owned(),
                it.date.to_string(),
                it.due.to_string(),
                (ar.as_of - it.due).num_days().to_string(),
                j.commodity_name(it.commodity).to_string(),
                decimal(j, it.commodity, it.open),
            ]
        })
        .collect();
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!(
            "Write-off proposals at {}: open invoices more than {} days past due",
            ar.as_of, a.older_than
        ),
        &[
            "customer",
            "item",
            "date",
            "due",
            "days_overdue",
            "commodity",
            "open",
        ],
        &rows,
        &[Left, Left, Left, Left, Right, Left, Right],
        &["days_overdue"],
        out,
    );
    Ok(())
}
