//! `arledger add` on a terminal: asks for what the options leave out.

use super::{AddArgs, Books};
use crate::Failure;

/// Asks for the kind, customer and amounts the options leave out; `None` when the user
/// gives up.
pub fn ask(_books: &Books, _a: &AddArgs) -> Result<Option<AddArgs>, Failure> {
    Err(Failure::Usage("interactive add is not built yet".into()))
}
