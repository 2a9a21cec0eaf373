//! Every customer's items by reference (D3), for building the open items.
//!
//! The index is built for books of millions of postings, where a lookup in per-customer maps
//! of borrowed strings was a cache miss or two (into the map, then into the text where the item
//! was created): one hash table of 4-byte item numbers, whose keys (customer and reference
//! packed into an integer) sit in creation order beside the items.

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

/// Marks an item that is not in the table (its reference is long or a `FILE:LINE`): no packed
/// key has a length byte of 255.
const NOT_PACKED: u128 = u128::MAX;

/// Items by customer and reference, and each customer's items in creation order.
pub(super) struct References<'j> {
    /// Item numbers with short references, hashed by their packed key.
    table: HashTable<u32>,
    /// Per item number: its packed key, or [`NOT_PACKED`].
    keys: Vec<u128>,
    /// Items with longer references, borrowed from the text (rare).
    long: FxHashMap<(u32, &'j str), usize>,
    /// Per customer: items named `FILE:LINE` (they exist only as strings; rare).
    file_lines: Vec<FxHashMap<String, usize>>,
    /// Per customer: its items, in creation order.
    by_customer: Vec<Vec<u32>>,
    hasher: FxBuildHasher,
}

impl<'j> References<'j> {
    /// An empty index for `customers` customers, sized for `items` items.
    pub(super) fn new(customers: usize, items: usize) -> References<'j> {
        References {
            table: HashTable::with_capacity(items),
            keys: Vec::with_capacity(items),
            long: FxHashMap::default(),
            file_lines: vec![FxHashMap::default(); customers],
            by_customer: vec![Vec::new(); customers],
            hasher: FxBuildHasher,
        }
    }

    /// The item of customer `c` named `r`, if any.
    pub(super) fn find(&self, c: usize, r: &str) -> Option<usize> {
        let found = match packed(c, r) {
            Some(key) => self
                .table
                .find(self.hasher.hash_one(key), |&i| self.keys[i as usize] == key)
                .map(|&i| i as usize),
            None => self.long.get(&(c as u32, r)).copied(),
        };
        // `FILE:LINE` names are rare: skip their map when it is empty.
        found.or_else(|| {
            let lines = &self.file_lines[c];
            (!lines.is_empty()).then(|| lines.get(r).copied()).flatten()
        })
    }

    /// Names item `i` (the newest) of customer `c` by the reference `r`, borrowed from the text.
    pub(super) fn insert(&mut self, c: usize, r: &'j str, i: usize) {
        match packed(c, r) {
            Some(key) => {
                self.add(c, i, key);
                let (keys, hasher) = (&self.keys, &self.hasher);
                self.table
                    .insert_unique(hasher.hash_one(key), i as u32, |&k| {
                        hasher.hash_one(keys[k as usize])
                    });
            }
            None => {
                self.add(c, i, NOT_PACKED);
                self.long.insert((c as u32, r), i);
            }
        }
    }

    /// Names item `i` (the newest) of customer `c` by its `FILE:LINE`.
    pub(super) fn insert_file_line(&mut self, c: usize, r: String, i: usize) {
        self.add(c, i, NOT_PACKED);
        self.file_lines[c].insert(r, i);
    }

    fn add(&mut self, c: usize, i: usize, key: u128) {
        if self.keys.len() <= i {
            self.keys.resize(i + 1, NOT_PACKED);
        }
        self.keys[i] = key;
        self.by_customer[c].push(i as u32);
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
}
