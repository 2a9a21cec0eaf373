//! Disputes (spec §4): `; dispute: REF` on a note transaction or on the invoice's own
//! transaction marks an item disputed until a later `; resolved: REF`.

use arledger_journal::Journal;

use super::items::OpenItems;

/// Which items are disputed at the report date (indexed like [`OpenItems::items`]).
pub fn disputed(j: &Journal, ar: &OpenItems) -> Vec<bool> {
    let mut flags = vec![false; ar.items.len()];
    let (Some(dispute), resolved) = (j.tag_names.get("dispute"), j.tag_names.get("resolved"))
    else {
        return flags;
    };
    let mut order: Vec<usize> = (0..j.transactions.len())
        .filter(|&t| j.transactions[t].date <= ar.as_of)
        .collect();
    order.sort_by_key(|&t| j.transactions[t].date);
    for t in order {
        let txn = &j.transactions[t];
        // The customers the record is about: those posted to, else any customer with the item.
        let posted: Vec<usize> = j
            .postings_of(txn)
            .iter()
            .filter_map(|p| ar.customers.of_account(p.account))
            .collect();
        for tag in j.tags_in(&txn.tags) {
            let on = if tag.name == dispute {
                true
            } else if Some(tag.name) == resolved {
                false
            } else {
                continue;
            };
            let reference = j.text(tag.value);
            for (i, item) in ar.items.iter().enumerate() {
                if item.reference(j) == reference
                    && (posted.is_empty() || posted.contains(&item.customer))
                {
                    flags[i] = on;
                }
            }
        }
    }
    flags
}
