//! The aging regrouped and revalued: `aging --pivot TAG` (rows by a tag's value instead of by
//! customer) and `aging -X COMM` (every open item valued in one commodity at the report date
//! with the journal's `P` prices, §7.9).

use arledger_journal::{Code, CommodityId, Diagnostic, Journal};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::FxHashMap;

use super::aging::AgingReport;
use super::items::OpenItems;
use crate::value::Prices;

/// How to regroup and value an aging report.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgingView<'a> {
    /// `--pivot TAG`: group rows by this tag's value (see [`pivot_value`]).
    pub pivot: Option<&'a str>,
    /// `-X COMM`: value every open item in this commodity with these prices.
    pub exchange: Option<(CommodityId, &'a Prices)>,
}

/// One summary row of a regrouped aging: a group (or the total) in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    /// The customer id or pivot value; `None` for a commodity's total row.
    pub group: Option<String>,
    /// The commodity (the reporting commodity with `-X`).
    pub commodity: CommodityId,
    /// Signed amounts per bucket.
    pub buckets: Vec<Decimal>,
    /// Their sum.
    pub total: Decimal,
    /// How much of it is unapplied credit (§7.3), as a positive amount.
    pub credits: Decimal,
}

/// An open item valued in the reporting commodity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemValue {
    /// Units of the reporting commodity per unit of the item's commodity at the report date.
    pub rate: Decimal,
    /// The open amount times the rate, rounded half to even to the reporting commodity's AR
    /// precision (so the rows add up to the totals as shown).
    pub value: Decimal,
}

/// The aging regrouped and valued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewedAging {
    /// The pivot tag, if rows are grouped by one.
    pub pivot: Option<String>,
    /// The reporting commodity, if items are valued in one.
    pub reporting: Option<CommodityId>,
    /// Group rows, sorted by group (bytes) then commodity.
    pub rows: Vec<GroupRow>,
    /// One total row per commodity, sorted by commodity.
    pub totals: Vec<GroupRow>,
    /// For each entry of the report's detail, in its order: its group.
    pub groups: Vec<String>,
    /// For each entry of the report's detail, with `-X`: its value.
    pub values: Vec<Option<ItemValue>>,
}

/// An open item whose commodity no chain of `P` prices converts to the reporting commodity at
/// the report date: never left unconverted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("-X {to}: no P price converts {from} to {to} on or before {date} (open item {item})")]
pub struct NoPrice {
    /// The item's commodity.
    pub from: String,
    /// The reporting commodity.
    pub to: String,
    /// The report date.
    pub date: NaiveDate,
    /// The item's reference.
    pub item: String,
    /// Index of the item's creating posting in [`Journal::postings`].
    pub posting: usize,
}

impl NoPrice {
    /// The error at the item's creating posting, with the directive that would fix it.
    pub fn diagnostic(&self, j: &Journal) -> Diagnostic {
        Diagnostic::error(
            Code::Receivable,
            j.trim_span(j.postings[self.posting].span),
            self.to_string(),
        )
        .note(format!(
            "add a price on or before {}, e.g. `P {} {} 1.00 {}` with the real rate",
            self.date, self.date, self.from, self.to
        ))
    }
}

/// The value of tag `tag` for item `i` (spec §0.1): on the item's creating posting, else on
/// that posting's transaction, else on its customer's `account` directive. The item's own tag
/// wins, so one invoice can name another salesperson than the account's usual one. Empty when
/// none has it.
pub fn pivot_value<'j>(j: &'j Journal, ar: &OpenItems, i: usize, tag: &str) -> &'j str {
    let it = &ar.items[i];
    let posting = &j.postings[it.posting];
    let txn = &j.transactions[it.movements[0].txn.index()];
    let account = ar.customers.list[it.customer].account;
    j.tag_value(&j.posting_tags(posting), tag)
        .or_else(|| j.tag_value(&txn.tags, tag))
        .or_else(|| {
            j.account_decls
                .iter()
                .filter(|d| d.account == account)
                .find_map(|d| j.tag_value(&d.tags, tag))
        })
        .unwrap_or("")
}

/// Regroups `report` (made from `ar`) by customer or `view.pivot` and values its items with
/// `view.exchange`.
pub fn view(
    j: &Journal,
    ar: &OpenItems,
    report: &AgingReport,
    view: &AgingView,
) -> Result<ViewedAging, NoPrice> {
    let width = report.columns.len();
    let mut groups = Vec::with_capacity(report.detail.len());
    let mut values = Vec::with_capacity(report.detail.len());
    let mut rows: Vec<GroupRow> = Vec::new();
    let mut index: FxHashMap<(String, CommodityId), usize> = FxHashMap::default();
    for a in &report.detail {
        let it = &ar.items[a.item];
        let group = match view.pivot {
            Some(tag) => pivot_value(j, ar, a.item, tag).to_string(),
            None => ar.customers.list[it.customer].id.clone(),
        };
        let (commodity, amount, value) = match view.exchange {
            None => (it.commodity, it.open, None),
            Some((to, prices)) => {
                let rate = prices
                    .rate(it.commodity, to, ar.as_of)
                    .ok_or_else(|| NoPrice {
                        from: j.commodity_name(it.commodity).to_string(),
                        to: j.commodity_name(to).to_string(),
                        date: ar.as_of,
                        item: it.reference(j).into_owned(),
                        posting: it.posting,
                    })?;
                let value = (it.open * rate).round_dp_with_strategy(
                    j.commodity_info[to.index()].decimals_seen,
                    RoundingStrategy::MidpointNearestEven,
                );
                (to, value, Some(ItemValue { rate, value }))
            }
        };
        let k = *index.entry((group.clone(), commodity)).or_insert_with(|| {
            rows.push(GroupRow {
                group: Some(group.clone()),
                commodity,
                buckets: vec![Decimal::ZERO; width],
                total: Decimal::ZERO,
                credits: Decimal::ZERO,
            });
            rows.len() - 1
        });
        let row = &mut rows[k];
        row.buckets[a.bucket] += amount;
        row.total += amount;
        row.credits += it.credit(amount);
        groups.push(group);
        values.push(value);
    }
    let name = |c: CommodityId| j.commodity_name(c).as_bytes();
    rows.sort_by(|a, b| {
        (a.group.as_deref().map(str::as_bytes), name(a.commodity))
            .cmp(&(b.group.as_deref().map(str::as_bytes), name(b.commodity)))
    });
    let mut totals: Vec<GroupRow> = Vec::new();
    for r in &rows {
        match totals.iter_mut().find(|t| t.commodity == r.commodity) {
            Some(t) => {
                for (x, y) in t.buckets.iter_mut().zip(&r.buckets) {
                    *x += *y;
                }
                t.total += r.total;
                t.credits += r.credits;
            }
            None => totals.push(GroupRow {
                group: None,
                ..r.clone()
            }),
        }
    }
    totals.sort_by(|a, b| name(a.commodity).cmp(name(b.commodity)));
    Ok(ViewedAging {
        pivot: view.pivot.map(str::to_string),
        reporting: view.exchange.map(|(to, _)| to),
        rows,
        totals,
        groups,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ar::{aging, open_items, AgeBy, ArOptions, Buckets};
    use arledger_journal::parse_str;

    const BOOKS: &str = "\
account Assets:Receivable:Acme  ; customer: Acme, region: west
account Assets:Receivable:Bern  ; customer: Bern AG, region: europe

P 2026-01-01 EUR 1.10 USD
P 2026-03-01 EUR 1.20 USD
P 2026-01-01 GBP 1.30 CHF

2026-01-05 (INV-1) Acme
    Assets:Receivable:Acme    100.00 USD
    Income:Sales

2026-01-06 (INV-2) Acme  ; region: east
    Assets:Receivable:Acme    50.00 USD
    Income:Sales

2026-01-07 (INV-3) Bern
    Assets:Receivable:Bern    200.00 EUR
    Income:Sales
";

    fn report(as_of: &str) -> (arledger_journal::Loaded, OpenItems, AgingReport) {
        let l = parse_str(BOOKS);
        let ar = open_items(
            &l.journal,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: as_of.parse().unwrap(),
            },
        );
        let r = aging(&l.journal, &ar, &Buckets::default(), AgeBy::Due, None);
        (l, ar, r)
    }

    #[test]
    fn the_items_tag_wins_over_the_customers() {
        let (l, ar, r) = report("2026-01-31");
        let j = &l.journal;
        let v = view(
            j,
            &ar,
            &r,
            &AgingView {
                pivot: Some("region"),
                exchange: None,
            },
        )
        .unwrap();
        let groups: Vec<_> = v.rows.iter().map(|r| (r.group.clone(), r.total)).collect();
        assert_eq!(
            groups,
            vec![
                (Some("east".into()), "50.00".parse().unwrap()),
                (Some("europe".into()), "200.00".parse().unwrap()),
                (Some("west".into()), "100.00".parse().unwrap()),
            ]
        );
    }

    #[test]
    fn exchange_values_at_the_report_date_or_fails() {
        let (l, ar, r) = report("2026-03-31");
        let j = &l.journal;
        let prices = Prices::new(j);
        let usd = j.commodities.get("USD").unwrap();
        let v = view(
            j,
            &ar,
            &r,
            &AgingView {
                pivot: None,
                exchange: Some((usd, &prices)),
            },
        )
        .unwrap();
        assert_eq!(v.totals.len(), 1);
        assert_eq!(v.totals[0].total, "390.00".parse().unwrap());
        let chf = j.commodities.get("CHF").unwrap();
        let err = view(
            j,
            &ar,
            &r,
            &AgingView {
                pivot: None,
                exchange: Some((chf, &prices)),
            },
        );
        assert_eq!(err.unwrap_err().from, "USD");
    }
}
