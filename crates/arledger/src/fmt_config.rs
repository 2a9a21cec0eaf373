//! The `[fmt]` table of `arledger.toml`: the layout `arledger fmt` and the language server's
//! formatting use (docs/commands/fmt.md). It is also a section of the books configuration
//! ([`crate::books_config`]), so that the one file of a set of books can hold it beside the
//! others.
//!
//! ```toml
//! [fmt]
//! amount-column = 52   # the column of the decimal mark (1-based, in characters)
//! indent = 4           # spaces per level
//! ```

use std::path::{Path, PathBuf};

use arledger_journal::fmt::Layout;
use serde::Deserialize;

use crate::books_config::FILE_NAME;
use crate::Failure;

/// `[fmt]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FmtSection {
    amount_column: Option<toml::Spanned<usize>>,
    indent: Option<toml::Spanned<usize>>,
}

impl FmtSection {
    /// The layout it sets (defaults for what it does not), or where a value is out of range
    /// (a byte offset into the file) and why.
    pub fn layout(&self) -> Result<Layout, (usize, String)> {
        let mut layout = Layout::default();
        let check =
            |v: &toml::Spanned<usize>, range: std::ops::RangeInclusive<usize>, key| match range
                .contains(v.get_ref())
            {
                true => Ok(*v.get_ref()),
                false => Err((
                    v.span().start,
                    format!(
                        "[fmt] {key} must be {} to {}, not {}",
                        range.start(),
                        range.end(),
                        v.get_ref()
                    ),
                )),
            };
        if let Some(c) = &self.amount_column {
            layout.amount_column = check(c, 1..=200, "amount-column")?;
        }
        if let Some(i) = &self.indent {
            layout.indent = check(i, 1..=16, "indent")?;
        }
        Ok(layout)
    }
}

/// The file as `fmt` reads it: only `[fmt]`; the other tables are the books configuration's.
#[derive(Debug, Default, Deserialize)]
struct FmtFile {
    #[serde(default)]
    fmt: FmtSection,
}

/// The nearest `arledger.toml` in the directory of `file` or above it, if any.
fn config_path(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    abs.ancestors()
        .skip(1)
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The layout for the journal file `file`: the `[fmt]` table of the nearest `arledger.toml`,
/// the defaults for what it does not set.
pub fn layout_for(file: &Path) -> Result<Layout, Failure> {
    let Some(path) = config_path(file) else {
        return Ok(Layout::default());
    };
    let bad = |why: String| Failure::Journal(format!("error: {}: {why}", path.display()));
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let config: FmtFile = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    config.fmt.layout().map_err(|(_, why)| bad(why))
}
