//! `arledger aging`: open receivables by customer (or `--pivot TAG`) and bucket, or item by
//! item, optionally valued in one commodity (`-X COMM`).

use arledger_report::ar::{aging, view, AgeBy, AgingView, Buckets};
use arledger_report::{Prices, Valuation};

use super::Output;
use crate::aging_tables::{detail_table, summary_table, viewed_summary_table};
use crate::args::{AgeByArg, AgingArgs, ErrorFormat};
use crate::input::{render_diagnostics, style};
use crate::session::Session;
use crate::Failure;

/// Runs `aging`.
pub fn run(s: &Session, a: &AgingArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let buckets = Buckets::parse(&a.buckets).map_err(|e| Failure::Usage(e.to_string()))?;
    let by = match a.by {
        AgeByArg::Due => AgeBy::Due,
        AgeByArg::Date => AgeBy::Date,
    };
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let report = aging(j, ar, &buckets, by, filter.as_ref());
    let prices;
    let exchange = match super::valuation(g, j)? {
        Some(Valuation::Exchange(to)) => {
            prices = Prices::new(j);
            Some((to, &prices))
        }
        _ => None,
    };
    let viewed = if a.pivot.is_some() || exchange.is_some() {
        let v = AgingView {
            pivot: a.pivot.as_deref(),
            exchange,
        };
        let viewed = view(j, ar, &report, &v).map_err(|e| {
            let d = [e.diagnostic(j)];
            let text = render_diagnostics(loaded, &d, ErrorFormat::Human, style(g.color));
            Failure::Journal(text)
        })?;
        Some(viewed)
    } else {
        None
    };
    let table = if a.detail {
        detail_table(j, ar, &report, viewed.as_ref())
            .titled(format!("Open items at {}", report.as_of))
    } else {
        let basis = match by {
            AgeBy::Due => "days past due",
            AgeBy::Date => "days since the invoice date",
        };
        let t = match &viewed {
            Some(v) => viewed_summary_table(j, &report, v),
            None => summary_table(j, ar, &report),
        };
        t.titled(format!("Aging at {} ({basis})", report.as_of))
    };
    out.push_str(&o.table(&table));
    Ok(())
}
