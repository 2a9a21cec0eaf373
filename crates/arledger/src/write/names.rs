//! One file per thing: file names made from ids (customers) that never coincide, so that no
//! file written in a run overwrites another one of the same run.

use sha2::{Digest, Sha256};

/// `id` with every character other than a letter or digit replaced by `-`.
pub fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// Distinct file-name stems for distinct `ids`: the slug where it is the id itself, else the
/// slug and a short hash of the id (`Acme Corp` and `Acme.Corp` both slug to `Acme-Corp`).
/// Stems equal but for case (which a case-insensitive file system confuses) get the hash too.
pub fn unique_stems(ids: &[&str]) -> Vec<String> {
    let mut stems: Vec<String> = ids
        .iter()
        .map(|id| {
            let s = slug(id);
            if s == *id {
                s
            } else {
                format!("{s}-{}", short_hash(id, 8))
            }
        })
        .collect();
    let folded: Vec<String> = stems.iter().map(|s| s.to_lowercase()).collect();
    for (k, stem) in stems.iter_mut().enumerate() {
        let clashes = folded
            .iter()
            .enumerate()
            .any(|(i, f)| i != k && *f == folded[k] && ids[i] != ids[k]);
        if clashes {
            *stem = format!("{}-{}", slug(ids[k]), short_hash(ids[k], 16));
        }
    }
    stems
}

fn short_hash(id: &str, digits: usize) -> String {
    let digest = Sha256::digest(id.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..digits].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_slug_alike_get_distinct_stems() {
        let stems = unique_stems(&["Acme Corp", "Acme.Corp", "acme", "ACME", "Globex"]);
        assert_eq!(stems[4], "Globex");
        let mut lower: Vec<String> = stems.iter().map(|s| s.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), 5, "{stems:?}");
        assert!(stems[0].starts_with("Acme-Corp-"), "{stems:?}");
        // The same id always gets the same stem.
        assert_eq!(unique_stems(&["Acme Corp"])[0], stems[0]);
    }
}
