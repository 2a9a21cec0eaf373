//! Interning of names (accounts, commodities, tags): each distinct name is stored once and
//! referred to by a small typed id.

use std::marker::PhantomData;

use rustc_hash::FxHashMap;

/// A set of names, each with a stable id of type `I` given in order of first insertion.
#[derive(Clone, Debug)]
pub struct Interner<I> {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    recent: Recent,
    _id: PhantomData<I>,
}

impl<I> Default for Interner<I> {
    fn default() -> Self {
        Interner {
            ids: FxHashMap::default(),
            names: Vec::new(),
            recent: Recent::default(),
            _id: PhantomData,
        }
    }
}

/// Names met lately, each in the slot its last bytes choose, with its id: a book's accounts and
/// tag names recur on every entry, and a name found in its slot is compared in place, eight
/// bytes at a time, instead of being hashed, looked up and compared with `memcmp` (interning
/// was 6–7 % of `check`'s time on the benchmark books).
#[derive(Clone)]
struct Recent(Box<[Slot; RECENT_SLOTS]>);

/// How many slots [`Recent`] has (a power of two).
const RECENT_SLOTS: usize = 256;

/// The longest name [`Recent`] keeps.
const RECENT_LEN: usize = 32;

/// One name of [`Recent`]: its bytes, its length (`u8::MAX` while the slot is empty) and id.
#[derive(Clone, Copy)]
struct Slot {
    bytes: [u8; RECENT_LEN],
    len: u8,
    id: u32,
}

impl Default for Recent {
    fn default() -> Self {
        let empty = Slot {
            bytes: [0; RECENT_LEN],
            len: u8::MAX,
            id: 0,
        };
        Recent(Box::new([empty; RECENT_SLOTS]))
    }
}

impl std::fmt::Debug for Recent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recent")
    }
}

/// Eight bytes of `b` from `at` as an integer (`at + 8 <= b.len()`).
fn word(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

impl Recent {
    /// The slot of a name: from its length and last bytes, where names of one book differ
    /// most (`Assets:Receivable:Cust0001`, `...Cust0002`).
    #[inline]
    fn slot(name: &[u8]) -> usize {
        let n = name.len();
        let tail = match n {
            8.. => word(name, n - 8),
            _ => name.iter().fold(0u64, |w, &b| w << 8 | u64::from(b)),
        };
        ((tail ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % RECENT_SLOTS
    }

    /// The id of `name` if it is in its slot.
    #[inline]
    fn find(&self, name: &[u8]) -> Option<u32> {
        let n = name.len();
        if n > RECENT_LEN {
            return None;
        }
        let s = &self.0[Recent::slot(name)];
        if usize::from(s.len) != n {
            return None;
        }
        let same_at = |at: usize| word(&s.bytes, at) == word(name, at);
        // The first and last words, and those between them for names of 17 to 32 bytes.
        let same = match n {
            0..8 => s.bytes[..n] == *name,
            _ => {
                same_at(0) && same_at(n - 8) && (n <= 16 || same_at(8)) && (n <= 24 || same_at(16))
            }
        };
        same.then_some(s.id)
    }

    /// Keeps `name` (when short enough) and its id in its slot.
    fn keep(&mut self, name: &[u8], id: u32) {
        if name.len() > RECENT_LEN {
            return;
        }
        let s = &mut self.0[Recent::slot(name)];
        s.bytes[..name.len()].copy_from_slice(name);
        s.len = name.len() as u8;
        s.id = id;
    }
}

impl<I: From<usize> + Copy + Into<u32>> Interner<I> {
    /// The id of `name`, adding it if new. Allocates only for names not seen before.
    pub fn intern(&mut self, name: &str) -> I {
        if let Some(id) = self.recent.find(name.as_bytes()) {
            return I::from(id as usize);
        }
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.names.push(name.into());
                self.ids.insert(name.into(), id);
                id
            }
        };
        self.recent.keep(name.as_bytes(), id);
        I::from(id as usize)
    }

    /// The id of `name` if it was interned.
    pub fn get(&self, name: &str) -> Option<I> {
        self.ids.get(name).map(|&id| I::from(id as usize))
    }

    /// The name of `id`.
    pub fn name(&self, id: I) -> &str {
        &self.names[id.into() as usize]
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no names.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// All `(id, name)` pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (I, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (I::from(i), &**n))
    }
}

macro_rules! into_u32 {
    ($($t:ty),*) => {$(
        impl From<$t> for u32 {
            fn from(id: $t) -> u32 {
                id.0
            }
        }
    )*};
}
into_u32!(
    crate::model::AccountId,
    crate::model::CommodityId,
    crate::model::TagId
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AccountId;

    #[test]
    fn interning_is_stable_and_deduplicated() {
        let mut i: Interner<AccountId> = Interner::default();
        let a = i.intern("Assets:Bank");
        let b = i.intern("Income");
        assert_eq!(i.intern("Assets:Bank"), a);
        assert_ne!(a, b);
        assert_eq!(i.name(b), "Income");
        assert_eq!(i.get("Nope"), None);
        assert_eq!(i.len(), 2);
    }

    /// Names of one length and the same last eight bytes share a slot: the bytes before
    /// them tell them apart.
    #[test]
    fn names_sharing_a_slot_keep_their_ids() {
        let mut i: Interner<AccountId> = Interner::default();
        let (a, b) = ("Assets:A:12345678", "Assets:B:12345678");
        assert_eq!(Recent::slot(a.as_bytes()), Recent::slot(b.as_bytes()));
        let (ia, ib) = (i.intern(a), i.intern(b));
        assert_ne!(ia, ib);
        // An empty slot (length mark 255, zero bytes) is not taken for a 255-byte name's,
        // even one whose first bytes are zeros like the slot's.
        let long = "\0".repeat(usize::from(u8::MAX));
        let id = i.intern(&long);
        assert_eq!(i.name(id), long);
        assert_eq!((i.intern(a), i.intern(b), i.intern(a)), (ia, ib, ia));
    }

    proptest::proptest! {
        /// Ids are given in order of first insertion and found again as a map finds them,
        /// whether a name is in its recent slot, was pushed out of it, or is too long for one.
        #[test]
        fn interns_as_a_map_would(
            names in proptest::collection::vec("[ab:]{0,3}|[ab:]{6,10}|[ab]{30,34}", 0..60)
        ) {
            let mut i: Interner<AccountId> = Interner::default();
            let mut model: Vec<&str> = Vec::new();
            for n in &names {
                let id = i.intern(n);
                let expected = model.iter().position(|m| m == n).unwrap_or_else(|| {
                    model.push(n);
                    model.len() - 1
                });
                proptest::prop_assert_eq!(id, AccountId(expected as u32));
                proptest::prop_assert_eq!(i.name(id), n.as_str());
            }
        }
    }
}
