//! `arledger register`: postings with a running total.

use arledger_report::register;
use arledger_report::table::{Column, Money, Table, Value};

use super::balance::amounts;
use super::{overflow, query, Output};
use crate::args::{Global, RegisterArgs};
use crate::input::journal_for_report;
use crate::Failure;
use arledger_journal::query::clip_account;

/// Runs `register`.
pub fn run(g: &Global, a: &RegisterArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let q = query(g, &a.filter)?;
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
    // hledger's CSV columns; people see date, description, account, amount, running total,
    // the date and description once per transaction, and long descriptions and account
    // names cut to fit the terminal.
    let mut t = Table::new(vec![
        Column::int("txnidx").not_in_text(),
        Column::date("date").once(),
        Column::text("code").not_in_text(),
        Column::text("description").once().elided(),
        Column::text("account").elided(),
        Column::amount("amount"),
        Column::amount("total"),
    ])
    .with_id("register");
    t.header = false;
    t.empty = None;
    t.quote_all = true;
    for r in &rows {
        let txn = &j.transactions[r.txn.index()];
        let p = &j.postings[r.posting];
        let cells = vec![
            Value::Int(r.txn.index() as i64 + 1),
            r.date.into(),
            txn.code.map(|c| j.text(c)).into(),
            j.text(txn.description).into(),
            account(p).into(),
            Money::journal(j, r.amount.commodity, r.amount.quantity).into(),
            amounts(j, &r.total),
        ];
        if r.first_of_txn {
            t.push(cells);
        } else {
            t.push_continued(cells);
        }
    }
    out.push_str(&o.table(&t));
    Ok(())
}
