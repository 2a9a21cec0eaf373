//! Everything arledger writes: the journal (records appended by `close`, `dunning --record`,
//! late fees), and files beside it (letters, site pages). The guarantees, and the tests that
//! show each, are listed in docs/reliability.md ("Write guarantees").
//!
//! - [`lock`]: one advisory lock per directory, held from the read to the rename;
//! - [`target`]: which file a write replaces, and whether it may (links, owner, mode);
//! - [`file`]: the atomic replace (temporary file, flush, compare, rename, flush);
//! - [`append`]: appending journal entries that read back exactly as meant;
//! - [`site`]: replacing a whole directory of pages at once;
//! - [`names`]: one file name per thing.

pub mod append;
pub mod file;
pub mod lock;
pub mod names;
pub mod site;
pub mod target;

use std::io;
use std::path::PathBuf;
use std::time::Duration;

pub use file::write_file;
pub use lock::DirLock;

/// The steps of a write, in order (a test can make any of them fail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Creating the temporary file in the target's directory.
    Create,
    /// Writing the new content to it.
    Write,
    /// Flushing it to disk.
    Sync,
    /// Renaming it over the target.
    Rename,
    /// Flushing the directory, so that the rename itself is durable.
    SyncDir,
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is not what it was when it was read (someone else edited it meanwhile).
    #[error(
        "{path} changed on disk since it was read; nothing was written (run the command again)"
    )]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// An I/O step failed; the original is unchanged (unless the failure was the final
    /// directory flush, after the rename took place).
    #[error("cannot write {path} ({step:?} failed: {source}); the file is unchanged")]
    Io {
        /// The file.
        path: PathBuf,
        /// The step that failed.
        step: Step,
        /// The error.
        source: io::Error,
    },
    /// arledger will not replace this file.
    #[error("{path} was not changed: {why}")]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// The directory's lock could not be taken.
    #[error("cannot lock {dir} for writing: {source}")]
    Lock {
        /// The directory.
        dir: PathBuf,
        /// The error.
        source: io::Error,
    },
    /// Another arledger held the lock for the whole wait.
    #[error(
        "another arledger is still writing in {dir} after {} s; nothing was written (run the command again, or raise ARLEDGER_LOCK_TIMEOUT)",
        waited.as_secs()
    )]
    Busy {
        /// The directory.
        dir: PathBuf,
        /// How long this writer waited.
        waited: Duration,
    },
}
