//! `arledger import --from quickbooks|xero`.

use arledger_journal::Loaded;

use super::{ImportArgs, Product};
use crate::args::Global;
use crate::write::append::Addition;
use crate::Failure;

/// The declarations and entries an export brings in, and what the run did.
pub fn addition(
    _g: &Global,
    _a: &ImportArgs,
    _product: Product,
    _loaded: &Loaded,
) -> Result<(Addition, String), Failure> {
    Err(Failure::Usage("not yet".into()))
}
