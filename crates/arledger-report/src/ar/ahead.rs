//! What the AR item pass needs to know of each customer posting that does not depend on the
//! items built so far, read ahead of the pass: the posting's reference, the key it is looked
//! up by, the due date written on it, the classification of its transaction.
//!
//! Reading a reference means reading its text, far behind where the parser left it in a large
//! book: a cache miss per posting, then digits to read and a series to find. In books of more
//! than [`AHEAD_ON_A_THREAD`] postings this reading runs on a thread of its own, a block of
//! postings ahead of the pass, which then only builds the items (the other core is otherwise
//! idle while the items are built). Smaller books read each posting's facts as the pass reaches
//! it: a thread costs more to start and to hand blocks to than a few thousand postings take to
//! read. Either way the pass gets the same facts in the same order.

use std::sync::mpsc::sync_channel;

use arledger_journal::{Journal, Posting, Span, Tag, TagId, Transaction};
use chrono::NaiveDate;

use super::customers::Customers;
use super::items::{
    classify, file_line, item_name, own_tag, reference, written_due, MovementKind, Reference, Role,
};
use super::references::{Key, Keys, Name};

/// Books with more postings than this read ahead on a thread of their own. The 100k book
/// (255,000 postings) gained from it once the FIFO queues had made the pass itself cheaper
/// (`check` 0.108 -> 0.101 s, `aging` 0.103 -> 0.090 s, medians of 30 alternating runs);
/// until then the hand-off had cost about what reading ahead saved.
const AHEAD_ON_A_THREAD: usize = 100_000;

/// How the facts are read.
#[derive(Clone, Copy, Debug)]
pub(super) enum Reading {
    /// As the pass asks for them, a transaction at a time.
    InOrder,
    /// On a thread of their own, handed to the pass `block` postings at a time.
    Thread {
        /// Postings per block.
        block: usize,
    },
}

impl Reading {
    /// How the facts of `j` are best read: on a thread in large books when there is a second
    /// core for it.
    pub(super) fn for_book(j: &Journal) -> Reading {
        if j.postings.len() > AHEAD_ON_A_THREAD && rayon::current_num_threads() > 1 {
            Reading::Thread { block: 1024 }
        } else {
            Reading::InOrder
        }
    }
}

/// What the item pass needs of one customer posting with a non-zero amount, read ahead.
pub(super) struct Ahead<'j> {
    /// The posting's reference (D3).
    pub reference: Option<Span>,
    /// The key of the name the posting looks up, or gives the item it creates: its reference;
    /// without one, its `FILE:LINE` when positive, else (the name of an unapplied remainder)
    /// its transaction's code, or its `FILE:LINE` without a code.
    pub key: Key<'j>,
    /// For a positive posting, the due date written on it, if any ([`written_due`]): an
    /// invoice's `due:` tag sits beside its reference, and reading it here spares the pass a
    /// cache miss on the text of every invoice.
    pub due: Option<Result<NaiveDate, Span>>,
    /// For a posting that returns a payment (§7.10): its `returned:` tag, and the key of the
    /// item it names with an `invoice:` tag of its own (rare: kept out of line).
    pub returns: Option<Box<Returns<'j>>>,
    /// For a negative posting: how the other postings of its transaction classify it (§2).
    /// A positive one needs it only when it raises an item, which the pass alone knows.
    pub class: Option<MovementKind>,
}

/// A posting that returns a payment (§7.10): every positive posting of the return but its fee.
pub(super) struct Returns<'j> {
    /// Its `returned: PAYMENT` tag (its own, else its transaction's).
    pub tag: Tag,
    /// The key of the item it names, when it names one.
    pub only: Option<Key<'j>>,
}

/// The tags the facts are read from.
#[derive(Clone, Copy)]
pub(super) struct AheadTags {
    pub invoice: Option<TagId>,
    pub returned: Option<TagId>,
    pub fee: Option<TagId>,
    pub credit_memo: Option<TagId>,
    pub due: Option<TagId>,
}

/// Reads the facts of every customer posting with a non-zero amount of the transactions in
/// `order`, in that order.
struct Reader<'a, 'j> {
    j: &'j Journal,
    customers: &'a Customers,
    roles: &'a [Role],
    tags: AheadTags,
    keys: Keys,
}

impl<'j> Reader<'_, 'j> {
    /// The facts of the customer postings of transaction `t`, appended to `out`.
    fn read(&mut self, t: usize, out: &mut Vec<Ahead<'j>>) {
        let j = self.j;
        let txn = &j.transactions[t];
        let mut class = None;
        for p in j.postings_of(txn) {
            let Some(c) = self.customers.of_account(p.account) else {
                continue;
            };
            if p.amount.quantity.is_zero() {
                continue;
            }
            let class = match p.amount.quantity.is_sign_negative() {
                true => Some(*class.get_or_insert_with(|| {
                    classify(
                        j,
                        txn,
                        (self.customers, self.roles),
                        self.tags.credit_memo,
                        false,
                    )
                })),
                false => None,
            };
            out.push(self.posting(c, txn, p, class));
        }
    }

    /// The facts of customer `c`'s posting `p` of `txn`.
    fn posting(
        &mut self,
        c: usize,
        txn: &Transaction,
        p: &Posting,
        class: Option<MovementKind>,
    ) -> Ahead<'j> {
        let j = self.j;
        let positive = p.amount.quantity.is_sign_positive();
        let reference = reference(j, self.tags.invoice, txn, p);
        let name = match item_name(reference, positive, txn) {
            Reference::Text(span) => Name::Written(j.text(span)),
            Reference::FileLine => Name::FileLine(file_line(j, p)),
        };
        let returns = own_tag(j, self.tags.returned, txn, p)
            .filter(|_| positive && own_tag(j, self.tags.fee, txn, p).is_none())
            .map(|&tag| {
                let only = own_tag(j, self.tags.invoice, txn, p)
                    .map(|t| self.keys.key(c, Name::Written(j.text(t.value))));
                Box::new(Returns { tag, only })
            });
        Ahead {
            reference,
            key: self.keys.key(c, name),
            due: positive
                .then(|| written_due(j, self.tags.due, txn, p))
                .flatten(),
            returns,
            class,
        }
    }
}

/// The facts read as the pass asks for them, a transaction at a time.
struct InOrder<'a, 'j, I> {
    reader: Reader<'a, 'j>,
    order: I,
    /// The facts of the last transaction read, last first.
    pending: Vec<Ahead<'j>>,
}

impl<'j, I: Iterator<Item = u32>> Iterator for InOrder<'_, 'j, I> {
    type Item = Ahead<'j>;

    fn next(&mut self) -> Option<Ahead<'j>> {
        loop {
            if let Some(a) = self.pending.pop() {
                return Some(a);
            }
            let t = self.order.next()?;
            self.reader.read(t as usize, &mut self.pending);
            self.pending.reverse();
        }
    }
}

/// Runs `pass` with the facts of the customer postings of the transactions in `order` (an
/// iterator the caller makes again to walk the same transactions), read as `reading` says.
pub(super) fn read_ahead<'j, I, R>(
    j: &'j Journal,
    (customers, roles, tags): (&Customers, &[Role], AheadTags),
    (order, reading): (I, Reading),
    pass: impl FnOnce(&mut dyn Iterator<Item = Ahead<'j>>) -> R,
) -> R
where
    I: Iterator<Item = u32> + Send,
{
    let mut reader = Reader {
        j,
        customers,
        roles,
        tags,
        keys: Keys::default(),
    };
    let block = match reading {
        Reading::InOrder => {
            return pass(&mut InOrder {
                reader,
                order,
                pending: Vec::new(),
            })
        }
        Reading::Thread { block } => block.max(1),
    };
    std::thread::scope(|s| {
        // A few blocks ahead at most: the facts of a large book would take tens of megabytes.
        let (send, receive) = sync_channel::<Vec<Ahead<'j>>>(2);
        s.spawn(move || {
            let mut facts = Vec::with_capacity(block);
            for t in order {
                reader.read(t as usize, &mut facts);
                if facts.len() >= block {
                    let full = std::mem::replace(&mut facts, Vec::with_capacity(block));
                    if send.send(full).is_err() {
                        // The pass stopped early: nothing more is wanted.
                        return;
                    }
                }
            }
            let _ = send.send(facts);
        });
        pass(&mut receive.into_iter().flatten())
    })
}
