//! `arledger balance`: account balances, flat or as a tree.

use arledger_report::{balance, BalanceOptions, BalanceReport};

use super::{overflow, query};
use crate::args::{BalanceArgs, Format, Global};
use crate::input::journal_for_report;
use crate::render::{csv, table};
use crate::Failure;
use arledger_journal::format::{amount, amounts, plain, symbol, Grouping};
use arledger_journal::Journal;

/// Runs `balance`.
pub fn run(g: &Global, a: &BalanceArgs, out: &mut String) -> Result<(), Failure> {
    super::require_format(g.output, super::TABLE_FORMATS, "balance")?;
    let q = query(&a.filter)?;
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
    out.push_str(&match g.output {
        Format::Csv => csv_rows(j, &report, !a.no_total),
        Format::Json => json(j, &report),
        _ => text(j, &report, a.tree, !a.no_total),
    });
    Ok(())
}

fn text(j: &Journal, r: &BalanceReport, tree: bool, total: bool) -> String {
    let mut rows = Vec::new();
    for row in &r.rows {
        let name = if tree {
            format!("{}{}", "  ".repeat(row.indent), row.leaf)
        } else {
            row.account.clone()
        };
        let list = if row.amounts.is_empty() {
            vec![None]
        } else {
            row.amounts.iter().map(Some).collect()
        };
        for (k, am) in list.into_iter().enumerate() {
            let cell = am.map_or_else(|| "0".to_string(), |x| amount(j, *x, Grouping::Styled));
            rows.push(vec![
                cell,
                if k == 0 { name.clone() } else { String::new() },
            ]);
        }
    }
    let mut s = table::render(None, &rows, &[table::Align::Right, table::Align::Left]);
    if total {
        let width = rows
            .iter()
            .map(|r| r[0].chars().count())
            .max()
            .unwrap_or(1)
            .max(20);
        s.push_str(&"-".repeat(width));
        s.push('\n');
        let list: Vec<String> = if r.total.is_empty() {
            vec!["0".to_string()]
        } else {
            r.total
                .iter()
                .map(|x| amount(j, *x, Grouping::Styled))
                .collect()
        };
        for t in list {
            s.push_str(&format!("{t:>width$}\n"));
        }
    }
    s
}

/// hledger 1.25's `bal -O csv` layout: `"account","balance"`, one row per commodity.
fn csv_rows(j: &Journal, r: &BalanceReport, total: bool) -> String {
    let mut records: Vec<Vec<String>> = vec![vec!["account".into(), "balance".into()]];
    for row in &r.rows {
        if row.amounts.is_empty() {
            records.push(vec![row.account.clone(), "0".into()]);
        }
        for a in &row.amounts {
            records.push(vec![row.account.clone(), amount(j, *a, Grouping::Plain)]);
        }
    }
    if total {
        records.push(vec!["total".into(), amounts(j, &r.total, Grouping::Plain)]);
    }
    csv(records, true)
}

fn json(j: &Journal, r: &BalanceReport) -> String {
    let amounts_json = |list: &[arledger_journal::Amount]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|a| serde_json::json!({"commodity": symbol(j.commodity_name(a.commodity)).trim_matches('"'), "quantity": plain(j, *a)}))
            .collect()
    };
    let rows: Vec<serde_json::Value> = r
        .rows
        .iter()
        .map(|row| serde_json::json!({"account": row.account, "depth": row.indent, "amounts": amounts_json(&row.amounts)}))
        .collect();
    let v = serde_json::json!({"rows": rows, "total": amounts_json(&r.total)});
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
