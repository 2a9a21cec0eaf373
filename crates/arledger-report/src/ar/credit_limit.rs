//! Credit limits over time and the credit hold (spec §7.2): the transactions that take a
//! customer over its `credit-limit:`, walked in processing order (§2.9), and which customers
//! are on credit hold at the report date, and why.

use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::OpenItems;

/// A transaction that took a customer's balance in the commodity of its credit limit from at
/// or under the limit to over it: one per crossing, so a customer that comes back under and
/// goes over again has one more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crossing {
    /// Index in the customer list.
    pub customer: usize,
    /// The commodity of the limit.
    pub commodity: CommodityId,
    /// Index into [`OpenItems::items`] of the item the blamed posting moved.
    pub item: usize,
    /// Index in [`Journal::postings`] of the blamed posting: the transaction's first customer
    /// posting that raised the balance (the invoice), else its first customer posting.
    pub posting: usize,
    /// The transaction's date.
    pub date: NaiveDate,
    /// The balance after the transaction.
    pub balance: Decimal,
    /// The credit limit.
    pub limit: Decimal,
    /// The date of the transaction that brought the balance back to or under the limit, if
    /// one did by the report date; `None` while the customer is still over.
    pub back_under: Option<NaiveDate>,
}

/// One customer movement, in the order the items engine processed it.
struct Step {
    date: NaiveDate,
    txn: usize,
    posting: usize,
    amount: Decimal,
    item: usize,
}

/// Every crossing of every customer with a credit limit, customer by customer, each
/// customer's in processing order.
pub fn limit_crossings(j: &Journal, ar: &OpenItems) -> Vec<Crossing> {
    let mut out = Vec::new();
    for (c, customer) in ar.customers.list.iter().enumerate() {
        let Some((limit, symbol)) = &customer.credit_limit else {
            continue;
        };
        let mut steps: Vec<Step> = ar
            .of_customer(c)
            .filter(|&i| j.commodity_name(ar.items[i].commodity) == symbol)
            .flat_map(|i| {
                ar.items[i].movements.iter().map(move |m| Step {
                    date: m.date,
                    txn: m.txn.index(),
                    posting: m.posting as usize,
                    amount: m.amount,
                    item: i,
                })
            })
            .collect();
        // §2.9: date order, file order within a date, postings in file order.
        steps.sort_by_key(|s| (s.date, s.txn, s.posting));
        let mut balance = Decimal::ZERO;
        let mut still_over: Option<usize> = None;
        for txn in steps.chunk_by(|a, b| a.txn == b.txn) {
            let before = balance;
            // A sum past exact arithmetic is over any limit; saturating keeps it so.
            balance = txn.iter().fold(balance, |b, s| b.saturating_add(s.amount));
            if before <= *limit && balance > *limit {
                let blamed = txn
                    .iter()
                    .find(|s| s.amount > Decimal::ZERO)
                    .unwrap_or(&txn[0]);
                still_over = Some(out.len());
                out.push(Crossing {
                    customer: c,
                    commodity: ar.items[blamed.item].commodity,
                    item: blamed.item,
                    posting: blamed.posting,
                    date: blamed.date,
                    balance,
                    limit: *limit,
                    back_under: None,
                });
            } else if balance <= *limit {
                if let Some(k) = still_over.take() {
                    out[k].back_under = Some(txn[0].date);
                }
            }
        }
    }
    out
}

/// Why a customer is on credit hold; the first that applies, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldReason {
    /// `credit-hold: yes` on the customer's `account` directive.
    Manual,
    /// The balance in the limit's commodity is over the credit limit.
    OverLimit,
    /// An invoice is more than [`CreditPolicy::hold_days`] past its due date.
    Overdue,
}

impl HoldReason {
    /// The name reports show (`manual`, `over-limit`, `overdue`).
    pub fn name(self) -> &'static str {
        match self {
            HoldReason::Manual => "manual",
            HoldReason::OverLimit => "over-limit",
            HoldReason::Overdue => "overdue",
        }
    }
}

/// A customer's credit status as reports show it: `hold` while on credit hold, else `ok`.
pub fn credit_status(hold: Option<HoldReason>) -> &'static str {
    if hold.is_some() {
        "hold"
    } else {
        "ok"
    }
}

/// The books' credit policy (`[credit]` in `arledger.toml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CreditPolicy {
    /// A customer with an invoice more than this many days past due is on hold; `None`: days
    /// overdue put no one on hold.
    pub hold_days: Option<i64>,
}

/// Each customer's credit hold at the report date (indexed like the customer list): the
/// reason, or `None` when it may be invoiced.
pub fn credit_holds(j: &Journal, ar: &OpenItems, policy: CreditPolicy) -> Vec<Option<HoldReason>> {
    let reason = |c: usize| {
        let customer = &ar.customers.list[c];
        if customer.credit_hold {
            return Some(HoldReason::Manual);
        }
        let items = || ar.of_customer(c).map(|i| &ar.items[i]);
        if let Some((limit, symbol)) = &customer.credit_limit {
            let balance = items()
                .filter(|it| j.commodity_name(it.commodity) == symbol)
                .fold(Decimal::ZERO, |b, it| b.saturating_add(it.open));
            if balance > *limit {
                return Some(HoldReason::OverLimit);
            }
        }
        let overdue = |days: i64| {
            items()
                .any(|it| it.owed(it.open) > Decimal::ZERO && (ar.as_of - it.due).num_days() > days)
        };
        policy
            .hold_days
            .is_some_and(overdue)
            .then_some(HoldReason::Overdue)
    };
    (0..ar.customers.list.len()).map(reason).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    const BOOKS: &str =
        "account Assets:Receivable:Acme  ; customer: Acme Corp, credit-limit: 100 USD
2026-01-01 (I-1) x
    Assets:Receivable:Acme  80 USD
    Income
2026-01-02 (I-2) x
    Assets:Receivable:Acme  30 USD
    Income
2026-01-03 (P-1) x
    Assets:Receivable:Acme  -50 USD
    Assets:Bank
2026-01-04 (I-3) x
    Assets:Receivable:Acme  90 USD
    Income
";

    /// Each crossing is found once, the first one closed by the payment that brought the
    /// balance back under, the second still open.
    #[test]
    fn every_crossing_is_found_once() {
        let l = parse_str(BOOKS);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-12-31".parse().unwrap(),
            },
        );
        let found: Vec<(Decimal, Option<NaiveDate>)> = limit_crossings(j, &ar)
            .iter()
            .map(|c| (c.balance, c.back_under))
            .collect();
        assert_eq!(
            found,
            vec![
                (Decimal::from(110), NaiveDate::from_ymd_opt(2026, 1, 3)),
                (Decimal::from(150), None),
            ]
        );
        let holds = credit_holds(j, &ar, CreditPolicy::default());
        assert_eq!(holds, vec![Some(HoldReason::OverLimit)]);
    }
}
