//! `arledger collections`: the daily worklist — overdue items per customer, the dunning level
//! each is due for, promises, disputes, last contact and the suggested next action, by
//! priority.

use arledger_report::ar::{records, worklist, PromiseState, Skip};

use super::ar::decimal;
use super::emit_records;
use crate::args::{CollectionsArgs, Global};
use crate::render::table::Align;
use crate::Failure;

const HEADER: [&str; 14] = [
    "rank",
    "customer",
    "item",
    "due",
    "days_overdue",
    "commodity",
    "open",
    "level_due",
    "level_sent",
    "skipped",
    "promise",
    "dispute",
    "last_contact",
    "next_action",
];

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
pub fn run(g: &Global, a: &CollectionsArgs, out: &mut String) -> Result<(), Failure> {
    let config = crate::dunning_config::load(g, a.config.as_deref())?;
    let (filter, loaded, ar) = super::ar::start(g, &a.ar, a.customer.as_deref(), "collections")?;
    let j = &loaded.journal;
    let recs = records(j, &ar);
    let mut rows = Vec::new();
    let shown = worklist(j, &ar, &recs, &config.policy)
        .into_iter()
        .filter(|w| {
            let c = &ar.customers.list[w.customer];
            filter
                .as_ref()
                .is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        });
    for (rank, w) in shown.enumerate() {
        let c = &ar.customers.list[w.customer];
        for (k, wi) in w.items.iter().enumerate() {
            let it = &ar.items[wi.item];
            let first = k == 0;
            let level = |l: Option<arledger_report::ar::Level>| {
                l.map(|l| l.to_string()).unwrap_or_default()
            };
            rows.push(vec![
                (rank + 1).to_string(),
                c.id.clone(),
                it.reference(j).into_owned(),
                it.due.to_string(),
                wi.days_overdue.to_string(),
                j.commodity_name(it.commodity).to_string(),
                decimal(j, it.commodity, it.open),
                level(wi.level_due),
                level(wi.level_sent),
                wi.skip.map(skip_text).unwrap_or_default(),
                match wi.promise {
                    None => String::new(),
                    Some((by, state)) => {
                        let state = match state {
                            PromiseState::Kept => "kept",
                            PromiseState::Broken => "broken",
                            PromiseState::Pending => "pending",
                        };
                        match by {
                            Some(d) => format!("{d} {state}"),
                            None => state.to_string(),
                        }
                    }
                },
                wi.dispute.clone().unwrap_or_default(),
                if first {
                    w.last_contact
                        .map(|(d, what)| format!("{d} {what}"))
                        .unwrap_or_default()
                } else {
                    String::new()
                },
                if first {
                    w.next_action.clone()
                } else {
                    String::new()
                },
            ]);
        }
    }
    use Align::{Left, Right};
    let align = [
        Right, Left, Left, Left, Right, Left, Right, Left, Left, Left, Left, Left, Left, Left,
    ];
    emit_records(
        g.output,
        &format!("Collections worklist at {}", ar.as_of),
        &HEADER,
        &rows,
        &align,
        &["rank", "days_overdue"],
        out,
    );
    Ok(())
}
