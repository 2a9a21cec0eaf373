//! Realised foreign-exchange gains and losses (§7.9): what a payment of a foreign-currency
//! invoice fetched in the books' currency, against the rate the invoice was booked at.
//!
//! An invoice in a foreign commodity is booked with its conversion (`2,000.00 EUR @ 1.10 USD`
//! or `@@ 2,200.00 USD`): that cost is its *booked rate*. A payment relieves the receivable
//! with a conversion of its own, and may post to FX accounts. What the payment realised is
//! the value it relieved (at its own rate) minus the booked value of what it settled, plus
//! the gain posted to FX accounts: the same number whether the payment relieves the
//! receivable at the booked rate and posts the difference (the convention), or at the day's
//! rate and posts nothing (then the gain is *unposted*).

use arledger_journal::{Code, CommodityId, Diagnostic, Journal, TxnId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::items::{account_tag_is, is_under, MovementKind, OpenItems};
use crate::mixed::Overflow;
use crate::value::cost_of;

/// Whether an account takes realised FX gains and losses: `Income:FX Gain`, `Expenses:FX Loss`
/// or below them, or an account whose `account` directive has `fx: yes`.
pub fn fx_accounts(j: &Journal) -> Vec<bool> {
    let mut fx: Vec<bool> = j
        .accounts
        .iter()
        .map(|(_, name)| is_under(name, "Income:FX Gain") || is_under(name, "Expenses:FX Loss"))
        .collect();
    for d in &j.account_decls {
        if account_tag_is(j, d, "fx", "yes") {
            fx[d.account.index()] = true;
        }
    }
    fx
}

/// One payment of foreign-currency items of one customer: what it settled and realised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FxRow {
    /// The payment's date.
    pub date: NaiveDate,
    /// The payment transaction.
    pub txn: TxnId,
    /// Index in [`Journal::postings`] of its first receivable posting that settled them.
    pub posting: usize,
    /// Customer index in [`OpenItems::customers`].
    pub customer: usize,
    /// Indices in [`OpenItems::items`] of the items it settled, in order.
    pub items: Vec<usize>,
    /// The items' commodity.
    pub commodity: CommodityId,
    /// How much of them it settled (positive).
    pub settled: Decimal,
    /// The books' commodity the items were booked in.
    pub base: CommodityId,
    /// What the settled amount was booked at (its invoices' costs).
    pub booked: Decimal,
    /// What it fetched: `booked + realised`.
    pub received: Decimal,
    /// The realised gain (negative: a loss), in `base`.
    pub realised: Decimal,
    /// The gain posted to FX accounts in the transaction (credits to them are gains).
    pub posted: Decimal,
}

impl FxRow {
    /// The part of the realised gain no FX account holds: the receivable was relieved at
    /// another rate than the invoice was booked at.
    pub fn unposted(&self) -> Decimal {
        self.realised - self.posted
    }
}

/// The conversion rate of posting `p` (its cost per unit) and the cost's commodity, when it
/// has a cost.
fn rate(j: &Journal, p: usize) -> Result<Option<(CommodityId, Decimal)>, Overflow> {
    let posting = &j.postings[p];
    if j.extra(posting).and_then(|e| e.cost).is_none() || posting.amount.quantity.is_zero() {
        return Ok(None);
    }
    let cost = cost_of(j, posting)?;
    let r = cost
        .quantity
        .checked_div(posting.amount.quantity)
        .ok_or(Overflow)?;
    Ok(Some((cost.commodity, r)))
}

/// The payments dated `first..=last` that settle items booked with a conversion, one row per
/// transaction, customer and commodity, in date then file order. `ar` must be read at `last`
/// or later.
pub fn realised_fx(
    j: &Journal,
    ar: &OpenItems,
    first: NaiveDate,
    last: NaiveDate,
    keep: impl Fn(usize) -> bool,
) -> Result<Vec<FxRow>, Overflow> {
    let mut rows: Vec<FxRow> = Vec::new();
    // Books without a single cost (`@`) convert nothing: no item needs to be read.
    if !j.extras.iter().any(|e| e.cost.is_some()) {
        return Ok(rows);
    }
    let fx = fx_accounts(j);
    let mut index: FxHashMap<(TxnId, usize, CommodityId), usize> = FxHashMap::default();
    for (i, it) in ar.items.iter().enumerate() {
        let Some((base, first_rate)) = rate(j, it.posting)? else {
            continue;
        };
        // What raised the item, in its own commodity and at the rates it was booked at: the
        // invoice, then each debit memo converted into the same commodity (§7.9).
        let raised = it.movements[0].amount;
        let mut raised = (raised, raised.checked_mul(first_rate).ok_or(Overflow)?);
        for m in &it.movements[1..] {
            if m.kind == MovementKind::DebitMemo {
                if let Some((_, r)) = rate(j, m.posting as usize)?.filter(|&(b, _)| b == base) {
                    let value = m.amount.checked_mul(r).ok_or(Overflow)?;
                    raised = (
                        raised.0.checked_add(m.amount).ok_or(Overflow)?,
                        raised.1.checked_add(value).ok_or(Overflow)?,
                    );
                }
                continue;
            }
            if m.kind != MovementKind::Payment || m.date < first || m.date > last {
                continue;
            }
            let Some((paid_base, paid_rate)) = rate(j, m.posting as usize)? else {
                continue;
            };
            if paid_base != base {
                continue;
            }
            let settled = -m.amount;
            // At the average of the rates it was raised at so far.
            let booked = settled
                .checked_mul(raised.1)
                .and_then(|x| x.checked_div(raised.0))
                .ok_or(Overflow)?;
            let relieved = settled.checked_mul(paid_rate).ok_or(Overflow)?;
            let key = (m.txn, it.customer, it.commodity);
            let row = match index.get(&key) {
                Some(&k) => &mut rows[k],
                None => {
                    index.insert(key, rows.len());
                    let txn = &j.transactions[m.txn.index()];
                    let posted = -j
                        .postings_of(txn)
                        .iter()
                        .filter(|p| fx[p.account.index()] && p.amount.commodity == base)
                        .map(|p| p.amount.quantity)
                        .sum::<Decimal>();
                    rows.push(FxRow {
                        date: m.date,
                        txn: m.txn,
                        posting: m.posting as usize,
                        customer: it.customer,
                        items: Vec::new(),
                        commodity: it.commodity,
                        settled: Decimal::ZERO,
                        base,
                        booked: Decimal::ZERO,
                        received: posted,
                        realised: posted,
                        posted,
                    });
                    rows.last_mut().expect("a row was just pushed")
                }
            };
            if !row.items.contains(&i) {
                row.items.push(i);
            }
            row.settled += settled;
            row.booked += booked;
            row.received += relieved;
            row.realised += relieved - booked;
        }
    }
    share_posted(j, &mut rows)?;
    // Filtered after the sharing, so that a customer's row reads the same shown alone.
    rows.retain(|r| keep(r.customer));
    rows.sort_by_key(|r| (r.date, r.txn, ar.customers.list[r.customer].id.clone()));
    Ok(rows)
}

/// Divides what a transaction posted to FX accounts among its rows (§7.9): a payment that
/// settles the items of several customers, or in several commodities, posts one gain for them
/// all, and each of its rows was given all of it. When the rows' items share a commodity, the
/// payment converted them at one rate (all it fetched over all it settled), and each row's
/// share is what its settled amount fetched at that rate beyond what it relieved; otherwise
/// the postings are divided in proportion to the booked values. Shares are rounded half to
/// even to the commodity's cents, the last row taking the remainder: the rows add up to the
/// transaction. A transaction that posts nothing to FX accounts has nothing to divide.
fn share_posted(j: &Journal, rows: &mut [FxRow]) -> Result<(), Overflow> {
    let mut groups: FxHashMap<(TxnId, CommodityId), Vec<usize>> = FxHashMap::default();
    for (k, r) in rows.iter().enumerate() {
        groups.entry((r.txn, r.base)).or_default().push(k);
    }
    for ((_, base), group) in groups {
        let Some((&last, others)) = group.split_last().filter(|(_, o)| !o.is_empty()) else {
            continue;
        };
        let posted = rows[last].posted;
        // Nothing posted: nothing was counted twice, and each row keeps what it realised.
        if posted.is_zero() {
            continue;
        }
        // What each row relieved at the payment's own rate: all it received but the posting.
        let relieved = |r: &FxRow| r.received - r.posted;
        let sum = |f: &dyn Fn(&FxRow) -> Decimal| -> Result<Decimal, Overflow> {
            group
                .iter()
                .try_fold(Decimal::ZERO, |acc, &k| acc.checked_add(f(&rows[k])))
                .ok_or(Overflow)
        };
        let one_commodity = group
            .iter()
            .all(|&k| rows[k].commodity == rows[last].commodity);
        let settled = sum(&|r| r.settled)?;
        let booked = sum(&|r| r.booked)?;
        let fetched = posted.checked_add(sum(&relieved)?).ok_or(Overflow)?;
        let share = |r: &FxRow| -> Result<Decimal, Overflow> {
            if one_commodity && !settled.is_zero() {
                let at_one_rate = r
                    .settled
                    .checked_mul(fetched)
                    .and_then(|x| x.checked_div(settled))
                    .ok_or(Overflow)?;
                Ok(at_one_rate - relieved(r))
            } else if !booked.is_zero() {
                posted
                    .checked_mul(r.booked)
                    .and_then(|x| x.checked_div(booked))
                    .ok_or(Overflow)
            } else {
                Ok(posted / Decimal::from(group.len()))
            }
        };
        let cents = j.commodity_info[base.index()].decimals_seen;
        let mut given = Decimal::ZERO;
        let mut shares = Vec::with_capacity(group.len());
        for &k in others {
            let q = share(&rows[k])?
                .round_dp_with_strategy(cents, rust_decimal::RoundingStrategy::MidpointNearestEven);
            given = given.checked_add(q).ok_or(Overflow)?;
            shares.push((k, q));
        }
        shares.push((last, posted - given));
        for (k, q) in shares {
            let r = &mut rows[k];
            let own = relieved(r);
            r.posted = q;
            r.received = own + q;
            r.realised = own - r.booked + q;
        }
    }
    Ok(())
}

/// `check`'s warnings (§7.9): every payment whose realised gain or loss is not all in FX
/// accounts, at its receivable posting.
pub fn unposted_fx(j: &Journal, ar: &OpenItems) -> Vec<Diagnostic> {
    let Ok(rows) = realised_fx(j, ar, NaiveDate::MIN, ar.as_of, |_| true) else {
        return Vec::new();
    };
    rows.iter()
        .filter(|r| !r.unposted().is_zero())
        .map(|r| {
            let mut q = r.unposted();
            q.rescale(j.commodity_info[r.base.index()].decimals_seen);
            let what = if q > Decimal::ZERO { "gain" } else { "loss" };
            let items: Vec<_> = r.items.iter().map(|&i| ar.items[i].reference(j)).collect();
            Diagnostic::warning(
                Code::Receivable,
                j.trim_span(j.postings[r.posting].span),
                format!(
                    "a realised FX {what} of {} {} on {} is in no FX account",
                    q.abs(),
                    j.commodity_name(r.base),
                    items.join(", ")
                ),
            )
            .note(
                "relieve the receivable at the rate the invoice was booked at and post the \
                 difference to `Income:FX Gain` or `Expenses:FX Loss` (docs/ar-conventions.md §7.9)",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    #[test]
    fn posted_and_unposted_gains_realise_the_same() {
        let l = parse_str(
            "\
2026-01-15 (INV-1) Keller
    Assets:Receivable:Keller    2000.00 EUR @ 1.10 USD
    Income:Sales               -2200.00 USD

2026-01-16 (INV-2) Keller
    Assets:Receivable:Keller    1000.00 EUR @@ 1150.00 USD
    Income:Sales               -1150.00 USD

2026-03-12 (PMT-1) Keller
    Assets:Bank:Checking        2400.00 USD
    Assets:Receivable:Keller   -2000.00 EUR @@ 2200.00 USD  ; invoice: INV-1
    Income:FX Gain              -200.00 USD

2026-03-20 (PMT-2) Keller
    Assets:Bank:Checking        1120.00 USD
    Assets:Receivable:Keller   -1000.00 EUR @ 1.12 USD  ; invoice: INV-2
",
        );
        let j = &l.journal;
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-31".parse().unwrap(),
            },
        );
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let rows = realised_fx(j, &ar, d("2026-03-01"), d("2026-03-31"), |_| true).unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.realised, r.posted, r.unposted(), r.received))
            .collect();
        let n = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            got,
            vec![
                (n("200"), n("200"), n("0"), n("2400")),
                (n("-30"), n("0"), n("-30"), n("1120")),
            ]
        );
        assert!(
            realised_fx(j, &ar, d("2026-01-01"), d("2026-02-28"), |_| true)
                .unwrap()
                .is_empty()
        );
    }

    /// The rows of one payment, as (customer id, settled, received, realised, posted).
    fn rows_of(
        text: &str,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(String, String, String, String, String)> {
        let l = parse_str(text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: "2026-03-31".parse().unwrap(),
            },
        );
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        realised_fx(j, &ar, d("2026-03-01"), d("2026-03-31"), keep)
            .unwrap()
            .iter()
            .map(|r| {
                (
                    ar.customers.list[r.customer].id.clone(),
                    r.settled.normalize().to_string(),
                    r.received.normalize().to_string(),
                    r.realised.normalize().to_string(),
                    r.posted.normalize().to_string(),
                )
            })
            .collect()
    }

    const TWO_CUSTOMERS: &str = "\
2026-01-15 (INV-1) Keller
    Assets:Receivable:Keller    2000.00 EUR @ 1.10 USD
    Income:Sales               -2200.00 USD

2026-01-16 (INV-2) Vogel
    Assets:Receivable:Vogel     1000.00 EUR @ 1.15 USD
    Income:Sales               -1150.00 USD

2026-03-12 (PMT-1) Keller Holding pays for both at 1.20
    Assets:Bank:Checking        3600.00 USD
    Assets:Receivable:Keller   -2000.00 EUR @@ 2200.00 USD  ; invoice: INV-1
    Assets:Receivable:Vogel    -1000.00 EUR @@ 1150.00 USD  ; invoice: INV-2
    Income:FX Gain              -250.00 USD
";

    #[test]
    fn one_payment_for_two_customers_realises_its_gain_once() {
        let s = |x: &str| x.to_string();
        // One rate for both: 3600 fetched for 3000 EUR, 1.20; 2000 × 1.20 − 2200 = 200.
        let keller = (s("Keller"), s("2000"), s("2400"), s("200"), s("200"));
        let vogel = (s("Vogel"), s("1000"), s("1200"), s("50"), s("50"));
        let rows = rows_of(TWO_CUSTOMERS, |_| true);
        assert_eq!(rows, vec![keller.clone(), vogel]);
        // A customer shown alone keeps its share.
        let keller_only = rows_of(TWO_CUSTOMERS, |c| c == 0);
        assert_eq!(keller_only, vec![keller]);
    }

    #[test]
    fn a_payment_for_two_customers_that_posts_no_gain_shares_nothing() {
        let text = TWO_CUSTOMERS
            .replace("3600.00 USD", "3350.00 USD")
            .replace("    Income:FX Gain              -250.00 USD\n", "");
        let s = |x: &str| x.to_string();
        assert_eq!(
            rows_of(&text, |_| true),
            vec![
                (s("Keller"), s("2000"), s("2200"), s("0"), s("0")),
                (s("Vogel"), s("1000"), s("1150"), s("0"), s("0")),
            ]
        );
    }

    #[test]
    fn a_debit_memo_at_another_rate_books_the_item_at_their_average() {
        let text = "\
2026-01-15 (INV-1) Keller
    Assets:Receivable:Keller    2000.00 EUR @ 1.10 USD
    Income:Sales               -2200.00 USD

2026-02-02 (DM-1) Keller | extra valves
    Assets:Receivable:Keller     500.00 EUR @ 1.20 USD  ; invoice: INV-1
    Income:Sales                -600.00 USD

2026-03-12 (PMT-1) Keller | 2500 EUR at 1.20
    Assets:Bank:Checking        3000.00 USD
    Assets:Receivable:Keller   -2500.00 EUR @@ 2800.00 USD  ; invoice: INV-1
    Income:FX Gain              -200.00 USD
";
        let rows = rows_of(text, |_| true);
        let s = |x: &str| x.to_string();
        // Booked at (2200 + 600) / 2500 = 1.12: the payment relieved it at that, and the
        // FX account holds all the gain.
        assert_eq!(
            rows,
            vec![(s("Keller"), s("2500"), s("3000"), s("200"), s("200"))]
        );
        let l = parse_str(text);
        let ar = open_items(
            &l.journal,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: NaiveDate::MAX,
            },
        );
        assert!(unposted_fx(&l.journal, &ar).is_empty());
    }

    #[test]
    fn a_payment_in_two_commodities_shares_its_gain_by_booked_value() {
        let rows = rows_of(
            "\
2026-01-15 (INV-1) Keller
    Assets:Receivable:Keller    1000.00 EUR @ 1.10 USD
    Income:Sales               -1100.00 USD

2026-01-16 (INV-2) Keller
    Assets:Receivable:Keller    1000.00 GBP @ 1.20 USD
    Income:Sales               -1200.00 USD

2026-03-12 (PMT-1) Keller
    Assets:Bank:Checking        2400.00 USD
    Assets:Receivable:Keller   -1000.00 EUR @@ 1100.00 USD  ; invoice: INV-1
    Assets:Receivable:Keller   -1000.00 GBP @@ 1200.00 USD  ; invoice: INV-2
    Income:FX Gain              -100.00 USD
",
            |_| true,
        );
        let posted: Vec<_> = rows.iter().map(|r| r.4.as_str()).collect();
        // 100 × 1100 / 2300 = 47.826… and the remainder.
        assert_eq!(posted, ["47.83", "52.17"]);
    }
}
