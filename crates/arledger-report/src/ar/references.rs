//! Every customer's items by reference (D3), for building the open items.
//!
//! The index is built for books of millions of postings, where a lookup in per-customer maps
//! of borrowed strings was a cache miss or two (into the map, then into the text where the item
//! was created): one hash table of 4-byte item numbers, whose keys (customer and reference
//! packed into an integer) sit in creation order beside the items.
//!
//! Most books number their invoices in sequence (`INV-000123`), and a payment mostly names an
//! invoice of the last few months. A reference that is a number of a series is therefore
//! found by one read of an array indexed by the number, where the items around it were looked
//! up lately, instead of a hash lookup that lands anywhere in a table of every item. The hash
//! table keeps the rest: other references, and numbers that another customer's item holds
//! already (each customer numbering from 1).
//!
//! A reference is read into a [`Key`] (its series and number, its packed form) by [`Keys`]
//! before it is looked up: the item pass reads the keys of the postings ahead of it, on
//! another thread in large books, and the index itself reads no text.

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// A customer's reference of up to 11 bytes (most invoice and payment numbers), packed with
/// the customer's number into one integer: comparing two is one instruction.
fn packed(c: usize, r: &str) -> Option<u128> {
    let b = r.as_bytes();
    if b.len() > 11 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..4].copy_from_slice(&(c as u32).to_le_bytes());
    key[4..4 + b.len()].copy_from_slice(b);
    // The length in the last byte keeps `A` and `A\0` apart.
    key[15] = b.len() as u8;
    Some(u128::from_le_bytes(key))
}

/// A reference's series and number: `INV-000123` is number 123 of the series of `INV-` and
/// six digits (so `INV-123` is another). References ending in one to nine digits have one.
fn numbered(r: &str) -> Option<((&str, u8), u32)> {
    let digits = r.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let (prefix, number) = r.split_at(r.len() - digits);
    Some(((prefix, digits as u8), number.parse().ok()?))
}

/// How an item is named: by text written in the journal, or by the `FILE:LINE` of its
/// creating posting (D6, D8), which exists only as a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Name<'j> {
    /// An `invoice:` tag value or a transaction code.
    Written(&'j str),
    /// `FILE:LINE`.
    FileLine(String),
}

impl Name<'_> {
    /// The name's text.
    pub(super) fn as_str(&self) -> &str {
        match self {
            Name::Written(s) => s,
            Name::FileLine(s) => s,
        }
    }
}

/// A customer's reference, read for the index: its text, its series and number, its packed
/// form.
#[derive(Clone, Debug)]
pub(super) struct Key<'j> {
    /// The customer.
    customer: usize,
    /// The reference.
    pub(super) name: Name<'j>,
    /// Its series (as numbered by [`Keys`]) and number, when it ends in digits.
    numbered: Option<(u32, u32)>,
    /// The customer and reference in one integer, when the reference is short.
    packed: Option<[u64; 2]>,
}

/// Reads references into [`Key`]s, numbering the series of numbered references as it meets
/// them. One `Keys` reads every key an index is asked with.
#[derive(Default)]
pub(super) struct Keys {
    /// Each series (prefix and digit count) met after the first few, and its number.
    series: HashTable<(Box<str>, u8, u32)>,
    /// The first few series met, looked through before the table: a book has a handful of
    /// series (invoices, payments, credit memos), and comparing a few short prefixes costs
    /// less than hashing one.
    first: Vec<(Box<str>, u8, u32)>,
    hasher: FxBuildHasher,
}

/// How many series [`Keys`] finds without hashing.
const FIRST_SERIES: usize = 8;

impl Keys {
    /// The key of reference `name` of customer `c`.
    pub(super) fn key<'j>(&mut self, c: usize, name: Name<'j>) -> Key<'j> {
        let r = name.as_str();
        let numbered = numbered(r).map(|((prefix, digits), number)| {
            if let Some(&(_, _, id)) = self
                .first
                .iter()
                .find(|(p, d, _)| *d == digits && &**p == prefix)
            {
                return (id, number);
            }
            let hasher = &self.hasher;
            let hash = hasher.hash_one((prefix, digits));
            let next = (self.first.len() + self.series.len()) as u32;
            let entry = self.series.entry(
                hash,
                |(p, d, _)| &**p == prefix && *d == digits,
                |(p, d, _)| hasher.hash_one((&**p, *d)),
            );
            let id = match entry {
                Entry::Occupied(e) => e.get().2,
                // The first few series go to the list, the others to the table.
                Entry::Vacant(_) if self.first.len() < FIRST_SERIES => {
                    self.first.push((prefix.into(), digits, next));
                    next
                }
                Entry::Vacant(v) => {
                    v.insert((prefix.into(), digits, next));
                    next
                }
            };
            (id, number)
        });
        let packed = packed(c, r).map(|k| [k as u64, (k >> 64) as u64]);
        Key {
            customer: c,
            name,
            numbered,
            packed,
        }
    }
}

/// Items whose references are numbers of a series, by number.
struct Series {
    /// Per series (by its number in [`Keys`]), once an item's reference is in it: per number,
    /// the item's customer plus one (0 for a free slot) and the item.
    slots: Vec<Option<Vec<(u32, u32)>>>,
    /// How many more slots may be made: numbers far above the count of items (a series
    /// starting at 2026000001) stay in the hash table rather than take memory for the gap.
    budget: usize,
}

/// What [`Series::find`] knows of a reference.
enum Found {
    /// This item has it.
    Item(usize),
    /// No item of any customer has it.
    Nowhere,
    /// The hash table may have it (it is not a number, or its number is another customer's,
    /// or past the slots made).
    Elsewhere,
}

impl Series {
    fn find(&self, key: &Key) -> Found {
        let Some((series, number)) = key.numbered else {
            return Found::Elsewhere;
        };
        // A series no item is in has no items anywhere: every insert of a number makes its
        // series.
        let Some(Some(slots)) = self.slots.get(series as usize) else {
            return Found::Nowhere;
        };
        match slots.get(number as usize) {
            Some(&(0, _)) => Found::Nowhere,
            Some(&(owner, i)) if owner as usize == key.customer + 1 => Found::Item(i as usize),
            _ => Found::Elsewhere,
        }
    }

    /// Gives item `i` the slot of its key's number; `false` when the reference is not a
    /// number, or its slot is taken or past the budget (the hash table takes it then). A slot
    /// refused for the budget is never made later (the budget only shrinks), so a free slot
    /// always means that no item has its number.
    fn insert(&mut self, key: &Key, i: usize) -> bool {
        let Some((series, number)) = key.numbered else {
            return false;
        };
        let (series, number) = (series as usize, number as usize);
        if self.slots.len() <= series {
            self.slots.resize(series + 1, None);
        }
        let slots = self.slots[series].get_or_insert_with(Vec::new);
        if number >= slots.len() {
            let more = number + 1 - slots.len();
            if more > self.budget {
                return false;
            }
            self.budget -= more;
            slots.resize(number + 1, (0, 0));
        }
        match &mut slots[number] {
            slot @ (0, _) => {
                *slot = (key.customer as u32 + 1, i as u32);
                true
            }
            _ => false,
        }
    }
}

/// Items by customer and reference, and each customer's items in creation order.
pub(super) struct References<'j> {
    /// Items whose references are numbers of a series.
    series: Series,
    /// Other items with short references: packed key and item number, hashed by the key.
    table: HashTable<([u64; 2], u32)>,
    /// Items with longer references, borrowed from the text (rare).
    long: FxHashMap<(u32, &'j str), usize>,
    /// Per customer: items named `FILE:LINE` (they exist only as strings; rare).
    file_lines: Vec<FxHashMap<String, usize>>,
    /// Per customer: its items, in creation order.
    by_customer: Vec<Vec<u32>>,
    hasher: FxBuildHasher,
}

impl<'j> References<'j> {
    /// An empty index for `customers` customers and at most `items` items (which bounds the
    /// slots made for numbered references).
    pub(super) fn new(customers: usize, items: usize) -> References<'j> {
        References {
            series: Series {
                slots: Vec::new(),
                budget: items + (1 << 16),
            },
            table: HashTable::new(),
            long: FxHashMap::default(),
            file_lines: vec![FxHashMap::default(); customers],
            by_customer: vec![Vec::new(); customers],
            hasher: FxBuildHasher,
        }
    }

    /// The item named by `key` (a reference of its customer), if any.
    pub(super) fn find(&self, key: &Key) -> Option<usize> {
        let found = match self.series.find(key) {
            Found::Item(i) => return Some(i),
            Found::Nowhere => None,
            Found::Elsewhere => self.find_elsewhere(key),
        };
        // `FILE:LINE` names are rare: skip their map when it is empty.
        found.or_else(|| {
            let lines = &self.file_lines[key.customer];
            (!lines.is_empty())
                .then(|| lines.get(key.name.as_str()).copied())
                .flatten()
        })
    }

    /// The item named by `key` in the hash table or among the long references.
    fn find_elsewhere(&self, key: &Key) -> Option<usize> {
        match key.packed {
            Some(k) => self
                .table
                .find(self.hasher.hash_one(k), |&(t, _)| t == k)
                .map(|&(_, i)| i as usize),
            None => self
                .long
                .get(&(key.customer as u32, key.name.as_str()))
                .copied(),
        }
    }

    /// Names item `i` (the newest) of the key's customer by the key's reference.
    pub(super) fn insert(&mut self, key: Key<'j>, i: usize) {
        let c = key.customer;
        self.by_customer[c].push(i as u32);
        let text = match key.name {
            Name::FileLine(line) => {
                self.file_lines[c].insert(line, i);
                return;
            }
            Name::Written(text) => text,
        };
        if self.series.insert(&key, i) {
            return;
        }
        match key.packed {
            Some(k) => {
                let hasher = &self.hasher;
                self.table
                    .insert_unique(hasher.hash_one(k), (k, i as u32), |&(t, _)| {
                        hasher.hash_one(t)
                    });
            }
            None => {
                self.long.insert((c as u32, text), i);
            }
        }
    }

    /// The items of customer `c`, in creation order.
    pub(super) fn of_customer(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.by_customer[c].iter().map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index and the keys it is asked with, used as the item pass uses them.
    struct Index<'j> {
        refs: Option<References<'j>>,
        keys: Keys,
    }

    impl<'j> Index<'j> {
        fn new(customers: usize, items: usize) -> Index<'j> {
            Index {
                refs: Some(References::new(customers, items)),
                keys: Keys::default(),
            }
        }

        fn insert(&mut self, c: usize, r: &'j str, i: usize) {
            let key = self.keys.key(c, Name::Written(r));
            self.refs.as_mut().unwrap().insert(key, i);
        }

        fn insert_file_line(&mut self, c: usize, r: &str, i: usize) {
            let key = self.keys.key(c, Name::FileLine(r.to_string()));
            self.refs.as_mut().unwrap().insert(key, i);
        }

        fn find(&mut self, c: usize, r: &str) -> Option<usize> {
            let key = self.keys.key(c, Name::Written(r));
            self.refs.as_ref().unwrap().find(&key)
        }

        fn of_customer(&self, c: usize) -> Vec<usize> {
            self.refs.as_ref().unwrap().of_customer(c).collect()
        }
    }

    #[test]
    fn finds_items_by_customer_and_reference_short_or_long() {
        let long = "INV-2026-000001";
        let mut r = Index::new(2, 4);
        r.insert(0, "INV-1", 0);
        r.insert(1, "INV-1", 1);
        r.insert(0, long, 2);
        r.insert_file_line(1, "x.journal:7", 3);
        assert_eq!(r.find(0, "INV-1"), Some(0));
        assert_eq!(r.find(1, "INV-1"), Some(1));
        assert_eq!(r.find(0, long), Some(2));
        assert_eq!(r.find(1, long), None);
        assert_eq!(r.find(1, "x.journal:7"), Some(3));
        assert_eq!(r.find(0, "x.journal:7"), None);
        // A trailing NUL is another reference.
        assert_eq!(r.find(0, "INV-1\0"), None);
        assert_eq!(r.of_customer(0), [0, 2]);
        assert_eq!(r.of_customer(1), [1, 3]);
    }

    #[test]
    fn a_reference_ending_in_digits_is_a_number_of_its_series() {
        assert_eq!(numbered("INV-000123"), Some((("INV-", 6), 123)));
        assert_eq!(numbered("INV-123"), Some((("INV-", 3), 123)));
        assert_eq!(numbered("2026"), Some((("", 4), 2026)));
        assert_eq!(numbered("A1B22"), Some((("A1B", 2), 22)));
        assert_eq!(numbered("INV-"), None);
        assert_eq!(numbered("INV-1234567890"), None);
    }

    #[test]
    fn numbers_of_a_series_are_per_customer_and_far_ones_go_to_the_table() {
        let mut r = Index::new(2, 0);
        r.insert(0, "INV-7", 0);
        // Each customer numbering from 1: the second `INV-7` is in the hash table.
        r.insert(1, "INV-7", 1);
        // Far past the budget of slots (one per item plus 65,536).
        r.insert(0, "INV-900000000", 2);
        r.insert(1, "INV-8", 3);
        assert_eq!(r.find(0, "INV-7"), Some(0));
        assert_eq!(r.find(1, "INV-7"), Some(1));
        assert_eq!(r.find(0, "INV-900000000"), Some(2));
        assert_eq!(r.find(1, "INV-900000000"), None);
        assert_eq!(r.find(1, "INV-8"), Some(3));
        assert_eq!(r.find(0, "INV-8"), None);
        assert_eq!(r.find(0, "INV-07"), None);
        assert_eq!(r.find(0, "PMT-7"), None);
    }

    fn reference() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let number = prop_oneof![0usize..12, 65_530usize..65_540, Just(999_999_999)];
        let numbered = (
            prop::sample::select(vec!["INV-", "", "PMT-"]),
            number,
            1usize..=9,
        )
            .prop_map(|(p, n, width)| format!("{p}{n:0width$}"));
        prop_oneof![
            numbered,
            prop::sample::select(vec!["INV-", "X", "a-long-reference-1", "x.journal:7"])
                .prop_map(str::to_string),
        ]
    }

    proptest::proptest! {
        /// Whatever the references, the index finds what a map of every customer's references
        /// finds (the item pass inserts a reference only when it finds none).
        #[test]
        fn finds_what_a_plain_map_finds(
            ops in proptest::collection::vec((0usize..3, reference(), proptest::bool::ANY), 1..60),
            probes in proptest::collection::vec((0usize..3, reference()), 1..30),
        ) {
            let texts: Vec<(usize, String, bool)> = ops;
            let mut r = Index::new(3, 0);
            let mut model: FxHashMap<(usize, &str), usize> = FxHashMap::default();
            for (c, text, file_line) in &texts {
                if model.contains_key(&(*c, text.as_str())) {
                    continue;
                }
                let i = model.len();
                model.insert((*c, text), i);
                match file_line {
                    true => r.insert_file_line(*c, text, i),
                    false => r.insert(*c, text, i),
                }
            }
            for (c, text) in texts.iter().map(|(c, t, _)| (*c, t)).chain(probes.iter().map(|(c, t)| (*c, t))) {
                proptest::prop_assert_eq!(r.find(c, text), model.get(&(c, text.as_str())).copied());
            }
        }
    }
}
