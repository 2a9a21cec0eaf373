//! The AR roll-forward of a period: opening AR + invoices + debit memos − payments − discounts
//! − credit memos − write-offs ± other = closing AR, per customer and commodity and in total, tied to
//! the customer accounts' balances.

use std::collections::BTreeMap;

use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::items::{MovementKind, OpenItems};
use crate::mixed::Overflow;

/// One roll-forward line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollRow {
    /// Index of the customer, or `None` for the total of a commodity.
    pub customer: Option<usize>,
    /// The commodity of every amount of the row.
    pub commodity: CommodityId,
    /// Open AR at the start of the period (items' open amounts the day before it).
    pub opening: Decimal,
    /// New invoices.
    pub invoices: Decimal,
    /// Debit memos (later amounts added to an invoice).
    pub debit_memos: Decimal,
    /// Payments received (a reduction, shown positive).
    pub payments: Decimal,
    /// Early-payment discounts taken (a reduction, shown positive; §7.1).
    pub discounts: Decimal,
    /// Credit memos (a reduction, shown positive).
    pub credit_memos: Decimal,
    /// Write-offs (a reduction, shown positive).
    pub write_offs: Decimal,
    /// Everything else, signed: refunds, applications between items, adjustments.
    pub other: Decimal,
    /// Open AR at the end of the period.
    pub closing: Decimal,
    /// The customer accounts' balance at the end of the period, read from the postings
    /// directly (not from the items), at their own dates (`; date:` tags count).
    pub balance: Decimal,
}

impl RollRow {
    fn empty(customer: Option<usize>, commodity: CommodityId) -> RollRow {
        let z = Decimal::ZERO;
        RollRow {
            customer,
            commodity,
            opening: z,
            invoices: z,
            debit_memos: z,
            payments: z,
            discounts: z,
            credit_memos: z,
            write_offs: z,
            other: z,
            closing: z,
            balance: z,
        }
    }

    /// Adds another row's amounts to this one (for totals).
    pub fn add(&mut self, r: &RollRow) -> Result<(), Overflow> {
        for (sum, q) in [
            (&mut self.opening, r.opening),
            (&mut self.invoices, r.invoices),
            (&mut self.debit_memos, r.debit_memos),
            (&mut self.payments, r.payments),
            (&mut self.discounts, r.discounts),
            (&mut self.credit_memos, r.credit_memos),
            (&mut self.write_offs, r.write_offs),
            (&mut self.other, r.other),
            (&mut self.closing, r.closing),
            (&mut self.balance, r.balance),
        ] {
            *sum = sum.checked_add(q).ok_or(Overflow)?;
        }
        Ok(())
    }

    /// Whether the closing AR equals the account balance.
    pub fn ties(&self) -> bool {
        self.closing == self.balance
    }
}

/// The roll-forward of `first..=last`, from items computed at `last` (or later). Rows per
/// customer (those `keep` accepts) and commodity with anything to show, sorted by customer then
/// commodity name, then one total row per commodity over the rows shown.
pub fn rollforward(
    j: &Journal,
    ar: &OpenItems,
    first: NaiveDate,
    last: NaiveDate,
    keep: impl Fn(usize) -> bool,
) -> Result<Vec<RollRow>, Overflow> {
    let mut rows: BTreeMap<(usize, CommodityId), RollRow> = BTreeMap::new();
    let overflow = || Overflow;
    let add = |x: &mut Decimal, q: Decimal| -> Result<(), Overflow> {
        *x = x.checked_add(q).ok_or_else(overflow)?;
        Ok(())
    };
    for it in &ar.items {
        let row = rows
            .entry((it.customer, it.commodity))
            .or_insert_with(|| RollRow::empty(Some(it.customer), it.commodity));
        for m in &it.movements {
            if m.date > last {
                continue;
            }
            // What an opening entry carried over is the opening balance of every period it
            // falls in, not invoicing (§2.11).
            if m.date < first || m.kind == MovementKind::Opening {
                add(&mut row.opening, m.amount)?;
                continue;
            }
            let (field, q) = match m.kind {
                MovementKind::Invoice => (&mut row.invoices, m.amount),
                MovementKind::Opening => (&mut row.opening, m.amount),
                MovementKind::DebitMemo => (&mut row.debit_memos, m.amount),
                // A returned payment takes back what it had paid (§7.10).
                MovementKind::Payment | MovementKind::Returned => (&mut row.payments, -m.amount),
                MovementKind::Discount => (&mut row.discounts, -m.amount),
                MovementKind::CreditMemo => (&mut row.credit_memos, -m.amount),
                // A bad-debt recovery takes back what the write-off had written off (§7.4).
                MovementKind::WriteOff | MovementKind::Reinstated => {
                    (&mut row.write_offs, -m.amount)
                }
                MovementKind::Application | MovementKind::Refund | MovementKind::Adjustment => {
                    (&mut row.other, m.amount)
                }
            };
            add(field, q)?;
        }
    }
    // The balances, from the postings themselves, at their own dates (as ledger and hledger
    // give them): a posting dated into the period by a `date:` tag counts here, while AR counts
    // it at its transaction's date, so the row does not tie.
    for t in &j.transactions {
        for p in j.postings_of(t) {
            let Some(c) = ar.customers.of_account(p.account) else {
                continue;
            };
            if j.posting_date(t, p) > last {
                continue;
            }
            let row = rows
                .entry((c, p.amount.commodity))
                .or_insert_with(|| RollRow::empty(Some(c), p.amount.commodity));
            add(&mut row.balance, p.amount.quantity)?;
        }
    }
    let mut out: Vec<RollRow> = Vec::new();
    let mut totals: BTreeMap<&str, RollRow> = BTreeMap::new();
    let mut list: Vec<RollRow> = rows.into_values().collect();
    for r in &mut list {
        r.closing = [
            r.invoices,
            r.debit_memos,
            -r.payments,
            -r.discounts,
            -r.credit_memos,
            -r.write_offs,
            r.other,
        ]
        .into_iter()
        .try_fold(r.opening, |acc, q| acc.checked_add(q))
        .ok_or_else(overflow)?;
    }
    list.retain(|r| {
        r.customer.is_some_and(&keep)
            && [
                r.opening,
                r.invoices,
                r.debit_memos,
                r.payments,
                r.discounts,
                r.credit_memos,
                r.write_offs,
                r.other,
                r.closing,
                r.balance,
            ]
            .iter()
            .any(|q| !q.is_zero())
    });
    list.sort_by(|a, b| {
        (a.customer, j.commodity_name(a.commodity))
            .cmp(&(b.customer, j.commodity_name(b.commodity)))
    });
    for r in list {
        let t = totals
            .entry(j.commodity_name(r.commodity))
            .or_insert_with(|| RollRow::empty(None, r.commodity));
        t.add(&r)?;
        out.push(r);
    }
    out.extend(totals.into_values());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn each_movement_lands_in_its_column_and_the_period_ties() {
        let l = parse_str(
            "\
account Assets:Receivable:Acme  ; customer: Acme
account Expenses:Bad Debt

2025-12-10 * (INV-1) Acme | before the period
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-05 * (INV-2) Acme | invoice
    Assets:Receivable:Acme     250.00 USD
    Income:Sales

2026-01-06 * Acme | late fee on INV-2
    Assets:Receivable:Acme      10.00 USD  ; invoice: INV-2
    Income:Fees

2026-01-10 * (PMT-1) Acme | payment
    Assets:Bank:Checking        60.00 USD
    Assets:Receivable:Acme     -60.00 USD

2026-01-12 * (CM-1) Acme | credit memo
    Assets:Receivable:Acme     -20.00 USD  ; invoice: INV-2
    Income:Returns

2026-01-20 * Acme | write off INV-1
    Assets:Receivable:Acme     -40.00 USD  ; invoice: INV-1
    Expenses:Bad Debt

2026-02-01 * (PMT-2) Acme | after the period
    Assets:Bank:Checking         5.00 USD
    Assets:Receivable:Acme      -5.00 USD
",
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: d("2026-01-31"),
            },
        );
        let rows = rollforward(j, &ar, d("2026-01-01"), d("2026-01-31"), |_| true).unwrap();
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            (
                r.opening,
                r.invoices,
                r.debit_memos,
                r.payments,
                r.credit_memos,
                r.write_offs,
                r.other
            ),
            (
                dec("100"),
                dec("250"),
                dec("10"),
                dec("60"),
                dec("20"),
                dec("40"),
                dec("0")
            )
        );
        assert_eq!(r.closing, dec("240"));
        assert!(r.ties());
        assert_eq!(rows[1].customer, None);
        assert_eq!(rows[1].closing, dec("240"));
    }
}
