//! `arledger register`: postings with a running total.

use arledger_report::register;

use super::{overflow, query};
use crate::args::{FilterArgs, Format, Global};
use crate::input::journal_for_report;
use crate::render::{csv, table};
use crate::Failure;
use arledger_journal::format::{amount, amounts, plain, Grouping};
use arledger_journal::query::clip_account;

/// Runs `register`.
pub fn run(g: &Global, a: &FilterArgs, out: &mut String) -> Result<(), Failure> {
    super::require_format(g.output, super::TABLE_FORMATS, "register")?;
    let q = query(a)?;
    let loaded = journal_for_report(g)?;
    let j = &loaded.journal;
    let rows = register(j, &super::compile(&q, j)?).map_err(overflow)?;
    // `depth:` shows accounts cut to that depth (hledger shows `...` at depth 0).
    let account = |p: &arledger_journal::Posting| {
        let name = j.account_name(p.account);
        match q.depth() {
            Some(0) => "...",
            Some(d) => clip_account(name, d),
            None => name,
        }
    };
    match g.output {
        Format::Text | Format::Md | Format::Html => {
            let mut cells = Vec::new();
            for r in &rows {
                let txn = &j.transactions[r.txn.index()];
                let p = &j.postings[r.posting];
                let (date, desc) = if r.first_of_txn {
                    (r.date.to_string(), j.text(txn.description).to_string())
                } else {
                    (String::new(), String::new())
                };
                let totals: Vec<String> = if r.total.is_empty() {
                    vec!["0".into()]
                } else {
                    r.total
                        .iter()
                        .map(|x| amount(j, *x, Grouping::Styled))
                        .collect()
                };
                for (k, t) in totals.into_iter().enumerate() {
                    if k == 0 {
                        cells.push(vec![
                            date.clone(),
                            desc.clone(),
                            account(p).to_string(),
                            amount(j, r.amount, Grouping::Styled),
                            t,
                        ]);
                    } else {
                        cells.push(vec![
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            t,
                        ]);
                    }
                }
            }
            use table::Align::*;
            out.push_str(&table::render(
                None,
                &cells,
                &[Left, Left, Left, Right, Right],
            ));
        }
        Format::Csv => {
            let mut recs = vec![vec![
                "txnidx",
                "date",
                "code",
                "description",
                "account",
                "amount",
                "total",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()];
            for r in &rows {
                let txn = &j.transactions[r.txn.index()];
                let p = &j.postings[r.posting];
                recs.push(vec![
                    (r.txn.index() + 1).to_string(),
                    r.date.to_string(),
                    txn.code.map(|c| j.text(c).to_string()).unwrap_or_default(),
                    j.text(txn.description).to_string(),
                    account(p).to_string(),
                    amount(j, r.amount, Grouping::Plain),
                    amounts(j, &r.total, Grouping::Plain),
                ]);
            }
            out.push_str(&csv(recs, true));
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let txn = &j.transactions[r.txn.index()];
                    let p = &j.postings[r.posting];
                    serde_json::json!({
                        "date": r.date.to_string(),
                        "code": txn.code.map(|c| j.text(c)),
                        "description": j.text(txn.description),
                        "account": account(p),
                        "commodity": j.commodity_name(r.amount.commodity),
                        "amount": plain(j, r.amount),
                        "total": r.total.iter().map(|t| serde_json::json!({"commodity": j.commodity_name(t.commodity), "quantity": plain(j, *t)})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.push_str(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
    }
    Ok(())
}
