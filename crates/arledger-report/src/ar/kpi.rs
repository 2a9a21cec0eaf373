//! Collection KPIs of a period: activity (invoiced, collected, credited, written off), DSO
//! (simple and count-back), CEI, average days to pay and beyond terms, percentage current.
//! Formulas in docs/kpi.md.

use std::collections::BTreeMap;

use arledger_journal::{CommodityId, Journal};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::items::{ItemKind, MovementKind, OpenItems};
use crate::mixed::Overflow;

/// The KPIs of one customer (or all) in one commodity over one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kpi {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// The customer, or `None` for all customers.
    pub customer: Option<usize>,
    /// The commodity of the amounts.
    pub commodity: CommodityId,
    /// Open AR the day before the period.
    pub opening: Decimal,
    /// Invoices and debit memos in the period.
    pub invoiced: Decimal,
    /// Payments received in the period (positive).
    pub collected: Decimal,
    /// Credit memos in the period (positive).
    pub credited: Decimal,
    /// Write-offs in the period (positive).
    pub written_off: Decimal,
    /// Open AR at the end of the period.
    pub closing: Decimal,
    /// Of the open invoices, what is not overdue at the period's end (due on or after it).
    pub current: Decimal,
    /// What is owed at the end of the period: invoices with a positive open amount
    /// ([`Item::owed`](super::items::Item::owed); credits and credit balances left out).
    pub open_invoices: Decimal,
    /// closing / invoiced × days in the period (none when nothing was invoiced).
    pub dso_simple: Option<Decimal>,
    /// Days of the most recent invoicing that the closing AR covers, month by month back.
    pub dso_countback: Option<Decimal>,
    /// Collection effectiveness index, percent (none when there was nothing to collect).
    pub cei: Option<Decimal>,
    /// Mean days from invoice date to settlement, over invoices settled in the period.
    pub avg_days_to_pay: Option<Decimal>,
    /// Mean days from due date to settlement (negative: early), over the same invoices.
    pub avg_days_beyond_terms: Option<Decimal>,
    /// current / open invoices × 100 (credits left out).
    pub pct_current: Option<Decimal>,
}

/// One period of a KPI report.
pub type Window = (NaiveDate, NaiveDate);

/// Splits `from..=to` into intervals: `None` one interval; else days, weeks (Monday
/// starts), months or quarters, the first and last cut to the period.
pub fn intervals(from: NaiveDate, to: NaiveDate, every: Option<Interval>) -> Vec<Window> {
    let Some(every) = every else {
        return vec![(from, to)];
    };
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let next = every.next_start(start);
        let end = next.pred_opt().unwrap_or(next).min(to);
        out.push((start, end));
        start = next;
    }
    out
}

/// How a KPI report is split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    /// Days.
    Daily,
    /// Weeks from Monday.
    Weekly,
    /// Calendar months.
    Monthly,
    /// Calendar quarters.
    Quarterly,
}

impl Interval {
    /// The first day of the interval after the one holding `d`.
    fn next_start(self, d: NaiveDate) -> NaiveDate {
        let first_of_month = d.with_day(1).unwrap_or(d);
        let r = match self {
            Interval::Daily => d.succ_opt(),
            Interval::Weekly => d.checked_add_days(chrono::Days::new(
                7 - u64::from(d.weekday().num_days_from_monday()),
            )),
            Interval::Monthly => first_of_month.checked_add_months(Months::new(1)),
            Interval::Quarterly => {
                let q0 = (d.month0() / 3) * 3;
                NaiveDate::from_ymd_opt(d.year(), q0 + 1, 1)
                    .and_then(|q| q.checked_add_months(Months::new(3)))
            }
        };
        r.unwrap_or(NaiveDate::MAX)
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> Decimal {
    Decimal::from((to - from).num_days() + 1)
}

fn one_decimal(q: Decimal) -> Decimal {
    let mut q = q.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    q.rescale(1);
    q
}

fn mean(values: &[i64]) -> Option<Decimal> {
    (!values.is_empty()).then(|| {
        one_decimal(Decimal::from(values.iter().sum::<i64>()) / Decimal::from(values.len()))
    })
}

/// The KPIs of each interval for each customer `keep` accepts (per commodity) and their total.
/// `ar` must be computed at `to` or later.
pub fn kpis(
    j: &Journal,
    ar: &OpenItems,
    spans: &[Window],
    keep: impl Fn(usize) -> bool,
) -> Result<Vec<Kpi>, Overflow> {
    type Key = (Option<usize>, CommodityId);
    let kept: Vec<usize> = (0..ar.items.len())
        .filter(|&i| keep(ar.items[i].customer))
        .collect();
    // An item whose movements net to zero is settled for good on its last movement's day.
    // In a period starting after that it only carries its zero (the scale of its amounts)
    // into opening and closing and its invoicing into the count-back months, so those
    // contributions are carried from period to period instead of walking every item again.
    let settled_on: Vec<Option<NaiveDate>> = ar
        .items
        .iter()
        .map(|it| {
            let last = it.movements.iter().map(|m| m.date).max()?;
            let net = it
                .movements
                .iter()
                .try_fold(Decimal::ZERO, |a, m| a.checked_add(m.amount))?;
            net.is_zero().then_some(last)
        })
        .collect();
    let mut by_settling: Vec<(NaiveDate, usize)> = kept
        .iter()
        .filter_map(|&i| settled_on[i].map(|d| (d, i)))
        .collect();
    by_settling.sort_unstable();
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&s| spans[s].0);
    let mut carried: BTreeMap<Key, Acc> = BTreeMap::new();
    let mut next_settled = 0;
    let mut per_span: Vec<Vec<Kpi>> = vec![Vec::new(); spans.len()];
    for s in order {
        let (from, to) = spans[s];
        while let Some(&(_, i)) = by_settling.get(next_settled).filter(|(d, _)| *d < from) {
            let it = &ar.items[i];
            for who in [Some(it.customer), None] {
                carried
                    .entry((who, it.commodity))
                    .or_default()
                    .add_settled(it)?;
            }
            next_settled += 1;
        }
        let mut rows = carried.clone();
        for &i in &kept {
            if settled_on[i].is_some_and(|d| d < from) {
                continue;
            }
            let it = &ar.items[i];
            for who in [Some(it.customer), None] {
                let acc = rows.entry((who, it.commodity)).or_default();
                acc.add_item(it, from, to)?;
            }
        }
        let mut list: Vec<(Key, Acc)> = rows.into_iter().collect();
        list.sort_by(|((c1, k1), _), ((c2, k2), _)| {
            (c1.is_none(), c1, j.commodity_name(*k1)).cmp(&(
                c2.is_none(),
                c2,
                j.commodity_name(*k2),
            ))
        });
        for ((customer, commodity), acc) in list {
            if acc.is_empty() {
                continue;
            }
            per_span[s].push(acc.kpi(from, to, customer, commodity)?);
        }
    }
    Ok(per_span.into_iter().flatten().collect())
}

/// Sums for one row while reading items.
#[derive(Clone, Default)]
struct Acc {
    opening: Decimal,
    invoiced: Decimal,
    collected: Decimal,
    credited: Decimal,
    written_off: Decimal,
    closing: Decimal,
    current: Decimal,
    open_invoices: Decimal,
    /// Invoiced per calendar month (first day), for the count-back DSO.
    monthly: BTreeMap<NaiveDate, Decimal>,
    to_pay: Vec<i64>,
    beyond: Vec<i64>,
}

impl Acc {
    fn is_empty(&self) -> bool {
        [
            self.opening,
            self.invoiced,
            self.collected,
            self.credited,
            self.written_off,
            self.closing,
        ]
        .iter()
        .all(|q| q.is_zero())
    }

    /// What an item settled for good before the period adds: its zero to opening and closing
    /// (as [`Acc::add_item`] would, scale included) and its invoicing months.
    fn add_settled(&mut self, it: &super::items::Item) -> Result<(), Overflow> {
        for m in &it.movements {
            self.opening = self.opening.checked_add(m.amount).ok_or(Overflow)?;
            self.closing = self.closing.checked_add(m.amount).ok_or(Overflow)?;
            if matches!(m.kind, MovementKind::Invoice | MovementKind::DebitMemo) {
                let month = m.date.with_day(1).unwrap_or(m.date);
                let q = self.monthly.entry(month).or_default();
                *q = q.checked_add(m.amount).ok_or(Overflow)?;
            }
        }
        Ok(())
    }

    fn add_item(
        &mut self,
        it: &super::items::Item,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), Overflow> {
        let add = |x: &mut Decimal, q: Decimal| -> Result<(), Overflow> {
            *x = x.checked_add(q).ok_or(Overflow)?;
            Ok(())
        };
        let mut open_at_end = Decimal::ZERO;
        // The movement that paid the invoice in full, overpaid into a credit or not (§2.5).
        let mut paid_by = None;
        for m in it.movements.iter().filter(|m| m.date <= to) {
            let before = open_at_end;
            add(&mut open_at_end, m.amount)?;
            if before > Decimal::ZERO && open_at_end <= Decimal::ZERO {
                paid_by = Some(m);
            } else if open_at_end > Decimal::ZERO {
                paid_by = None;
            }
            // What an opening entry carried over is opening AR, not invoicing (§2.11).
            if m.date < from || m.kind == MovementKind::Opening {
                add(&mut self.opening, m.amount)?;
                continue;
            }
            match m.kind {
                MovementKind::Invoice | MovementKind::DebitMemo => {
                    add(&mut self.invoiced, m.amount)?;
                }
                // A returned payment was never collected (§7.10).
                MovementKind::Payment | MovementKind::Returned => {
                    add(&mut self.collected, -m.amount)?
                }
                MovementKind::CreditMemo | MovementKind::Discount => {
                    add(&mut self.credited, -m.amount)?
                }
                MovementKind::WriteOff | MovementKind::Reinstated => {
                    add(&mut self.written_off, -m.amount)?
                }
                _ => {}
            }
        }
        // Invoicing per month, back from the period's end (count-back DSO).
        for m in it.movements.iter().filter(|m| {
            m.date <= to && matches!(m.kind, MovementKind::Invoice | MovementKind::DebitMemo)
        }) {
            let month = m.date.with_day(1).unwrap_or(m.date);
            add(self.monthly.entry(month).or_default(), m.amount)?;
        }
        add(&mut self.closing, open_at_end)?;
        // What is owed at the end, and of it what is not overdue (credits not netted).
        let owed = it.owed(open_at_end);
        add(&mut self.open_invoices, owed)?;
        add(&mut self.current, owed - it.overdue(open_at_end, to))?;
        if let Some(m) = paid_by.filter(|m| {
            it.kind == ItemKind::Invoice && m.kind != MovementKind::WriteOff && m.date >= from
        }) {
            self.to_pay.push((m.date - it.date).num_days());
            self.beyond.push((m.date - it.due).num_days());
        }
        Ok(())
    }

    /// The row's KPIs; a ratio too large for exact arithmetic (a tiny denominator) is an
    /// overflow, not a panic.
    fn kpi(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        customer: Option<usize>,
        commodity: CommodityId,
    ) -> Result<Kpi, Overflow> {
        let hundred = Decimal::ONE_HUNDRED;
        // a / b × c, checked (b is not zero where this is called).
        let ratio = |a: Decimal, b: Decimal, c: Decimal| -> Result<Decimal, Overflow> {
            a.checked_div(b)
                .and_then(|q| q.checked_mul(c))
                .map(one_decimal)
                .ok_or(Overflow)
        };
        let dso_simple = (!self.invoiced.is_zero() && self.invoiced.is_sign_positive())
            .then(|| ratio(self.closing, self.invoiced, days(from, to)))
            .transpose()?;
        // CEI: what was collected of what could be collected (everything but what is current).
        let sum = |a: Decimal, b: Decimal, c: Decimal| {
            a.checked_add(b)
                .and_then(|s| s.checked_sub(c))
                .ok_or(Overflow)
        };
        let collectible = sum(self.opening, self.invoiced, self.current)?;
        let collected = sum(self.opening, self.invoiced, self.closing)?;
        let cei = (collectible > Decimal::ZERO)
            .then(|| ratio(collected, collectible, hundred))
            .transpose()?;
        let pct_current = (self.open_invoices > Decimal::ZERO)
            .then(|| ratio(self.current, self.open_invoices, hundred))
            .transpose()?;
        Ok(Kpi {
            from,
            to,
            customer,
            commodity,
            opening: self.opening,
            invoiced: self.invoiced,
            collected: self.collected,
            credited: self.credited,
            written_off: self.written_off,
            closing: self.closing,
            current: self.current,
            open_invoices: self.open_invoices,
            dso_simple,
            dso_countback: self.countback(to)?,
            cei,
            avg_days_to_pay: mean(&self.to_pay),
            avg_days_beyond_terms: mean(&self.beyond),
            pct_current,
        })
    }

    /// Count-back DSO: the closing AR is matched against the invoicing of the period's last
    /// month (up to its end), then of the months before, each exhausted month counting its
    /// days, the last one the fraction the remaining AR is of its invoicing (at most 24 months).
    fn countback(&self, to: NaiveDate) -> Result<Option<Decimal>, Overflow> {
        if self.closing <= Decimal::ZERO {
            return Ok(None);
        }
        let mut left = self.closing;
        let mut total = Decimal::ZERO;
        let mut month_end = to;
        for _ in 0..24 {
            let Some(first) = month_end.with_day(1) else {
                return Ok(None);
            };
            let invoiced = self.monthly.get(&first).copied().unwrap_or_default();
            let d = days(first, month_end);
            if invoiced > Decimal::ZERO && left <= invoiced {
                // The fraction of the month is at most its days: only a tiny invoicing makes
                // the division overflow.
                let part = left
                    .checked_div(invoiced)
                    .and_then(|f| f.checked_mul(d))
                    .ok_or(Overflow)?;
                return Ok(Some(one_decimal(total + part)));
            }
            left -= invoiced.max(Decimal::ZERO);
            total += d;
            let Some(before) = first.pred_opt() else {
                return Ok(None);
            };
            month_end = before;
        }
        Ok(Some(one_decimal(total)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{open_items, ArOptions};
    use arledger_journal::parse_str;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A hand-computed quarter (docs/kpi.md walks through the same numbers).
    const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme
account Expenses:Bad Debt

2025-12-15 * (INV-1) Acme | December
    ; due: 2026-01-14
    Assets:Receivable:Acme     1000.00 USD
    Income:Sales

2026-01-10 * (INV-2) Acme | January
    ; due: 2026-02-09
    Assets:Receivable:Acme     3000.00 USD
    Income:Sales

2026-01-20 * (PMT-1) Acme | pays INV-1, 20 days late
    Assets:Bank:Checking        1000.00 USD
    Assets:Receivable:Acme     -1000.00 USD  ; invoice: INV-1

2026-02-05 * (INV-3) Acme | February
    ; due: 2026-03-07
    Assets:Receivable:Acme     2000.00 USD
    Income:Sales

2026-02-19 * (PMT-2) Acme | pays INV-2, 10 days late
    Assets:Bank:Checking        3000.00 USD
    Assets:Receivable:Acme     -3000.00 USD  ; invoice: INV-2

2026-03-10 * (INV-4) Acme | March
    ; due: 2026-04-09
    Assets:Receivable:Acme     1200.00 USD
    Income:Sales

2026-03-20 * (CM-1) Acme | credit on INV-3
    Assets:Receivable:Acme      -200.00 USD  ; invoice: INV-3
    Income:Returns
";

    #[test]
    fn the_quarter_by_hand() {
        let l = parse_str(BOOKS);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: d("2026-03-31"),
            },
        );
        let rows = kpis(j, &ar, &[(d("2026-01-01"), d("2026-03-31"))], |_| true).unwrap();
        assert_eq!(rows.len(), 2, "customer and total");
        let k = &rows[0];
        assert_eq!(k.customer, Some(0));
        assert_eq!(
            (
                k.opening,
                k.invoiced,
                k.collected,
                k.credited,
                k.written_off
            ),
            (dec("1000"), dec("6200"), dec("4000"), dec("200"), dec("0"))
        );
        // Open at the end: INV-3 1800 (due 03-07, overdue) + INV-4 1200 (current).
        assert_eq!((k.closing, k.current), (dec("3000"), dec("1200")));
        // 3000 / 6200 × 90 days.
        assert_eq!(k.dso_simple, Some(dec("43.5")));
        // March invoiced 1200 (31 days), February 2000: 1800 left of it → 31 + 1800/2000 × 28.
        assert_eq!(k.dso_countback, Some(dec("56.2")));
        // (1000 + 6200 − 3000) / (1000 + 6200 − 1200) × 100.
        assert_eq!(k.cei, Some(dec("70.0")));
        // INV-1: 36 days to pay, 6 beyond terms; INV-2: 40 and 10.
        assert_eq!(k.avg_days_to_pay, Some(dec("38.0")));
        assert_eq!(k.avg_days_beyond_terms, Some(dec("8.0")));
        assert_eq!(k.pct_current, Some(dec("40.0")));
        assert_eq!(rows[1].customer, None);
        assert_eq!(rows[1].closing, k.closing);
    }

    #[test]
    fn write_offs_count_as_written_off_not_as_days_to_pay() {
        let text = format!("{BOOKS}\n2026-03-25 * Acme | write off the rest of INV-3\n    Assets:Receivable:Acme  -1800.00 USD  ; invoice: INV-3\n    Expenses:Bad Debt\n");
        let l = parse_str(&text);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let ar = open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: d("2026-03-31"),
            },
        );
        let k = &kpis(j, &ar, &[(d("2026-01-01"), d("2026-03-31"))], |_| true).unwrap()[0];
        assert_eq!((k.written_off, k.closing), (dec("1800"), dec("1200")));
        // INV-3 is settled by the write-off: still only INV-1 and INV-2 count as paid.
        assert_eq!(k.avg_days_to_pay, Some(dec("38.0")));
        // (1000 + 6200 − 1200) / (1000 + 6200 − 1200) × 100: everything collectible was settled.
        assert_eq!(k.cei, Some(dec("100.0")));
    }

    #[test]
    fn intervals_cut_the_period() {
        let m = intervals(d("2026-01-15"), d("2026-03-10"), Some(Interval::Monthly));
        assert_eq!(
            m,
            vec![
                (d("2026-01-15"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-28")),
                (d("2026-03-01"), d("2026-03-10"))
            ]
        );
        let w = intervals(d("2026-01-01"), d("2026-01-14"), Some(Interval::Weekly));
        assert_eq!(
            w,
            vec![
                (d("2026-01-01"), d("2026-01-04")),
                (d("2026-01-05"), d("2026-01-11")),
                (d("2026-01-12"), d("2026-01-14"))
            ]
        );
        let q = intervals(d("2026-02-01"), d("2026-12-31"), Some(Interval::Quarterly));
        assert_eq!(q.len(), 4);
        assert_eq!(q[0], (d("2026-02-01"), d("2026-03-31")));
    }
}
