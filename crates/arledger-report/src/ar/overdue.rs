//! Overdue amounts per customer: sums of [`Item::overdue`](super::items::Item::overdue), the one
//! definition of overdue (the open amount of invoices past their due date; credits not netted).
//! `customers`, `site`, the report packs and `kpi` all read overdue amounts from it.

use std::collections::BTreeMap;

use arledger_journal::CommodityId;
use rust_decimal::Decimal;

use super::items::OpenItems;

/// A customer's overdue total in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overdue {
    /// The customer.
    pub customer: usize,
    /// The commodity.
    pub commodity: CommodityId,
    /// Open amount of its invoices past due.
    pub amount: Decimal,
    /// Days overdue of its oldest overdue invoice.
    pub oldest_days: i64,
}

/// Every customer with something overdue at the report date, per commodity, sorted by customer
/// then commodity.
pub fn overdue_by_customer(ar: &OpenItems) -> Vec<Overdue> {
    let to = ar.as_of;
    let mut sums: BTreeMap<(usize, CommodityId), (Decimal, i64)> = BTreeMap::new();
    for it in &ar.items {
        let amount = it.overdue(it.open, to);
        if amount.is_zero() {
            continue;
        }
        let e = sums.entry((it.customer, it.commodity)).or_default();
        e.0 += amount;
        e.1 = e.1.max((to - it.due).num_days());
    }
    sums.into_iter()
        .map(|((customer, commodity), (amount, oldest_days))| Overdue {
            customer,
            commodity,
            amount,
            oldest_days,
        })
        .collect()
}
