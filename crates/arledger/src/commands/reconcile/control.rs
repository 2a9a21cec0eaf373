//! `arledger reconcile control`: the AR subledger (the journal given with -f) against the
//! receivable control account of the general ledger (--gl), at every month end, with the
//! entries that explain each change of the difference.

use arledger_journal::{load, Input, Journal};
use arledger_report::close::header_span;
use arledger_report::reconcile::reconcile_control;

use crate::args::{ControlArgs, ErrorFormat, Global};
use crate::commands::{emit_records, overflow, require_format, TABLE_FORMATS};
use crate::input::{options, render_diagnostics, style};
use crate::render::table::Align;
use crate::Failure;

/// A decimal shown with the commodity's precision in `j`.
fn shown(j: &Journal, commodity: &str, q: rust_decimal::Decimal) -> String {
    match j.commodities.get(commodity) {
        Some(k) => crate::commands::ar::decimal(j, k, q),
        None => q.to_string(),
    }
}

/// Runs `reconcile control`: exit 1 unless every month end ties.
pub fn run(g: &Global, a: &ControlArgs, out: &mut String) -> Result<(), Failure> {
    require_format(g.output, TABLE_FORMATS, "reconcile control")?;
    let (loaded, ar) = crate::commands::ar::load(g, &a.ar)?;
    let gl = load(&[Input::Path(a.gl.clone())], &options(g)?);
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
    let r = reconcile_control(j, &ar, glj, &a.account, ar.as_of).map_err(overflow)?;
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            vec![
                row.date.to_string(),
                row.commodity.clone(),
                shown(j, &row.commodity, row.subledger),
                shown(j, &row.commodity, row.control),
                shown(j, &row.commodity, row.difference()),
                if row.difference().is_zero() {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
            ]
        })
        .collect();
    use Align::{Left, Right};
    emit_records(
        g.output,
        &format!(
            "AR subledger vs {} in {}, month ends to {}",
            a.account,
            a.gl.display(),
            ar.as_of
        ),
        &[
            "date",
            "commodity",
            "subledger",
            "control",
            "difference",
            "ties",
        ],
        &rows,
        &[Left, Left, Right, Right, Right, Left],
        &[],
        out,
    );
    if !r.unmatched.is_empty() {
        let lines: Vec<Vec<String>> = r
            .unmatched
            .iter()
            .map(|u| {
                let book = if u.in_ar { j } else { glj };
                let span = header_span(book, &book.transactions[u.txn.index()]);
                vec![
                    u.month_end.to_string(),
                    if u.in_ar { "AR only" } else { "GL only" }.to_string(),
                    format!(
                        "{}:{}",
                        book.sources.path(span).display(),
                        book.sources.line_col(span).line
                    ),
                    u.date.to_string(),
                    u.commodity.clone(),
                    shown(j, &u.commodity, u.amount),
                    book.text(book.transactions[u.txn.index()].description)
                        .trim()
                        .to_string(),
                ]
            })
            .collect();
        out.push('\n');
        emit_records(
            g.output,
            "Entries without a counterpart in the months whose difference changed",
            &[
                "month",
                "side",
                "location",
                "date",
                "commodity",
                "amount",
                "description",
            ],
            &lines,
            &[Left, Left, Left, Left, Left, Right, Left],
            &[],
            out,
        );
    }
    if r.ties() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}
