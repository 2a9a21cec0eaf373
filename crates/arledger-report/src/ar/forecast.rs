//! Cash forecast from open items: when each open invoice is expected to be paid, summed per
//! week. An item is expected on its open promise's date if it has one, else on its due date
//! shifted by its customer's habit (the median days beyond terms of its paid invoices);
//! expectations already past fall into the first week; disputed items are set apart.

use std::collections::BTreeMap;

use arledger_journal::CommodityId;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::items::{ItemKind, OpenItems};
use super::records::{PromiseState, RecordKind, Records};

/// Expected collections in one week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Expected amount and number of items, per commodity.
    pub amounts: BTreeMap<CommodityId, (Decimal, usize)>,
}

/// The forecast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// The weeks from the report date on.
    pub weeks: Vec<Week>,
    /// Expected after the last week.
    pub later: BTreeMap<CommodityId, Decimal>,
    /// Disputed items, not forecast.
    pub disputed: BTreeMap<CommodityId, Decimal>,
    /// Per customer: the median days beyond terms used (customers with paid invoices).
    pub habits: Vec<(usize, i64)>,
    /// Items expected on a promise date.
    pub promised: usize,
}

/// Median days beyond terms of each customer's invoices settled by payment or credit.
fn habits(ar: &OpenItems) -> Vec<Option<i64>> {
    let mut days: Vec<Vec<i64>> = vec![Vec::new(); ar.customers.list.len()];
    for it in &ar.items {
        if let Some(paid) = it.paid_on() {
            days[it.customer].push((paid - it.due).num_days());
        }
    }
    days.into_iter()
        .map(|mut d| {
            d.sort_unstable();
            (!d.is_empty()).then(|| d[(d.len() - 1) / 2])
        })
        .collect()
}

/// Forecasts `weeks` weeks of collections from the open invoices of `ar` at its date.
pub fn forecast(ar: &OpenItems, records: &Records, weeks: u32) -> Forecast {
    let start = ar.as_of;
    let habit = habits(ar);
    let mut out = Forecast {
        weeks: (0..weeks)
            .map(|k| {
                let s = start + Days::new(7 * u64::from(k));
                Week {
                    start: s,
                    end: s + Days::new(6),
                    amounts: BTreeMap::new(),
                }
            })
            .collect(),
        later: BTreeMap::new(),
        disputed: BTreeMap::new(),
        habits: habit
            .iter()
            .enumerate()
            .filter_map(|(c, h)| h.map(|h| (c, h)))
            .collect(),
        promised: 0,
    };
    for (i, it) in ar.items.iter().enumerate() {
        if it.kind != ItemKind::Invoice || !it.open.is_sign_positive() || it.open.is_zero() {
            continue;
        }
        if records.disputed(i) {
            *out.disputed.entry(it.commodity).or_default() += it.open;
            continue;
        }
        let promise = records.latest_promise(i).and_then(|r| match r.kind {
            RecordKind::Promise(Some(by))
                if super::records::promise_state(ar, r) == PromiseState::Pending =>
            {
                Some(by)
            }
            _ => None,
        });
        if promise.is_some() {
            out.promised += 1;
        }
        let shift = habit[it.customer].unwrap_or(0);
        let expected = promise
            .unwrap_or_else(|| {
                if shift >= 0 {
                    it.due + Days::new(shift as u64)
                } else {
                    it.due - Days::new(shift.unsigned_abs())
                }
            })
            .max(start);
        let k = ((expected - start).num_days() / 7) as usize;
        match out.weeks.get_mut(k) {
            Some(w) => {
                let (sum, n) = w.amounts.entry(it.commodity).or_default();
                *sum += it.open;
                *n += 1;
            }
            None => *out.later.entry(it.commodity).or_default() += it.open,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, ArOptions};
    use arledger_journal::parse_str;

    #[test]
    fn items_land_in_the_week_of_their_expected_payment() {
        let l = parse_str(
            "\
2026-01-01 * (INV-1) Acme | paid 10 days late
    ; due: 2026-01-31
    Assets:Receivable:Acme     100.00 USD
    Income

2026-02-10 * (PMT-1) Acme | pays INV-1
    Assets:Bank                100.00 USD
    Assets:Receivable:Acme    -100.00 USD  ; invoice: INV-1

2026-03-01 * (INV-2) Acme | due 03-10, expected 03-20 (third week)
    ; due: 2026-03-10
    Assets:Receivable:Acme     200.00 USD
    Income

2026-03-01 * (INV-3) Beta | overdue, no history: this week
    ; due: 2026-02-20
    Assets:Receivable:Beta      50.00 USD
    Income

2026-03-01 * (INV-4) Beta | promised for 03-12 (second week)
    ; due: 2026-04-30
    Assets:Receivable:Beta      70.00 USD
    Income

2026-03-01 * (INV-5) Beta | disputed
    ; due: 2026-03-05
    Assets:Receivable:Beta      30.00 USD
    Income

2026-03-02 Beta | call
    ; promise: INV-4
    ; promise-date: 2026-03-12

2026-03-02 Beta | dispute
    ; dispute: INV-5
",
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-03".parse().unwrap(),
            },
        );
        let f = forecast(&ar, &records(j, &ar), 3);
        let usd = j.commodities.get("USD").unwrap();
        let week = |k: usize| f.weeks[k].amounts.get(&usd).map(|(q, _)| q.to_string());
        assert_eq!(week(0).as_deref(), Some("50.00"));
        assert_eq!(week(1).as_deref(), Some("70.00"));
        assert_eq!(week(2).as_deref(), Some("200.00"));
        assert!(f.later.is_empty());
        assert_eq!(
            f.disputed.get(&usd).map(|q| q.to_string()).as_deref(),
            Some("30.00")
        );
        assert_eq!(f.habits, vec![(0, 10)]);
        assert_eq!(f.promised, 1);
    }
}
