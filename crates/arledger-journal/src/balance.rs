//! Balancing: filling in elided amounts, checking that transactions balance at display
//! precision, balance assignments and balance assertions.
//!
//! Two steps of loading (docs/architecture.md, "Load stages"):
//! 1. while lowering, [`settle_transaction`] fills each elided amount exactly and notes in
//!    [`Balancing`] the transactions that do not sum to exactly zero and those with balance
//!    assignments;
//! 2. the balancing stage, [`stage`], once every commodity's display precision is known,
//!    reports those that are unbalanced at that precision, then, in date order (file order
//!    within a date), computes balance assignments and checks balance assertions against
//!    running balances.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Context;
use crate::model::{
    AccountId, Amount, AmountOrigin, AmountStyle, CommodityId, Journal, Posting, PostingKind,
    Transaction, TxnId,
};

/// Rounds a quantity to a style's precision, half to even (banker's rounding, as hledger's
/// balancing check does: `-0.005` at 2 places is zero).
pub fn round_to_style(q: Decimal, style: &AmountStyle) -> Decimal {
    q.round_dp_with_strategy(
        style.precision,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    )
}

/// What lowering leaves for the balancing stage.
#[derive(Clone, Debug, Default)]
pub(crate) struct Balancing {
    /// Transactions not exactly balanced, to check at display precision once styles are known.
    pub unbalanced: Vec<TxnId>,
    /// Transactions with balance assignments, completed during the assertion pass.
    pub deferred: Vec<TxnId>,
}

impl Balancing {
    /// Adds a chunk's work, its transactions numbered from `first` in the merged journal.
    pub(crate) fn extend_shifted(&mut self, other: &Balancing, first: u32) {
        let shifted = |ids: &[TxnId]| ids.iter().map(|t| TxnId(t.0 + first)).collect::<Vec<_>>();
        self.unbalanced.extend(shifted(&other.unbalanced));
        self.deferred.extend(shifted(&other.deferred));
    }
}

/// Per-commodity sums of a group of postings.
#[derive(Default)]
struct GroupSums {
    // Inline storage: transactions rarely have more than a few commodities or elided postings,
    // so balancing allocates nothing.
    sums: SmallVec<[(CommodityId, Decimal); 4]>,
    elided: SmallVec<[usize; 2]>,
    has_cost: bool,
}

impl GroupSums {
    fn add(&mut self, a: Amount) -> Option<()> {
        match self.sums.iter_mut().find(|(c, _)| *c == a.commodity) {
            Some((_, q)) => *q = crate::strict::add(*q, a.quantity)?,
            None => self.sums.push((a.commodity, a.quantity)),
        }
        Some(())
    }

    fn nonzero(&self) -> impl Iterator<Item = &(CommodityId, Decimal)> {
        self.sums.iter().filter(|(_, q)| !q.is_zero())
    }
}

/// The amount a posting contributes to its transaction's balance: its cost when it has one,
/// else its amount. A lot price `{…}` alone is not a cost (as in hledger): a transaction
/// with lots and no `@` balances by the two-commodity conversion rule.
fn weight(j: &Journal, p: &Posting) -> Option<Amount> {
    let q = p.amount.quantity;
    if let Some(extra) = j.extra(p) {
        if let Some((price, total)) = extra.cost.map(|c| (c.amount, c.total)) {
            // A total cost takes the posting's sign (hledger: `-1 B @@ A -1` weighs A 1).
            let quantity = if total {
                if q.is_sign_negative() {
                    -price.quantity
                } else {
                    price.quantity
                }
            } else {
                q.checked_mul(price.quantity)?
            };
            return Some(Amount {
                quantity,
                commodity: price.commodity,
            });
        }
    }
    Some(p.amount)
}

fn sums_of(
    j: &Journal,
    postings: std::ops::Range<usize>,
    kind: PostingKind,
) -> Result<GroupSums, usize> {
    let mut g = GroupSums::default();
    for i in postings {
        let p = &j.postings[i];
        if p.kind != kind {
            continue;
        }
        match p.origin {
            AmountOrigin::Elided => g.elided.push(i),
            _ => {
                if j.extra(p).is_some_and(|e| e.cost.is_some()) {
                    g.has_cost = true;
                }
                let w = weight(j, p).ok_or(i)?;
                g.add(w).ok_or(i)?;
            }
        }
    }
    Ok(g)
}

fn overflow(j: &Journal, i: usize) -> Diagnostic {
    Diagnostic::error(
        Code::Overflow,
        j.amount_span(&j.postings[i]),
        "amount too large: the transaction's sum overflows",
    )
    .note("arledger computes exactly with up to 28 significant digits")
}

fn group_name(kind: PostingKind) -> &'static str {
    match kind {
        PostingKind::BalancedVirtual => "balanced virtual postings",
        _ => "real postings",
    }
}

/// Two postings of a group without amounts; the caret goes under the second one's account.
fn multiple_elided(j: &Journal, elided: &[usize], kind: PostingKind) -> Diagnostic {
    let (first, second) = (&j.postings[elided[0]], &j.postings[elided[1]]);
    let mut d = Diagnostic::error(
        Code::MultipleElided,
        j.amount_span(second),
        format!("more than one of the {} has no amount", group_name(kind)),
    )
    .label(j.amount_span(first), "this posting has no amount either")
    .expected("at most one posting without an amount per transaction");
    // `Assets:Cash 10 USD` with one space is an account name, not an account and an amount.
    for &i in elided {
        let name = j.account_name(j.postings[i].account);
        let looks_like_amount = |tail: &str| {
            crate::parse::amount::raw_amount(tail).is_ok_and(|(rest, _)| rest.is_empty())
        };
        if name
            .match_indices(' ')
            .any(|(i, _)| looks_like_amount(&name[i + 1..]))
        {
            d = d.note(format!(
                "`{name}` looks like an account and an amount: put two or more spaces (or a tab) between them"
            ));
        }
    }
    d
}

/// Fills elided amounts of the just-parsed transaction `id` and notes whether it needs a
/// balance check at display precision.
pub(crate) fn settle_transaction(
    j: &mut Journal,
    later: &mut Balancing,
    id: usize,
) -> Result<(), Diagnostic> {
    let txn = &j.transactions[id];
    let range = txn.postings.start as usize..txn.postings.end as usize;
    if sums_to_zero(&j.postings[range.clone()]) {
        return Ok(());
    }
    if j.postings[range.clone()]
        .iter()
        .any(|p| p.origin == AmountOrigin::Assigned)
    {
        later.deferred.push(TxnId(id as u32));
        return Ok(());
    }
    let mut needs_check = false;
    for kind in [PostingKind::Real, PostingKind::BalancedVirtual] {
        let range = {
            let t = &j.transactions[id];
            t.postings.start as usize..t.postings.end as usize
        };
        let g = sums_of(j, range.clone(), kind).map_err(|i| overflow(j, i))?;
        if g.elided.len() > 1 {
            return Err(multiple_elided(j, &g.elided, kind));
        }
        if let Some(&e) = g.elided.first() {
            fill_elided(j, id, e, &g.sums);
            continue;
        }
        let nonzero: Vec<_> = g.nonzero().collect();
        let conversion = nonzero.len() == 2 && !g.has_cost && kind == PostingKind::Real;
        if !nonzero.is_empty() && !conversion {
            needs_check = true;
        }
    }
    if needs_check {
        later.unbalanced.push(TxnId(id as u32));
    }
    Ok(())
}

/// Whether `postings` are the common case that needs nothing settled: amounts written out
/// without a cost, in one commodity, summing to exactly zero (virtual postings in parentheses
/// left out, as they never balance). Anything else, and a sum that overflows, is for the
/// general path, which reports it.
fn sums_to_zero(postings: &[Posting]) -> bool {
    // The sum starts from the first amount, at its scale, so that adding the others stays on
    // `strict::add`'s integer path.
    let mut sum: Option<Decimal> = None;
    let mut commodity = None;
    for p in postings {
        if p.origin != AmountOrigin::Written || p.extra.is_some() {
            return false;
        }
        match p.kind {
            PostingKind::Virtual => continue,
            PostingKind::BalancedVirtual => return false,
            PostingKind::Real => {}
        }
        if *commodity.get_or_insert(p.amount.commodity) != p.amount.commodity {
            return false;
        }
        sum = match sum {
            None => Some(p.amount.quantity),
            Some(s) => match crate::strict::add(s, p.amount.quantity) {
                Some(s) => Some(s),
                None => return false,
            },
        };
    }
    sum.is_none_or(|s| s.is_zero())
}

/// The two commodity sums of a transaction whose real postings balance only by the implied
/// conversion of one commodity into the other (no `@` cost, no posting without an amount).
pub(crate) fn implied_conversion(j: &Journal, txn: &Transaction) -> Option<[Amount; 2]> {
    let range = txn.postings.start as usize..txn.postings.end as usize;
    let g = sums_of(j, range, PostingKind::Real).ok()?;
    if !g.elided.is_empty() || g.has_cost {
        return None;
    }
    let nonzero: SmallVec<[Amount; 4]> = g
        .nonzero()
        .map(|&(commodity, quantity)| Amount {
            quantity,
            commodity,
        })
        .collect();
    match nonzero.as_slice() {
        &[a, b] => Some([a, b]),
        _ => None,
    }
}

/// Gives elided posting `e` of transaction `id` the negated sums; one posting per commodity.
fn fill_elided(j: &mut Journal, id: usize, e: usize, sums: &[(CommodityId, Decimal)]) {
    let mut amounts = sums
        .iter()
        .filter(|(_, q)| !q.is_zero())
        .map(|&(c, q)| Amount {
            quantity: -q,
            commodity: c,
        });
    let first = amounts.next().unwrap_or(Amount {
        quantity: Decimal::ZERO,
        commodity: CommodityId(0),
    });
    j.postings[e].amount = first;
    let rest: Vec<Amount> = amounts.collect();
    if rest.is_empty() {
        return;
    }
    let template = j.postings[e].clone();
    for (k, a) in rest.into_iter().enumerate() {
        j.postings.insert(
            e + 1 + k,
            Posting {
                amount: a,
                ..template.clone()
            },
        );
        j.transactions[id].postings.end += 1;
    }
}

/// Fills the elided postings of one transaction's postings again from the others (used when
/// automated rules added postings after the first filling).
pub(crate) fn refill_elided(j: &Journal, postings: &mut Vec<Posting>) {
    for kind in [PostingKind::Real, PostingKind::BalancedVirtual] {
        let Some(e) = postings
            .iter()
            .position(|p| p.kind == kind && p.origin == AmountOrigin::Elided)
        else {
            continue;
        };
        let mut sums = GroupSums::default();
        for p in postings
            .iter()
            .filter(|p| p.kind == kind && p.origin != AmountOrigin::Elided)
        {
            if let Some(w) = weight(j, p) {
                sums.add(w);
            }
        }
        let mut amounts = sums.nonzero().map(|&(c, q)| Amount {
            quantity: -q,
            commodity: c,
        });
        let first = amounts.next().unwrap_or(Amount {
            quantity: Decimal::ZERO,
            commodity: CommodityId(0),
        });
        let rest: Vec<Amount> = amounts.collect();
        postings[e].amount = first;
        let template = postings[e].clone();
        for (k, a) in rest.into_iter().enumerate() {
            postings.insert(
                e + 1 + k,
                Posting {
                    amount: a,
                    notes: None,
                    ..template.clone()
                },
            );
        }
    }
}

/// The balancing stage: balance at display precision, then balance assignments and
/// assertions in date order.
pub(crate) fn stage(j: &mut Journal, cx: &mut Context, diags: &mut Vec<Diagnostic>) {
    let later = std::mem::take(&mut cx.balancing);
    for id in later.unbalanced {
        if let Some(d) = check_balanced(j, id) {
            diags.push(d);
        }
    }
    let has_assertions =
        !later.deferred.is_empty() || j.extras.iter().any(|e| e.assertion.is_some());
    if has_assertions {
        run_assertions(j, &later.deferred, diags);
    }
}

fn fmt_amount(j: &Journal, a: Amount) -> String {
    crate::format::amount(j, a, crate::format::Grouping::Styled)
}

fn check_balanced(j: &Journal, id: TxnId) -> Option<Diagnostic> {
    let txn = &j.transactions[id.index()];
    let range = txn.postings.start as usize..txn.postings.end as usize;
    for kind in [PostingKind::Real, PostingKind::BalancedVirtual] {
        let g = match sums_of(j, range.clone(), kind) {
            Ok(g) => g,
            Err(i) => return Some(overflow(j, i)),
        };
        // A group with an elided posting balances by construction.
        if !g.elided.is_empty() {
            continue;
        }
        let off: Vec<Amount> = g
            .nonzero()
            .filter(|(c, q)| {
                let info = &j.commodity_info[c.index()];
                match info.declared_style.or(info.inferred_style) {
                    Some(style) => !round_to_style(*q, &style).is_zero(),
                    None => true,
                }
            })
            .map(|&(commodity, quantity)| Amount {
                quantity,
                commodity,
            })
            .collect();
        if off.is_empty() {
            continue;
        }
        let list: Vec<String> = off.iter().map(|a| fmt_amount(j, *a)).collect();
        let mut d = Diagnostic::error(
            Code::Unbalanced,
            txn.header(),
            format!(
                "unbalanced transaction: the {} sum to {}, not zero",
                group_name(kind),
                list.join(", ")
            ),
        )
        .expected(
            "postings that sum to zero in every commodity (or one posting without an amount)",
        );
        let precisions: Vec<String> = off
            .iter()
            .map(|a| {
                format!(
                    "{} decimal places for {}",
                    j.style(a.commodity).precision,
                    j.commodity_name(a.commodity)
                )
            })
            .collect();
        d = d.note(format!(
            "amounts are compared at display precision ({})",
            precisions.join(", ")
        ));
        return Some(d);
    }
    None
}

/// Running balances per account and commodity, for assertions and assignments.
#[derive(Default)]
struct Running {
    balances: FxHashMap<(AccountId, CommodityId), Decimal>,
}

impl Running {
    fn get(&self, a: AccountId, c: CommodityId) -> Decimal {
        self.balances.get(&(a, c)).copied().unwrap_or_default()
    }

    fn add(&mut self, a: AccountId, amount: Amount) -> Option<()> {
        let e = self.balances.entry((a, amount.commodity)).or_default();
        *e = e.checked_add(amount.quantity)?;
        Some(())
    }

    /// Balance of `a` (and its sub-accounts when `inclusive`) in every commodity.
    fn all(&self, j: &Journal, a: AccountId, inclusive: bool) -> Vec<(CommodityId, Decimal)> {
        let name = j.account_name(a);
        let mut out: Vec<(CommodityId, Decimal)> = Vec::new();
        for (&(acc, c), &q) in &self.balances {
            let hit = acc == a || (inclusive && is_subaccount(j.account_name(acc), name));
            if hit {
                match out.iter_mut().find(|(x, _)| *x == c) {
                    Some((_, s)) => *s += q,
                    None => out.push((c, q)),
                }
            }
        }
        out
    }
}

fn is_subaccount(child: &str, parent: &str) -> bool {
    child.len() > parent.len()
        && child.starts_with(parent)
        && child.as_bytes()[parent.len()] == b':'
}

fn run_assertions(j: &mut Journal, deferred: &[TxnId], diags: &mut Vec<Diagnostic>) {
    let mut order: Vec<(NaiveDate, u32, u32)> = Vec::with_capacity(j.postings.len());
    for (t, txn) in j.transactions.iter().enumerate() {
        for i in txn.postings.clone() {
            let p = &j.postings[i as usize];
            order.push((j.posting_date(txn, p), i, t as u32));
        }
    }
    order.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut pending: Vec<bool> = vec![false; j.transactions.len()];
    for d in deferred {
        pending[d.index()] = true;
    }
    let mut running = Running::default();
    for (_, i, t) in order {
        if pending[t as usize] {
            pending[t as usize] = false;
            if let Err(d) = complete_assignments(j, &running, t as usize) {
                diags.push(d);
            }
        }
        let j = &*j;
        let p = &j.postings[i as usize];
        if running.add(p.account, p.amount).is_none() {
            diags.push(overflow(j, i as usize));
            continue;
        }
        let Some(assertion) = j.extra(p).and_then(|e| e.assertion) else {
            continue;
        };
        if p.origin == AmountOrigin::Assigned {
            continue;
        }
        let expected = assertion.amount;
        let balances = running.all(j, p.account, assertion.inclusive);
        let actual = balances
            .iter()
            .find(|(c, _)| *c == expected.commodity)
            .map_or(Decimal::ZERO, |x| x.1);
        let account = j.account_name(p.account);
        let scope = if assertion.inclusive {
            " (including sub-accounts)"
        } else {
            ""
        };
        if actual.cmp(&expected.quantity) != Ordering::Equal {
            let actual_a = Amount {
                quantity: actual,
                commodity: expected.commodity,
            };
            let diff = Amount {
                quantity: expected.quantity - actual,
                commodity: expected.commodity,
            };
            diags.push(
                Diagnostic::error(
                    Code::Assertion,
                    assertion.span,
                    format!(
                        "balance assertion failed: {account}{scope} is {} after this posting, asserted {}",
                        fmt_amount(j, actual_a),
                        fmt_amount(j, expected)
                    ),
                )
                .note(format!("difference: {}", fmt_amount(j, diff)))
                .expected(format!("the balance {}", fmt_amount(j, actual_a))),
            );
            continue;
        }
        if assertion.total {
            let others: Vec<String> = balances
                .iter()
                .filter(|(c, q)| *c != expected.commodity && !q.is_zero())
                .map(|&(c, q)| {
                    fmt_amount(
                        j,
                        Amount {
                            quantity: q,
                            commodity: c,
                        },
                    )
                })
                .collect();
            if !others.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::Assertion,
                        assertion.span,
                        format!(
                            "balance assertion failed: {account}{scope} also holds {} (`==` asserts it holds only {})",
                            others.join(", "),
                            fmt_amount(j, expected)
                        ),
                    )
                    .expected("no balance in other commodities"),
                );
            }
        }
    }
}

/// Computes the amounts of transaction `t`'s balance assignments from the running balances,
/// then fills its elided posting, if any.
fn complete_assignments(j: &mut Journal, running: &Running, t: usize) -> Result<(), Diagnostic> {
    let range = j.transactions[t].postings.start as usize..j.transactions[t].postings.end as usize;
    for i in range.clone() {
        let p = &j.postings[i];
        if p.origin != AmountOrigin::Assigned {
            continue;
        }
        let a = j
            .extra(p)
            .and_then(|e| e.assertion)
            .expect("assigned postings have an assertion");
        let target = a.amount;
        let mut current = if a.inclusive {
            running
                .all(j, p.account, true)
                .iter()
                .find(|(c, _)| *c == target.commodity)
                .map_or(Decimal::ZERO, |x| x.1)
        } else {
            running.get(p.account, target.commodity)
        };
        // Earlier postings of the same transaction to the same account count too.
        for k in range.start..i {
            let q = &j.postings[k];
            if q.account == p.account && q.amount.commodity == target.commodity {
                current += q.amount.quantity;
            }
        }
        j.postings[i].amount = Amount {
            quantity: target.quantity - current,
            commodity: target.commodity,
        };
    }
    for kind in [PostingKind::Real, PostingKind::BalancedVirtual] {
        let g = sums_of(j, range.clone(), kind).map_err(|i| overflow(j, i))?;
        if g.elided.len() > 1 {
            return Err(multiple_elided(j, &g.elided, kind));
        }
        let nonzero: Vec<(CommodityId, Decimal)> = g.nonzero().copied().collect();
        match (g.elided.first(), nonzero.len()) {
            (Some(&e), 0) => j.postings[e].amount = Amount { quantity: Decimal::ZERO, commodity: CommodityId(0) },
            (Some(&e), 1) => j.postings[e].amount = Amount { quantity: -nonzero[0].1, commodity: nonzero[0].0 },
            (Some(&e), _) => {
                return Err(Diagnostic::error(
                    Code::Unsupported,
                    j.postings[e].span,
                    "an elided amount in several commodities together with a balance assignment is not supported",
                ))
            }
            (None, 0) => {}
            (None, _) => {
                let conversion = nonzero.len() == 2 && !g.has_cost && kind == PostingKind::Real;
                if !conversion {
                    if let Some(d) = check_balanced(j, TxnId(t as u32)) {
                        return Err(d);
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::source::Span;
    use proptest::prelude::*;

    fn posting(kind: PostingKind, origin: AmountOrigin, commodity: u32, cents: i64) -> Posting {
        Posting {
            span: Span::default(),
            account: AccountId(0),
            kind,
            status: Status::default(),
            amount: Amount {
                quantity: Decimal::new(cents, 2),
                commodity: CommodityId(commodity),
            },
            origin,
            extra: None,
            notes: None,
        }
    }

    /// What the general path concludes: nothing to settle or check later.
    fn nothing_to_settle(postings: Vec<Posting>) -> bool {
        let n = postings.len();
        let j = Journal {
            postings,
            ..Journal::default()
        };
        if j.postings
            .iter()
            .any(|p| p.origin == AmountOrigin::Assigned)
        {
            return false;
        }
        [PostingKind::Real, PostingKind::BalancedVirtual]
            .into_iter()
            .all(|kind| {
                sums_of(&j, 0..n, kind)
                    .is_ok_and(|g| g.elided.is_empty() && g.nonzero().next().is_none())
            })
    }

    #[test]
    fn a_plain_balanced_transaction_takes_the_short_path() {
        let w = AmountOrigin::Written;
        let plain = [
            posting(PostingKind::Real, w, 0, 87890),
            posting(PostingKind::Virtual, w, 1, 5),
            posting(PostingKind::Real, w, 0, -87890),
        ];
        assert!(sums_to_zero(&plain));
        let two_commodities = [
            posting(PostingKind::Real, w, 0, 100),
            posting(PostingKind::Real, w, 1, -100),
        ];
        assert!(!sums_to_zero(&two_commodities));
        let elided = [
            posting(PostingKind::Real, w, 0, 0),
            posting(PostingKind::Real, AmountOrigin::Elided, 0, 0),
        ];
        assert!(!sums_to_zero(&elided));
    }

    fn any_posting() -> impl Strategy<Value = Posting> {
        let kind = prop_oneof![
            4 => Just(PostingKind::Real),
            1 => Just(PostingKind::Virtual),
            1 => Just(PostingKind::BalancedVirtual),
        ];
        let origin = prop_oneof![
            6 => Just(AmountOrigin::Written),
            1 => Just(AmountOrigin::Elided),
            1 => Just(AmountOrigin::Assigned),
        ];
        (kind, origin, 0..2u32, -3..3i64)
            .prop_map(|(kind, origin, c, cents)| posting(kind, origin, c, cents))
    }

    proptest! {
        /// The short path accepts only what the general path would leave alone.
        #[test]
        fn the_short_path_agrees_with_the_general_one(
            postings in proptest::collection::vec(any_posting(), 0..6)
        ) {
            if sums_to_zero(&postings) {
                prop_assert!(nothing_to_settle(postings));
            }
        }
    }
}
