//! The one way arledger changes a file: write a temporary file next to it, flush it to disk,
//! rename it over the original, flush the directory. The original is replaced whole or not at
//! all, keeps its permissions, and is not touched when it changed on disk since it was read.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
}

/// Replaces `path`'s content with `new`, provided its content is still `expected`.
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, new, &mut injected_failure)
}

/// Appends `addition` to `path`, provided its content is still `expected` (the text the
/// journal was read from). A newline is added first when the file does not end with one.
pub fn append(path: &Path, expected: &str, addition: &str) -> Result<(), WriteError> {
    let mut new = String::with_capacity(expected.len() + addition.len() + 1);
    new.push_str(expected);
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(addition);
    replace(path, expected.as_bytes(), new.as_bytes())
}

/// Writes a whole file (a new one, or replacing one arledger produced, like a letter): the
/// same temporary file, flush and rename, without the check of the previous content.
pub fn write_file(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let expected = match fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                step: Step::Create,
                source,
            })
        }
    };
    match expected {
        Some(old) => replace(path, &old, content),
        None => {
            let unchanged = || Ok(());
            swap_in(
                path,
                content,
                None,
                &unchanged,
                false,
                &mut injected_failure,
            )
        }
    }
}

/// Failures injected through `ARLEDGER_FAIL_WRITE=<step>` (debug builds only, for the
/// end-to-end tests that prove a failed write leaves the journal intact).
fn injected_failure(step: Step) -> io::Result<()> {
    if cfg!(debug_assertions) {
        if let Ok(v) = std::env::var("ARLEDGER_FAIL_WRITE") {
            if v.eq_ignore_ascii_case(&format!("{step:?}")) {
                return Err(io::Error::other("injected failure"));
            }
        }
    }
    Ok(())
}

/// [`replace`] with a hook called before each step; an error from the hook fails that step.
pub fn replace_with(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    hook: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), WriteError> {
    let unchanged = || {
        if fs::read(path).map(|now| now == expected).unwrap_or(false) {
            Ok(())
        } else {
            Err(WriteError::Changed {
                path: path.to_path_buf(),
            })
        }
    };
    unchanged()?;
    let permissions = fs::metadata(path)
        .map_err(|source| WriteError::Io {
            path: path.to_path_buf(),
            step: Step::Create,
            source,
        })?
        .permissions();
    swap_in(path, new, Some(permissions), &unchanged, true, hook)
}

/// The steps every write shares: a temporary file in the target's directory, written, given
/// the permissions, flushed; a last `check` (a concurrent edit must not be overwritten); the
/// rename over the target (or, without `clobber`, next to nothing: the target must not
/// exist); the directory flushed.
fn swap_in(
    path: &Path,
    content: &[u8],
    permissions: Option<fs::Permissions>,
    check: &dyn Fn() -> Result<(), WriteError>,
    clobber: bool,
    hook: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_err = |step: Step| {
        move |source: io::Error| WriteError::Io {
            path: path.to_path_buf(),
            step,
            source,
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    hook(Step::Create).map_err(io_err(Step::Create))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".arledger-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err(Step::Create))?;
    hook(Step::Write).map_err(io_err(Step::Write))?;
    tmp.write_all(content).map_err(io_err(Step::Write))?;
    if let Some(p) = permissions {
        tmp.as_file()
            .set_permissions(p)
            .map_err(io_err(Step::Write))?;
    }
    hook(Step::Sync).map_err(io_err(Step::Sync))?;
    tmp.as_file().sync_all().map_err(io_err(Step::Sync))?;
    check()?;
    hook(Step::Rename).map_err(io_err(Step::Rename))?;
    if clobber {
        tmp.persist(path)
            .map_err(|e| io_err(Step::Rename)(e.error))?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| io_err(Step::Rename)(e.error))?;
    }
    hook(Step::SyncDir).map_err(io_err(Step::SyncDir))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(Step::SyncDir))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: [Step; 4] = [Step::Create, Step::Write, Step::Sync, Step::Rename];

    #[test]
    fn a_failure_at_any_step_before_the_rename_leaves_the_file_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("books.journal");
        let original = b"2026-01-01 x\n    a  1 USD\n    b\n".to_vec();
        fs::write(&path, &original).unwrap();
        for failing in STEPS {
            let mut hook = |s: Step| {
                if s == failing {
                    Err(io::Error::other("boom"))
                } else {
                    Ok(())
                }
            };
            let e = replace_with(&path, &original, b"new", &mut hook).unwrap_err();
            assert!(matches!(e, WriteError::Io { step, .. } if step == failing));
            assert_eq!(fs::read(&path).unwrap(), original, "{failing:?}");
            // No temporary file is left behind.
            let names: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 1, "{failing:?}: {names:?}");
        }
    }

    #[test]
    fn writes_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("books.journal");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        append(&path, "old\n", "new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\nnew\n");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn write_file_creates_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.md");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("books.journal");
        fs::write(&path, "edited elsewhere\n").unwrap();
        let e = append(&path, "as read\n", "new\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited elsewhere\n");
    }

    #[test]
    fn appends_a_newline_to_a_file_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("books.journal");
        fs::write(&path, "last line").unwrap();
        append(&path, "last line", "added\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "last line\nadded\n");
    }
}
