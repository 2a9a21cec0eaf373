//! `arledger register`: postings with a running total, or with an interval (`-M`) each
//! account's movement per period.

use arledger_report::periodic::{journal_end, period_label, report_periods};
use arledger_report::table::{Column, Money, Table, Value};
use arledger_report::{
    register_summary, register_with, CompiledQuery, Period, Prices, RegisterOptions, Valuation,
};

use super::{query_undated, report_period, Output};
use crate::args::{Format, RegisterArgs};
use crate::session::Session;
use crate::Failure;
use arledger_journal::query::clip_account;
use arledger_journal::Journal;

/// Runs `register`.
pub fn run(s: &Session, a: &RegisterArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let undated = query_undated(g, &a.filter)?;
    let span = report_period(g, &a.filter)?;
    let loaded = s.journal()?;
    let j = &loaded.journal;
    let valuation = super::valuation(g, j)?;
    let depth = match (a.depth, undated.depth()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let prices = Prices::new(j);
    let opts = RegisterOptions {
        valuation,
        value_date: span
            .period
            .end
            .and_then(|e| e.pred_opt())
            .unwrap_or_else(|| journal_end(j, &prices)),
        invert: a.report.invert,
    };
    let t = match a.report.interval().or(span.interval) {
        Some(interval) => {
            let compiled = super::compile(&undated, j)?;
            let market = matches!(valuation, Some(Valuation::Market | Valuation::Exchange(_)));
            let periods = report_periods(
                j,
                &compiled,
                span.period,
                interval,
                market.then_some(&prices),
            );
            let rows = summary(j, &compiled, &periods, depth, a, opts)?;
            let mut t = table().with_id("register-periods");
            for (r, first) in rows {
                let date: Value = if o.format == Format::Text {
                    period_label(Some(interval), r.period).into()
                } else {
                    r.period.begin.into()
                };
                let cells = vec![
                    Value::Int(0),
                    date,
                    Value::text_or_empty(""),
                    Value::text_or_empty(""),
                    r.account.into(),
                    Value::amounts(j, &r.amount),
                    Value::amounts(j, &r.total),
                ];
                if first {
                    t.push(cells);
                } else {
                    t.push_continued(cells);
                }
            }
            t
        }
        None => postings(
            j,
            &undated.within(span.period),
            depth,
            a.report.pivot.as_deref(),
            opts,
        )?,
    };
    out.push_str(&o.table(&t));
    Ok(())
}

/// hledger's CSV columns; people see date, description, account, amount, running total,
/// the date and description once per transaction (or period), and long descriptions and
/// account names cut to fit the terminal.
fn table() -> Table {
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
    t
}

/// The lines of `register -M`, each with whether it is the first of its period.
fn summary(
    j: &Journal,
    q: &CompiledQuery,
    periods: &[Period],
    depth: Option<usize>,
    a: &RegisterArgs,
    opts: RegisterOptions,
) -> Result<Vec<(arledger_report::SummaryRow, bool)>, Failure> {
    let rows = register_summary(
        j,
        q,
        periods,
        depth,
        a.empty,
        a.report.pivot.as_deref(),
        opts,
    )
    .map_err(Failure::overflow)?;
    let mut last = None;
    Ok(rows
        .into_iter()
        .map(|r| {
            let first = last != Some(r.period);
            last = Some(r.period);
            (r, first)
        })
        .collect())
}

/// The register of single postings.
fn postings(
    j: &Journal,
    q: &arledger_report::Query,
    depth: Option<usize>,
    pivot: Option<&str>,
    opts: RegisterOptions,
) -> Result<Table, Failure> {
    let rows = register_with(j, &super::compile(q, j)?, opts).map_err(Failure::overflow)?;
    // Depth shows accounts cut to that depth (hledger shows `...` at depth 0); `--pivot`
    // shows the tag's value instead.
    let account = |txn: &arledger_journal::Transaction, p: &arledger_journal::Posting| {
        let name = match pivot {
            Some(tag) => j
                .tag_value(&j.posting_tags(p), tag)
                .or_else(|| j.tag_value(&txn.tags, tag))
                .unwrap_or(""),
            None => j.account_name(p.account),
        };
        match depth {
            Some(0) => "...",
            Some(d) => clip_account(name, d),
            None => name,
        }
    };
    let mut t = table();
    for r in &rows {
        let txn = &j.transactions[r.txn.index()];
        let p = &j.postings[r.posting];
        let cells = vec![
            Value::Int(r.txn.index() as i64 + 1),
            r.date.into(),
            txn.code().map(|c| j.text(c)).into(),
            j.text(txn.description()).into(),
            account(txn, p).into(),
            Money::journal(j, r.amount.commodity, r.amount.quantity).into(),
            Value::amounts(j, &r.total),
        ];
        if r.first_of_txn {
            t.push(cells);
        } else {
            t.push_continued(cells);
        }
    }
    Ok(t)
}
