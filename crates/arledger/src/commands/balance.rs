//! `arledger balance`: account balances, flat or as a tree.

use arledger_journal::{Amount, Journal};
use arledger_report::table::{Column, Money, Table, Value};
use arledger_report::{balance, BalanceOptions, BalanceReport};

use super::{overflow, query, Output};
use crate::args::{BalanceArgs, Format, Global};
use crate::input::journal_for_report;
use crate::Failure;

/// Runs `balance`.
pub fn run(g: &Global, a: &BalanceArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let q = query(g, &a.filter)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let opts = BalanceOptions {
        tree: a.tree,
        // `--depth` and `depth:` both limit the depth: the smaller wins.
        depth: match (a.depth, q.depth()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        empty: a.empty,
    };
    let report = balance(j, &super::compile(&q, j)?, opts).map_err(overflow)?;
    let total = !a.no_total;
    let table = match o.format {
        Format::Csv => csv_table(j, &report, total),
        Format::Json => data_table(j, &report, total),
        _ => people_table(j, &report, a.tree, total),
    };
    out.push_str(&o.table(&table));
    Ok(())
}

/// Amounts in the journal's style.
pub fn amounts(j: &Journal, list: &[Amount]) -> Value {
    Value::Amounts(
        list.iter()
            .map(|a| Money::journal(j, a.commodity, a.quantity))
            .collect(),
    )
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
        t.push(vec![amounts(j, &row.amounts), name.into()]);
    }
    if total {
        t.push_total(vec![amounts(j, &r.total), Value::Empty]);
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
            t.push(vec![row.account.clone().into(), amounts(j, &[])]);
        }
        for a in &row.amounts {
            t.push(vec![
                row.account.clone().into(),
                Money::journal(j, a.commodity, a.quantity).into(),
            ]);
        }
    }
    if total {
        t.push_total(vec!["total".into(), amounts(j, &r.total)]);
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
            amounts(j, &row.amounts),
        ]);
    }
    if total {
        t.push_total(vec![Value::Empty, Value::Empty, amounts(j, &r.total)]);
    }
    t
}
