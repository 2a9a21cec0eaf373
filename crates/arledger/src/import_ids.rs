//! The `import-id:` convention shared by the importers (`import FILE.csv --rules`, and the
//! migration from other products): each imported record carries the id of what it came
//! from, and a record whose id is already in the books is skipped, so importing the same file
//! twice adds nothing.

use std::collections::{BTreeMap, HashSet};

use arledger_journal::Journal;
use sha2::{Digest, Sha256};

/// The tag that holds a record's id.
pub const ID_TAG: &str = "import-id";

/// The record's id: a digest of its fields, and, for the second and later identical record
/// of the file, its number among them (`…-2`).
pub fn record_id(fields: &[&str], seen: &mut BTreeMap<String, u32>) -> String {
    let mut h = Sha256::new();
    for f in fields {
        h.update(f.trim().as_bytes());
        h.update([0x1f]);
    }
    let digest: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let n = seen.entry(digest.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        digest
    } else {
        format!("{digest}-{n}")
    }
}

/// The ids of records imported before.
pub fn ids_in_books(j: &Journal) -> HashSet<String> {
    let Some(tag) = j.tag_names.get(ID_TAG) else {
        return HashSet::new();
    };
    j.transactions
        .iter()
        .flat_map(|t| j.tags_in(&t.tags))
        .filter(|t| t.name == tag)
        .map(|t| j.text(t.value).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_records_get_numbered_ids() {
        let mut seen = BTreeMap::new();
        let a = record_id(&["2026-01-05", "Acme", "100.00"], &mut seen);
        let b = record_id(&["2026-01-05", "Acme", "100.00"], &mut seen);
        let c = record_id(&["2026-01-05", "Acme ", "100.00"], &mut seen);
        assert_eq!(a.len(), 16);
        assert_eq!(b, format!("{a}-2"));
        assert_eq!(c, format!("{a}-3"), "fields are trimmed");
        assert_ne!(record_id(&["2026-01-05", "Acme", "100.01"], &mut seen), a);
    }
}
