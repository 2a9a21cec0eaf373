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
    /// Tax on the invoices and debit memos dated in the period, each transaction once (credits
    /// to the account are positive).
    pub invoiced: Decimal,
    /// The tax part of what customers paid in the period: each payment's share of its
    /// invoice's tax, in proportion to the invoice's total, rounded half to even to the
    /// commodity's cents.
    pub collected: Decimal,
    /// Tax given back by the credit memos and adjustments dated in the period (debits to the
    /// account are positive): the tax due on the period's sales is `invoiced - credited`.
    pub credited: Decimal,
}

/// Tax invoiced, collected and credited per tax account and commodity, dated `first..=last`,
/// by account name then commodity. `ar` must be read at `last` or later.
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
    // Each transaction of the period that raised or reduced items once, however many items it
    // moved: the invoices and debit memos invoice its tax, credit memos and adjustments credit
    // it.
    let mut moved: Vec<(TxnId, bool)> = ar
        .items
        .iter()
        .flat_map(|it| &it.movements)
        .filter(|m| (first..=last).contains(&m.date))
        .filter_map(|m| match m.kind {
            MovementKind::Invoice | MovementKind::DebitMemo => Some((m.txn, true)),
            MovementKind::CreditMemo | MovementKind::Adjustment => Some((m.txn, false)),
            _ => None,
        })
        .collect();
    // Raising first among a transaction's entries: one that does both invoices.
    moved.sort_unstable_by_key(|&(t, raises)| (t, !raises));
    moved.dedup_by_key(|&mut (t, _)| t);
    for (t, raises) in moved {
        for p in j.postings_of(&j.transactions[t.index()]) {
            if tax.contains_key(&p.account) {
                let k = row(p.account, p.amount.commodity);
                match raises {
                    true => invoiced.push((k, -p.amount.quantity)),
                    false => credited.push((k, p.amount.quantity)),
                }
            }
        }
    }
    // What the invoices each transaction created add up to, per commodity: an invoice's share
    // of its transaction's tax is in proportion (one transaction may bill several customers).
    let mut created: FxHashMap<(TxnId, CommodityId), Decimal> = FxHashMap::default();
    for it in ar.items.iter().filter(|it| it.kind == ItemKind::Invoice) {
        let total = created
            .entry((it.movements[0].txn, it.commodity))
            .or_default();
        *total = total.checked_add(it.original()).ok_or(Overflow)?;
    }
    for it in &ar.items {
        if it.kind != ItemKind::Invoice || it.original().is_zero() {
            continue;
        }
        let txn_id = it.movements[0].txn;
        let billed = created[&(txn_id, it.commodity)];
        for p in j.postings_of(&j.transactions[txn_id.index()]) {
            if !tax.contains_key(&p.account) || p.amount.commodity != it.commodity {
                continue;
            }
            let k = row(p.account, it.commodity);
            let tax_of_txn = -p.amount.quantity;
            for m in &it.movements[1..] {
                // A returned payment gives back the tax it had collected (§7.10).
                if !matches!(m.kind, MovementKind::Payment | MovementKind::Returned)
                    || !(first..=last).contains(&m.date)
                {
                    continue;
                }
                // paid × the transaction's tax ÷ all it billed: for an invoice alone in its
                // transaction, paid × its tax ÷ its total.
                let share = (-m.amount)
                    .checked_mul(tax_of_txn)
                    .and_then(|x| x.checked_div(billed))
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
