//! Aging: open items bucketed by days overdue (spec §3, D12–D15).

use arledger_journal::{CommodityId, Journal};
use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use super::items::{Item, ItemKind, OpenItems};

/// Bucket edges in days: `[30, 60, 90]` gives `current`, `1-30`, `31-60`, `61-90`, `over-90`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buckets {
    edges: Vec<u32>,
}

/// Bucket edges that are not strictly increasing positive numbers.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid buckets `{0}`: expected increasing day counts like 30,60,90")]
pub struct BucketsError(pub String);

impl Default for Buckets {
    fn default() -> Self {
        Buckets {
            edges: vec![30, 60, 90],
        }
    }
}

impl Buckets {
    /// Reads `30,60,90`.
    pub fn parse(text: &str) -> Result<Buckets, BucketsError> {
        let err = || BucketsError(text.to_string());
        let edges: Vec<u32> = text
            .split(',')
            .map(|e| e.trim().parse::<u32>().map_err(|_| err()))
            .collect::<Result<_, _>>()?;
        Buckets::new(edges).map_err(|_| err())
    }

    /// Buckets with these edges: strictly increasing positive day counts.
    pub fn new(edges: Vec<u32>) -> Result<Buckets, BucketsError> {
        if edges.is_empty() || edges[0] == 0 || edges.windows(2).any(|w| w[0] >= w[1]) {
            let shown: Vec<String> = edges.iter().map(u32::to_string).collect();
            return Err(BucketsError(shown.join(",")));
        }
        Ok(Buckets { edges })
    }

    /// Column names: `current`, `1-30`, …, `over-90`.
    pub fn names(&self) -> Vec<String> {
        let mut names = vec!["current".to_string()];
        let mut low = 1;
        for &e in &self.edges {
            names.push(format!("{low}-{e}"));
            low = e + 1;
        }
        names.push(format!("over-{}", self.edges.last().copied().unwrap_or(0)));
        names
    }

    /// The bucket of a number of days overdue.
    pub fn index(&self, days: i64) -> usize {
        if days <= 0 {
            return 0;
        }
        self.edges
            .iter()
            .position(|&e| days <= i64::from(e))
            .map_or(self.edges.len() + 1, |i| i + 1)
    }
}

/// What items are aged by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AgeBy {
    /// Days past the due date (default).
    #[default]
    Due,
    /// Days since the item's date.
    Date,
}

/// One open item in the aging detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingItem {
    /// Index in [`OpenItems::items`].
    pub item: usize,
    /// Days overdue (negative when not yet due).
    pub days: i64,
    /// Bucket index.
    pub bucket: usize,
}

/// One summary row: a customer (or the total) in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingRow {
    /// Customer index, or `None` for a commodity's total row.
    pub customer: Option<usize>,
    /// The commodity.
    pub commodity: CommodityId,
    /// Signed open amounts per bucket.
    pub buckets: Vec<Decimal>,
    /// Their sum.
    pub total: Decimal,
}

/// The aging report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingReport {
    /// The date aged at.
    pub as_of: NaiveDate,
    /// Bucket column names.
    pub columns: Vec<String>,
    /// Customer rows, sorted by customer id then commodity (D13).
    pub rows: Vec<AgingRow>,
    /// One total row per commodity that has rows, sorted by commodity.
    pub totals: Vec<AgingRow>,
    /// Open items, sorted by customer, commodity, due, date, file position (D14).
    pub detail: Vec<AgingItem>,
}

/// Which customers a report covers: a case-insensitive regex on the id or the display name.
pub fn customer_filter(query: Option<&str>) -> Result<Option<Regex>, regex::Error> {
    query
        .map(|q| regex::RegexBuilder::new(q).case_insensitive(true).build())
        .transpose()
}

/// Ages the open items of `ar` at its date.
pub fn aging(
    j: &Journal,
    ar: &OpenItems,
    buckets: &Buckets,
    by: AgeBy,
    customers: Option<&Regex>,
) -> AgingReport {
    let columns = buckets.names();
    let wanted = |c: usize| {
        let cust = &ar.customers.list[c];
        customers.is_none_or(|re| re.is_match(&cust.id) || re.is_match(&cust.name))
    };
    let mut detail: Vec<AgingItem> = ar
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| !it.open.is_zero() && wanted(it.customer))
        .map(|(i, it)| {
            let since = match (by, it.kind) {
                (AgeBy::Due, ItemKind::Invoice) => it.due,
                _ => it.date,
            };
            let days = (ar.as_of - since).num_days();
            AgingItem {
                item: i,
                days,
                bucket: buckets.index(days),
            }
        })
        .collect();
    let key = |a: &AgingItem| {
        let it: &Item = &ar.items[a.item];
        (
            ar.customers.list[it.customer].id.as_bytes(),
            j.commodity_name(it.commodity).as_bytes(),
            it.due,
            it.date,
            it.posting,
        )
    };
    detail.sort_by(|a, b| key(a).cmp(&key(b)));
    let mut rows: Vec<AgingRow> = Vec::new();
    for a in &detail {
        let it = &ar.items[a.item];
        let same = rows
            .last()
            .is_some_and(|r| r.customer == Some(it.customer) && r.commodity == it.commodity);
        if !same {
            rows.push(AgingRow {
                customer: Some(it.customer),
                commodity: it.commodity,
                buckets: vec![Decimal::ZERO; columns.len()],
                total: Decimal::ZERO,
            });
        }
        let row = rows.last_mut().expect("a row was just pushed");
        row.buckets[a.bucket] += it.open;
        row.total += it.open;
    }
    let mut totals: Vec<AgingRow> = Vec::new();
    for r in &rows {
        match totals.iter_mut().find(|t| t.commodity == r.commodity) {
            Some(t) => {
                for (x, y) in t.buckets.iter_mut().zip(&r.buckets) {
                    *x += *y;
                }
                t.total += r.total;
            }
            None => totals.push(AgingRow {
                customer: None,
                ..r.clone()
            }),
        }
    }
    totals.sort_by(|a, b| {
        j.commodity_name(a.commodity)
            .as_bytes()
            .cmp(j.commodity_name(b.commodity).as_bytes())
    });
    AgingReport {
        as_of: ar.as_of,
        columns,
        rows,
        totals,
        detail,
    }
}

/// The unapplied credits inside each row of `report`, in the order of its rows then its totals:
/// what credit items and invoices overpaid into a credit balance owe back (§2.5, [`Item::credit`]).
/// The buckets hold them as negative amounts; this says how much of a row is credit.
pub fn credits(ar: &OpenItems, report: &AgingReport) -> (Vec<Decimal>, Vec<Decimal>) {
    let mut rows = vec![Decimal::ZERO; report.rows.len()];
    let mut r = 0;
    for a in &report.detail {
        let it = &ar.items[a.item];
        while report.rows[r].customer != Some(it.customer)
            || report.rows[r].commodity != it.commodity
        {
            r += 1;
        }
        rows[r] += it.credit(it.open);
    }
    let totals = report
        .totals
        .iter()
        .map(|t| {
            report
                .rows
                .iter()
                .zip(&rows)
                .filter(|(row, _)| row.commodity == t.commodity)
                .map(|(_, q)| *q)
                .sum()
        })
        .collect();
    (rows, totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_and_edges() {
        let b = Buckets::default();
        assert_eq!(
            b.names(),
            vec!["current", "1-30", "31-60", "61-90", "over-90"]
        );
        assert_eq!(
            [-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(|d| b.index(d)),
            [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
        );
        let b = Buckets::parse("15,45").unwrap();
        assert_eq!(b.names(), vec!["current", "1-15", "16-45", "over-45"]);
        assert!(Buckets::parse("30,30").is_err());
        assert!(Buckets::parse("0,30").is_err());
        assert!(Buckets::parse("x").is_err());
    }
}
