//! A customer's payment history (spec §7.10): the days-to-pay trend month by month, the
//! promises to pay and how they turned out, the disputes with their reasons and age, and the
//! payments that came back unpaid. Read from the open items and the collections records, so
//! every number is the one `invoices`, `customers` and `collections` show.

use arledger_journal::{CommodityId, Journal, TxnId};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::items::{Item, MovementKind, OpenItems};
use super::records::{promise_state, PromiseState, RecordKind, Records};
use super::summary::average_days;

/// The invoices paid in full in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendMonth {
    /// The first day of the month.
    pub month: NaiveDate,
    /// How many invoices were paid in full in it ([`Item::paid_on`]).
    pub invoices: usize,
    /// Their mean days to pay, to one decimal place.
    pub average_days_to_pay: Decimal,
}

/// A promise to pay an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promise {
    /// The item (index into [`OpenItems::items`]).
    pub item: usize,
    /// When the promise was made (the record's date).
    pub made: NaiveDate,
    /// The day the customer promised to pay by, if given.
    pub by: Option<NaiveDate>,
    /// What was open on the item when the promise was made.
    pub amount: Decimal,
    /// The day the item was paid in full, if it was.
    pub paid_on: Option<NaiveDate>,
    /// Kept, broken or pending at the report date.
    pub state: PromiseState,
}

/// A dispute of an item, from its `dispute:` record to its `resolved:` one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispute {
    /// The item.
    pub item: usize,
    /// When it was raised.
    pub opened: NaiveDate,
    /// Its `reason:` (a reason code), if given.
    pub reason: Option<String>,
    /// What was open on the item when it was raised.
    pub amount: Decimal,
    /// When it was resolved, if it was.
    pub resolved: Option<NaiveDate>,
    /// Days from raising it to its resolution, or to the report date while it is open.
    pub days: i64,
}

/// A payment that came back unpaid (`returned:`, §7.10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    /// The date of the return.
    pub date: NaiveDate,
    /// The return's transaction.
    pub txn: TxnId,
    /// The returned payment's code (the `returned:` value).
    pub payment: String,
    /// The commodity.
    pub commodity: CommodityId,
    /// What it reopened, in all.
    pub amount: Decimal,
    /// The items it reopened, in order.
    pub items: Vec<usize>,
    /// The returned-payment fee charged to the customer in the same transaction (`fee:`).
    pub fee: Decimal,
}

/// Everything §7.10 shows of one customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerHistory {
    /// The customer (index into the customer list).
    pub customer: usize,
    /// Days to pay month by month, oldest first; months without a paid invoice are left out.
    pub trend: Vec<TrendMonth>,
    /// The mean days to pay over every paid invoice: the average of `customers`.
    pub average_days_to_pay: Option<Decimal>,
    /// Every promise, oldest first.
    pub promises: Vec<Promise>,
    /// Every dispute, oldest first.
    pub disputes: Vec<Dispute>,
    /// Every returned payment, oldest first.
    pub returned: Vec<Returned>,
}

/// What was open on `it` at the end of `date`.
fn open_on(it: &Item, date: NaiveDate) -> Decimal {
    it.movements
        .iter()
        .take_while(|m| m.date <= date)
        .map(|m| m.amount)
        .sum()
}

/// The history of customer `c` at the report date of `ar` (records read from the same items).
pub fn customer_history(
    j: &Journal,
    ar: &OpenItems,
    records: &Records,
    c: usize,
) -> CustomerHistory {
    let items: Vec<usize> = ar.of_customer(c).collect();
    let mut paid: Vec<(NaiveDate, i64)> = items
        .iter()
        .filter_map(|&i| {
            let it = &ar.items[i];
            Some((it.paid_on()?, it.days_to_pay()?))
        })
        .collect();
    paid.sort();
    let all: Vec<i64> = paid.iter().map(|(_, d)| *d).collect();
    let mut trend: Vec<TrendMonth> = Vec::new();
    for chunk in paid.chunk_by(|a, b| (a.0.year(), a.0.month()) == (b.0.year(), b.0.month())) {
        let days: Vec<i64> = chunk.iter().map(|(_, d)| *d).collect();
        if let Some(average) = average_days(&days) {
            trend.push(TrendMonth {
                month: chunk[0].0.with_day(1).unwrap_or(chunk[0].0),
                invoices: days.len(),
                average_days_to_pay: average,
            });
        }
    }
    let mut promises = Vec::new();
    let mut disputes: Vec<Dispute> = Vec::new();
    for &i in &items {
        let it = &ar.items[i];
        let mut open: Option<usize> = None;
        for r in records.of(i) {
            match &r.kind {
                RecordKind::Promise(by) => promises.push(Promise {
                    item: i,
                    made: r.date,
                    by: *by,
                    amount: open_on(it, r.date),
                    paid_on: it.paid_on(),
                    state: promise_state(ar, r),
                }),
                RecordKind::Dispute(reason) if open.is_none() => {
                    open = Some(disputes.len());
                    disputes.push(Dispute {
                        item: i,
                        opened: r.date,
                        reason: reason.clone(),
                        amount: open_on(it, r.date),
                        resolved: None,
                        days: (ar.as_of - r.date).num_days(),
                    });
                }
                RecordKind::Resolved => {
                    if let Some(d) = open.take().map(|k| &mut disputes[k]) {
                        d.resolved = Some(r.date);
                        d.days = (r.date - d.opened).num_days();
                    }
                }
                _ => {}
            }
        }
    }
    promises.sort_by_key(|p| (p.made, p.item));
    disputes.sort_by_key(|d| (d.opened, d.item));
    CustomerHistory {
        customer: c,
        trend,
        average_days_to_pay: average_days(&all),
        promises,
        disputes,
        returned: returned_payments(j, ar, &items),
    }
}

/// The returned payments among the movements of `items` (one customer's), one per return
/// transaction and commodity, with the fee charged beside them.
fn returned_payments(j: &Journal, ar: &OpenItems, items: &[usize]) -> Vec<Returned> {
    let mut out: Vec<Returned> = Vec::new();
    for &i in items {
        let it = &ar.items[i];
        for m in it
            .movements
            .iter()
            .filter(|m| m.kind == MovementKind::Returned)
        {
            let k = match out
                .iter()
                .position(|r| r.txn == m.txn && r.commodity == it.commodity)
            {
                Some(k) => k,
                None => {
                    let txn = &j.transactions[m.txn.index()];
                    let payment = m.returned_payment(j).unwrap_or_default().to_string();
                    let fee = j
                        .postings_of(txn)
                        .iter()
                        .filter(|q| {
                            ar.customers.of_account(q.account) == Some(it.customer)
                                && q.amount.commodity == it.commodity
                                && q.amount.quantity.is_sign_positive()
                                && j.tag_value(&j.posting_tags(q), "fee").is_some()
                        })
                        .map(|q| q.amount.quantity)
                        .sum();
                    out.push(Returned {
                        date: m.date,
                        txn: m.txn,
                        payment,
                        commodity: it.commodity,
                        amount: Decimal::ZERO,
                        items: Vec::new(),
                        fee,
                    });
                    out.len() - 1
                }
            };
            out[k].amount += m.amount;
            if !out[k].items.contains(&i) {
                out[k].items.push(i);
            }
        }
    }
    out.sort_by_key(|r| (r.date, r.txn));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, records, ArOptions};
    use arledger_journal::parse_str;

    const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme Corp, terms: net30

2026-01-05 * (INV-1) Acme | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-10 * (INV-2) Acme | Invoice
    Assets:Receivable:Acme      40.00 USD
    Income:Sales

2026-01-20 * (INV-3) Acme | Invoice
    Assets:Receivable:Acme      60.00 USD
    Income:Sales

2026-02-01 Acme | Call
    ; promise: INV-1
    ; promise-date: 2026-02-10

2026-02-02 Acme | Dispute
    ; dispute: INV-2
    ; reason: pricing

2026-02-08 * (PMT-1) Acme | Cheque
    Assets:Bank:Checking       100.00 USD
    Assets:Receivable:Acme    -100.00 USD  ; invoice: INV-1

2026-02-12 * (NSF-1) Acme | Cheque returned
    ; returned: PMT-1
    Assets:Receivable:Acme     100.00 USD
    Assets:Receivable:Acme      15.00 USD  ; fee: nsf, invoice: INV-1
    Assets:Bank:Checking      -100.00 USD
    Income:Fees                -15.00 USD

2026-02-20 Acme | Settled
    ; resolved: INV-2

2026-02-25 * (PMT-2) Acme | Wire
    Assets:Bank:Checking        60.00 USD
    Assets:Receivable:Acme     -60.00 USD  ; invoice: INV-3

2026-03-10 * (PMT-3) Acme | Wire
    Assets:Bank:Checking       155.00 USD
    Assets:Receivable:Acme
";

    #[test]
    fn trend_promises_disputes_and_returns_of_a_customer() {
        let l = parse_str(BOOKS);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-31".parse().unwrap(),
            },
        );
        assert!(!ar.has_errors(), "{:?}", ar.diagnostics);
        let recs = records(j, &ar);
        let h = customer_history(j, &ar, &recs, 0);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // February: INV-3 in 36 days. March: INV-1 in 64 (not the bounced 34), INV-2 in 59.
        assert_eq!(
            h.trend,
            vec![
                TrendMonth {
                    month: d("2026-02-01"),
                    invoices: 1,
                    average_days_to_pay: Decimal::new(360, 1)
                },
                TrendMonth {
                    month: d("2026-03-01"),
                    invoices: 2,
                    average_days_to_pay: Decimal::new(615, 1)
                },
            ]
        );
        assert_eq!(h.average_days_to_pay, Some(Decimal::new(530, 1)));
        assert_eq!(h.promises.len(), 1);
        assert_eq!(h.promises[0].state, PromiseState::Broken);
        assert_eq!(h.promises[0].amount, Decimal::new(10000, 2));
        assert_eq!(h.promises[0].paid_on, Some(d("2026-03-10")));
        assert_eq!(h.disputes.len(), 1);
        assert_eq!(h.disputes[0].reason.as_deref(), Some("pricing"));
        assert_eq!(h.disputes[0].resolved, Some(d("2026-02-20")));
        assert_eq!(h.disputes[0].days, 18);
        assert_eq!(h.returned.len(), 1);
        let r = &h.returned[0];
        assert_eq!(
            (r.payment.as_str(), r.amount, r.fee, r.items.clone()),
            (
                "PMT-1",
                Decimal::new(10000, 2),
                Decimal::new(1500, 2),
                vec![0]
            )
        );
    }
}
