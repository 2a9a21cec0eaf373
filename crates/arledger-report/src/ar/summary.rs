//! The customer list behind `arledger customers`: balance, overdue amount, credit use and
//! payment behaviour per customer and commodity.

use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::{MovementKind, OpenItems};

/// One customer in one commodity (customers with no items get one row without commodity).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerRow {
    /// Index in the customer list.
    pub customer: usize,
    /// The commodity of the amounts, if the customer has items.
    pub commodity: Option<CommodityId>,
    /// Sum of open items (the account balance).
    pub balance: Decimal,
    /// Open amount of invoices past due ([`Item::overdue`](super::items::Item::overdue)).
    pub overdue: Decimal,
    /// Balance as a percentage of the credit limit (when the limit is in this commodity, and
    /// the percentage fits in exact arithmetic: a tiny limit can make it too large).
    pub credit_used: Option<Decimal>,
    /// Whether the balance exceeds the credit limit.
    pub over_limit: bool,
    /// Mean days from invoice date to settlement over the customer's settled invoices.
    pub average_days_to_pay: Option<Decimal>,
    /// Date of the customer's last payment.
    pub last_payment: Option<NaiveDate>,
}

/// The mean of days to pay, to one decimal place (none of none): the average of `customers`
/// and of each month of the days-to-pay trend (§7.10).
pub fn average_days(days: &[i64]) -> Option<Decimal> {
    (!days.is_empty())
        .then(|| (Decimal::from(days.iter().sum::<i64>()) / Decimal::from(days.len())).round_dp(1))
}

/// Summarises every customer at the report date, sorted by customer id then commodity.
pub fn customer_summary(j: &Journal, ar: &OpenItems) -> Vec<CustomerRow> {
    let mut rows = Vec::new();
    // Items per customer, in one pass (not one pass per customer).
    let mut by_customer: Vec<Vec<&super::items::Item>> = vec![Vec::new(); ar.customers.list.len()];
    for it in &ar.items {
        by_customer[it.customer].push(it);
    }
    for (c, customer) in ar.customers.list.iter().enumerate() {
        let items = &by_customer[c];
        let settled: Vec<i64> = items.iter().filter_map(|i| i.days_to_pay()).collect();
        let average_days_to_pay = average_days(&settled);
        // A payment that came back unpaid (§7.10) is no payment.
        let returned: Vec<&str> = items
            .iter()
            .flat_map(|i| &i.movements)
            .filter_map(|m| m.returned_payment(j))
            .collect();
        let last_payment = items
            .iter()
            .flat_map(|i| &i.movements)
            .filter(|m| {
                m.kind == MovementKind::Payment
                    && j.transactions[m.txn.index()]
                        .code()
                        .is_none_or(|c| !returned.contains(&j.text(c)))
            })
            .map(|m| m.date)
            .max();
        let mut commodities: Vec<CommodityId> = items.iter().map(|i| i.commodity).collect();
        commodities.sort_by(|a, b| j.commodity_name(*a).cmp(j.commodity_name(*b)));
        commodities.dedup();
        let base = CustomerRow {
            customer: c,
            commodity: None,
            balance: Decimal::ZERO,
            overdue: Decimal::ZERO,
            credit_used: None,
            over_limit: false,
            average_days_to_pay,
            last_payment,
        };
        if commodities.is_empty() {
            rows.push(base);
            continue;
        }
        for commodity in commodities {
            let of: Vec<_> = items.iter().filter(|i| i.commodity == commodity).collect();
            let balance: Decimal = of.iter().map(|i| i.open).sum();
            let overdue: Decimal = of.iter().map(|i| i.overdue(i.open, ar.as_of)).sum();
            let limit = customer
                .credit_limit
                .as_ref()
                .filter(|(_, sym)| sym == j.commodity_name(commodity));
            // A share too large for exact arithmetic (a tiny limit) is left out: the customer
            // is over its limit, which `over_limit` says.
            let credit_used = limit
                .filter(|(q, _)| !q.is_zero())
                .and_then(|(q, _)| balance.checked_div(*q)?.checked_mul(Decimal::ONE_HUNDRED))
                .map(|share| share.round_dp(1));
            let over_limit = limit.is_some_and(|(q, _)| balance > *q);
            rows.push(CustomerRow {
                commodity: Some(commodity),
                balance,
                overdue,
                credit_used,
                over_limit,
                ..base.clone()
            });
        }
    }
    rows
}
