//! What a write replaces: the real file behind a journal path (a symlink is followed, and
//! stays a link), and whether it may be replaced at all (hard links, read-only files, files
//! that are not regular) and with which owner and mode.

use std::fs;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::WriteError;

/// The file a write to `path` replaces, and what the replacement must keep.
#[derive(Debug)]
pub struct Target {
    /// The real file: `path` with every symlink resolved.
    pub file: PathBuf,
    /// Its owner, group and mode, given to the replacement (`None` for a new file, which gets
    /// the mode the umask gives).
    pub keep: Option<Keep>,
}

/// Owner, group and mode of a file being replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Permission bits.
    pub mode: u32,
}

impl Target {
    /// Resolves `path` and checks that arledger may replace it: a regular file with a single
    /// link that is not read-only, or a file that does not exist yet.
    pub fn resolve(path: &Path) -> Result<Target, WriteError> {
        let refuse = |why: String| WriteError::Refused {
            path: path.to_path_buf(),
            why,
        };
        let file = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(path).is_ok() {
                    return Err(refuse(
                        "it is a symbolic link to a file that does not exist".into(),
                    ));
                }
                return Ok(Target {
                    file: path.to_path_buf(),
                    keep: None,
                });
            }
            Err(source) => {
                return Err(WriteError::Io {
                    path: path.to_path_buf(),
                    step: super::Step::Create,
                    source,
                })
            }
        };
        let meta = fs::metadata(&file).map_err(|source| WriteError::Io {
            path: path.to_path_buf(),
            step: super::Step::Create,
            source,
        })?;
        if !meta.is_file() {
            return Err(refuse("it is not a regular file".into()));
        }
        if meta.nlink() > 1 {
            return Err(refuse(format!(
                "it has {} hard links, and replacing it would leave the other names with the old \
                 content (make it a single file, or a symbolic link, and run again)",
                meta.nlink()
            )));
        }
        let mode = meta.permissions().mode() & 0o7777;
        if meta.permissions().readonly() {
            return Err(refuse(format!(
                "it is read-only (mode {mode:04o}); make it writable to let arledger change it"
            )));
        }
        if let Err(e) = fs::OpenOptions::new().append(true).open(&file) {
            return Err(refuse(format!("it is not writable for this user ({e})")));
        }
        Ok(Target {
            file,
            keep: Some(Keep {
                uid: meta.uid(),
                gid: meta.gid(),
                mode,
            }),
        })
    }

    /// The directory the real file is in (where the temporary file and the lock go).
    pub fn dir(&self) -> PathBuf {
        directory_of(&self.file)
    }
}

/// The directory `file` is in, `.` for a bare file name, following a symlinked file to its
/// target's directory.
pub fn directory_of(file: &Path) -> PathBuf {
    let real = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Gives `file` (a replacement being prepared) the owner, group and mode to keep. Changing
/// the owner needs root; a non-root writer that cannot keep them is refused.
pub fn apply(file: &fs::File, keep: Keep, shown: &Path) -> Result<(), WriteError> {
    let meta = file.metadata().map_err(|source| WriteError::Io {
        path: shown.to_path_buf(),
        step: super::Step::Write,
        source,
    })?;
    if meta.uid() != keep.uid || meta.gid() != keep.gid {
        std::os::unix::fs::fchown(file, Some(keep.uid), Some(keep.gid)).map_err(|e| {
            WriteError::Refused {
                path: shown.to_path_buf(),
                why: format!(
                    "its owner and group ({}:{}) could not be kept ({e}); run as its owner",
                    keep.uid, keep.gid
                ),
            }
        })?;
    }
    // After chown, which clears set-id bits.
    file.set_permissions(fs::Permissions::from_mode(keep.mode))
        .map_err(|source| WriteError::Io {
            path: shown.to_path_buf(),
            step: super::Step::Write,
            source,
        })
}
