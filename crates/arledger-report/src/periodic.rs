//! Balances in columns, one per report period (hledger's `balance -M`, `-Q`, …), with
//! hledger's reporting flags: `-H` (historical end balances), `--invert`, `-S` (largest
//! first), `--pivot TAG` and valuation (`-B`, `-V`, `-X`). One period is the plain balance
//! report with these flags.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use arledger_journal::period::{Interval, Period, Unit};
use arledger_journal::query::CompiledQuery;
use arledger_journal::{Amount, Journal};
use chrono::NaiveDate;

use crate::balance::{layout, BalanceOptions, Sums};
use crate::mixed::{MixedAmount, Overflow};
use crate::value::{rounded, Prices, Valuation};

/// What the columns show and how.
#[derive(Clone, Copy, Debug, Default)]
pub struct PeriodicOptions<'a> {
    /// Tree, depth and empty rows, as in the one-column report.
    pub layout: BalanceOptions,
    /// `-H`: each cell is the balance at the end of its period, postings before it included.
    pub historical: bool,
    /// `--invert`: every amount negated.
    pub invert: bool,
    /// `-S`: rows by amount, largest first (siblings among themselves in a tree).
    pub sort_amount: bool,
    /// `--pivot TAG`: rows are the values of this tag instead of accounts.
    pub pivot: Option<&'a str>,
    /// `-B`, `-V` or `-X`.
    pub valuation: Option<Valuation>,
}

/// A row: an account (or pivot value) and one balance per period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodicRow {
    /// Full name (clipped to the depth).
    pub account: String,
    /// Nesting level in tree mode (0 in flat mode).
    pub indent: usize,
    /// Name shown in tree mode.
    pub leaf: String,
    /// One balance per period, each one amount per commodity, sorted by commodity.
    pub cells: Vec<Vec<Amount>>,
}

/// The report: its periods, rows and the total of each period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodicReport {
    /// The periods, in order.
    pub periods: Vec<Period>,
    /// The rows, by name (or by amount with `-S`).
    pub rows: Vec<PeriodicRow>,
    /// The total of each period.
    pub totals: Vec<Vec<Amount>>,
}

/// The report periods of `interval` over `span` as hledger makes them: whole units from the
/// one containing the start. An open side is taken from the dates of the postings `q`
/// selects (and, when valuing at market prices, of the `P` prices); no postings, no periods.
pub fn report_periods(
    j: &Journal,
    q: &CompiledQuery,
    span: Period,
    interval: Interval,
    prices: Option<&Prices>,
) -> Vec<Period> {
    let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
    for txn in &j.transactions {
        for p in j.postings_of(txn) {
            if q.matches_posting(j, txn, p) {
                let d = j.posting_date(txn, p);
                first = Some(first.map_or(d, |f| f.min(d)));
                last = Some(last.map_or(d, |l| l.max(d)));
            }
        }
    }
    if let Some(pd) = prices.and_then(Prices::last_date) {
        last = last.map(|l| l.max(pd));
    }
    let begin = span.begin.or(first);
    let end = span.end.or(last.and_then(|l| l.succ_opt()));
    match (begin, end) {
        (Some(b), Some(e)) if b < e => interval
            .split(b, e)
            .into_iter()
            .map(|(b, e)| Period {
                begin: Some(b),
                end: Some(e),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// hledger's CSV/heading name of a report period: `2026-01-05` (a day), `2026-01-05W02` (a
/// week), `2026-01`, `2026Q1`, `2026`, else `BEGIN..LAST`.
pub fn period_label(interval: Option<Interval>, p: Period) -> String {
    let (Some(b), Some(e)) = (p.begin, p.end) else {
        return String::new();
    };
    let last = e.pred_opt().unwrap_or(e);
    use chrono::Datelike;
    match interval {
        Some(Interval { unit, count: 1 }) => match unit {
            Unit::Day => b.to_string(),
            Unit::Week => format!("{b}W{:02}", b.iso_week().week()),
            Unit::Month => b.format("%Y-%m").to_string(),
            Unit::Quarter => format!("{}Q{}", b.year(), (b.month() - 1) / 3 + 1),
            Unit::Year => b.year().to_string(),
        },
        _ => format!("{b}..{last}"),
    }
}

/// The date amounts of period `p` are valued on: its last day, else `fallback` (the
/// journal's last date, prices included, as hledger takes it).
fn valuation_date(p: Period, fallback: NaiveDate) -> NaiveDate {
    p.end.and_then(|e| e.pred_opt()).unwrap_or(fallback)
}

/// The last date of the journal, prices included: when a report with no end is valued.
pub fn journal_end(j: &Journal, prices: &Prices) -> NaiveDate {
    let txns = j.transactions.iter().map(|t| t.date).max();
    txns.max(prices.last_date()).unwrap_or_default()
}

/// Computes the balances of the postings `q` selects (dates aside: the periods decide them)
/// in each of `periods`.
pub fn periodic_balance(
    j: &Journal,
    q: &CompiledQuery,
    periods: &[Period],
    opts: PeriodicOptions,
) -> Result<PeriodicReport, Overflow> {
    let prices = Prices::new(j);
    let fallback = journal_end(j, &prices);
    let cost = opts.valuation == Some(Valuation::Cost);
    let market = matches!(
        opts.valuation,
        Some(Valuation::Market | Valuation::Exchange(_))
    );
    // Converted amounts are shown at their commodity's precision.
    let shown = |m: &MixedAmount| {
        if market {
            rounded(j, m.amounts(j))
        } else {
            m.amounts(j)
        }
    };
    let mut by_name: BTreeMap<String, Vec<MixedAmount>> = BTreeMap::new();
    let mut totals = Vec::with_capacity(periods.len());
    for (i, &period) in periods.iter().enumerate() {
        let within = if opts.historical {
            Period {
                begin: None,
                ..period
            }
        } else {
            period
        };
        let keep =
            |t: &_, p: &_| q.matches_posting(j, t, p) && within.contains(j.posting_date(t, p));
        let sums = Sums::of(j, &keep, opts.pivot, cost)?;
        let value = |m: &MixedAmount| -> Result<MixedAmount, Overflow> {
            let mut m = match opts.valuation {
                Some(v @ (Valuation::Market | Valuation::Exchange(_))) => {
                    prices.value(&m.amounts(j), v, valuation_date(period, fallback))?
                }
                _ => m.clone(),
            };
            if opts.invert {
                m = m.negated();
            }
            Ok(m)
        };
        for (name, sum) in sums.by_name(opts.layout)? {
            let cells = by_name
                .entry(name)
                .or_insert_with(|| vec![MixedAmount::default(); periods.len()]);
            cells[i] = value(&sum)?;
        }
        totals.push(shown(&value(&sums.total)?));
    }
    let names: Vec<&String> = by_name
        .iter()
        .filter(|(_, cells)| opts.layout.empty || cells.iter().any(|c| !shown(c).is_empty()))
        .map(|(n, _)| n)
        .collect();
    let mut rows: Vec<PeriodicRow> = layout(&names, opts.layout.tree)
        .into_iter()
        .zip(&names)
        .map(|((indent, leaf), name)| PeriodicRow {
            account: name.to_string(),
            indent,
            leaf,
            cells: by_name[*name].iter().map(shown).collect(),
        })
        .collect();
    if opts.sort_amount {
        rows = sort_by_amount(j, rows, opts.historical);
    }
    Ok(PeriodicReport {
        periods: periods.to_vec(),
        rows,
        totals,
    })
}

/// What `-S` sorts a row by: its last balance with `-H`, else the sum of its cells.
fn sort_key(j: &Journal, row: &PeriodicRow, historical: bool) -> Vec<Amount> {
    if historical {
        return row.cells.last().cloned().unwrap_or_default();
    }
    let mut sum = MixedAmount::default();
    for a in row.cells.iter().flatten() {
        // A sum of report cells that already summed without overflow.
        let _ = sum.add(*a);
    }
    sum.amounts(j)
}

/// Larger first: commodity by commodity (in symbol order), by quantity.
fn larger_first(a: &[Amount], b: &[Amount]) -> Ordering {
    let qa = a.iter().map(|x| x.quantity);
    let qb = b.iter().map(|x| x.quantity);
    qb.cmp(qa)
}

/// Rows sorted by amount, largest first; in a tree, each parent's children among themselves.
fn sort_by_amount(j: &Journal, rows: Vec<PeriodicRow>, historical: bool) -> Vec<PeriodicRow> {
    /// A row and the rows below it.
    struct Node {
        row: PeriodicRow,
        key: Vec<Amount>,
        children: Vec<Node>,
    }
    type Rows = std::iter::Peekable<std::vec::IntoIter<PeriodicRow>>;
    fn take(j: &Journal, rows: &mut Rows, indent: usize, h: bool) -> Vec<Node> {
        let mut out = Vec::new();
        while rows.peek().is_some_and(|r| r.indent == indent) {
            let row = rows.next().expect("peeked");
            let children = take(j, rows, indent + 1, h);
            out.push(Node {
                key: sort_key(j, &row, h),
                row,
                children,
            });
        }
        out.sort_by(|a, b| larger_first(&a.key, &b.key));
        out
    }
    fn flatten(nodes: Vec<Node>, out: &mut Vec<PeriodicRow>) {
        for n in nodes {
            out.push(n.row);
            flatten(n.children, out);
        }
    }
    let mut it = rows.into_iter().peekable();
    let mut out = Vec::new();
    flatten(take(j, &mut it, 0, historical), &mut out);
    out
}
