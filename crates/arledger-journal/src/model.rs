//! The in-memory journal: transactions, postings, amounts, tags and directives.
//!
//! Storage is flat: the journal owns one vector each of transactions, postings and tags, and a
//! transaction refers to its postings by an index range. Account, commodity and tag names are
//! interned once and referred to by typed ids. Descriptions, codes and tag values are not
//! copied: they are [`Span`]s into the source text, read back with [`Journal::text`]. Comments
//! are not stored at all: they are found in the text when asked for (`comments.rs`).

use std::num::NonZeroU32;
use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::intern::Interner;
use crate::source::{SourceMap, Span};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as a vector index.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> Self {
                $name(i as u32)
            }
        }
    };
}

id_type!(
    /// An interned account name.
    AccountId
);
id_type!(
    /// An interned commodity symbol (the empty symbol is a commodity too).
    CommodityId
);
id_type!(
    /// An interned tag name.
    TagId
);
id_type!(
    /// Index of a transaction in [`Journal::transactions`].
    TxnId
);

/// Index of a row in one of the journal's side tables of rarely present posting data
/// ([`Journal::extras`], [`Journal::notes`]). Stored as the index plus one, so that an absent
/// row, `Option<RowId>`, takes four bytes in [`Posting`] instead of eight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RowId(NonZeroU32);

impl RowId {
    /// The row at vector index `i`.
    ///
    /// # Panics
    /// When `i` does not fit 32 bits (a journal has fewer than 2^32 postings).
    pub fn new(i: usize) -> RowId {
        let i = u32::try_from(i).expect("fewer than 2^32 rows");
        RowId(NonZeroU32::MIN.saturating_add(i))
    }

    /// The row as a vector index.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }

    /// The same row `by` rows later (a chunk's rows appended after earlier ones).
    pub fn after(self, by: u32) -> RowId {
        RowId(self.0.saturating_add(by))
    }
}

/// Clearing status of a transaction or posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Status {
    /// No mark.
    #[default]
    Unmarked,
    /// `!`
    Pending,
    /// `*`
    Cleared,
}

impl Status {
    /// The mark as written in a journal (`""`, `"!"`, `"*"`).
    pub fn mark(self) -> &'static str {
        match self {
            Status::Unmarked => "",
            Status::Pending => "!",
            Status::Cleared => "*",
        }
    }
}

/// Whether a posting is real or virtual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum PostingKind {
    /// An ordinary posting; must balance.
    #[default]
    Real,
    /// `(Account)`: virtual, need not balance.
    Virtual,
    /// `[Account]`: virtual, must balance with the other bracketed postings.
    BalancedVirtual,
}

/// An exact quantity of one commodity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The exact quantity.
    pub quantity: Decimal,
    /// The commodity.
    pub commodity: CommodityId,
}

/// Where the commodity symbol goes relative to the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Side {
    /// `$10`
    Left,
    /// `10 USD`
    #[default]
    Right,
}

/// How amounts of a commodity are written, inferred from the journal or declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AmountStyle {
    /// Symbol on the left or right.
    pub side: Side,
    /// Whether a space separates symbol and number.
    pub spaced: bool,
    /// Number of decimal places shown.
    pub precision: u32,
    /// Decimal mark (`.` or `,`).
    pub decimal_mark: char,
    /// Digit-group separator, if any.
    pub group: Option<char>,
}

impl Default for AmountStyle {
    fn default() -> Self {
        AmountStyle {
            side: Side::Right,
            spaced: true,
            precision: 0,
            decimal_mark: '.',
            group: None,
        }
    }
}

/// A tag read from a comment: `key: value` or a ledger `:key:` tag (empty value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag's name.
    pub name: TagId,
    /// The value's text (trimmed; may be empty).
    pub value: Span,
}

/// One comment (`; text`) of a transaction, posting or directive, as
/// [`Journal::transaction_comments`] and its siblings find it in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after the `;` (or other comment character).
    pub text: Span,
    /// Whether the comment sits on the same line as what it belongs to.
    pub same_line: bool,
}

/// A `@ unit cost` or `@@ total cost` of a posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    /// The cost as written.
    pub amount: Amount,
    /// `@@`: the amount is the total, not per unit.
    pub total: bool,
    /// Where it is written.
    pub span: Span,
}

/// A lot annotation `{price}`, `[date]`, `(note)` (ledger), kept but not used for balances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Lot {
    /// `{price}` or `{{total}}`: the lot price and whether it is a total.
    pub price: Option<(Amount, bool)>,
    /// `[date]`
    pub date: Option<NaiveDate>,
    /// `(note)`
    pub note: Option<Span>,
    /// Where the annotation is written.
    pub span: Span,
}

/// A balance assertion (`= AMT`, `== AMT`, `=* AMT`, `==* AMT`) or assignment (no amount).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assertion {
    /// The asserted balance.
    pub amount: Amount,
    /// `==`: no other commodity may have a balance in the account.
    pub total: bool,
    /// `*`: the balance includes sub-accounts.
    pub inclusive: bool,
    /// Where the assertion is written.
    pub span: Span,
}

/// The rarely used parts of a posting, kept out of [`Posting`] to keep it small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PostingExtra {
    /// Cost annotation.
    pub cost: Option<Cost>,
    /// Lot annotation.
    pub lot: Option<Lot>,
    /// Balance assertion or assignment.
    pub assertion: Option<Assertion>,
    /// Posting date (`; [2026-01-02]`, `; date: 2026-01-02`), overriding the transaction's.
    pub date: Option<NaiveDate>,
    /// Secondary posting date.
    pub date2: Option<NaiveDate>,
}

/// Where a posting's tags are: most postings have none, so they are kept out of [`Posting`]
/// in [`Journal::notes`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Notes {
    /// Range in [`Journal::tags`].
    pub tags: Range<u32>,
}

/// How a posting's amount came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AmountOrigin {
    /// Written in the journal.
    #[default]
    Written,
    /// Left out and inferred so that the transaction balances.
    Elided,
    /// Computed from a balance assignment (`= AMT` without an amount).
    Assigned,
    /// In an automated rule, `*FACTOR`: the amount is the factor (commodity optional) that
    /// multiplies the matched posting's amount.
    Multiplier,
}

/// One posting of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    /// The posting's line (without its comment lines).
    pub span: Span,
    /// The account.
    pub account: AccountId,
    /// Real, virtual or balanced virtual.
    pub kind: PostingKind,
    /// The posting's own status mark (transactions' status applies when unmarked).
    pub status: Status,
    /// The amount: written, or inferred (see `origin`).
    pub amount: Amount,
    /// Whether the amount was written, elided or assigned.
    pub origin: AmountOrigin,
    /// Row of [`Journal::extras`], when the posting has a cost, lot, assertion or date.
    pub extra: Option<RowId>,
    /// Row of [`Journal::notes`], when the posting's comments hold tags: read them with
    /// [`Journal::posting_tags`] (the comments themselves: [`Journal::posting_comments`]).
    pub notes: Option<RowId>,
}

/// A dated transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// The whole entry: header and postings.
    pub span: Span,
    /// Primary date.
    pub date: NaiveDate,
    /// Secondary date (`=DATE`).
    pub date2: Option<NaiveDate>,
    /// Status mark.
    pub status: Status,
    /// Where the code is in the entry's source ([`NO_CODE`] without one): see
    /// [`Transaction::code`]. Kept without the source, which is the entry's, so that a
    /// transaction takes 56 bytes, not 68.
    pub(crate) code_at: (u32, u32),
    /// Where the description is in the entry's source: see [`Transaction::description`].
    pub(crate) description_at: (u32, u32),
    /// Range in [`Journal::postings`].
    pub postings: Range<u32>,
    /// Range in [`Journal::tags`] (the comments they are read from:
    /// [`Journal::transaction_comments`]).
    pub tags: Range<u32>,
}

/// [`Transaction::code_at`] of a transaction without a code.
pub(crate) const NO_CODE: (u32, u32) = (u32::MAX, u32::MAX);

impl Transaction {
    /// The code in parentheses, without them.
    pub fn code(&self) -> Option<Span> {
        (self.code_at != NO_CODE).then(|| self.at(self.code_at))
    }

    /// The description (payee and note).
    pub fn description(&self) -> Span {
        self.at(self.description_at)
    }

    /// Its first line, from the date to the end of the description (where messages about the
    /// whole transaction point).
    pub fn header(&self) -> Span {
        Span {
            end: self.description_at.1.max(self.span.start),
            ..self.span
        }
    }

    /// The span of `start..end` in the entry's source.
    fn at(&self, (start, end): (u32, u32)) -> Span {
        Span {
            start,
            end,
            ..self.span
        }
    }
}

/// A periodic (`~ PERIOD`) or automated (`= QUERY`) transaction rule, kept but not posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The period expression or query after `~` / `=`.
    pub expr: Span,
    /// The rule's postings and comments, in transaction form (its date is unused).
    pub txn: Transaction,
}

/// Classification of an account from its `type:` tag (`A L E R X C V`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccountType {
    /// `A` asset
    Asset,
    /// `L` liability
    Liability,
    /// `E` equity
    Equity,
    /// `R` revenue
    Revenue,
    /// `X` expense
    Expense,
    /// `C` cash
    Cash,
    /// `V` conversion
    Conversion,
}

/// What the journal says about one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountInfo {
    /// Index in [`Journal::account_decls`] of its first `account` directive.
    pub declared: Option<u32>,
    /// Its `type:`, if declared.
    pub account_type: Option<AccountType>,
}

/// An `account` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDecl {
    /// The declared account.
    pub account: AccountId,
    /// The directive (with its indented lines).
    pub span: Span,
    /// Range in [`Journal::tags`] (the comments: [`Journal::declaration_comments`]).
    pub tags: Range<u32>,
}

/// What the journal says about one commodity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommodityInfo {
    /// The `commodity` directive declaring it, if any.
    pub declared: Option<Span>,
    /// Style from a `commodity` directive or its `format` sub-directive.
    pub declared_style: Option<AmountStyle>,
    /// Decimal mark written in the declaring sample amount (`commodity 100. EUR` declares `.`),
    /// used to read ambiguous numbers like `1,000` of this commodity.
    pub declared_mark: Option<char>,
    /// Style inferred from the amounts written in the journal.
    pub inferred_style: Option<AmountStyle>,
    /// The most decimal places any amount of this commodity is written with in the journal
    /// (postings, costs, assertions, prices, `commodity`/`format`/`D` samples): the precision
    /// of AR report amounts.
    pub decimals_seen: u32,
    /// Whether an amount with a decimal mark has been seen (it fixes the inferred mark).
    pub mark_seen: bool,
}

impl CommodityInfo {
    /// The style amounts of this commodity are shown with.
    pub fn style(&self) -> AmountStyle {
        self.declared_style
            .or(self.inferred_style)
            .unwrap_or_default()
    }
}

/// A `P DATE COMMODITY AMOUNT` market price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    /// Where it is written.
    pub span: Span,
    /// Its date.
    pub date: NaiveDate,
    /// The commodity priced.
    pub commodity: CommodityId,
    /// Its price.
    pub price: Amount,
}

/// Other directives, kept for `print`-like uses and `--strict` checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Directive {
    /// `payee NAME`
    Payee(Span),
    /// `tag NAME`
    Tag(TagId),
    /// `D AMOUNT`: default commodity for amounts without one.
    DefaultCommodity(CommodityId),
    /// `include PATH`: the path as written.
    Include(Span),
    /// Anything else kept verbatim (`N`, `C`, `alias`, `apply account`, `year`, …).
    Other(Span),
}

/// A loaded journal: sources plus the model read from them.
#[derive(Debug, Default)]
pub struct Journal {
    /// Every file read, in load order.
    pub sources: SourceMap,
    /// Account names.
    pub accounts: Interner<AccountId>,
    /// Per-account facts, indexed by [`AccountId`].
    pub account_info: Vec<AccountInfo>,
    /// `account` directives in file order.
    pub account_decls: Vec<AccountDecl>,
    /// Commodity symbols.
    pub commodities: Interner<CommodityId>,
    /// Per-commodity facts, indexed by [`CommodityId`].
    pub commodity_info: Vec<CommodityInfo>,
    /// Tag names.
    pub tag_names: Interner<TagId>,
    /// Transactions in file order (includes expanded in place).
    pub transactions: Vec<Transaction>,
    /// All postings; each transaction owns a contiguous range.
    pub postings: Vec<Posting>,
    /// Costs, lots, assertions and posting dates.
    pub extras: Vec<PostingExtra>,
    /// The tag ranges of the postings whose comments hold tags.
    pub notes: Vec<Notes>,
    /// All tags of transactions, postings and directives.
    pub tags: Vec<Tag>,
    /// `P` directives.
    pub prices: Vec<Price>,
    /// `~` periodic transaction rules.
    pub periodic: Vec<Rule>,
    /// `=` automated transaction rules.
    pub automated: Vec<Rule>,
    /// Other directives, in file order.
    pub directives: Vec<(Span, Directive)>,
}

impl Journal {
    /// The source text under a span.
    pub fn text(&self, span: Span) -> &str {
        self.sources.text(span)
    }

    /// The name of an account.
    pub fn account_name(&self, id: AccountId) -> &str {
        self.accounts.name(id)
    }

    /// The symbol of a commodity (unquoted; empty for amounts without one).
    pub fn commodity_name(&self, id: CommodityId) -> &str {
        self.commodities.name(id)
    }

    /// The display style of a commodity.
    pub fn style(&self, id: CommodityId) -> AmountStyle {
        self.commodity_info[id.index()].style()
    }

    /// The payees declared with `payee` directives, in file order.
    pub fn declared_payees(&self) -> impl Iterator<Item = &str> {
        self.directives.iter().filter_map(|(_, d)| match d {
            Directive::Payee(span) => Some(self.text(*span).trim()),
            _ => None,
        })
    }

    /// The postings of a transaction.
    pub fn postings_of(&self, txn: &Transaction) -> &[Posting] {
        &self.postings[txn.postings.start as usize..txn.postings.end as usize]
    }

    /// The tags of a transaction or posting (given its tag range).
    pub fn tags_in(&self, range: &Range<u32>) -> &[Tag] {
        &self.tags[range.start as usize..range.end as usize]
    }

    /// The extra data of a posting (cost, lot, assertion, date), if any.
    pub fn extra(&self, posting: &Posting) -> Option<&PostingExtra> {
        posting.extra.map(|i| &self.extras[i.index()])
    }

    /// The range in [`Journal::tags`] of a posting's tags (empty when it has none), for
    /// [`Journal::tags_in`] and [`Journal::tag_value`].
    pub fn posting_tags(&self, posting: &Posting) -> Range<u32> {
        posting
            .notes
            .map_or(0..0, |n| self.notes[n.index()].tags.clone())
    }

    /// The date a posting takes effect: its own date if it has one, else its transaction's.
    pub fn posting_date(&self, txn: &Transaction, posting: &Posting) -> NaiveDate {
        self.extra(posting).and_then(|e| e.date).unwrap_or(txn.date)
    }

    /// The value of the first tag named `name` in `range`, if present.
    pub fn tag_value(&self, range: &Range<u32>, name: &str) -> Option<&str> {
        let id = self.tag_names.get(name)?;
        self.tags_in(range)
            .iter()
            .find(|t| t.name == id)
            .map(|t| self.text(t.value))
    }

    /// A span without the white space at its ends (e.g. a posting line without its indent).
    pub fn trim_span(&self, span: Span) -> Span {
        let text = self.text(span);
        let start = span.start + (text.len() - text.trim_start().len()) as u32;
        Span {
            start,
            end: start + text.trim().len() as u32,
            ..span
        }
    }

    /// Where a posting's amount is written (with its cost or assertion); the account name's
    /// span when the amount was elided or assigned. Computed from the line, for messages.
    pub fn amount_span(&self, posting: &Posting) -> Span {
        let account = self.account_span(posting);
        if matches!(
            posting.origin,
            AmountOrigin::Elided | AmountOrigin::Assigned
        ) {
            return account;
        }
        let line = self.text(posting.span);
        let after = (account.end - posting.span.start) as usize;
        let rest = &line[after..];
        let start = after + (rest.len() - rest.trim_start_matches([' ', '\t', ')', ']']).len());
        let end = line[start..].find(';').map_or(line.len(), |i| start + i);
        let end = start + line[start..end].trim_end().len();
        Span {
            start: posting.span.start + start as u32,
            end: posting.span.start + end as u32,
            ..posting.span
        }
    }

    /// Where a posting's account name is written (for messages; computed from the line).
    pub fn account_span(&self, posting: &Posting) -> Span {
        let line = self.text(posting.span);
        let b = line.as_bytes();
        let mut i = b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
        if matches!(b.get(i), Some(b'*' | b'!')) {
            i += 1;
            i += b[i..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        }
        if matches!(b.get(i), Some(b'(' | b'[')) {
            i += 1;
        }
        let mut end = i;
        while end < b.len() && b[end] != b'\t' && !(b[end] == b' ' && b.get(end + 1) == Some(&b' '))
        {
            end += 1;
        }
        while end > i && matches!(b[end - 1], b')' | b']' | b' ') {
            end -= 1;
        }
        Span {
            start: posting.span.start + i as u32,
            end: posting.span.start + end as u32,
            ..posting.span
        }
    }

    /// The effective status of a posting (its own mark, else its transaction's).
    pub fn posting_status(&self, txn: &Transaction, posting: &Posting) -> Status {
        if posting.status == Status::Unmarked {
            txn.status
        } else {
            posting.status
        }
    }
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use super::*;

    /// The model's sizes set the memory a large journal takes (a million-transaction book has
    /// about 2.5 million postings): growing them must be a decision, not an accident. Rare
    /// posting data (costs, lots, assertions, dates and tags) lives in side tables; comments are
    /// not stored.
    #[test]
    fn model_items_stay_small() {
        assert_eq!(size_of::<Span>(), 12);
        assert_eq!(size_of::<Option<RowId>>(), 4);
        assert!(size_of::<Posting>() <= 48, "{}", size_of::<Posting>());
        assert!(
            size_of::<Transaction>() <= 56,
            "{}",
            size_of::<Transaction>()
        );
        assert!(size_of::<Tag>() <= 16);
        assert!(size_of::<Notes>() <= 8);
    }
}
