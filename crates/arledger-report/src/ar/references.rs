//! Every customer's items by reference (D3), for building the open items.
//!
//! The index is built for books of millions of postings, where a lookup in per-customer maps
//! of borrowed strings was a cache miss or two (into the map, then into the text where the item
//! was created): one hash table of 4-byte item numbers, whose keys (customer and reference
//! packed into an integer) sit in creation order beside the items.
//!
//! Most books number their invoices in sequence (`INV-000123`), and a payment mostly names an
//! invoice of the last few months. A reference that is a number of a series is therefore
//! found by one read of an array indexed by the number ([`Series`]), where the items around it
//! were looked up lately, instead of a hash lookup that lands anywhere in a table of every
//! item. The hash table keeps the rest: other references, and numbers that another customer's
//! item holds already (each customer numbering from 1).

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
fn numbered(r: &str) -> Option<((&str, u8), usize)> {
    let digits = r.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let (prefix, number) = r.split_at(r.len() - digits);
    Some(((prefix, digits as u8), number.parse().ok()?))
}

/// Items whose references are numbers of a series, by number.
struct Series<'j> {
    /// Per series: its index in `slots`.
    index: FxHashMap<(&'j str, u8), usize>,
    /// Per series, per number: the item's customer plus one (0 for a free slot) and the item.
    slots: Vec<Vec<(u32, u32)>>,
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

impl<'j> Series<'j> {
    fn find(&self, c: usize, r: &str) -> Found {
        let Some((series, number)) = numbered(r) else {
            return Found::Elsewhere;
        };
        // A series never seen has no items anywhere: every insert of a number makes its series.
        let Some(&s) = self.index.get(&series) else {
            return Found::Nowhere;
        };
        match self.slots[s].get(number) {
            Some(&(0, _)) => Found::Nowhere,
            Some(&(owner, i)) if owner as usize == c + 1 => Found::Item(i as usize),
            _ => Found::Elsewhere,
        }
    }

    /// Gives item `i` of customer `c` the slot of its number; `false` when the reference is
    /// not a number, or its slot is taken or past the budget (the hash table takes it then).
    /// A slot refused for the budget is never made later (the budget only shrinks), so a free
    /// slot always means that no item has its number.
    fn insert(&mut self, c: usize, r: &'j str, i: usize) -> bool {
        let Some((series, number)) = numbered(r) else {
            return false;
        };
        let next = self.slots.len();
        let s = *self.index.entry(series).or_insert(next);
        if s == next {
            self.slots.push(Vec::new());
        }
        let slots = &mut self.slots[s];
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
                *slot = (c as u32 + 1, i as u32);
                true
            }
            _ => false,
        }
    }
}

/// Items by customer and reference, and each customer's items in creation order.
pub(super) struct References<'j> {
    /// Items whose references are numbers of a series.
    series: Series<'j>,
    /// Other items with short references: packed key and item number, hashed by the key.
    table: HashTable<(u128, u32)>,
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
                index: FxHashMap::default(),
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

    /// The item of customer `c` named `r`, if any.
    pub(super) fn find(&self, c: usize, r: &str) -> Option<usize> {
        let found = match self.series.find(c, r) {
            Found::Item(i) => return Some(i),
            Found::Nowhere => None,
            Found::Elsewhere => self.find_elsewhere(c, r),
        };
        // `FILE:LINE` names are rare: skip their map when it is empty.
        found.or_else(|| {
            let lines = &self.file_lines[c];
            (!lines.is_empty()).then(|| lines.get(r).copied()).flatten()
        })
    }

    /// The item of customer `c` named `r` in the hash table or among the long references.
    fn find_elsewhere(&self, c: usize, r: &str) -> Option<usize> {
        match packed(c, r) {
            Some(key) => self
                .table
                .find(self.hasher.hash_one(key), |&(k, _)| k == key)
                .map(|&(_, i)| i as usize),
            None => self.long.get(&(c as u32, r)).copied(),
        }
    }

    /// Names item `i` (the newest) of customer `c` by the reference `r`, borrowed from the text.
    pub(super) fn insert(&mut self, c: usize, r: &'j str, i: usize) {
        self.by_customer[c].push(i as u32);
        if self.series.insert(c, r, i) {
            return;
        }
        match packed(c, r) {
            Some(key) => {
                let hasher = &self.hasher;
                self.table
                    .insert_unique(hasher.hash_one(key), (key, i as u32), |&(k, _)| {
                        hasher.hash_one(k)
                    });
            }
            None => {
                self.long.insert((c as u32, r), i);
            }
        }
    }

    /// Names item `i` (the newest) of customer `c` by its `FILE:LINE`.
    pub(super) fn insert_file_line(&mut self, c: usize, r: String, i: usize) {
        self.by_customer[c].push(i as u32);
        self.file_lines[c].insert(r, i);
    }

    /// The items of customer `c`, in creation order.
    pub(super) fn of_customer(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.by_customer[c].iter().map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_items_by_customer_and_reference_short_or_long() {
        let long = "INV-2026-000001";
        let mut r = References::new(2, 4);
        r.insert(0, "INV-1", 0);
        r.insert(1, "INV-1", 1);
        r.insert(0, long, 2);
        r.insert_file_line(1, "x.journal:7".to_string(), 3);
        assert_eq!(r.find(0, "INV-1"), Some(0));
        assert_eq!(r.find(1, "INV-1"), Some(1));
        assert_eq!(r.find(0, long), Some(2));
        assert_eq!(r.find(1, long), None);
        assert_eq!(r.find(1, "x.journal:7"), Some(3));
        assert_eq!(r.find(0, "x.journal:7"), None);
        // A trailing NUL is another reference.
        assert_eq!(r.find(0, "INV-1\0"), None);
        assert_eq!(r.of_customer(0).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(r.of_customer(1).collect::<Vec<_>>(), [1, 3]);
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
        let mut r = References::new(2, 0);
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
            let mut r = References::new(3, 0);
            let mut model: FxHashMap<(usize, &str), usize> = FxHashMap::default();
            for (c, text, file_line) in &texts {
                if model.contains_key(&(*c, text.as_str())) {
                    continue;
                }
                let i = model.len();
                model.insert((*c, text), i);
                match file_line {
                    true => r.insert_file_line(*c, text.clone(), i),
                    false => r.insert(*c, text, i),
                }
            }
            for (c, text) in texts.iter().map(|(c, t, _)| (*c, t)).chain(probes.iter().map(|(c, t)| (*c, t))) {
                proptest::prop_assert_eq!(r.find(c, text), model.get(&(c, text.as_str())).copied());
            }
        }
    }
}
