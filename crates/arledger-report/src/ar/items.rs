//! Open items: every posting to a customer account moves one item of that customer
//! (spec §2 and D3–D11, D16).
//!
//! Transactions dated on or before the report date are processed in date order (file order
//! within a date), postings in file order. A positive posting creates an invoice item or raises
//! the item it names; a negative one reduces the item it names, or is applied oldest-first to
//! the customer's open invoices, any remainder becoming a credit item.

use std::borrow::Cow;
use std::sync::OnceLock;

use arledger_journal::{
    AccountType, Code, CommodityId, Diagnostic, Journal, Posting, TagId, Transaction, TxnId,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use smallvec::{smallvec, SmallVec};

use super::ahead::{read_ahead, Ahead, AheadTags, Reading, Returns};
use super::customers::{customers, Customers};
use super::fifo::{FifoKey, FifoQueue};
use super::references::References;

/// Whether an item is a receivable (invoice) or money owed back (credit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// Created by a positive posting; aged by its due date.
    Invoice,
    /// Created by the remainder of an untagged negative posting; aged by its date.
    Credit,
}

/// What moved an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MovementKind {
    /// The posting that created an invoice item.
    Invoice,
    /// A posting of an opening entry (`; opening:`, §2.11): an item carried over from the books
    /// kept before, counted as the opening balance, not as invoicing.
    Opening,
    /// A later positive posting raising an invoice (debit memo, late fee).
    DebitMemo,
    /// A payment (the money went to a cash account).
    Payment,
    /// A credit memo (`credit-memo:` tag or a code starting with `CM`).
    CreditMemo,
    /// A write-off (to `Expenses:Bad Debt` or an account tagged `writeoff: yes`).
    WriteOff,
    /// A written-off invoice raised again against a write-off account: the first step of a
    /// bad-debt recovery (§7.4), before the payment.
    Reinstated,
    /// Money moved between items of the customer (explicit application of a credit).
    Application,
    /// Money paid back to the customer out of a credit (the other side is a cash account).
    Refund,
    /// A payment that came back unpaid (a returned or NSF cheque, `returned: REF`, §7.10): it
    /// reopens what the payment had settled, by what it had paid on each item.
    Returned,
    /// The part of a payment or adjustment that a posting to a discount account covers: an
    /// early-payment discount taken (§7.1).
    Discount,
    /// Any other movement.
    Adjustment,
}

/// One change to an item's open amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movement {
    /// The transaction's date.
    pub date: NaiveDate,
    /// The transaction.
    pub txn: TxnId,
    /// Index of the posting in [`Journal::postings`].
    pub posting: u32,
    /// Signed change of the open amount.
    pub amount: Decimal,
    /// What kind of movement it is.
    pub kind: MovementKind,
}

impl Movement {
    /// For a [`MovementKind::Returned`] movement, the code of the payment it returns (its
    /// posting's `returned:` tag, else its transaction's, §7.10); `None` for other movements.
    pub fn returned_payment<'j>(&self, j: &'j Journal) -> Option<&'j str> {
        if self.kind != MovementKind::Returned {
            return None;
        }
        let p = &j.postings[self.posting as usize];
        j.tag_value(&j.posting_tags(p), "returned")
            .or_else(|| j.tag_value(&j.transactions[self.txn.index()].tags, "returned"))
            .map(str::trim)
    }
}

/// An open item (invoice or credit) of one customer in one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Index of the customer in [`OpenItems::customers`].
    pub customer: usize,
    /// How the item is named: see [`Item::reference`].
    pub name: Reference,
    /// Invoice or credit, fixed at creation (D9).
    pub kind: ItemKind,
    /// The item's commodity.
    pub commodity: CommodityId,
    /// Date of the creating posting.
    pub date: NaiveDate,
    /// Due date (for credit items: their date).
    pub due: NaiveDate,
    /// The signed amount still open.
    pub open: Decimal,
    /// Index of the creating posting in [`Journal::postings`] (its file position).
    pub posting: usize,
    /// Every change, in processing order (the first one created the item); most items have
    /// one or two, kept inline.
    pub movements: SmallVec<[Movement; 2]>,
}

/// Where an item's reference comes from; the text is read from the journal when needed, so
/// building items allocates no strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// An `invoice:` tag value or a transaction code, as written.
    Text(arledger_journal::Span),
    /// `FILE:LINE` of the item's creating posting (D6, D8).
    FileLine,
}

impl Item {
    /// The reference: invoice tag, transaction code, or `FILE:LINE` (D6–D8).
    pub fn reference<'j>(&self, j: &'j Journal) -> Cow<'j, str> {
        match self.name {
            Reference::Text(span) => Cow::Borrowed(j.text(span)),
            Reference::FileLine => Cow::Owned(file_line(j, &j.postings[self.posting])),
        }
    }

    /// The signed amount it was created with (D10): its first movement's.
    pub fn original(&self) -> Decimal {
        self.movements[0].amount
    }

    /// The date the item's open amount last reached zero, if it is settled.
    pub fn settled_on(&self) -> Option<NaiveDate> {
        if !self.open.is_zero() {
            return None;
        }
        self.movements.last().map(|m| m.date)
    }

    /// The movement that paid an invoice in full: the one that last took its open amount from
    /// above zero to zero or below, while the open amount is still zero or below. An invoice
    /// overpaid into a credit balance was paid in full on the day it was overpaid (§2.5).
    /// Credit items are never paid: `None`.
    pub fn paid_in_full(&self) -> Option<&Movement> {
        if self.kind != ItemKind::Invoice || self.open > Decimal::ZERO {
            return None;
        }
        let mut open = Decimal::ZERO;
        let mut paid = None;
        for m in &self.movements {
            let before = open;
            open += m.amount;
            if before > Decimal::ZERO && open <= Decimal::ZERO {
                paid = Some(m);
            }
        }
        paid
    }

    /// Whether a write-off ever reduced the item (it may have been reinstated since, §7.4).
    pub fn written_off_once(&self) -> bool {
        self.movements
            .iter()
            .any(|m| m.kind == MovementKind::WriteOff)
    }

    /// What stands written off of the item: what write-offs took off it, less what
    /// reinstatements (§7.4) put back.
    pub fn written_off(&self) -> Decimal {
        self.movements
            .iter()
            .filter(|m| matches!(m.kind, MovementKind::WriteOff | MovementKind::Reinstated))
            .map(|m| -m.amount)
            .sum()
    }

    /// The date an invoice was paid by the customer, in full, by payment or credit (not by a
    /// write-off): see [`Item::paid_in_full`].
    pub fn paid_on(&self) -> Option<NaiveDate> {
        self.paid_in_full()
            .filter(|m| m.kind != MovementKind::WriteOff)
            .map(|m| m.date)
    }

    /// Days from the invoice's date to the day the customer paid it in full ([`Item::paid_on`]).
    pub fn days_to_pay(&self) -> Option<i64> {
        self.paid_on().map(|d| (d - self.date).num_days())
    }

    /// The unapplied credit on the item when `open` of it is open: what is owed back to the
    /// customer, a credit item's or an overpaid invoice's negative open amount as a positive
    /// amount (§2.5). Zero for anything still owed.
    pub fn credit(&self, open: Decimal) -> Decimal {
        (-open).max(Decimal::ZERO)
    }

    /// The movement that made the item a credit, while it is one: a credit item's creating
    /// posting, or the posting that last took an invoice's open amount below zero (an
    /// overpayment). Unapplied credits are aged from it in `check`.
    pub fn credit_since(&self) -> Option<&Movement> {
        if self.open >= Decimal::ZERO {
            return None;
        }
        if self.kind == ItemKind::Credit {
            return self.movements.first();
        }
        let mut open = Decimal::ZERO;
        let mut since = None;
        for m in &self.movements {
            let before = open;
            open += m.amount;
            if before >= Decimal::ZERO && open < Decimal::ZERO {
                since = Some(m);
            }
        }
        since
    }

    /// What the customer owes on this item when `open` of it is open: the open amount of an
    /// invoice, when positive. Credits (credit items, and invoices overpaid into a credit
    /// balance) owe nothing: they are money owed back, never netted against what is owed.
    pub fn owed(&self, open: Decimal) -> Decimal {
        if self.kind == ItemKind::Invoice && open > Decimal::ZERO {
            open
        } else {
            Decimal::ZERO
        }
    }

    /// The one definition of *overdue* (docs/ar-conventions.md, "Overdue"): what is owed on
    /// the item ([`Item::owed`], credits not netted) when its due date is before `date`, so at
    /// least one day overdue (D12). Every overdue amount arledger shows is a sum of this.
    pub fn overdue(&self, open: Decimal, date: NaiveDate) -> Decimal {
        if self.due < date {
            self.owed(open)
        } else {
            Decimal::ZERO
        }
    }

    /// An amount of the item's commodity as plain text at its AR precision (`28.80`), for
    /// messages and letters.
    pub fn shown(&self, j: &Journal, q: Decimal) -> String {
        plain_amount(j, self.commodity, q)
    }

    /// Whether any of the item is settled while some remains open.
    pub fn is_partly_settled(&self) -> bool {
        !self.open.is_zero() && self.open != self.original()
    }
}

/// An amount with digit groups and at least the commodity's decimals, for messages
/// (`1,340.00`).
pub fn grouped_amount(j: &Journal, q: Decimal, c: CommodityId) -> String {
    let mut style = j.style(c);
    style
        .group
        .get_or_insert(if style.decimal_mark == ',' { '.' } else { ',' });
    style.precision = style
        .precision
        .max(j.commodity_info[c.index()].decimals_seen)
        .max(q.normalize().scale());
    arledger_journal::format::number(q, &style, arledger_journal::format::Grouping::Styled)
}

/// An amount of `commodity` as plain text at its AR precision (`28.80`): the number messages
/// and letters show.
pub fn plain_amount(j: &Journal, commodity: CommodityId, q: Decimal) -> String {
    let mut q = q;
    q.rescale(j.commodity_info[commodity.index()].decimals_seen);
    q.to_string()
}

/// Options of the AR engine.
#[derive(Clone, Debug)]
pub struct ArOptions {
    /// Accounts strictly below this one are customers (default `Assets:Receivable`).
    pub root: String,
    /// Only transactions dated on or before this date count (inclusive, D4).
    pub as_of: NaiveDate,
}

/// The open items of every customer at a date.
#[derive(Clone, Debug)]
pub struct OpenItems {
    /// The report date.
    pub as_of: NaiveDate,
    /// The customers.
    pub customers: Customers,
    /// Every item ever created up to the date, settled ones included, in creation order.
    pub items: Vec<Item>,
    /// AR errors and warnings (unknown references, ambiguity, bad customer tags).
    pub diagnostics: Vec<Diagnostic>,
    /// Index in [`Journal::postings`] of the first posting (in file order) up to the date to
    /// the receivable root itself: it belongs to no customer, so AR reports leave it out.
    pub root_posting: Option<usize>,
    /// The items of each customer, built on first use by [`OpenItems::of_customer`].
    by_customer: OnceLock<ByCustomer>,
}

/// Every customer's item indices in one flat list: customer `c`'s are
/// `items[start[c]..start[c + 1]]`, in creation order. One allocation for all customers, so a
/// report that walks every customer (the site, statements of all customers) is linear, not
/// customers × items.
#[derive(Clone, Debug)]
struct ByCustomer {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl ByCustomer {
    fn new(customers: usize, items: &[Item]) -> ByCustomer {
        let index = |i: usize| u32::try_from(i).expect("fewer than 2^32 items");
        let mut start = vec![0u32; customers + 1];
        for it in items {
            start[it.customer + 1] += 1;
        }
        for c in 0..customers {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut list = vec![0u32; items.len()];
        for (i, it) in items.iter().enumerate() {
            list[next[it.customer] as usize] = index(i);
            next[it.customer] += 1;
        }
        ByCustomer { start, items: list }
    }
}

impl OpenItems {
    /// Whether the AR reading found errors (reports must not be shown then).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The indices into [`OpenItems::items`] of customer `c`'s items, in creation order. The
    /// index behind it is built once, on the first call, in one pass over the items.
    pub fn of_customer(&self, c: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        let by = self
            .by_customer
            .get_or_init(|| ByCustomer::new(self.customers.list.len(), &self.items));
        by.items[by.start[c] as usize..by.start[c + 1] as usize]
            .iter()
            .map(|&i| i as usize)
    }
}

/// Whether account `name` is `root` or below it.
pub(crate) fn is_under(name: &str, root: &str) -> bool {
    name == root
        || (name.len() > root.len()
            && name.starts_with(root)
            && name.as_bytes()[root.len()] == b':')
}

/// Whether the `account` directive `d` has tag `tag` with `value` (case-insensitive).
pub(crate) fn account_tag_is(
    j: &Journal,
    d: &arledger_journal::AccountDecl,
    tag: &str,
    value: &str,
) -> bool {
    let Some(id) = j.tag_names.get(tag) else {
        return false;
    };
    j.tags_in(&d.tags)
        .iter()
        .any(|t| t.name == id && j.text(t.value).eq_ignore_ascii_case(value))
}

/// What an account is for the classification of movements (§2), decided once per account.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Other,
    Cash,
    WriteOff,
    Discount,
}

/// Whether an account takes early-payment discounts (§7.1): `Expenses:Discounts` or below it,
/// or an account whose `account` directive has `discount: yes`.
fn is_discount_account(name: &str) -> bool {
    is_under(name, "Expenses:Discounts")
}

fn roles(j: &Journal) -> Vec<Role> {
    let mut roles: Vec<Role> = j
        .accounts
        .iter()
        .map(|(id, name)| {
            if is_under(name, "Expenses:Bad Debt") {
                Role::WriteOff
            } else if is_discount_account(name) {
                Role::Discount
            } else if j.account_info[id.index()].account_type == Some(AccountType::Cash)
                || is_under(name, "Assets:Bank")
                || is_under(name, "Assets:Cash")
            {
                Role::Cash
            } else {
                Role::Other
            }
        })
        .collect();
    for d in &j.account_decls {
        if account_tag_is(j, d, "writeoff", "yes") {
            roles[d.account.index()] = Role::WriteOff;
        } else if account_tag_is(j, d, "discount", "yes") {
            roles[d.account.index()] = Role::Discount;
        }
    }
    roles
}

/// How the other postings of a transaction classify its negative customer postings (§2), or
/// with `raising` its positive ones; `credit_memo` is the id of the `credit-memo` tag, if the
/// book has one.
pub(super) fn classify(
    j: &Journal,
    txn: &Transaction,
    (customers, roles): (&Customers, &[Role]),
    credit_memo: Option<TagId>,
    raising: bool,
) -> MovementKind {
    if credit_memo.is_some_and(|id| j.tags_in(&txn.tags).iter().any(|t| t.name == id))
        || txn.code().is_some_and(|c| j.text(c).starts_with("CM"))
    {
        return MovementKind::CreditMemo;
    }
    // The strongest role among the non-customer postings decides: write-off, then cash. A
    // write-off account counts on the other side of the customer posting: debited, it writes
    // off; credited, it reinstates (a recovery may be booked in one transaction with its
    // payment, §7.4).
    let other_side = |q: Decimal| match raising {
        true => q < Decimal::ZERO,
        false => q > Decimal::ZERO,
    };
    let strongest = j
        .postings_of(txn)
        .iter()
        .filter(|p| customers.of_account(p.account).is_none())
        .map(|p| match roles[p.account.index()] {
            Role::WriteOff if other_side(p.amount.quantity) => 3,
            Role::Cash => 2,
            Role::WriteOff | Role::Other | Role::Discount => 1,
        })
        .max();
    match strongest {
        None => MovementKind::Application,
        Some(3) => MovementKind::WriteOff,
        Some(2) => MovementKind::Payment,
        Some(_) => MovementKind::Adjustment,
    }
}

/// Per commodity: what the discount postings of one transaction still have to cover.
type DiscountPools = SmallVec<[(CommodityId, Decimal); 1]>;

/// What the discount postings of `txn` in `commodity` have left to cover (§7.1), summed once per
/// transaction on first use.
fn discount_pool<'a>(
    pools: &'a mut Option<DiscountPools>,
    j: &Journal,
    txn: &Transaction,
    roles: &[Role],
    commodity: CommodityId,
) -> &'a mut Decimal {
    let pools = pools.get_or_insert_with(|| {
        let mut sums = DiscountPools::new();
        for p in j.postings_of(txn) {
            if roles[p.account.index()] != Role::Discount || !p.amount.quantity.is_sign_positive() {
                continue;
            }
            match sums.iter_mut().find(|(c, _)| *c == p.amount.commodity) {
                Some((_, sum)) => *sum += p.amount.quantity,
                None => sums.push((p.amount.commodity, p.amount.quantity)),
            }
        }
        sums
    });
    let k = match pools.iter().position(|(c, _)| *c == commodity) {
        Some(k) => k,
        None => {
            pools.push((commodity, Decimal::ZERO));
            pools.len() - 1
        }
    };
    &mut pools[k].1
}

/// Reduces `item` by the (negative) movement `m`. Of a payment or an adjustment, the part the
/// transaction's discount postings still cover (`pool`) is a discount taken (§7.1): it becomes a
/// movement of its own, after the rest.
fn reduce(item: &mut Item, m: Movement, pool: &mut Decimal) {
    item.open += m.amount;
    let discount = if matches!(m.kind, MovementKind::Payment | MovementKind::Adjustment) {
        (*pool).min(-m.amount).max(Decimal::ZERO)
    } else {
        Decimal::ZERO
    };
    if discount.is_zero() {
        item.movements.push(m);
        return;
    }
    *pool -= discount;
    if discount != -m.amount {
        item.movements.push(Movement {
            amount: m.amount + discount,
            ..m
        });
    }
    item.movements.push(Movement {
        amount: -discount,
        kind: MovementKind::Discount,
        ..m
    });
}

/// The reference of a customer posting (D3): its `invoice:` tag, else its transaction's, else,
/// for a positive amount, the transaction code.
pub(super) fn reference(
    j: &Journal,
    invoice: Option<TagId>,
    txn: &Transaction,
    p: &Posting,
) -> Option<arledger_journal::Span> {
    let value = |range| {
        let id = invoice?;
        j.tags_in(range)
            .iter()
            .find(|t| t.name == id)
            .map(|t| t.value)
    };
    match value(&j.posting_tags(p)).or_else(|| value(&txn.tags)) {
        Some(r) if !r.is_empty() => Some(r),
        _ if p.amount.quantity.is_sign_positive() => txn.code().filter(|c| !c.is_empty()),
        _ => None,
    }
}

/// The name of the item a customer posting creates (D6–D8): its reference; without one, its
/// `FILE:LINE` when positive, else (an unapplied remainder) its transaction's code, or its
/// `FILE:LINE` when the transaction has no code.
pub(super) fn item_name(
    reference: Option<arledger_journal::Span>,
    positive: bool,
    txn: &Transaction,
) -> Reference {
    match (reference, txn.code()) {
        (Some(span), _) => Reference::Text(span),
        (None, Some(code)) if !positive && !code.is_empty() => Reference::Text(code),
        (None, _) => Reference::FileLine,
    }
}

/// Item `i`'s place in its FIFO queue when it is an invoice with something still open (it may
/// take FIFO applications).
fn fifo_key(items: &[Item], i: usize) -> Option<FifoKey> {
    let it = &items[i];
    (it.open.is_sign_positive() && !it.open.is_zero()).then_some((
        it.due,
        it.date,
        it.posting as u32,
        i as u32,
    ))
}

/// The tag `id` of a posting, else of its transaction.
pub(super) fn own_tag<'j>(
    j: &'j Journal,
    id: Option<TagId>,
    txn: &Transaction,
    p: &Posting,
) -> Option<&'j arledger_journal::Tag> {
    let id = id?;
    j.tags_in(&j.posting_tags(p))
        .iter()
        .find(|t| t.name == id)
        .or_else(|| j.tags_in(&txn.tags).iter().find(|t| t.name == id))
}

/// What a payment paid on one item, and how much of that was returned already.
type Paid = FxHashMap<(TxnId, usize), Decimal>;

/// Reopens, for a returned payment (§7.10), what the payment whose transaction code is
/// `payment` had paid on a customer's items (`of_customer`, in creation order; only on item
/// `only` when the return names one), by `m.amount` in all; `returned` keeps what each
/// payment has had returned so far. The reopened items get a [`MovementKind::Returned`]
/// movement; their indices are returned. A payment that does not exist, or that paid less
/// than is returned, is an error message and changes nothing.
fn reopen(
    j: &Journal,
    items: &mut [Item],
    (of_customer, payment, only): (&[usize], &str, Option<usize>),
    m: Movement,
    returned: &mut Paid,
) -> Result<Vec<usize>, String> {
    let mut paid: Vec<((TxnId, usize), Decimal)> = Vec::new();
    for &i in of_customer {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        for p in &items[i].movements {
            let code = j.transactions[p.txn.index()].code();
            if p.kind != MovementKind::Payment || code.is_none_or(|k| j.text(k) != payment) {
                continue;
            }
            match paid.iter_mut().find(|(k, _)| *k == (p.txn, i)) {
                Some((_, q)) => *q -= p.amount,
                None => paid.push(((p.txn, i), -p.amount)),
            }
        }
    }
    if paid.is_empty() {
        return Err(match only {
            Some(i) => format!(
                "payment `{payment}` paid nothing on `{}`",
                items[i].reference(j)
            ),
            None => format!("`returned: {payment}` names no payment of this customer"),
        });
    }
    for (k, q) in &mut paid {
        *q -= returned.get(k).copied().unwrap_or_default();
    }
    let available: Decimal = paid.iter().map(|(_, q)| *q).sum();
    if m.amount > available {
        return Err(format!(
            "returns {} but payment `{payment}` has {} left to return",
            plain_amount(j, items[paid[0].0 .1].commodity, m.amount),
            plain_amount(j, items[paid[0].0 .1].commodity, available)
        ));
    }
    let mut left = m.amount;
    let mut reopened = Vec::new();
    for (k, q) in paid {
        let take = left.min(q);
        if take <= Decimal::ZERO {
            continue;
        }
        let item = &mut items[k.1];
        item.open += take;
        item.movements.push(Movement {
            amount: take,
            kind: MovementKind::Returned,
            ..m
        });
        *returned.entry(k).or_default() += take;
        reopened.push(k.1);
        left -= take;
    }
    Ok(reopened)
}

/// `FILE:LINE` of a posting: the base name of its file and its 1-based line (D7).
pub fn file_line(j: &Journal, p: &Posting) -> String {
    let src = j.sources.get(p.span.source);
    format!("{}:{}", src.base_name(), src.line_col(p.span.start).line)
}

/// The due date written on a posting (its own `due:` tag, else its transaction's): `None`
/// without one, `Err` with the value's span when it is not a full date. Read ahead of the item
/// pass ([`super::ahead`]), where the posting's text is read anyway.
pub(super) fn written_due(
    j: &Journal,
    due_id: Option<TagId>,
    txn: &Transaction,
    p: &Posting,
) -> Option<Result<NaiveDate, arledger_journal::Span>> {
    let t = own_tag(j, due_id, txn, p)?;
    Some(super::full_date(j.text(t.value)).ok_or(t.value))
}

/// The due date of a new invoice item (D11): the one `written` on it, else the customer's
/// terms from `date`, else 30 days after it.
fn due_date(
    j: &Journal,
    written: Option<Result<NaiveDate, arledger_journal::Span>>,
    customers: &Customers,
    c: usize,
    date: NaiveDate,
) -> Result<NaiveDate, Diagnostic> {
    match written {
        Some(Ok(d)) => Ok(d),
        Some(Err(value)) => Err(Diagnostic::error(
            Code::Receivable,
            value,
            format!("cannot read the due date `{}`", j.text(value)),
        )
        .expected("a full date like 2026-02-14")),
        None => Ok(match customers.list[c].terms {
            Some(terms) => terms.due(date),
            None => date.checked_add_days(Days::new(30)).unwrap_or(date),
        }),
    }
}

/// The transactions dated on or before `as_of`, in date order (file order within a date). Books
/// are mostly written in date order: then they are taken as they are, neither listed nor sorted
/// (a list is 4 MB in a book of a million transactions).
pub(super) fn processing_order(j: &Journal, as_of: NaiveDate) -> impl Iterator<Item = u32> + '_ {
    let txns = &j.transactions;
    let in_order = txns.windows(2).all(|w| w[0].date <= w[1].date);
    let sorted: Vec<u32> = match in_order {
        true => Vec::new(),
        false => {
            let mut order: Vec<u32> = (0..txns.len() as u32)
                .filter(|&t| txns[t as usize].date <= as_of)
                .collect();
            order.sort_by_key(|&t| txns[t as usize].date);
            order
        }
    };
    let direct = match in_order {
        true => 0..txns.len() as u32,
        false => 0..0,
    };
    direct
        .take_while(move |&t| txns[t as usize].date <= as_of)
        .chain(sorted)
}

/// Builds every customer's items from the journal (spec §2, D3–D11, D16).
pub fn open_items(j: &Journal, opts: &ArOptions) -> OpenItems {
    build(j, opts, Reading::for_book(j))
}

/// [`open_items`], the facts of the customer postings read as `reading` says.
fn build(j: &Journal, opts: &ArOptions, reading: Reading) -> OpenItems {
    let (customers, mut diags) = customers(j, &opts.root);
    let roles = roles(j);
    let invoice_tag = j.tag_names.get("invoice");
    let opening_tag = j.tag_names.get("opening");
    let invoice_date_tag = j.tag_names.get("invoice-date");
    let returned_tag = j.tag_names.get("returned");
    let fee_tag = j.tag_names.get("fee");
    let mut returned: Paid = FxHashMap::default();
    // The item list grows as it goes (a large vector grows by remapping its pages, not by
    // copying them): counting the postings that may create items first would be one more
    // pass over the books.
    let mut items: Vec<Item> = Vec::new();
    // Every customer's items by reference (there are at most as many items as postings).
    let mut refs = References::new(customers.list.len(), j.postings.len());
    // Per customer and commodity: invoices that may still take FIFO applications; per item:
    // whether it is in its queue.
    let mut fifo: FxHashMap<(usize, CommodityId), FifoQueue> = FxHashMap::default();
    let mut queued: Vec<bool> = Vec::new();
    let root = j.accounts.get(&opts.root);
    let mut root_posting: Option<usize> = None;
    let tags = AheadTags {
        invoice: invoice_tag,
        returned: returned_tag,
        fee: fee_tag,
        credit_memo: j.tag_names.get("credit-memo"),
        due: j.tag_names.get("due"),
    };
    let order = processing_order(j, opts.as_of);
    read_ahead(j, (&customers, &roles, tags), (order, reading), |facts| {
        for t in processing_order(j, opts.as_of) {
            let t = t as usize;
            let txn = &j.transactions[t];
            let mut pools: Option<DiscountPools> = None;
            let opening =
                opening_tag.is_some_and(|id| j.tags_in(&txn.tags).iter().any(|t| t.name == id));
            let mut returns_anything = false;
            for (k, p) in j.postings_of(txn).iter().enumerate() {
                let Some(c) = customers.of_account(p.account) else {
                    if Some(p.account) == root {
                        let posting = txn.postings.start as usize + k;
                        root_posting = Some(root_posting.map_or(posting, |r| r.min(posting)));
                    }
                    continue;
                };
                let amount = p.amount.quantity;
                if amount.is_zero() {
                    continue;
                }
                let Ahead {
                    reference,
                    key,
                    due,
                    returns,
                    class,
                } = facts
                    .next()
                    .expect("the facts of every customer posting are read ahead");
                let posting = txn.postings.start as usize + k;
                let date = txn.date;
                // The date an item carried over by an opening entry had in the books kept before.
                let item_date = match carried_date(j, invoice_date_tag, opening, txn, p) {
                    Ok(d) => d.unwrap_or(date),
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                let movement = |amount: Decimal, kind: MovementKind| Movement {
                    date,
                    txn: TxnId(t as u32),
                    posting: posting as u32,
                    amount,
                    kind,
                };
                if let Some(returns) = returns {
                    let Returns { tag, only } = *returns;
                    returns_anything = true;
                    let only = match only {
                        None => None,
                        Some(k) => match refs.find(&k) {
                            Some(i) => Some(i),
                            None => {
                                diags.push(unknown_item(
                                    j,
                                    &customers,
                                    c,
                                    k.name.as_str(),
                                    p,
                                    date,
                                ));
                                continue;
                            }
                        },
                    };
                    let payment = j.text(tag.value);
                    let of_customer: Vec<usize> = refs.of_customer(c).collect();
                    match reopen(
                    j,
                    &mut items,
                    (&of_customer, payment, only),
                    movement(amount, MovementKind::Returned),
                    &mut returned,
                ) {
                    Ok(reopened) => {
                        for i in reopened {
                            if items[i].kind == ItemKind::Invoice && items[i].open > Decimal::ZERO
                            {
                                let commodity = items[i].commodity;
                                fifo.entry((c, commodity))
                                    .or_default()
                                    .push(&mut queued, items.len(), i);
                            }
                        }
                    }
                    Err(message) => diags.push(
                        Diagnostic::error(Code::Receivable, tag.value, message)
                            .label(j.trim_span(p.span), "the posting that returns it")
                            .expected(format!(
                                "the code of a payment of customer {} booked before the return (`returned: PMT-1`), returning at most what it paid",
                                customers.list[c].id
                            )),
                    ),
                }
                    continue;
                }
                if amount.is_sign_positive() {
                    let name = item_name(reference, true, txn);
                    if let Some(i) = refs.find(&key) {
                        if let Some(d) = duplicate_number(j, &items[i], t, txn, &customers) {
                            diags.push(d);
                            continue;
                        }
                        if let Err(d) = same_commodity(j, &items[i], p) {
                            diags.push(d);
                            continue;
                        }
                        // Raising a credit (a credit item, or an invoice overpaid into a credit
                        // balance) applies it, or refunds it when the money leaves by the bank.
                        let is_credit =
                            items[i].kind == ItemKind::Credit || items[i].open < Decimal::ZERO;
                        let class = class.unwrap_or_else(|| {
                            classify(j, txn, (&customers, &roles), tags.credit_memo, true)
                        });
                        let kind = match (is_credit, class) {
                            (true, MovementKind::Payment) => MovementKind::Refund,
                            (true, _) => MovementKind::Application,
                            (false, MovementKind::WriteOff)
                                if items[i].written_off() > Decimal::ZERO =>
                            {
                                MovementKind::Reinstated
                            }
                            _ => MovementKind::DebitMemo,
                        };
                        let item = &mut items[i];
                        item.open += amount;
                        item.movements.push(movement(amount, kind));
                        // A raised invoice takes FIFO applications again; credit items never do (D8).
                        if item.kind == ItemKind::Invoice
                            && item.open.is_sign_positive()
                            && !item.open.is_zero()
                        {
                            let commodity = item.commodity;
                            fifo.entry((c, commodity)).or_default().push(
                                &mut queued,
                                items.len(),
                                i,
                            );
                        }
                        continue;
                    }
                    let due = match due_date(j, due, &customers, c, item_date) {
                        Ok(d) => d,
                        Err(d) => {
                            diags.push(d);
                            continue;
                        }
                    };
                    let kind = if opening {
                        MovementKind::Opening
                    } else {
                        MovementKind::Invoice
                    };
                    items.push(Item {
                        customer: c,
                        name,
                        kind: ItemKind::Invoice,
                        commodity: p.amount.commodity,
                        date: item_date,
                        due,
                        open: amount,
                        posting,
                        movements: smallvec![movement(amount, kind)],
                    });
                    let i = items.len() - 1;
                    refs.insert(key, i);
                    fifo.entry((c, p.amount.commodity)).or_default().push(
                        &mut queued,
                        items.len(),
                        i,
                    );
                    continue;
                }
                let kind = class.unwrap_or_else(|| {
                    classify(j, txn, (&customers, &roles), tags.credit_memo, false)
                });
                if let Some(span) = reference {
                    let found = refs.find(&key);
                    if found.is_none() && opening {
                        // A credit carried over: an item of its own, named by its tag (§2.11).
                        items.push(Item {
                            customer: c,
                            name: Reference::Text(span),
                            kind: ItemKind::Credit,
                            commodity: p.amount.commodity,
                            date: item_date,
                            due: item_date,
                            open: amount,
                            posting,
                            movements: smallvec![movement(amount, MovementKind::Opening)],
                        });
                        refs.insert(key, items.len() - 1);
                        continue;
                    }
                    let Some(i) = found else {
                        diags.push(unknown_item(j, &customers, c, key.name.as_str(), p, date));
                        continue;
                    };
                    if let Err(d) = same_commodity(j, &items[i], p) {
                        diags.push(d);
                        continue;
                    }
                    let pool = discount_pool(&mut pools, j, txn, &roles, p.amount.commodity);
                    reduce(&mut items[i], movement(amount, kind), pool);
                    continue;
                }
                // FIFO over the customer's open invoices in this commodity (D8).
                let mut remaining = -amount;
                if let Some(queue) = fifo.get_mut(&(c, p.amount.commodity)) {
                    while !remaining.is_zero() {
                        let Some(i) = queue.front(&mut queued, |i| fifo_key(&items, i)) else {
                            break;
                        };
                        let take = remaining.min(items[i].open);
                        let pool = discount_pool(&mut pools, j, txn, &roles, p.amount.commodity);
                        reduce(&mut items[i], movement(-take, kind), pool);
                        remaining -= take;
                    }
                }
                if remaining.is_zero() {
                    continue;
                }
                let name = item_name(None, false, txn);
                if let Some(other) = refs.find(&key) {
                    let r = key.name.as_str();
                    diags.push(
                    Diagnostic::error(
                        Code::Receivable,
                        j.trim_span(p.span),
                        format!("the unapplied remainder of this posting would be item `{r}`, but customer {} already has an item `{r}`", customers.list[c].id),
                    )
                    .label(j.trim_span(j.postings[items[other].posting].span), "the existing item")
                    .note("tag the posting with `; invoice: REF` to say what it pays, or give the transaction its own code"),
                );
                    continue;
                }
                items.push(Item {
                    customer: c,
                    name,
                    kind: ItemKind::Credit,
                    commodity: p.amount.commodity,
                    date,
                    due: date,
                    open: -remaining,
                    posting,
                    movements: smallvec![movement(-remaining, kind)],
                });
                refs.insert(key, items.len() - 1);
            }
            if let Some(t) = returned_tag
                .and_then(|id| j.tags_in(&txn.tags).iter().find(|t| t.name == id))
                .filter(|_| !returns_anything)
            {
                diags.push(
                Diagnostic::warning(
                    Code::Receivable,
                    t.value,
                    format!(
                        "`returned: {}` reopens nothing: the transaction posts no amount back to a customer",
                        j.text(t.value)
                    ),
                )
                .note("post the returned amount back to the customer's account (docs/ar-conventions.md §7.10)"),
            );
            }
        }
    });
    OpenItems {
        as_of: opts.as_of,
        customers,
        items,
        diagnostics: diags,
        root_posting,
        by_customer: OnceLock::new(),
    }
}

/// A reference customer `c` has no item for on `date`.
fn unknown_item(
    j: &Journal,
    customers: &Customers,
    c: usize,
    r: &str,
    p: &Posting,
    date: NaiveDate,
) -> Diagnostic {
    Diagnostic::error(
        Code::Receivable,
        j.trim_span(p.span),
        format!(
            "`{r}` is not an item of customer {} on {date}",
            customers.list[c].id
        ),
    )
    .expected(format!(
        "the reference of an invoice or credit of {} created earlier",
        customers.list[c].id
    ))
}

/// The `invoice-date:` of a customer posting (or its transaction): the date an item carried over
/// by an opening entry had before (§2.11). It is read only in opening entries, and may not be
/// after the entry's date.
fn carried_date(
    j: &Journal,
    tag: Option<TagId>,
    opening: bool,
    txn: &Transaction,
    p: &Posting,
) -> Result<Option<NaiveDate>, Diagnostic> {
    let Some(t) = own_tag(j, tag, txn, p) else {
        return Ok(None);
    };
    let v = j.text(t.value);
    if !opening {
        return Err(Diagnostic::error(
            Code::Receivable,
            t.value,
            "`invoice-date:` is read only in an opening entry",
        )
        .expected("an `; opening:` tag on the transaction (docs/ar-conventions.md §2.11), or no `invoice-date:`"));
    }
    match super::full_date(v) {
        Some(d) if d <= txn.date => Ok(Some(d)),
        Some(d) => Err(Diagnostic::error(
            Code::Receivable,
            t.value,
            format!(
                "the invoice date {d} is after the opening entry's date {}",
                txn.date
            ),
        )
        .expected(
            "the date the item had in the books kept before, on or before the opening entry",
        )),
        None => Err(Diagnostic::error(
            Code::Receivable,
            t.value,
            format!("cannot read the invoice date `{v}`"),
        )
        .expected("a full date like 2025-11-05")),
    }
}

/// A positive posting whose reference is its own transaction's code claims that invoice number;
/// when another transaction already created an invoice with it, that is a duplicate invoice
/// number, never a silent raise (§2). Raising an invoice on purpose (debit memo, late fee) is
/// written `; invoice: REF` on a transaction without a code, or with a code of its own.
fn duplicate_number(
    j: &Journal,
    item: &Item,
    t: usize,
    txn: &Transaction,
    customers: &Customers,
) -> Option<Diagnostic> {
    let code = txn.code().filter(|c| !c.is_empty())?;
    let first = item.movements[0].txn;
    if item.kind != ItemKind::Invoice || first.index() == t || j.text(code) != item.reference(j) {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::Receivable,
            code,
            format!(
                "duplicate invoice number `{}` for customer {}: another transaction already created this invoice",
                j.text(code),
                customers.list[item.customer].id
            ),
        )
        .label(
            j.trim_span(j.postings[item.posting].span),
            "the first invoice with this number",
        )
        .note(format!(
            "give this invoice its own number; to add to `{0}` (a debit memo, a late fee), book it without this code and tag it `; invoice: {0}`",
            j.text(code)
        )),
    )
}

fn same_commodity(j: &Journal, item: &Item, p: &Posting) -> Result<(), Diagnostic> {
    if item.commodity == p.amount.commodity {
        return Ok(());
    }
    Err(Diagnostic::error(
        Code::Receivable,
        j.amount_span(p),
        format!(
            "item `{}` is in {}, this posting in {}: applying across commodities is not allowed",
            item.reference(j),
            j.commodity_name(item.commodity),
            j.commodity_name(p.amount.commodity)
        ),
    )
    .label(
        j.trim_span(j.postings[item.posting].span),
        "the item was created here",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_journal::parse_str;

    /// The AR items of large books take hundreds of thousands of these (docs/performance.md,
    /// "Where the bytes go"): growing them is a decision, not an accident.
    #[test]
    fn items_and_movements_stay_small() {
        use std::mem::size_of;
        assert!(size_of::<Movement>() <= 32, "{}", size_of::<Movement>());
        assert!(size_of::<Item>() <= 136, "{}", size_of::<Item>());
    }

    /// The open items under `Assets:Receivable` at `date`.
    fn items_at(j: &Journal, date: &str) -> OpenItems {
        open_items(
            j,
            &ArOptions {
                root: "Assets:Receivable".into(),
                as_of: date.parse().unwrap(),
            },
        )
    }

    #[test]
    fn transactions_are_taken_in_date_order_then_file_order() {
        // Written out of order: the payment comes first in the file, and two invoices of one
        // day are created in file order; the one after `as_of` is not read at all.
        let l = parse_str(
            "\
2026-01-20 * (PMT-1) Acme | Payment
    Assets:Bank                 100.00 USD
    Assets:Receivable:Acme     -100.00 USD  ; invoice: INV-1

2026-01-05 * (INV-2) Acme | Invoice
    Assets:Receivable:Acme      30.00 USD
    Income:Sales

2026-03-05 * (INV-9) Acme | Invoice
    Assets:Receivable:Acme      99.00 USD
    Income:Sales

2026-01-05 * (INV-1) Acme | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales
",
        );
        let ar = items_at(&l.journal, "2026-03-01");
        assert!(ar.diagnostics.is_empty(), "{:?}", ar.diagnostics);
        let names: Vec<_> = ar.items.iter().map(|i| i.reference(&l.journal)).collect();
        assert_eq!(names, ["INV-2", "INV-1"]);
        assert_eq!(ar.items[1].open, Decimal::ZERO);
        let order: Vec<u32> = processing_order(&l.journal, NaiveDate::MAX).collect();
        assert_eq!(order, [1, 3, 0, 2]);
    }

    /// A book with every kind of customer posting the item pass reads: invoices named by
    /// code, by tag and by `FILE:LINE`, tagged and untagged payments, remainders named by code
    /// and by `FILE:LINE`, credit memos, discounts, write-offs, returned payments with fees,
    /// an opening entry, unknown references, transactions out of date order.
    const EVERY_KIND: &str = "\
2026-01-01 * Opening balances
    ; opening:
    Assets:Receivable:Acme      50.00 USD  ; invoice: OLD-7
    ; invoice-date: 2025-12-01
    Assets:Receivable:Bolt     -20.00 USD  ; invoice: CR-1
    Equity:Opening

2026-01-05 * (INV-1) Acme | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-06 * Bolt | Invoice by tag
    ; invoice: INV-1
    ; due: 2026-02-20
    Assets:Receivable:Bolt     300.00 USD
    Income:Sales

2026-01-07 * Acme | No name at all
    Assets:Receivable:Acme      10.00 USD
    Income:Sales

2026-01-09 * (INV-2) Acme | Invoice, due as its posting says
    ; due: 2026-02-01
    Assets:Receivable:Acme     200.00 USD  ; due: 2026-03-01
    Income:Sales

2026-01-10 * (INV-5) Acme | A due date that is not one
    ; due: soon
    Assets:Receivable:Acme       5.00 USD
    Income:Sales

2026-01-20 * (PMT-1) Acme | Untagged payment, a remainder
    Assets:Bank                400.00 USD
    Assets:Receivable:Acme    -400.00 USD

2026-01-21 * Bolt | Untagged payment without a code
    Assets:Bank                 50.00 USD
    Assets:Receivable:Bolt     -50.00 USD

2026-01-22 * (PMT-2) Bolt | Tagged payment with a discount
    Assets:Bank                194.00 USD
    Expenses:Discounts           6.00 USD
    Assets:Receivable:Bolt    -200.00 USD  ; invoice: INV-1

2026-01-23 * (CM-1) Bolt | Credit memo
    Assets:Receivable:Bolt     -10.00 USD  ; invoice: INV-1
    Income:Sales

2026-01-24 * Bolt | Returned cheque
    ; returned: PMT-2
    Assets:Receivable:Bolt     194.00 USD  ; invoice: INV-1
    Assets:Receivable:Bolt       5.00 USD  ; fee: yes
    Assets:Bank               -199.00 USD

2026-01-25 * Acme | Unknown reference
    Assets:Bank                  1.00 USD
    Assets:Receivable:Acme      -1.00 USD  ; invoice: INV-404

2026-01-26 * (PMT-3) Acme and Bolt | Two customers at once
    Assets:Bank                 70.00 USD
    Assets:Receivable:Acme     -30.00 USD  ; invoice: OLD-7
    Assets:Receivable:Bolt     -40.00 USD

2026-01-27 * Bolt | Write-off
    Expenses:Bad Debt           60.00 USD
    Assets:Receivable:Bolt     -60.00 USD  ; invoice: INV-1

2026-01-15 * (INV-3) Acme | Booked late, dated earlier
    Assets:Receivable:Acme      25.00 USD
    Income:Sales

2026-01-28 * Bolt | Returns nothing
    ; returned: PMT-9
    Assets:Bank                  0.00 USD
    Income:Sales
";

    /// Reading the facts of the customer postings on a thread of their own, in blocks of any
    /// size, gives the items and messages reading them in order gives.
    #[test]
    fn reading_ahead_on_a_thread_changes_nothing() {
        let books = [
            EVERY_KIND,
            include_str!("../../../../journals/edge-cases.journal"),
            include_str!("../../../../journals/collections.journal"),
            include_str!("../../../../journals/demo.journal"),
            include_str!("../../../../tests/fixtures/ar-depth/history.journal"),
        ];
        for book in books {
            let l = parse_str(book);
            let j = &l.journal;
            let dates = j.transactions.iter().map(|t| t.date);
            let mut cuts: Vec<NaiveDate> = dates.step_by(7).collect();
            cuts.push(NaiveDate::MAX);
            for as_of in cuts {
                let opts = ArOptions {
                    root: "Assets:Receivable".into(),
                    as_of,
                };
                let in_order = build(j, &opts, Reading::InOrder);
                for block in [1, 2, 5, 4096] {
                    let ahead = build(j, &opts, Reading::Thread { block });
                    assert_eq!(ahead.items, in_order.items, "{as_of} {block}");
                    assert_eq!(ahead.diagnostics, in_order.diagnostics, "{as_of} {block}");
                    assert_eq!(ahead.root_posting, in_order.root_posting);
                }
            }
        }
        // The book of every kind says what it is meant to.
        let l = parse_str(EVERY_KIND);
        let ar = items_at(&l.journal, "2026-12-31");
        let due = |name: &str| {
            let it = ar.items.iter().find(|it| it.reference(&l.journal) == name);
            it.map(|it| it.due.to_string())
        };
        // A posting's own `due:` tag, else its transaction's, else 30 days (no terms).
        assert_eq!(due("INV-2").as_deref(), Some("2026-03-01"));
        assert_eq!(due("INV-1").as_deref(), Some("2026-02-04"));
        assert_eq!(due("INV-5"), None);
        let messages: Vec<String> = ar.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m == "cannot read the due date `soon`"),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`INV-404` is not an item")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`returned: PMT-9` reopens nothing")),
            "{messages:?}"
        );
        let names: Vec<_> = ar.items.iter().map(|i| i.reference(&l.journal)).collect();
        assert!(names.iter().any(|n| n == "PMT-1"), "{names:?}");
        assert!(names.iter().any(|n| n.contains(':')), "{names:?}");
    }

    #[test]
    fn a_book_in_date_order_is_taken_as_it_is_up_to_the_date() {
        let l = parse_str(
            "\
2026-01-05 a
    x  1 USD
    y

2026-01-05 b
    x  1 USD
    y

2026-02-01 c
    x  1 USD
    y
",
        );
        let upto =
            |d: &str| -> Vec<u32> { processing_order(&l.journal, d.parse().unwrap()).collect() };
        assert_eq!(upto("2026-01-04"), [] as [u32; 0]);
        assert_eq!(upto("2026-01-05"), [0, 1]);
        assert_eq!(upto("2026-12-31"), [0, 1, 2]);
    }

    #[test]
    fn notes_the_first_posting_to_the_root_itself_up_to_the_date() {
        let l = parse_str(
            "\
2026-02-01 * After the date
    Assets:Receivable           1.00 USD
    Income:Sales

2026-01-10 * Second in the file, first by date
    Assets:Receivable:Acme      5.00 USD
    Assets:Receivable           2.00 USD
    Income:Sales

2026-01-20 * Third
    Assets:Receivable           3.00 USD
    Income:Sales
",
        );
        let at = |date: &str| items_at(&l.journal, date).root_posting;
        assert_eq!(at("2026-01-31"), Some(3));
        assert_eq!(at("2026-03-01"), Some(0));
        assert_eq!(at("2026-01-05"), None);
    }

    #[test]
    fn of_customer_lists_each_customers_items_in_creation_order() {
        let l = parse_str(
            "\
2026-01-05 * (INV-1) Acme | Invoice
    Assets:Receivable:Acme     100.00 USD
    Income:Sales

2026-01-06 * (INV-2) Zeta | Invoice
    Assets:Receivable:Zeta      50.00 USD
    Income:Sales

2026-01-07 * (INV-3) Acme | Invoice
    Assets:Receivable:Acme      20.00 USD
    Income:Sales
",
        );
        let ar = items_at(&l.journal, "2026-03-01");
        for c in 0..ar.customers.list.len() {
            let scanned: Vec<usize> = (0..ar.items.len())
                .filter(|&i| ar.items[i].customer == c)
                .collect();
            assert_eq!(ar.of_customer(c).collect::<Vec<_>>(), scanned);
        }
        let acme = ar.items[0].customer;
        assert_eq!(ar.of_customer(acme).len(), 2);
    }
}
