//! The dunning configuration (TOML): when each level is due and who the letters come from,
//! from a `--config FILE` of its own (below) or the `[dunning]` section of the books'
//! `arledger.toml` (`[dunning.levels]`, `[dunning.sender]`; see [`crate::books_config`]).
//!
//! ```toml
//! [levels]            # days overdue at which each level is due
//! 1 = 1
//! 2 = 15
//! 3 = 30
//! final = 60
//!
//! [sender]            # shown in the letters
//! company = "Northwind Studio LLC"
//! name = "Dana Whitfield, Accounts Receivable"
//! email = "ar@northwind.example"
//! phone = "+1 555 0100"
//! payment = "Bank transfer to First Coastal Bank, account 000123456"
//! ```

use std::path::Path;

use arledger_report::ar::DunningPolicy;
use serde::{Deserialize, Serialize};

use crate::Failure;

/// Who the letters come from (every field optional).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The company name.
    pub company: Option<String>,
    /// The person signing.
    pub name: Option<String>,
    /// Reply address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// How to pay (bank details, payment link).
    pub payment: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Levels {
    #[serde(rename = "1")]
    one: Option<i64>,
    #[serde(rename = "2")]
    two: Option<i64>,
    #[serde(rename = "3")]
    three: Option<i64>,
    #[serde(rename = "final")]
    last: Option<i64>,
}

/// The dunning settings as written: the whole of an old-style `--config` file, or the
/// `[dunning]` section of `arledger.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningSection {
    #[serde(default)]
    levels: Levels,
    #[serde(default)]
    sender: Sender,
}

/// The configuration in effect: the file's values over the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DunningConfig {
    /// When each level is due.
    pub policy: DunningPolicy,
    /// Who the letters come from.
    pub sender: Sender,
}

/// The dunning configuration of a command: the `--config FILE` given (an old-style dunning
/// file, or a books configuration file with a `[dunning]` section), else the `[dunning]`
/// section of the books' `arledger.toml`, else the defaults. Errors are `file:line:col:
/// message`.
pub fn load(g: &crate::config::Config, path: Option<&Path>) -> Result<DunningConfig, Failure> {
    let Some(path) = path else {
        return Ok(crate::books_config::for_books(g)?.dunning);
    };
    let text = crate::books_config::read(path)?;
    let books_file = toml::from_str::<toml::Table>(&text).is_ok_and(|t| t.contains_key("dunning"));
    if books_file {
        return Ok(crate::books_config::load(path)?.dunning);
    }
    parse(&text).map_err(|(at, message)| crate::books_config::located(path, &text, at, &message))
}

/// Parses an old-style dunning file; errors carry the byte offset they refer to.
fn parse(text: &str) -> Result<DunningConfig, (usize, String)> {
    let file: DunningSection =
        toml::from_str(text).map_err(|e| crate::books_config::toml_error(&e))?;
    file.resolve(text, "[levels]")
}

impl DunningSection {
    /// The configuration these settings make, checked: `header` is how the levels' table
    /// is written in `text` (where an error about them points).
    pub fn resolve(self, text: &str, header: &str) -> Result<DunningConfig, (usize, String)> {
        let defaults = DunningPolicy::default().thresholds;
        let l = &self.levels;
        let thresholds = [
            l.one.unwrap_or(defaults[0]),
            l.two.unwrap_or(defaults[1]),
            l.three.unwrap_or(defaults[2]),
            l.last.unwrap_or(defaults[3]),
        ];
        if thresholds[0] < 1 || thresholds.windows(2).any(|w| w[0] >= w[1]) {
            let at = text.find(header).unwrap_or(0);
            return Err((
                at,
                format!(
                    "the levels must be due at increasing days overdue, from 1 on (got 1 = {}, 2 = {}, 3 = {}, final = {})",
                    thresholds[0], thresholds[1], thresholds[2], thresholds[3]
                ),
            ));
        }
        Ok(DunningConfig {
            policy: DunningPolicy { thresholds },
            sender: self.sender,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_override_the_defaults() {
        let c = parse("[levels]\n2 = 20\n\n[sender]\ncompany = \"Northwind\"\n").unwrap();
        assert_eq!(c.policy.thresholds, [1, 20, 30, 60]);
        assert_eq!(c.sender.company.as_deref(), Some("Northwind"));
        assert_eq!(parse("").unwrap(), DunningConfig::default());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let (at, msg) = parse("[levels]\n1 = 1\nfinal = \"soon\"\n").unwrap_err();
        assert_eq!(at, 23);
        assert!(msg.contains("invalid type"), "{msg}");
        let (_, msg) = parse("[levels]\n2 = 40\n").unwrap_err();
        assert!(msg.contains("increasing"), "{msg}");
        let (at, msg) = parse("[sender]\ncompnay = \"x\"\n").unwrap_err();
        assert_eq!(at, 9);
        assert!(msg.contains("unknown field `compnay`"), "{msg}");
    }
}
