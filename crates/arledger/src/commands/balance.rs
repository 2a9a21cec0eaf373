//! `arledger balance`: account balances, flat or as a tree.

use arledger_journal::Journal;
use arledger_report::periodic::{period_label, report_periods};
use arledger_report::table::{Column, Money, Table, Value};
use arledger_report::{
    periodic_balance, BalanceOptions, BalanceReport, BalanceRow, PeriodicOptions, PeriodicReport,
    Prices, Valuation,
};

use super::{query_undated, report_period, Output};
use crate::args::{BalanceArgs, Format};
use crate::session::Session;
use crate::Failure;

/// Runs `balance`: one column, or one per period with an interval (`-M`, `-p monthly`).
pub fn run(s: &Session, a: &BalanceArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let q = query_undated(g, &a.filter)?;
    let span = report_period(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let valuation = super::valuation(g, j)?;
    let compiled = super::compile(&q, j)?;
    let opts = PeriodicOptions {
        layout: BalanceOptions {
            tree: a.tree,
            // `--depth` and `depth:` both limit the depth: the smaller wins.
            depth: match (a.depth, q.depth()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            empty: a.empty,
        },
        historical: a.historical,
        invert: a.report.invert,
        sort_amount: a.sort_amount,
        pivot: a.report.pivot.as_deref(),
        valuation,
    };
    let total = !a.no_total;
    let table = match a.report.interval().or(span.interval) {
        Some(interval) => {
            let prices = Prices::new(j);
            let market = matches!(valuation, Some(Valuation::Market | Valuation::Exchange(_)));
            let periods = report_periods(
                j,
                &compiled,
                span.period,
                interval,
                market.then_some(&prices),
            );
            let report =
                periodic_balance(j, &compiled, &periods, opts).map_err(Failure::overflow)?;
            columns_table(j, &report, Some(interval), a.tree, total, o.format)
        }
        None => {
            let report =
                periodic_balance(j, &compiled, &[span.period], opts).map_err(Failure::overflow)?;
            let report = BalanceReport {
                rows: report
                    .rows
                    .into_iter()
                    .map(|r| BalanceRow {
                        account: r.account,
                        indent: r.indent,
                        leaf: r.leaf,
                        amounts: r.cells.into_iter().next().unwrap_or_default(),
                    })
                    .collect(),
                total: report.totals.into_iter().next().unwrap_or_default(),
            };
            match o.format {
                Format::Csv => csv_table(j, &report, total),
                Format::Json => data_table(j, &report, total),
                _ => people_table(j, &report, a.tree, total),
            }
        }
    };
    out.push_str(&o.table(&table));
    Ok(())
}

/// hledger's multi-period layout: the account, then one balance per period (a cell holds
/// every commodity, joined by `, ` in CSV); the totals last. Text has a header row.
fn columns_table(
    j: &Journal,
    r: &PeriodicReport,
    interval: Option<arledger_report::Interval>,
    tree: bool,
    total: bool,
    format: Format,
) -> Table {
    let mut columns = vec![Column::text("account")];
    columns.extend(
        r.periods
            .iter()
            .map(|p| Column::amount(&period_label(interval, *p))),
    );
    let mut t = Table::new(columns).with_id("balance-periods");
    t.quote_all = true;
    t.empty = None;
    for row in &r.rows {
        let name = if tree && format != Format::Csv && format != Format::Json {
            format!("{}{}", "  ".repeat(row.indent), row.leaf)
        } else {
            row.account.clone()
        };
        let mut cells = vec![name.into()];
        cells.extend(row.cells.iter().map(|c| Value::amounts(j, c)));
        t.push(cells);
    }
    if total {
        let mut cells = vec![if format == Format::Csv {
            "total".into()
        } else {
            Value::Empty
        }];
        cells.extend(r.totals.iter().map(|c| Value::amounts(j, c)));
        t.push_total(cells);
    }
    t
}

/// hledger's layout for people: the balance (one line per commodity), then the account, no
/// header; the total under a rule.
fn people_table(j: &Journal, r: &BalanceReport, tree: bool, total: bool) -> Table {
    let mut t = Table::new(vec![Column::amount("balance"), Column::text("account")]);
    t.header = false;
    t.empty = None;
    for row in &r.rows {
        let name = if tree {
            format!("{}{}", "  ".repeat(row.indent), row.leaf)
        } else {
            row.account.clone()
        };
        t.push(vec![Value::amounts(j, &row.amounts), name.into()]);
    }
    if total {
        t.push_total(vec![Value::amounts(j, &r.total), Value::Empty]);
    }
    t
}

/// hledger 1.25's `bal -O csv` layout: `"account","balance"`, one row per commodity, every field
/// quoted; the total row's commodities joined by `, `.
fn csv_table(j: &Journal, r: &BalanceReport, total: bool) -> Table {
    let mut t = Table::new(vec![Column::text("account"), Column::amount("balance")]);
    t.quote_all = true;
    for row in &r.rows {
        if row.amounts.is_empty() {
            t.push(vec![row.account.clone().into(), Value::amounts(j, &[])]);
        }
        for a in &row.amounts {
            t.push(vec![
                row.account.clone().into(),
                Money::journal(j, a.commodity, a.quantity).into(),
            ]);
        }
    }
    if total {
        t.push_total(vec!["total".into(), Value::amounts(j, &r.total)]);
    }
    t
}

/// The balances for programs: a row per account with its depth and its amounts.
fn data_table(j: &Journal, r: &BalanceReport, total: bool) -> Table {
    let mut t = Table::new(vec![
        Column::text("account"),
        Column::int("depth"),
        Column::amount("balance"),
    ])
    .with_id("balance");
    for row in &r.rows {
        t.push(vec![
            row.account.clone().into(),
            Value::Int(row.indent as i64),
            Value::amounts(j, &row.amounts),
        ]);
    }
    if total {
        t.push_total(vec![
            Value::Empty,
            Value::Empty,
            Value::amounts(j, &r.total),
        ]);
    }
    t
}
