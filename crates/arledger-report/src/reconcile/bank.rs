//! Bank reconciliation: the lines of a bank statement against the postings of one bank account.
//!
//! Statement lines dated in the period take part, and postings dated in the period or up to
//! `window` days before it: those may match lines of the period (they were in transit at its
//! start); if they do not, they belong to the previous reconciliation and are left out. Lines
//! and postings of zero take no part. Matching runs in four passes (docs/reconciliation.md,
//! "Bank reconciliation"):
//!
//! 1. **By reference**: one line to one posting in the same commodity with the same amount,
//!    dated at most `window` days apart, where a reference of the posting's transaction (its
//!    code or an `invoice:` tag) appears as a word on the line. Closest dates first.
//! 2. **By amount and date**: the other one-to-one candidates, best first: more words shared
//!    by the line and the transaction description, then closer dates, then file order. Pairs
//!    are then rearranged where that matches more lines (augmenting paths), so the best-first
//!    choice never costs a match. Pass-1 pairs are never rearranged.
//! 3. **Groups**: a line still unmatched against two or more unmatched postings of the same
//!    sign booked on one day (within the window, closest day first) that sum to its amount:
//!    all of that day's postings, else the one smallest subset that does (several subsets of
//!    that size are ambiguous and match nothing).
//! 4. **Near misses**: a line and a posting still unmatched, with a common reference and the
//!    same sign but different amounts; closest dates first.
//!
//! Money is exact ([`Decimal`]): every sum is checked, and one that overflows or would be
//! rounded is an error ([`Exactness`] lets a statement reader refuse such a statement first,
//! at the field that causes it). The text similarity is a count of shared words.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

use arledger_journal::strict::{exact_add, exact_sub, GrossTotal};
use arledger_journal::{AccountId, CommodityId, Journal, Posting, Transaction, TxnId};

use crate::ar::{ItemKind, OpenItems};
use crate::Overflow;

/// One line of a bank statement, already read from its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankStatementLine {
    /// 1-based line number in the statement file.
    pub line: u32,
    /// Booking date.
    pub date: NaiveDate,
    /// Signed amount as the account's postings see it: money in is positive.
    pub amount: Decimal,
    /// Commodity symbol (as the journal writes it).
    pub commodity: String,
    /// What the bank says about the line (payer, purpose).
    pub description: String,
    /// The bank's or the payer's reference; may be empty.
    pub reference: String,
}

/// A bank statement: its lines and what it says about balances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankStatement {
    /// Every line, in file order.
    pub lines: Vec<BankStatementLine>,
    /// The commodities the statement is kept in (its default commodity and those of its lines);
    /// postings in other commodities are not compared.
    pub commodities: Vec<String>,
    /// Per commodity, the balance before the statement's first line, when the statement shows
    /// running balances. Without it the statement's balance at the start of the period is
    /// taken to be the book balance (the last reconciliation tied).
    pub opening: Vec<(String, Decimal)>,
}

/// What to reconcile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BankOptions {
    /// The bank account (its own postings; sub-accounts are not included).
    pub account: AccountId,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (inclusive); balances are compared at its end.
    pub to: NaiveDate,
    /// How many days a statement line and its posting may be apart.
    pub window: u32,
}

/// A posting on the bank account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookEntry {
    /// Index of the posting in [`Journal::postings`].
    pub posting: usize,
    /// Its transaction.
    pub txn: TxnId,
    /// The posting's date (its own `date:`, else the transaction's).
    pub date: NaiveDate,
    /// Signed amount.
    pub amount: Decimal,
    /// Commodity.
    pub commodity: CommodityId,
}

/// Which pass matched a statement line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchedBy {
    /// Same amount, and a reference of the transaction appears on the line.
    Reference,
    /// Same amount and close date; the line and the transaction share words.
    Description,
    /// Same amount and close date, nothing else in common.
    Date,
    /// Several postings of one day that sum to the line's amount.
    Group,
}

impl MatchedBy {
    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            MatchedBy::Reference => "reference",
            MatchedBy::Description => "description",
            MatchedBy::Date => "date",
            MatchedBy::Group => "group",
        }
    }
}

/// A statement line and the posting(s) it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the line in [`Statement::lines`].
    pub line: usize,
    /// One posting, or the postings of a group (sorted by file position).
    pub entries: Vec<BookEntry>,
    /// How the match was found.
    pub by: MatchedBy,
}

/// A statement line and a posting with a common reference but different amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NearMiss {
    /// Index of the line in [`Statement::lines`].
    pub line: usize,
    /// The posting.
    pub entry: BookEntry,
    /// Booked minus statement amount.
    pub difference: Decimal,
}

/// The balances of one commodity at the end of the period and what explains their difference:
/// `difference = book_only - statement_only + near_misses + unexplained`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// The commodity symbol.
    pub commodity: String,
    /// Balance of the account's postings dated on or before the end date.
    pub book_balance: Decimal,
    /// Balance per statement at the end date.
    pub statement_balance: Decimal,
    /// Book balance minus statement balance.
    pub difference: Decimal,
    /// Whether the statement balance was derived from the book balance at the start of the
    /// period, less what was booked before the period and cleared in it (the statement shows
    /// no running balances). The unexplained part is then zero.
    pub opening_from_books: bool,
    /// Sum of the postings dated before the period that matched lines of the period (in
    /// transit at its start).
    pub cleared_from_before: Decimal,
    /// Sum of the postings with no statement line (deposits in transit, outstanding checks).
    pub book_only: Decimal,
    /// Sum of the statement lines with no posting (not booked yet).
    pub statement_only: Decimal,
    /// Sum of the near misses' differences (booked minus statement).
    pub near_misses: Decimal,
    /// What the items above do not explain: the difference between bank and books at the
    /// start of the period, less the items in transit then that cleared in the period.
    pub unexplained: Decimal,
}

/// The result of a bank reconciliation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankReconciliation {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Days a line and its posting may be apart.
    pub window: u32,
    /// Matched lines, in statement date order (file order within a date).
    pub matches: Vec<Match>,
    /// Lines with no posting (indices in [`Statement::lines`]), in date order.
    pub statement_only: Vec<usize>,
    /// Postings of the period with no line, by date and file position.
    pub book_only: Vec<BookEntry>,
    /// Near misses, in statement date order.
    pub near_misses: Vec<NearMiss>,
    /// Balances per commodity, sorted by commodity.
    pub totals: Vec<Totals>,
    /// How many statement lines lie outside the period (left out).
    pub outside_period: usize,
}

impl BankReconciliation {
    /// Whether the books tie: nothing unmatched, no near miss, no unexplained difference.
    pub fn is_reconciled(&self) -> bool {
        self.statement_only.is_empty()
            && self.book_only.is_empty()
            && self.near_misses.is_empty()
            && self.totals.iter().all(|t| t.unexplained.is_zero())
    }
}

/// Lower-case words of a text: runs of letters, digits and `-_/.#`, trimmed of punctuation at
/// their ends (`RE:INV-1001,` gives `re` and `inv-1001`).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || "-_/.#".contains(c)))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Words long enough to say something when shared (three characters or more).
fn long_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter(|w| w.chars().count() >= 3)
}

/// What a statement line offers for comparisons with the books.
struct LineKeys {
    /// Words of the description and the reference, and the whole reference.
    tokens: FxHashSet<String>,
    /// The long words among them (for the description score).
    words: FxHashSet<String>,
}

impl LineKeys {
    fn new(l: &BankStatementLine) -> LineKeys {
        let mut tokens: FxHashSet<String> =
            words(&l.description).chain(words(&l.reference)).collect();
        let whole = l.reference.trim().to_lowercase();
        if !whole.is_empty() {
            tokens.insert(whole);
        }
        let words = tokens
            .iter()
            .filter(|w| w.chars().count() >= 3)
            .cloned()
            .collect();
        LineKeys { tokens, words }
    }
}

/// The references of a transaction, lower-case: its code and every `invoice:` tag on it or its
/// postings.
fn txn_references(j: &Journal, txn: &Transaction) -> Vec<String> {
    let mut refs: Vec<String> = txn
        .code()
        .map(|c| j.text(c).trim().to_lowercase())
        .into_iter()
        .collect();
    if let Some(id) = j.tag_names.get("invoice") {
        let ranges = std::iter::once(txn.tags.clone()).chain(
            j.postings_of(txn)
                .iter()
                .map(|p: &Posting| j.posting_tags(p)),
        );
        for range in ranges {
            refs.extend(
                j.tags_in(&range)
                    .iter()
                    .filter(|t| t.name == id)
                    .map(|t| j.text(t.value).trim().to_lowercase()),
            );
        }
    }
    refs.retain(|r| !r.is_empty());
    refs.sort();
    refs.dedup();
    refs
}

/// `a + b`, exact: an overflow or a rounded sum is an error.
fn checked_add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    exact_add(a, b).ok_or(Overflow)
}

/// `a - b`, exact: an overflow or a rounded difference is an error.
fn checked_sub(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    exact_sub(a, b).ok_or(Overflow)
}

/// How many times each quantity counts in [`Exactness`]. Every sum a reconciliation computes
/// adds up postings, statement amounts and running balances, none more than four times over:
/// the worst is the unexplained difference, a difference of sums that count the opening balance
/// (a running balance less the lines before it) and the lines again.
const TIMES: usize = 4;

/// A check, made before reconciling, that every sum of a bank reconciliation will be exact: the
/// account's postings, the statement's amounts and its running balances, each counted
/// [`TIMES`] times, must add up to a [`GrossTotal`] per commodity that stays exact. Statement
/// readers use it to point at the field where a statement grows past exact arithmetic.
#[derive(Clone, Debug, Default)]
pub struct Exactness {
    totals: FxHashMap<String, GrossTotal>,
}

impl Exactness {
    /// Starts with all the account's postings, whatever their date; on failure, the index in
    /// [`Journal::postings`] of the posting at which its totals stop being exact.
    pub fn from_books(j: &Journal, account: AccountId) -> Result<Exactness, usize> {
        let mut per_commodity = vec![GrossTotal::default(); j.commodities.len()];
        for txn in &j.transactions {
            let postings = j.postings_of(txn).iter().enumerate();
            for (k, p) in postings.filter(|(_, p)| p.account == account) {
                if !add_times(
                    &mut per_commodity[p.amount.commodity.index()],
                    p.amount.quantity,
                ) {
                    return Err(txn.postings.start as usize + k);
                }
            }
        }
        let totals = per_commodity
            .into_iter()
            .enumerate()
            .filter(|(_, g)| *g != GrossTotal::default())
            .map(|(c, g)| (j.commodity_name(CommodityId::from(c)).to_string(), g))
            .collect();
        Ok(Exactness { totals })
    }

    /// Counts a statement amount or running balance in `commodity`: false when the sums of the
    /// reconciliation could no longer all be exact.
    pub fn add(&mut self, commodity: &str, q: Decimal) -> bool {
        add_times(self.totals.entry(commodity.to_string()).or_default(), q)
    }
}

fn add_times(g: &mut GrossTotal, q: Decimal) -> bool {
    (0..TIMES).all(|_| g.add(q))
}

/// Days between two dates, as a distance.
fn distance(a: NaiveDate, b: NaiveDate) -> u64 {
    (a - b).num_days().unsigned_abs()
}

/// A one-to-one candidate pair (indices into the matcher's line and entry lists).
#[derive(Clone, Copy)]
struct Candidate {
    line: usize,
    entry: usize,
    days: u64,
    score: usize,
    by_reference: bool,
}

/// The state of the matching passes: local line and entry indices.
struct Matcher<'a> {
    st: &'a BankStatement,
    /// Indices in `st.lines` of the lines in the period, by date and file order.
    lines: Vec<usize>,
    keys: Vec<LineKeys>,
    /// Journal commodity of each line (none: the journal never uses its commodity).
    commodity: Vec<Option<CommodityId>>,
    /// The account's postings in the period, by date and file position.
    entries: Vec<BookEntry>,
    refs: Vec<Vec<String>>,
    desc_words: Vec<FxHashSet<String>>,
    window: u64,
    /// First day of the period: earlier entries may only match.
    from: NaiveDate,
    /// Entry matched to each line (one-to-one passes).
    line_match: Vec<Option<usize>>,
    /// Line owning each entry (any pass).
    owner: Vec<Option<usize>>,
    by: Vec<Option<MatchedBy>>,
    groups: Vec<Vec<usize>>,
}

impl Matcher<'_> {
    fn line(&self, l: usize) -> &BankStatementLine {
        &self.st.lines[self.lines[l]]
    }

    fn score(&self, l: usize, e: usize) -> usize {
        self.keys[l].words.intersection(&self.desc_words[e]).count()
    }

    fn references_match(&self, l: usize, e: usize) -> bool {
        self.refs[e].iter().any(|r| self.keys[l].tokens.contains(r))
    }

    fn assign(&mut self, l: usize, e: usize) {
        self.line_match[l] = Some(e);
        self.owner[e] = Some(l);
    }

    fn candidates(&self) -> Vec<Candidate> {
        let mut by_amount: FxHashMap<(CommodityId, Decimal), Vec<usize>> = FxHashMap::default();
        for (e, b) in self.entries.iter().enumerate() {
            by_amount
                .entry((b.commodity, b.amount.normalize()))
                .or_default()
                .push(e);
        }
        let mut out = Vec::new();
        for l in 0..self.lines.len() {
            let Some(c) = self.commodity[l] else { continue };
            let line = self.line(l);
            for &e in by_amount
                .get(&(c, line.amount.normalize()))
                .into_iter()
                .flatten()
            {
                let days = distance(line.date, self.entries[e].date);
                if days <= self.window {
                    out.push(Candidate {
                        line: l,
                        entry: e,
                        days,
                        score: self.score(l, e),
                        by_reference: self.references_match(l, e),
                    });
                }
            }
        }
        out
    }

    /// Pass 1: pairs that share a reference, closest dates first.
    fn by_reference(&mut self, cands: &[Candidate]) {
        let mut list: Vec<&Candidate> = cands.iter().filter(|c| c.by_reference).collect();
        list.sort_by_key(|c| (c.days, c.line, c.entry));
        for c in list {
            if self.line_match[c.line].is_none() && self.owner[c.entry].is_none() {
                self.assign(c.line, c.entry);
                self.by[c.line] = Some(MatchedBy::Reference);
            }
        }
    }

    /// Pass 2: the other pairs best first, then augmenting paths for the lines left over.
    fn by_amount_and_date(&mut self, cands: &[Candidate]) {
        let mut pool: Vec<&Candidate> = cands
            .iter()
            .filter(|c| self.line_match[c.line].is_none() && self.owner[c.entry].is_none())
            .collect();
        pool.sort_by_key(|c| (std::cmp::Reverse(c.score), c.days, c.line, c.entry));
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); self.lines.len()];
        let mut in_pass = vec![false; self.lines.len()];
        for c in &pool {
            adjacency[c.line].push(c.entry);
            in_pass[c.line] = true;
            if self.line_match[c.line].is_none() && self.owner[c.entry].is_none() {
                self.assign(c.line, c.entry);
            }
        }
        let mut seen = vec![u32::MAX; self.entries.len()];
        for start in 0..self.lines.len() {
            if self.line_match[start].is_none() && !adjacency[start].is_empty() {
                self.augment(start, &adjacency, &mut seen, start as u32);
            }
        }
        for (l, &passed) in in_pass.iter().enumerate() {
            if let (true, Some(e)) = (passed, self.line_match[l]) {
                self.by[l] = Some(if self.score(l, e) > 0 {
                    MatchedBy::Description
                } else {
                    MatchedBy::Date
                });
            }
        }
    }

    /// Finds an augmenting path from the unmatched line `start` (Kuhn's algorithm, iterative so
    /// that long chains cannot exhaust the stack) and flips it.
    fn augment(&mut self, start: usize, adjacency: &[Vec<usize>], seen: &mut [u32], stamp: u32) {
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        // via[k]: the entry by which stack[k] reaches stack[k + 1] (or takes at the end).
        let mut via: Vec<usize> = Vec::new();
        while let Some(top) = stack.last_mut() {
            let (l, next) = *top;
            if next == adjacency[l].len() {
                stack.pop();
                via.pop();
                continue;
            }
            top.1 += 1;
            let e = adjacency[l][next];
            if seen[e] == stamp {
                continue;
            }
            seen[e] = stamp;
            via.push(e);
            match self.owner[e] {
                Some(other) => stack.push((other, 0)),
                None => {
                    for (k, &(line, _)) in stack.iter().enumerate() {
                        self.assign(line, via[k]);
                    }
                    return;
                }
            }
        }
    }

    /// Pass 3: several postings of one day for one line.
    fn groups(&mut self) -> Result<(), Overflow> {
        let window = Days::new(self.window);
        for l in 0..self.lines.len() {
            if self.is_matched(l) {
                continue;
            }
            let Some(c) = self.commodity[l] else { continue };
            let line = self.line(l).clone();
            let lo = line.date.checked_sub_days(window).unwrap_or(NaiveDate::MIN);
            let hi = line.date.checked_add_days(window).unwrap_or(NaiveDate::MAX);
            let first = self.entries.partition_point(|b| b.date < lo);
            let last = self.entries.partition_point(|b| b.date <= hi);
            let mut days: Vec<NaiveDate> =
                self.entries[first..last].iter().map(|b| b.date).collect();
            days.dedup();
            days.sort_by_key(|&d| (distance(d, line.date), d));
            for day in days {
                let free: Vec<usize> = (first..last)
                    .filter(|&e| {
                        let b = &self.entries[e];
                        b.date == day
                            && b.commodity == c
                            && self.owner[e].is_none()
                            && b.amount.is_sign_negative() == line.amount.is_sign_negative()
                    })
                    .collect();
                if free.len() < 2 {
                    continue;
                }
                let amounts: Vec<Decimal> = free.iter().map(|&e| self.entries[e].amount).collect();
                let total = amounts
                    .iter()
                    .try_fold(Decimal::ZERO, |s, &a| checked_add(s, a))?;
                let chosen: Option<Vec<usize>> = if total == line.amount {
                    Some(free.clone())
                } else {
                    unique_subset(&amounts, line.amount).map(|mask| {
                        (0..free.len())
                            .filter(|i| mask & (1 << i) != 0)
                            .map(|i| free[i])
                            .collect()
                    })
                };
                if let Some(group) = chosen {
                    for &e in &group {
                        self.owner[e] = Some(l);
                    }
                    self.groups[l] = group;
                    self.by[l] = Some(MatchedBy::Group);
                    break;
                }
            }
        }
        Ok(())
    }

    fn is_matched(&self, l: usize) -> bool {
        self.by[l].is_some()
    }

    /// Pass 4: unmatched lines and postings with a common reference.
    fn near_misses(&self) -> Vec<(usize, usize)> {
        let mut by_ref: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for e in 0..self.entries.len() {
            if self.owner[e].is_none() && self.entries[e].date >= self.from {
                for r in &self.refs[e] {
                    by_ref.entry(r.as_str()).or_default().push(e);
                }
            }
        }
        let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
        for l in 0..self.lines.len() {
            if self.is_matched(l) {
                continue;
            }
            let line = self.line(l);
            for token in &self.keys[l].tokens {
                for &e in by_ref.get(token.as_str()).into_iter().flatten() {
                    let b = &self.entries[e];
                    if Some(b.commodity) == self.commodity[l]
                        && b.amount != line.amount
                        && b.amount.is_sign_negative() == line.amount.is_sign_negative()
                    {
                        pairs.push((distance(line.date, b.date), l, e));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut line_taken = vec![false; self.lines.len()];
        let mut entry_taken = vec![false; self.entries.len()];
        let mut out = Vec::new();
        for (_, l, e) in pairs {
            if !line_taken[l] && !entry_taken[e] {
                line_taken[l] = true;
                entry_taken[e] = true;
                out.push((l, e));
            }
        }
        out.sort_unstable();
        out
    }
}

/// The one smallest subset (two or more) of `amounts` summing to `target`, as a bit mask; none
/// when there is none or when several subsets of that size do. At most 12 amounts are searched.
fn unique_subset(amounts: &[Decimal], target: Decimal) -> Option<u32> {
    if amounts.len() > 12 {
        return None;
    }
    let mut best: Option<(u32, u32, bool)> = None; // (size, mask, ambiguous)
    for mask in 1u32..(1 << amounts.len()) {
        let size = mask.count_ones();
        if size < 2 || best.is_some_and(|(s, _, _)| size > s) {
            continue;
        }
        let sum = (0..amounts.len())
            .filter(|i| mask & (1 << i) != 0)
            .try_fold(Decimal::ZERO, |s, i| exact_add(s, amounts[i]));
        if sum != Some(target) {
            continue;
        }
        best = match best {
            Some((s, m, _)) if s == size => Some((s, m, true)),
            _ => Some((size, mask, false)),
        };
    }
    best.filter(|&(_, _, ambiguous)| !ambiguous)
        .map(|(_, m, _)| m)
}

/// Reconciles the statement with the account's postings (see the module documentation).
pub fn reconcile_bank(
    j: &Journal,
    st: &BankStatement,
    o: &BankOptions,
) -> Result<BankReconciliation, Overflow> {
    let in_period = |d: NaiveDate| o.from <= d && d <= o.to;
    let earliest = o
        .from
        .checked_sub_days(Days::new(u64::from(o.window)))
        .unwrap_or(NaiveDate::MIN);
    let mut symbols: Vec<&str> = st
        .commodities
        .iter()
        .chain(st.lines.iter().map(|l| &l.commodity))
        .map(String::as_str)
        .collect();
    symbols.sort_unstable();
    symbols.dedup();
    let wanted: FxHashSet<CommodityId> = symbols
        .iter()
        .filter_map(|s| j.commodities.get(s))
        .collect();

    // The account's postings in the statement's commodities: those in the period take part;
    // all of them make the book balances.
    let mut entries = Vec::new();
    let mut before: FxHashMap<CommodityId, Decimal> = FxHashMap::default();
    let mut at_end: FxHashMap<CommodityId, Decimal> = FxHashMap::default();
    for (t, txn) in j.transactions.iter().enumerate() {
        for (k, p) in j.postings_of(txn).iter().enumerate() {
            if p.account != o.account || !wanted.contains(&p.amount.commodity) {
                continue;
            }
            let date = j.posting_date(txn, p);
            let (c, q) = (p.amount.commodity, p.amount.quantity);
            if date < o.from {
                let sum = before.entry(c).or_default();
                *sum = checked_add(*sum, q)?;
            }
            if date <= o.to {
                let sum = at_end.entry(c).or_default();
                *sum = checked_add(*sum, q)?;
            }
            if date >= earliest && date <= o.to && !q.is_zero() {
                entries.push(BookEntry {
                    posting: txn.postings.start as usize + k,
                    txn: TxnId(t as u32),
                    date,
                    amount: q,
                    commodity: c,
                });
            }
        }
    }
    entries.sort_by_key(|b| (b.date, b.posting));

    let mut lines: Vec<usize> = (0..st.lines.len())
        .filter(|&i| in_period(st.lines[i].date) && !st.lines[i].amount.is_zero())
        .collect();
    lines.sort_by_key(|&i| (st.lines[i].date, i));
    let outside_period = st.lines.iter().filter(|l| !in_period(l.date)).count();

    let n_lines = lines.len();
    let mut m = Matcher {
        st,
        keys: lines.iter().map(|&i| LineKeys::new(&st.lines[i])).collect(),
        commodity: lines
            .iter()
            .map(|&i| j.commodities.get(&st.lines[i].commodity))
            .collect(),
        lines,
        refs: entries
            .iter()
            .map(|b| txn_references(j, &j.transactions[b.txn.index()]))
            .collect(),
        desc_words: entries
            .iter()
            .map(|b| long_words(j.text(j.transactions[b.txn.index()].description())).collect())
            .collect(),
        window: u64::from(o.window),
        from: o.from,
        line_match: vec![None; n_lines],
        owner: vec![None; entries.len()],
        by: vec![None; n_lines],
        groups: vec![Vec::new(); n_lines],
        entries,
    };
    let cands = m.candidates();
    m.by_reference(&cands);
    m.by_amount_and_date(&cands);
    m.groups()?;
    let near = m.near_misses();

    let mut matches = Vec::new();
    let mut statement_only = Vec::new();
    let mut near_line = vec![false; n_lines];
    let mut near_entry = vec![false; m.entries.len()];
    for &(l, e) in &near {
        near_line[l] = true;
        near_entry[e] = true;
    }
    for (l, &near_miss) in near_line.iter().enumerate() {
        match (m.by[l], m.line_match[l]) {
            (Some(MatchedBy::Group), _) => matches.push(Match {
                line: m.lines[l],
                entries: m.groups[l].iter().map(|&e| m.entries[e]).collect(),
                by: MatchedBy::Group,
            }),
            (Some(by), Some(e)) => matches.push(Match {
                line: m.lines[l],
                entries: vec![m.entries[e]],
                by,
            }),
            _ if !near_miss => statement_only.push(m.lines[l]),
            _ => {}
        }
    }
    let book_only: Vec<BookEntry> = (0..m.entries.len())
        .filter(|&e| m.owner[e].is_none() && !near_entry[e] && m.entries[e].date >= o.from)
        .map(|e| m.entries[e])
        .collect();
    let near_misses = near
        .iter()
        .map(|&(l, e)| {
            Ok(NearMiss {
                line: m.lines[l],
                entry: m.entries[e],
                difference: checked_sub(m.entries[e].amount, m.line(l).amount)?,
            })
        })
        .collect::<Result<Vec<_>, Overflow>>()?;

    let mut totals = Vec::with_capacity(symbols.len());
    for sym in symbols {
        let cid = j.commodities.get(sym);
        let get = |map: &FxHashMap<CommodityId, Decimal>| {
            cid.and_then(|c| map.get(&c).copied()).unwrap_or_default()
        };
        let (book_start, book_balance) = (get(&before), get(&at_end));
        let cleared_from_before = matches
            .iter()
            .flat_map(|m| &m.entries)
            .filter(|b| b.date < o.from && Some(b.commodity) == cid)
            .try_fold(Decimal::ZERO, |s, b| checked_add(s, b.amount))?;
        let of_sym = |l: &&BankStatementLine| l.commodity == sym;
        let opening = st.opening.iter().find(|(c, _)| c == sym).map(|&(_, q)| q);
        let (start, lines_counted): (Decimal, Vec<&BankStatementLine>) = match opening {
            Some(q) => (
                q,
                st.lines
                    .iter()
                    .filter(of_sym)
                    .filter(|l| l.date <= o.to)
                    .collect(),
            ),
            None => (
                checked_sub(book_start, cleared_from_before)?,
                st.lines
                    .iter()
                    .filter(of_sym)
                    .filter(|l| in_period(l.date))
                    .collect(),
            ),
        };
        let statement_balance = lines_counted
            .iter()
            .try_fold(start, |s, l| checked_add(s, l.amount))?;
        let book_only_sum = book_only
            .iter()
            .filter(|b| Some(b.commodity) == cid)
            .try_fold(Decimal::ZERO, |s, b| checked_add(s, b.amount))?;
        let statement_only_sum = statement_only
            .iter()
            .map(|&i| &st.lines[i])
            .filter(|l| l.commodity == sym)
            .try_fold(Decimal::ZERO, |s, l| checked_add(s, l.amount))?;
        let near_sum = near_misses
            .iter()
            .filter(|n| Some(n.entry.commodity) == cid)
            .try_fold(Decimal::ZERO, |s, n| checked_add(s, n.difference))?;
        let difference = checked_sub(book_balance, statement_balance)?;
        let explained = checked_add(checked_sub(book_only_sum, statement_only_sum)?, near_sum)?;
        totals.push(Totals {
            commodity: sym.to_string(),
            book_balance,
            statement_balance,
            difference,
            opening_from_books: opening.is_none(),
            cleared_from_before,
            book_only: book_only_sum,
            statement_only: statement_only_sum,
            near_misses: near_sum,
            unexplained: checked_sub(difference, explained)?,
        });
    }

    Ok(BankReconciliation {
        from: o.from,
        to: o.to,
        window: o.window,
        matches,
        statement_only,
        book_only,
        near_misses,
        totals,
        outside_period,
    })
}

/// What a guess of the payer of a deposit rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// The line names an item (invoice, credit) of the customer.
    Reference,
    /// The line shares more words with the customer's name or id than with any other's.
    Name,
    /// The customer is the only one with an open invoice of exactly the line's amount.
    OpenAmount,
    /// Nothing points to one customer.
    Unknown,
}

impl Evidence {
    /// The name shown in comments of emitted transactions.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Reference => "invoice reference",
            Evidence::Name => "name",
            Evidence::OpenAmount => "open amount",
            Evidence::Unknown => "none",
        }
    }
}

/// A payment to book for a deposit that is on the statement but not in the books.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Index of the line in [`Statement::lines`].
    pub line: usize,
    /// The customer (index in the customers of the open items), if one could be told.
    pub customer: Option<usize>,
    /// The customer's open invoice (index in the items) the deposit pays exactly, if exactly
    /// one fits.
    pub invoice: Option<usize>,
    /// What the customer guess rests on.
    pub evidence: Evidence,
}

/// Words that say nothing about which customer a name means.
const GENERIC: [&str; 10] = [
    "the", "and", "inc", "llc", "ltd", "gmbh", "corp", "company", "plc", "limited",
];

/// Guesses the customer and the invoice of every deposit (positive line) that is on the
/// statement but not in the books, in date order. `ar` holds the open items at the end of the
/// period; an invoice can be paid by a deposit dated on or after the invoice. An invoice paid
/// by one suggestion is not offered to the next.
pub fn suggest_payments(
    j: &Journal,
    ar: &OpenItems,
    st: &BankStatement,
    rec: &BankReconciliation,
) -> Vec<Suggestion> {
    suggest_payers(j, ar, st, &rec.statement_only)
}

/// Guesses the customer and the invoice of each deposit (positive line) among `lines`
/// (indices in [`Statement::lines`], in date order), as [`suggest_payments`] does for the
/// lines a reconciliation did not find in the books; `arledger import` uses it for every line
/// it books.
pub fn suggest_payers(
    j: &Journal,
    ar: &OpenItems,
    st: &BankStatement,
    lines: &[usize],
) -> Vec<Suggestion> {
    let mut open: Vec<Decimal> = ar.items.iter().map(|i| i.open).collect();
    let mut by_ref: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, it) in ar.items.iter().enumerate() {
        by_ref
            .entry(it.reference(j).to_lowercase())
            .or_default()
            .push(i);
    }
    let names: Vec<FxHashSet<String>> = ar
        .customers
        .list
        .iter()
        .map(|c| {
            long_words(&c.name)
                .chain(long_words(&c.id))
                .filter(|w| !GENERIC.contains(&w.as_str()))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for &li in lines {
        let line = &st.lines[li];
        if !line.amount.is_sign_positive() || line.amount.is_zero() {
            continue;
        }
        let keys = LineKeys::new(line);
        let commodity = j.commodities.get(&line.commodity);
        let usable = |i: usize| {
            let it = &ar.items[i];
            it.kind == ItemKind::Invoice && Some(it.commodity) == commodity && it.date <= line.date
        };
        let mut referenced: Vec<usize> = keys
            .tokens
            .iter()
            .filter_map(|t| by_ref.get(t))
            .flatten()
            .copied()
            .collect();
        referenced.sort_unstable();
        referenced.dedup();
        let mut ref_customers: Vec<usize> =
            referenced.iter().map(|&i| ar.items[i].customer).collect();
        ref_customers.sort_unstable();
        ref_customers.dedup();
        let exact = |i: usize, open: &[Decimal]| usable(i) && open[i] == line.amount;
        let (customer, evidence) = if let [c] = ref_customers[..] {
            (Some(c), Evidence::Reference)
        } else if let Some(c) = best_name(&names, &keys.words) {
            (Some(c), Evidence::Name)
        } else {
            let mut with_amount: Vec<usize> = (0..ar.items.len())
                .filter(|&i| exact(i, &open))
                .map(|i| ar.items[i].customer)
                .collect();
            with_amount.sort_unstable();
            with_amount.dedup();
            match with_amount[..] {
                [c] => (Some(c), Evidence::OpenAmount),
                _ => (None, Evidence::Unknown),
            }
        };
        let invoice = customer.and_then(|c| {
            let mine = |i: &usize| ar.items[*i].customer == c && exact(*i, &open);
            let named: Vec<usize> = referenced.iter().copied().filter(mine).collect();
            if let [i] = named[..] {
                return Some(i);
            }
            let all: Vec<usize> = (0..ar.items.len()).filter(mine).collect();
            match all[..] {
                [i] => Some(i),
                _ => None,
            }
        });
        if let Some(i) = invoice {
            open[i] = Decimal::ZERO;
        }
        out.push(Suggestion {
            line: li,
            customer,
            invoice,
            evidence,
        });
    }
    out
}

/// The customer sharing the most words with the line, if exactly one does best.
fn best_name(names: &[FxHashSet<String>], line: &FxHashSet<String>) -> Option<usize> {
    let scores: Vec<usize> = names.iter().map(|n| n.intersection(line).count()).collect();
    let best = scores.iter().copied().max().filter(|&s| s > 0)?;
    match scores.iter().filter(|&&s| s == best).count() {
        1 => scores.iter().position(|&s| s == best),
        _ => None,
    }
}
