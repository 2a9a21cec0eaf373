//! Interning of names (accounts, commodities, tags): each distinct name is stored once and
//! referred to by a small typed id.

use std::marker::PhantomData;

use rustc_hash::FxHashMap;

/// A set of names, each with a stable id of type `I` given in order of first insertion.
#[derive(Clone, Debug)]
pub struct Interner<I> {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    _id: PhantomData<I>,
}

impl<I> Default for Interner<I> {
    fn default() -> Self {
        Interner {
            ids: FxHashMap::default(),
            names: Vec::new(),
            _id: PhantomData,
        }
    }
}

impl<I: From<usize> + Copy + Into<u32>> Interner<I> {
    /// The id of `name`, adding it if new. Allocates only for names not seen before.
    pub fn intern(&mut self, name: &str) -> I {
        if let Some(&id) = self.ids.get(name) {
            return I::from(id as usize);
        }
        let id = self.names.len();
        self.names.push(name.into());
        self.ids.insert(name.into(), id as u32);
        I::from(id)
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
}
