//! `arledger collections`: the daily worklist — overdue items per customer, the dunning level
//! each is due for, promises, disputes, last contact and the suggested next action, by
//! priority, and the customer's credit status (§7.2).

use arledger_report::ar::{credit_holds, credit_status, records, worklist, PromiseState, Skip};

use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::args::CollectionsArgs;
use crate::receivables::money;
use crate::session::Session;
use crate::Failure;

/// A skip reason as shown.
pub fn skip_text(s: Skip) -> String {
    match s {
        Skip::DunningOff => "dunning off".into(),
        Skip::Disputed => "disputed".into(),
        Skip::Promised(d) => format!("promised by {d}"),
        Skip::AlreadySent(l) => format!("level {l} sent"),
    }
}

/// Runs `collections`.
pub fn run(s: &Session, a: &CollectionsArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let config = crate::dunning_config::load(g, a.config.as_deref())?;
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let recs = records(j, ar);
    let holds = credit_holds(j, ar, crate::books_config::for_books(g)?.credit);
    let mut t = Table::new(vec![
        Column::int("rank"),
        Column::text("customer"),
        Column::text("item"),
        Column::date("due"),
        Column::int("days_overdue"),
        Column::text("commodity"),
        Column::money("open"),
        Column::text("level_due"),
        Column::text("level_sent"),
        Column::text("skipped"),
        Column::text("promise"),
        Column::text("dispute").elided(),
        Column::text("last_contact"),
        Column::text("next_action").elided(),
        Column::text("credit_status"),
    ])
    .titled(format!("Collections worklist at {}", ar.as_of))
    .with_id("collections");
    let shown = worklist(j, ar, &recs, &config.policy)
        .into_iter()
        .filter(|w| crate::receivables::selects(filter.as_ref(), ar, w.customer));
    for (rank, w) in shown.enumerate() {
        let c = &ar.customers.list[w.customer];
        for (k, wi) in w.items.iter().enumerate() {
            let it = &ar.items[wi.item];
            let first = k == 0;
            let level =
                |l: Option<arledger_report::ar::Level>| Value::from(l.map(|l| l.to_string()));
            t.push(vec![
                Value::Int(rank as i64 + 1),
                c.id.clone().into(),
                it.reference(j).into_owned().into(),
                it.due.into(),
                wi.days_overdue.into(),
                j.commodity_name(it.commodity).into(),
                money(j, it.commodity, it.open),
                level(wi.level_due),
                level(wi.level_sent),
                wi.skip.map(skip_text).into(),
                match wi.promise {
                    None => Value::Empty,
                    Some((by, state)) => {
                        let state = match state {
                            PromiseState::Kept => "kept",
                            PromiseState::Broken => "broken",
                            PromiseState::Pending => "pending",
                        };
                        Value::Text(match by {
                            Some(d) => format!("{d} {state}"),
                            None => state.to_string(),
                        })
                    }
                },
                wi.dispute.clone().into(),
                if first {
                    w.last_contact.map(|(d, what)| format!("{d} {what}")).into()
                } else {
                    Value::Empty
                },
                if first {
                    Value::text_or_empty(w.next_action.clone())
                } else {
                    Value::Empty
                },
                credit_status(holds[w.customer]).into(),
            ]);
        }
    }
    out.push_str(&o.table(&t));
    Ok(())
}
