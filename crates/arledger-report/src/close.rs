//! Period close (docs/ar-conventions.md §5): close records, the digest that seals a closed month, and
//! the comparison that says which transactions changed since.
//!
//! A close record is a note transaction dated the period's last day,
//! `2026-01-31 Period close  ; closed: 2026-01, digest: <hex>`. The digest (the *seal*) is
//! SHA-256 over what the period's reports show (see docs/adr/0005-close-seal-v2.md):
//!
//! - the canonical form of every transaction dated on or before that day, or with a posting
//!   dated on or before it (a `; date:` tag), close records excluded, in processing order
//!   (date, then file order);
//! - the payment terms of the declared customers with a posting in those transactions, since
//!   the terms decide the due dates, so the aging, of the closed months.
//!
//! The canonical form keeps what the books mean and drops how they are written: dates, status,
//! code, description, tags, and per posting the account, its kind and status, the amount
//! (inferred ones included, as exact decimals), cost, lot, assertion and posting date. Layout,
//! alignment, digit grouping, trailing zeros and comments without tags do not enter it.
//!
//! Records written before the seal covered posting dates and terms (the first definition:
//! transactions dated on or before the day only) still verify against that definition, so
//! existing records stay valid; `arledger close` writes the current one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use arledger_journal::{Code, Diagnostic, Journal, PostingKind, Span, Transaction, TxnId};
use rustc_hash::FxHashSet;

use crate::ar::customers::customers;
use crate::ar::DEFAULT_ROOT;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

/// One `closed:` record found in the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloseRecord {
    /// The record's transaction.
    pub txn: TxnId,
    /// The closed month, as written (`2026-01`).
    pub period: String,
    /// The last day of the closed month: everything dated on or before it is sealed.
    pub last_day: NaiveDate,
    /// The digest recorded when the month was closed (lower-case hex).
    pub digest: String,
}

/// A close record whose digest no longer matches the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenClose {
    /// The record.
    pub record: CloseRecord,
    /// The digest the journal gives now.
    pub actual: String,
}

/// The first and last day of a month written `YYYY-MM`.
pub fn month_bounds(period: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = period.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next.pred_opt()?))
}

/// Whether a transaction is a close record (it carries a `closed:` tag and no postings).
pub fn is_close_record(j: &Journal, txn: &Transaction) -> bool {
    txn.postings.is_empty() && j.tag_value(&txn.tags, "closed").is_some()
}

/// The period a `closed:` tag in the comment of one journal line names (for lines read from
/// git history rather than from a loaded journal).
pub fn closed_tag_in_line(line: &str) -> Option<&str> {
    let comment = &line[line.find(';')? + 1..];
    let mut tags = Vec::new();
    arledger_journal::parse::tags::scan_tags(comment, &mut tags);
    tags.iter()
        .find(|t| &comment[t.name.clone()] == "closed")
        .map(|t| comment[t.value.clone()].trim())
}

/// The periods the journal's close records name (well-formed or not), as written.
pub fn closed_periods(j: &Journal) -> Vec<&str> {
    j.transactions
        .iter()
        .filter(|t| is_close_record(j, t))
        .filter_map(|t| j.tag_value(&t.tags, "closed"))
        .map(str::trim)
        .collect()
}

/// Every close record of the journal, in file order, and errors for malformed ones.
pub fn close_records(j: &Journal) -> (Vec<CloseRecord>, Vec<Diagnostic>) {
    let mut records = Vec::new();
    let mut diags = Vec::new();
    for (i, txn) in j.transactions.iter().enumerate() {
        if !is_close_record(j, txn) {
            continue;
        }
        let period = j.tag_value(&txn.tags, "closed").unwrap_or_default().trim();
        let here = header_span(j, txn);
        let Some((_, last_day)) = month_bounds(period) else {
            diags.push(
                Diagnostic::error(
                    Code::Closed,
                    here,
                    format!("cannot read the closed period `{period}`"),
                )
                .expected("a month like `closed: 2026-01`"),
            );
            continue;
        };
        if txn.date != last_day {
            diags.push(
                Diagnostic::error(
                    Code::Closed,
                    here,
                    format!(
                        "the close record of {period} is dated {}, not the period's last day {last_day}",
                        txn.date
                    ),
                )
                .expected(format!("`{last_day} Period close  ; closed: {period}, digest: …`")),
            );
            continue;
        }
        let digest = j.tag_value(&txn.tags, "digest").unwrap_or_default().trim();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            diags.push(
                Diagnostic::error(
                    Code::Closed,
                    here,
                    format!("the close record of {period} has no valid digest"),
                )
                .expected(
                    "`digest:` followed by 64 hexadecimal digits (as `arledger close` writes it)",
                ),
            );
            continue;
        }
        records.push(CloseRecord {
            txn: TxnId(i as u32),
            period: period.to_string(),
            last_day,
            digest: digest.to_ascii_lowercase(),
        });
    }
    (records, diags)
}

/// The header line of a transaction (where messages about it point).
pub fn header_span(j: &Journal, txn: &Transaction) -> Span {
    let text = j.text(txn.span);
    let end = memchr_newline(text);
    j.trim_span(Span::new(
        txn.span.source,
        txn.span.start as usize..txn.span.start as usize + end,
    ))
}

fn memchr_newline(text: &str) -> usize {
    text.find(['\n', '\r']).unwrap_or(text.len())
}

/// The transactions a close of `last_day` seals, in processing order (date, then file order):
/// those dated on or before the day, and those with a posting dated on or before it.
pub fn sealed(j: &Journal, last_day: NaiveDate) -> Vec<TxnId> {
    sealed_where(j, |t| {
        t.date <= last_day
            || j.postings_of(t)
                .iter()
                .any(|p| j.posting_date(t, p) <= last_day)
    })
}

/// The transactions the first seal definition covered: dated on or before `last_day`.
fn sealed_v1(j: &Journal, last_day: NaiveDate) -> Vec<TxnId> {
    sealed_where(j, |t| t.date <= last_day)
}

fn sealed_where(j: &Journal, keep: impl Fn(&Transaction) -> bool) -> Vec<TxnId> {
    let mut ids: Vec<TxnId> = j
        .transactions
        .iter()
        .enumerate()
        .filter(|(_, t)| keep(t) && !is_close_record(j, t))
        .map(|(i, _)| TxnId(i as u32))
        .collect();
    ids.sort_by_key(|id| j.transactions[id.0 as usize].date);
    ids
}

/// The payment terms of the declared customers that have a posting in `ids`, as
/// `(account, terms)` sorted by account, in their normal form (`net 30` reads as `net30`).
/// Customers without terms are left out: declaring one without terms changes no due date.
pub fn sealed_terms(j: &Journal, ids: &[TxnId]) -> Vec<(String, String)> {
    let accounts: FxHashSet<_> = ids
        .iter()
        .flat_map(|id| j.postings_of(&j.transactions[id.0 as usize]))
        .map(|p| p.account)
        .collect();
    // Declared customers do not depend on the receivable root.
    let (list, _) = customers(j, DEFAULT_ROOT);
    let mut terms: Vec<(String, String)> = list
        .list
        .iter()
        .filter(|c| c.declared && accounts.contains(&c.account))
        .filter_map(|c| Some((j.account_name(c.account).to_string(), c.terms?.to_string())))
        .collect();
    terms.sort();
    terms
}

/// Lower-case hex SHA-256 of length-prefixed parts (no two different sequences hash the same
/// input).
fn hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn canonical_forms(j: &Journal, ids: &[TxnId]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let mut s = String::new();
            canonical(j, &j.transactions[id.0 as usize], &mut s);
            s
        })
        .collect()
}

/// Marks the current seal's input, so that no digest of it equals a first-definition digest.
const SEAL_V2: &[u8] = b"arledger seal v2";

/// The seal of a close of `last_day` (lower-case hex SHA-256): the sealed transactions and the
/// terms of their customers.
pub fn digest(j: &Journal, last_day: NaiveDate) -> String {
    let ids = sealed(j, last_day);
    let forms = canonical_forms(j, &ids);
    let terms: Vec<String> = sealed_terms(j, &ids)
        .into_iter()
        .map(|(account, terms)| format!("terms\u{1f}{account}\u{1f}{terms}"))
        .collect();
    hash(
        std::iter::once(SEAL_V2)
            .chain(forms.iter().map(|f| f.as_bytes()))
            .chain(terms.iter().map(|t| t.as_bytes())),
    )
}

/// The first definition of the seal, which records written before the current one carry:
/// transactions dated on or before `last_day` only.
fn digest_v1(j: &Journal, last_day: NaiveDate) -> String {
    let forms = canonical_forms(j, &sealed_v1(j, last_day));
    hash(forms.iter().map(|f| f.as_bytes()))
}

/// The close records whose digest the journal no longer gives (by the current seal, or by the
/// first definition for records written with it).
pub fn verify_closes(j: &Journal, records: &[CloseRecord]) -> Vec<BrokenClose> {
    records
        .iter()
        .filter_map(|r| {
            let actual = digest(j, r.last_day);
            (actual != r.digest && digest_v1(j, r.last_day) != r.digest).then(|| BrokenClose {
                record: r.clone(),
                actual,
            })
        })
        .collect()
}

/// The text of a close record for `period` (no trailing newline).
pub fn close_record_text(period: &str, last_day: NaiveDate, digest: &str) -> String {
    format!("{last_day} Period close  ; closed: {period}, digest: {digest}")
}

fn exact(q: Decimal) -> String {
    q.normalize().to_string()
}

/// Appends the canonical form of a transaction: one line per field group, meaning only.
pub fn canonical(j: &Journal, txn: &Transaction, out: &mut String) {
    let _ = write!(out, "{}", txn.date);
    if let Some(d2) = txn.date2 {
        let _ = write!(out, "={d2}");
    }
    let code = txn.code().map_or("", |c| j.text(c).trim());
    let _ = writeln!(
        out,
        "\u{1f}{}\u{1f}{}\u{1f}{}",
        txn.status.mark(),
        code,
        j.text(txn.description()).trim()
    );
    tags(j, &txn.tags, out);
    for p in j.postings_of(txn) {
        let kind = match p.kind {
            PostingKind::Real => "",
            PostingKind::Virtual => "()",
            PostingKind::BalancedVirtual => "[]",
        };
        let _ = write!(
            out,
            "  {}\u{1f}{kind}\u{1f}{}\u{1f}{} {}",
            p.status.mark(),
            j.account_name(p.account),
            exact(p.amount.quantity),
            j.commodity_name(p.amount.commodity)
        );
        if let Some(e) = j.extra(p) {
            if let Some(c) = e.cost {
                let op = if c.total { "@@" } else { "@" };
                let _ = write!(
                    out,
                    "\u{1f}{op} {} {}",
                    exact(c.amount.quantity),
                    j.commodity_name(c.amount.commodity)
                );
            }
            if let Some(lot) = e.lot {
                if let Some((price, total)) = lot.price {
                    let _ = write!(
                        out,
                        "\u{1f}{}{} {}",
                        if total { "{{}}" } else { "{}" },
                        exact(price.quantity),
                        j.commodity_name(price.commodity)
                    );
                }
                if let Some(d) = lot.date {
                    let _ = write!(out, "\u{1f}[{d}]");
                }
                if let Some(n) = lot.note {
                    let _ = write!(out, "\u{1f}({})", j.text(n).trim());
                }
            }
            if let Some(a) = e.assertion {
                let _ = write!(
                    out,
                    "\u{1f}={}{} {} {}",
                    if a.total { "=" } else { "" },
                    if a.inclusive { "*" } else { "" },
                    exact(a.amount.quantity),
                    j.commodity_name(a.amount.commodity)
                );
            }
            if let Some(d) = e.date {
                let _ = write!(out, "\u{1f}date {d}");
            }
            if let Some(d) = e.date2 {
                let _ = write!(out, "\u{1f}date2 {d}");
            }
        }
        out.push('\n');
        tags(j, &j.posting_tags(p), out);
    }
}

fn tags(j: &Journal, range: &std::ops::Range<u32>, out: &mut String) {
    for t in j.tags_in(range) {
        let _ = writeln!(
            out,
            "    {}:{}",
            j.tag_names.name(t.name),
            j.text(t.value).trim()
        );
    }
}

/// How a sealed transaction differs between an earlier reading of the books and now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// In the books now, not in the earlier ones.
    Added(TxnId),
    /// In the earlier books (index into the earlier journal), not now.
    Removed(TxnId),
    /// The same entry (same date, code and description, or same position among them) with
    /// different content: the earlier transaction, the current one, and what differs.
    Changed {
        /// The earlier transaction (in the earlier journal).
        before: TxnId,
        /// The transaction now.
        after: TxnId,
        /// The fields that differ, e.g. `amount of Assets:Receivable:Acme: 100 USD → 120 USD`.
        what: Vec<String>,
    },
    /// The payment terms of a customer with sealed postings differ (none: no terms).
    Terms {
        /// The customer's account.
        account: String,
        /// The terms in the earlier books.
        before: Option<String>,
        /// The terms now.
        after: Option<String>,
    },
}

/// Compares what a close of `last_day` seals in `before` and `now`: the transactions, then the
/// terms of their customers.
///
/// Identical canonical forms pair up first (in order); what is left is paired as a change when
/// the date and code match (or, without codes, date and description), else reported as removed
/// and added.
pub fn sealed_changes(before: &Journal, now: &Journal, last_day: NaiveDate) -> Vec<Change> {
    let forms = |j: &Journal, ids: &[TxnId]| -> Vec<(TxnId, String)> {
        ids.iter().copied().zip(canonical_forms(j, ids)).collect()
    };
    let (old_ids, new_ids) = (sealed(before, last_day), sealed(now, last_day));
    let old = forms(before, &old_ids);
    let new = forms(now, &new_ids);
    let mut unmatched_new: Vec<bool> = vec![true; new.len()];
    let mut by_form: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, (_, f)) in new.iter().enumerate().rev() {
        by_form.entry(f.as_str()).or_default().push(i);
    }
    let mut left_old = Vec::new();
    for (id, f) in &old {
        match by_form.get_mut(f.as_str()).and_then(Vec::pop) {
            Some(i) => unmatched_new[i] = false,
            None => left_old.push(*id),
        }
    }
    let mut left_new: Vec<TxnId> = new
        .iter()
        .zip(&unmatched_new)
        .filter(|(_, &u)| u)
        .map(|((id, _), _)| *id)
        .collect();
    let key = |j: &Journal, id: TxnId| {
        let t = &j.transactions[id.0 as usize];
        match t.code() {
            Some(c) if !j.text(c).trim().is_empty() => (t.date, j.text(c).trim().to_string()),
            _ => (t.date, j.text(t.description()).trim().to_string()),
        }
    };
    let mut changes = Vec::new();
    for b in left_old {
        let k = key(before, b);
        match left_new.iter().position(|&a| key(now, a) == k) {
            Some(pos) => {
                let a = left_new.remove(pos);
                changes.push(Change::Changed {
                    before: b,
                    after: a,
                    what: differences(before, b, now, a),
                });
            }
            None => changes.push(Change::Removed(b)),
        }
    }
    changes.extend(left_new.into_iter().map(Change::Added));
    changes.extend(terms_changes(
        sealed_terms(before, &old_ids),
        sealed_terms(now, &new_ids),
    ));
    changes
}

/// The customers whose terms differ between two `(account, terms)` lists.
fn terms_changes(before: Vec<(String, String)>, now: Vec<(String, String)>) -> Vec<Change> {
    let before: BTreeMap<String, String> = before.into_iter().collect();
    let now: BTreeMap<String, String> = now.into_iter().collect();
    let accounts: BTreeSet<&String> = before.keys().chain(now.keys()).collect();
    accounts
        .into_iter()
        .filter_map(|account| {
            let (b, a) = (before.get(account), now.get(account));
            (b != a).then(|| Change::Terms {
                account: account.clone(),
                before: b.cloned(),
                after: a.cloned(),
            })
        })
        .collect()
}

/// The differing lines of two transactions' canonical forms, as `before → after` pairs.
fn differences(before: &Journal, b: TxnId, now: &Journal, a: TxnId) -> Vec<String> {
    let (mut x, mut y) = (String::new(), String::new());
    canonical(before, &before.transactions[b.0 as usize], &mut x);
    canonical(now, &now.transactions[a.0 as usize], &mut y);
    let (xs, ys): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
    let mut out = Vec::new();
    for i in 0..xs.len().max(ys.len()) {
        let (l, r) = (xs.get(i).copied(), ys.get(i).copied());
        if l != r {
            out.push(format!(
                "{} → {}",
                l.map_or("(nothing)".into(), readable),
                r.map_or("(nothing)".into(), readable)
            ));
        }
    }
    out
}

/// A canonical line made readable: fields (separated by U+001F) joined by spaces, empty ones
/// dropped.
fn readable(line: &str) -> String {
    line.trim()
        .split('\u{1f}')
        .filter(|f| !f.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The month (`YYYY-MM`) a date falls in.
pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;

    const BOOKS: &str = "\
2026-01-05 * (INV-1) Acme | Invoice
    ; invoice: INV-1
    Assets:Receivable:Acme        1,000.00 USD
    Income:Services

2026-01-20 * (PMT-1) Acme | Payment
    Assets:Bank:Checking           400.00 USD  ; just a note
    Assets:Receivable:Acme        -400.00 USD

2026-02-03 Acme | February
    Assets:Receivable:Acme          10 USD
    Income:Services
";

    fn digest_of(text: &str) -> String {
        let l = parse_str(text);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        digest(&l.journal, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap())
    }

    #[test]
    fn reformatting_and_untagged_comments_keep_the_digest() {
        let reformatted = BOOKS
            .replace("1,000.00 USD", "1000 USD")
            .replace(
                "           400.00 USD  ; just a note",
                "  400.0 USD ; other words",
            )
            .replace(
                "    Income:Services\n\n2026-01-20",
                "  Income:Services   ; plain\n\n\n2026-01-20",
            );
        assert_eq!(digest_of(BOOKS), digest_of(&reformatted));
    }

    #[test]
    fn meaning_changes_change_the_digest() {
        let base = digest_of(BOOKS);
        for (from, to) in [
            ("2026-01-20 *", "2026-01-21 *"),
            ("2026-01-20 *", "2026-01-20 !"),
            ("(PMT-1)", "(PMT-2)"),
            ("-400.00 USD", "-400.01 USD\n    Equity:Rounding  0.01 USD"),
            ("Assets:Bank:Checking", "Assets:Bank:Savings"),
            ("invoice: INV-1", "invoice: INV-9"),
            ("Acme | Payment", "Acme | Payment received"),
            ("  ; just a note", "  ; note: tagged"),
        ] {
            assert_ne!(digest_of(&BOOKS.replace(from, to)), base, "{from} → {to}");
        }
        // Outside the period: no change.
        assert_eq!(digest_of(&BOOKS.replace("10 USD", "11 USD")), base);
    }

    #[test]
    fn close_records_are_read_and_excluded_from_the_digest() {
        let d = digest_of(BOOKS);
        let with = format!(
            "{BOOKS}\n{}\n",
            close_record_text("2026-01", NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), &d)
        );
        let l = parse_str(&with);
        let (records, diags) = close_records(&l.journal);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].period, "2026-01");
        assert_eq!(records[0].digest, d);
        assert!(verify_closes(&l.journal, &records).is_empty());
        // Back-dating a transaction into January breaks it.
        let l = parse_str(&with.replace("2026-02-03", "2026-01-31"));
        let (records, _) = close_records(&l.journal);
        assert_eq!(verify_closes(&l.journal, &records).len(), 1);
    }

    #[test]
    fn postings_dated_into_the_period_and_customer_terms_are_sealed() {
        let base = digest_of(BOOKS);
        let dated = BOOKS.replace(
            "Acme          10 USD",
            "Acme          10 USD  ; date: 2026-01-15",
        );
        assert_ne!(digest_of(&dated), base);
        // Dated after the period: not sealed.
        let later = BOOKS.replace(
            "Acme          10 USD",
            "Acme          10 USD  ; date: 2026-02-15",
        );
        assert_eq!(digest_of(&later), base);
        let declared = format!(
            "account Assets:Receivable:Acme  ; customer: Acme, terms: net30\n\
             account Assets:Receivable:Zed  ; customer: Zed, terms: net30\n\
             2026-02-10 (Z-1) Zed\n    Assets:Receivable:Zed  5 USD\n    Income\n{BOOKS}"
        );
        let d = digest_of(&declared);
        assert_eq!(digest_of(&declared.replacen("net30", "NET 30", 1)), d);
        assert_ne!(digest_of(&declared.replacen("net30", "eom", 1)), d);
        // Zed has no posting in January: its terms are not sealed.
        assert_eq!(
            digest_of(&declared.replace("Zed, terms: net30", "Zed, terms: eom")),
            d
        );
    }

    #[test]
    fn records_of_the_first_definition_still_verify() {
        let l = parse_str(BOOKS);
        let last = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let v1 = digest_v1(&l.journal, last);
        assert_ne!(v1, digest(&l.journal, last));
        let with = format!("{BOOKS}\n{}\n", close_record_text("2026-01", last, &v1));
        let l = parse_str(&with);
        let (records, _) = close_records(&l.journal);
        assert!(verify_closes(&l.journal, &records).is_empty());
        let l = parse_str(&with.replace("Acme | Payment", "Acme | Paid"));
        let (records, _) = close_records(&l.journal);
        assert_eq!(verify_closes(&l.journal, &records).len(), 1);
    }

    #[test]
    fn closed_tags_are_read_from_history_lines() {
        assert_eq!(
            closed_tag_in_line("2026-01-31 Period close  ; closed: 2026-01, digest: ab"),
            Some("2026-01")
        );
        assert_eq!(
            closed_tag_in_line("    ; note, closed: 2026-02"),
            Some("2026-02")
        );
        assert_eq!(closed_tag_in_line("2026-01-31 closed: 2026-01"), None);
        assert_eq!(closed_tag_in_line("; unclosed: 2026-01"), None);
    }

    #[test]
    fn malformed_close_records_are_errors() {
        for bad in [
            "2026-01-31 Period close  ; closed: January, digest: 00",
            "2026-01-30 Period close  ; closed: 2026-01, digest: 00",
            "2026-01-31 Period close  ; closed: 2026-01, digest: xyz",
        ] {
            let l = parse_str(&format!("{BOOKS}\n{bad}\n"));
            let (records, diags) = close_records(&l.journal);
            assert!(records.is_empty());
            assert_eq!(diags.len(), 1, "{bad}");
        }
    }

    #[test]
    fn changes_name_what_moved() {
        let before = parse_str(BOOKS).journal;
        let now = parse_str(
            &BOOKS
                .replace("-400.00 USD", "-450.00 USD")
                .replace("400.00 USD  ;", "450.00 USD  ;")
                .replace("2026-02-03", "2026-01-15"),
        )
        .journal;
        let changes = sealed_changes(&before, &now, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        assert_eq!(changes.len(), 2, "{changes:?}");
        match &changes[0] {
            Change::Changed { what, .. } => {
                assert_eq!(what.len(), 2, "{what:?}");
                assert!(
                    what[0].contains("400 USD → ") && what[0].contains("450 USD"),
                    "{what:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(changes[1], Change::Added(_)));
    }

    #[test]
    fn month_bounds_reads_months_only() {
        assert_eq!(
            month_bounds("2024-02"),
            Some((
                NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
                NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
            ))
        );
        assert_eq!(month_bounds("2024-13"), None);
        assert_eq!(month_bounds("2024-1"), None);
        assert_eq!(month_bounds("24-01"), None);
    }
}
