//! `arledger certificates`: tax-exempt customers' certificates (§7.6), when they expire, and
//! the invoices issued without tax after they did.

use arledger_report::ar::{certificates, CertificateStatus};
use arledger_report::table::{Column, Table, Value};

use super::Output;
use crate::args::CertificatesArgs;
use crate::session::Session;
use crate::Failure;

/// Days before expiry a certificate counts as expiring when --within is not given.
const DEFAULT_WINDOW: u32 = 30;

/// Runs `certificates`.
pub fn run(s: &Session, a: &CertificatesArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    let (filter, loaded, ar) = crate::receivables::start(s, &a.ar, a.customer.as_deref())?;
    let j = &loaded.journal;
    let keep = |c: usize| crate::receivables::selects(filter.as_ref(), ar, c);
    let window = a.within.unwrap_or(DEFAULT_WINDOW);
    let mut t = Table::new(vec![
        Column::text("customer"),
        Column::text("certificate"),
        Column::date("expires"),
        Column::int("days_left"),
        Column::text("status"),
        Column::text("untaxed_invoices"),
    ])
    .with_id("certificates")
    .titled(format!("Tax-exemption certificates at {}", ar.as_of));
    t.empty = Some("No certificate to show.".into());
    for c in certificates(j, ar, i64::from(window), keep) {
        let flagged = matches!(
            c.status,
            CertificateStatus::Expired | CertificateStatus::Expiring
        );
        if a.within.is_some() && !flagged {
            continue;
        }
        let untaxed: Vec<String> = c
            .untaxed
            .iter()
            .map(|&i| ar.items[i].reference(j).into_owned())
            .collect();
        t.push(vec![
            ar.customers.list[c.customer].id.clone().into(),
            c.number.into(),
            c.until.into(),
            c.days_left.into(),
            c.status.name().into(),
            Value::text_or_empty(untaxed.join(" ")),
        ]);
    }
    out.push_str(&o.table(&t));
    Ok(())
}
