//! The contents of the daily, weekly and monthly AR report packs: the period's activity, who is
//! most overdue, open disputes and broken promises. (Aging and KPIs come from their own
//! reports.)

use chrono::NaiveDate;

use super::items::{MovementKind, OpenItems};
use super::overdue::{overdue_by_customer, Overdue};
use super::records::{promise_state, PromiseState, RecordKind, Records};

/// One movement of the period: which item, which movement of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Index into [`OpenItems::items`].
    pub item: usize,
    /// Index into the item's movements.
    pub movement: usize,
}

/// What a pack lists besides aging and KPIs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackLists {
    /// New invoices (creating movements) dated in the period.
    pub invoices: Vec<Activity>,
    /// Payments dated in the period.
    pub payments: Vec<Activity>,
    /// Credit memos dated in the period.
    pub credit_memos: Vec<Activity>,
    /// Write-offs dated in the period.
    pub write_offs: Vec<Activity>,
    /// Every customer with something overdue at the end (per commodity), largest amount
    /// first: the pack's overdue figures are sums of this list.
    pub overdue: Vec<Overdue>,
    /// Items disputed at the end (open ones).
    pub disputes: Vec<usize>,
    /// Records of promises broken at the end whose promise date fell in the period or before
    /// (indices into [`Records::list`]).
    pub broken_promises: Vec<usize>,
}

/// Lists the activity of `from..=to` and the state at `to` (`ar` computed at `to`).
pub fn pack_lists(ar: &OpenItems, records: &Records, from: NaiveDate) -> PackLists {
    let to = ar.as_of;
    let mut lists = PackLists {
        invoices: Vec::new(),
        payments: Vec::new(),
        credit_memos: Vec::new(),
        write_offs: Vec::new(),
        overdue: overdue_by_customer(ar),
        disputes: Vec::new(),
        broken_promises: Vec::new(),
    };
    let mut activity: Vec<(NaiveDate, usize, Activity, MovementKind)> = Vec::new();
    for (i, it) in ar.items.iter().enumerate() {
        for (k, m) in it.movements.iter().enumerate() {
            if (from..=to).contains(&m.date) {
                activity.push((
                    m.date,
                    m.posting as usize,
                    Activity {
                        item: i,
                        movement: k,
                    },
                    m.kind,
                ));
            }
        }
    }
    activity.sort_by_key(|(d, p, a, _)| (*d, *p, a.item));
    for (_, _, a, kind) in activity {
        match kind {
            MovementKind::Invoice => lists.invoices.push(a),
            MovementKind::Payment => lists.payments.push(a),
            MovementKind::CreditMemo => lists.credit_memos.push(a),
            MovementKind::WriteOff => lists.write_offs.push(a),
            _ => {}
        }
    }
    for (i, it) in ar.items.iter().enumerate() {
        if !it.open.is_zero() && records.disputed(i) {
            lists.disputes.push(i);
        }
    }
    // Largest first; the sort is stable, so ties stay by customer and commodity.
    lists.overdue.sort_by_key(|o| std::cmp::Reverse(o.amount));
    for (k, r) in records.list.iter().enumerate() {
        let latest = records.by_item[r.item]
            .iter()
            .rev()
            .find(|&&x| matches!(records.list[x].kind, RecordKind::Promise(_)))
            == Some(&k);
        if let RecordKind::Promise(Some(_)) = r.kind {
            if latest && promise_state(ar, r) == PromiseState::Broken {
                lists.broken_promises.push(k);
            }
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, ArOptions};
    use arledger_journal::parse_str;

    #[test]
    fn activity_and_state_of_a_week() {
        let l = parse_str(
            "\
2026-03-01 * (INV-1) Acme | old
    ; due: 2026-03-05
    Assets:Receivable:Acme     100.00 USD
    Income

2026-03-09 * (INV-2) Beta | this week
    ; due: 2026-04-08
    Assets:Receivable:Beta     300.00 USD
    Income

2026-03-10 * (PMT-1) Acme | part payment
    Assets:Bank                 40.00 USD
    Assets:Receivable:Acme     -40.00 USD  ; invoice: INV-1

2026-03-11 Acme | call
    ; promise: INV-1
    ; promise-date: 2026-03-12
",
        );
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-15".parse().unwrap(),
            },
        );
        let recs = records(j, &ar);
        let p = pack_lists(&ar, &recs, "2026-03-09".parse().unwrap());
        assert_eq!(p.invoices.len(), 1);
        assert_eq!(ar.items[p.invoices[0].item].reference(j), "INV-2");
        assert_eq!(p.payments.len(), 1);
        assert_eq!(p.overdue.len(), 1);
        assert_eq!(
            (p.overdue[0].amount.to_string(), p.overdue[0].oldest_days),
            ("60.00".to_string(), 10)
        );
        assert_eq!(p.broken_promises.len(), 1);
        assert!(p.disputes.is_empty());
    }
}
