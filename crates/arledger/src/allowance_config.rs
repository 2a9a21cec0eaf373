//! `[allowance]` of `arledger.toml`: the allowance for doubtful accounts (spec §7.5) — its
//! account, the bad-debt expense account, the aging buckets and a rate for each.
//!
//! ```toml
//! [allowance]
//! account = "Assets:Allowance for Doubtful Accounts"
//! expense = "Expenses:Bad Debt"
//! buckets = [30, 60, 90]
//!
//! [allowance.rates]
//! current = "1%"
//! 1-30 = "5%"
//! 31-60 = "15%"
//! 61-90 = "40%"
//! over-90 = "75%"
//! ```

use std::collections::BTreeMap;

use arledger_report::ar::{Buckets, Rates};
use serde::Deserialize;
use toml::Spanned;

/// The allowance account unless configured.
pub const DEFAULT_ACCOUNT: &str = "Assets:Allowance for Doubtful Accounts";
/// The bad-debt expense account unless configured.
pub const DEFAULT_EXPENSE: &str = "Expenses:Bad Debt";

/// The section as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowanceSection {
    account: Option<Spanned<String>>,
    expense: Option<Spanned<String>>,
    buckets: Option<Spanned<Vec<u32>>>,
    rates: Option<Spanned<BTreeMap<Spanned<String>, Spanned<String>>>>,
}

/// The allowance settings in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowanceConfig {
    /// The allowance account (a contra-asset: its credit balance is the allowance held).
    pub account: String,
    /// The bad-debt expense account the adjusting entry charges.
    pub expense: String,
    /// The aging buckets the rates are for (`30,60,90` unless configured).
    pub buckets: Buckets,
    /// A rate per bucket, if configured (else `--rates` must give them).
    pub rates: Option<Rates>,
}

impl Default for AllowanceConfig {
    fn default() -> AllowanceConfig {
        AllowanceConfig {
            account: DEFAULT_ACCOUNT.into(),
            expense: DEFAULT_EXPENSE.into(),
            buckets: Buckets::default(),
            rates: None,
        }
    }
}

/// An account name arledger can write into a posting: not empty, and without what would end
/// the name (two spaces, a tab) or start a comment.
fn account(
    key: &str,
    value: Option<Spanned<String>>,
    default: &str,
) -> Result<String, (usize, String)> {
    let Some(v) = value else {
        return Ok(default.into());
    };
    let name = v.get_ref();
    let bad = name.trim() != name
        || name.is_empty()
        || name.contains("  ")
        || name.contains(['\t', ';', '\n', '\r']);
    if bad {
        return Err((
            v.span().start,
            format!(
                "`{key}` in [allowance]: `{name}` is not an account name: expected a name like \
                 {default} (no leading or trailing spaces, two spaces in a row, tabs or `;`)"
            ),
        ));
    }
    Ok(name.clone())
}

impl AllowanceSection {
    /// The settings these make, checked; errors carry the byte offset of the key or value
    /// at fault.
    pub fn resolve(self) -> Result<AllowanceConfig, (usize, String)> {
        let buckets = match self.buckets {
            None => Buckets::default(),
            Some(b) => Buckets::new(b.get_ref().clone())
                .map_err(|e| (b.span().start, format!("`buckets` in [allowance]: {e}")))?,
        };
        let rates = self
            .rates
            .map(|table| {
                let pairs: Vec<(&Spanned<String>, &Spanned<String>)> =
                    table.get_ref().iter().collect();
                Rates::new(
                    &buckets,
                    pairs
                        .iter()
                        .map(|(k, v)| (k.get_ref().as_str(), v.get_ref().as_str())),
                )
                .map_err(|e| {
                    let at = match e.pair.map(|i| pairs[i]) {
                        Some((_, v)) if e.in_value => v.span().start,
                        Some((k, _)) => k.span().start,
                        None => table.span().start,
                    };
                    (at, format!("[allowance.rates]: {}", e.message))
                })
            })
            .transpose()?;
        Ok(AllowanceConfig {
            account: account("account", self.account, DEFAULT_ACCOUNT)?,
            expense: account("expense", self.expense, DEFAULT_EXPENSE)?,
            buckets,
            rates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Result<AllowanceConfig, (usize, String)> {
        #[derive(Deserialize)]
        struct File {
            allowance: AllowanceSection,
        }
        let f: File = toml::from_str(text).map_err(|e| crate::books_config::toml_error(&e))?;
        f.allowance.resolve()
    }

    #[test]
    fn rates_are_checked_against_the_buckets_and_errors_point_at_them() {
        let c = resolve(
            "[allowance]\nbuckets = [15, 45]\n[allowance.rates]\ncurrent = \"1%\"\n1-15 = \"5%\"\n16-45 = \"20%\"\nover-45 = \"60%\"\n",
        )
        .unwrap();
        assert_eq!(c.buckets.names(), ["current", "1-15", "16-45", "over-45"]);
        assert_eq!(c.account, DEFAULT_ACCOUNT);
        let text = "[allowance.rates]\ncurrent = \"1%\"\n1-31 = \"5%\"\n";
        let (at, msg) = resolve(text).unwrap_err();
        assert_eq!(&text[at..at + 4], "1-31");
        assert!(msg.contains("unknown aging bucket `1-31`"), "{msg}");
        let text = "[allowance.rates]\ncurrent = \"one\"\n";
        let (at, msg) = resolve(text).unwrap_err();
        assert_eq!(&text[at..at + 5], "\"one\"");
        assert!(msg.contains("expected a percentage"), "{msg}");
        let (_, msg) = resolve("[allowance.rates]\ncurrent = \"1%\"\n").unwrap_err();
        assert!(msg.contains("no rate for the aging buckets 1-30"), "{msg}");
        let text = "[allowance]\naccount = \"Assets:A  B\"\n";
        let (at, msg) = resolve(text).unwrap_err();
        assert_eq!(at, text.find('"').unwrap());
        assert!(msg.contains("is not an account name"), "{msg}");
        let (_, msg) = resolve("[allowance]\nbuckets = [60, 30]\n").unwrap_err();
        assert!(msg.contains("expected increasing day counts"), "{msg}");
    }
}
