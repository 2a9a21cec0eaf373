//! `arledger reconcile control`: the AR subledger (the journal given with -f) against the
//! receivable control account of the general ledger (--gl), at every month end, with the
//! entries that explain each change of the difference.

use arledger_journal::{load, Input};
use arledger_report::close::header_span;
use arledger_report::reconcile::reconcile_control;
use arledger_report::table::{Column, Money, Table};

use crate::args::{ControlArgs, ErrorFormat, Format};
use crate::commands::Output;
use crate::input::{render_diagnostics, style};
use crate::session::Session;
use crate::Failure;

/// Runs `reconcile control`: exit 1 unless every month end ties.
pub fn run(s: &Session, a: &ControlArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let (loaded, ar) = s.receivables(&a.ar)?;
    let gl = load(&[Input::Path(a.gl.clone())], &g.load);
    if gl.has_errors() {
        let text = render_diagnostics(&gl, &gl.diagnostics, ErrorFormat::Human, style(g.color));
        return Err(Failure::Journal(format!(
            "{text}\nthe general ledger {} has errors; nothing was reconciled",
            a.gl.display()
        )));
    }
    if !gl.journal.accounts.iter().any(|(_, n)| n == a.account) {
        return Err(Failure::Usage(format!(
            "the general ledger {} has no account `{}`",
            a.gl.display(),
            a.account
        )));
    }
    let j = &loaded.journal;
    let glj = &gl.journal;
    let r = reconcile_control(j, ar, glj, &a.account, ar.as_of).map_err(Failure::overflow)?;
    let mut ends = Table::new(vec![
        Column::date("date"),
        Column::text("commodity"),
        Column::money("subledger"),
        Column::money("control"),
        Column::money("difference"),
        Column::bool("ties"),
    ])
    .titled(format!(
        "AR subledger vs {} in {}, month ends to {}",
        a.account,
        a.gl.display(),
        ar.as_of
    ))
    .with_id("month-ends");
    let m = |c: &str, q| Money::ar_named(j, c, q).into();
    for row in &r.rows {
        ends.push(vec![
            row.date.into(),
            row.commodity.clone().into(),
            m(&row.commodity, row.subledger),
            m(&row.commodity, row.control),
            m(&row.commodity, row.difference()),
            row.difference().is_zero().into(),
        ]);
    }
    let mut unmatched = Table::new(vec![
        Column::date("month"),
        Column::text("side"),
        Column::text("location"),
        Column::date("date"),
        Column::text("commodity"),
        Column::money("amount"),
        Column::text("description").elided(),
    ])
    .titled("Entries without a counterpart in the months whose difference changed")
    .with_id("unmatched");
    for u in &r.unmatched {
        let book = if u.in_ar { j } else { glj };
        let span = header_span(book, &book.transactions[u.txn.index()]);
        unmatched.push(vec![
            u.month_end.into(),
            if u.in_ar { "AR only" } else { "GL only" }.into(),
            format!(
                "{}:{}",
                book.sources.path(span).display(),
                book.sources.line_col(span).line
            )
            .into(),
            u.date.into(),
            u.commodity.clone().into(),
            m(&u.commodity, u.amount),
            book.text(book.transactions[u.txn.index()].description())
                .trim()
                .into(),
        ]);
    }
    let tables = if unmatched.rows.is_empty() && o.format != Format::Json {
        vec![ends]
    } else {
        vec![ends, unmatched]
    };
    out.push_str(&o.tables(&tables));
    if r.ties() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}
