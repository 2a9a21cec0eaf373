//! Sales tax (§7.6): tax-exemption certificates of customers, and tax invoiced and collected
//! per tax account (§2.12) in a period.

use arledger_journal::{AccountId, CommodityId, Journal, TxnId};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::FxHashMap;

use super::items::{Item, ItemKind, MovementKind, OpenItems};
use crate::documents::tax_accounts;
use crate::mixed::Overflow;

/// Where a certificate stands at the report date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateStatus {
    /// Expires after the warning window.
    Valid,
    /// Expires within the window (the report date included).
    Expiring,
    /// Expired before the report date.
    Expired,
    /// No `tax-exempt-until:` date.
    NoExpiry,
}

impl CertificateStatus {
    /// The word reports show.
    pub fn name(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Expiring => "expiring",
            CertificateStatus::Expired => "expired",
            CertificateStatus::NoExpiry => "no expiry",
        }
    }
}

/// A tax-exempt customer's certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// Customer index in [`OpenItems::customers`].
    pub customer: usize,
    /// The certificate number (`tax-exempt:`).
    pub number: Option<String>,
    /// When it expires (`tax-exempt-until:`, the last day it covers).
    pub until: Option<NaiveDate>,
    /// Days from the report date to the expiry (negative: expired).
    pub days_left: Option<i64>,
    /// Where it stands.
    pub status: CertificateStatus,
    /// Invoices (item indices) dated after the expiry whose transaction has no tax line.
    pub untaxed: Vec<usize>,
}

/// Whether the transaction that created `it` has a posting to one of the `tax` accounts
/// ([`tax_accounts`]).
pub(crate) fn taxed(j: &Journal, it: &Item, tax: &FxHashMap<AccountId, String>) -> bool {
    let txn = &j.transactions[it.movements[0].txn.index()];
    j.postings_of(txn)
        .iter()
        .any(|p| tax.contains_key(&p.account))
}

/// The certificates of every tax-exempt customer (one with `tax-exempt:` or
/// `tax-exempt-until:`) kept by `keep`, by customer id; `within` days is the warning window.
pub fn certificates(
    j: &Journal,
    ar: &OpenItems,
    within: i64,
    keep: impl Fn(usize) -> bool,
) -> Vec<Certificate> {
    let tax = tax_accounts(j);
    let mut out: Vec<Certificate> = ar
        .customers
        .list
        .iter()
        .enumerate()
        .filter(|(c, cust)| {
            (cust.tax_exempt.is_some() || cust.tax_exempt_until.is_some()) && keep(*c)
        })
        .map(|(c, cust)| {
            let days_left = cust.tax_exempt_until.map(|u| (u - ar.as_of).num_days());
            let status = match days_left {
                None => CertificateStatus::NoExpiry,
                Some(d) if d < 0 => CertificateStatus::Expired,
                Some(d) if d <= within => CertificateStatus::Expiring,
                Some(_) => CertificateStatus::Valid,
            };
            Certificate {
                customer: c,
                number: cust.tax_exempt.clone(),
                until: cust.tax_exempt_until,
                days_left,
                status,
                untaxed: Vec::new(),
            }
        })
        .collect();
    for cert in &mut out {
        let Some(until) = cert.until else { continue };
        cert.untaxed = ar
            .of_customer(cert.customer)
            .filter(|&i| {
                let it = &ar.items[i];
                it.kind == ItemKind::Invoice
                    && it.movements[0].kind == MovementKind::Invoice
                    && it.date > until
                    && !taxed(j, it, &tax)
            })
            .collect();
    }
    out
}

/// Tax of one tax account in one commodity over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRow {
    /// The tax account.
    pub account: AccountId,
    /// Its `tax:` tag (a rate such as `8.25%`, or empty).
    pub rate: String,
    /// The commodity.
    pub commodity: CommodityId,
    /// Tax on the invoices dated in the period (credits to the account are positive).
    pub invoiced: Decimal,
    /// The tax part of what customers paid in the period: each payment's share of its
    /// invoice's tax, in proportion to the invoice's total, rounded half to even to the
    /// commodity's cents.
    pub collected: Decimal,
    /// Tax given back by the credit memos dated in the period (debits to the account are
    /// positive): the tax due on the period's sales is `invoiced - credited`.
    pub credited: Decimal,
}

/// Tax invoiced and collected per tax account and commodity, dated `first..=last`, by account
/// name then commodity. `ar` must be read at `last` or later.
pub fn tax_report(
    j: &Journal,
    ar: &OpenItems,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<TaxRow>, Overflow> {
    let tax = tax_accounts(j);
    let mut rows: Vec<TaxRow> = Vec::new();
    let mut index: FxHashMap<(AccountId, CommodityId), usize> = FxHashMap::default();
    let mut row = |account: AccountId, commodity: CommodityId| -> usize {
        *index.entry((account, commodity)).or_insert_with(|| {
            rows.push(TaxRow {
                account,
                rate: tax[&account].clone(),
                commodity,
                invoiced: Decimal::ZERO,
                collected: Decimal::ZERO,
                credited: Decimal::ZERO,
            });
            rows.len() - 1
        })
    };
    let mut invoiced: Vec<(usize, Decimal)> = Vec::new();
    let mut collected: Vec<(usize, Decimal)> = Vec::new();
    let mut credited: Vec<(usize, Decimal)> = Vec::new();
    // Each credit memo of the period once, however many items it credits.
    let mut credit_memos: Vec<TxnId> = ar
        .items
        .iter()
        .flat_map(|it| &it.movements)
        .filter(|m| m.kind == MovementKind::CreditMemo && (first..=last).contains(&m.date))
        .map(|m| m.txn)
        .collect();
    credit_memos.sort_unstable();
    credit_memos.dedup();
    for t in credit_memos {
        for p in j.postings_of(&j.transactions[t.index()]) {
            if tax.contains_key(&p.account) {
                credited.push((row(p.account, p.amount.commodity), p.amount.quantity));
            }
        }
    }
    for it in &ar.items {
        if it.kind != ItemKind::Invoice || it.original().is_zero() {
            continue;
        }
        let created = &it.movements[0];
        let txn = &j.transactions[created.txn.index()];
        for p in j.postings_of(txn) {
            if !tax.contains_key(&p.account) || p.amount.commodity != it.commodity {
                continue;
            }
            let k = row(p.account, it.commodity);
            let amount = -p.amount.quantity;
            if created.kind == MovementKind::Invoice && (first..=last).contains(&created.date) {
                invoiced.push((k, amount));
            }
            for m in &it.movements[1..] {
                // A returned payment gives back the tax it had collected (§7.10).
                if !matches!(m.kind, MovementKind::Payment | MovementKind::Returned)
                    || !(first..=last).contains(&m.date)
                {
                    continue;
                }
                let share = (-m.amount)
                    .checked_mul(amount)
                    .and_then(|x| x.checked_div(it.original()))
                    .ok_or(Overflow)?
                    .round_dp_with_strategy(
                        j.commodity_info[it.commodity.index()].decimals_seen,
                        RoundingStrategy::MidpointNearestEven,
                    );
                collected.push((k, share));
            }
        }
    }
    for (k, q) in invoiced {
        rows[k].invoiced = rows[k].invoiced.checked_add(q).ok_or(Overflow)?;
    }
    for (k, q) in collected {
        rows[k].collected = rows[k].collected.checked_add(q).ok_or(Overflow)?;
    }
    for (k, q) in credited {
        rows[k].credited = rows[k].credited.checked_add(q).ok_or(Overflow)?;
    }
    rows.retain(|r| !r.invoiced.is_zero() || !r.collected.is_zero() || !r.credited.is_zero());
    rows.sort_by(|a, b| {
        (j.account_name(a.account), j.commodity_name(a.commodity))
            .cmp(&(j.account_name(b.account), j.commodity_name(b.commodity)))
    });
    Ok(rows)
}
