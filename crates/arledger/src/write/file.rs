//! The one way arledger changes a file: under the directory's lock, write a temporary file next
//! to the real file, give it the original's owner, group and mode, flush it, compare the
//! original with what was read, rename the temporary file over it and flush the directory. The
//! original is replaced whole or not at all; a symlink stays a link to the new content.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use super::lock::DirLock;
use super::target::{self, Target};
use super::{Step, WriteError};

/// The name every temporary file arledger creates starts with (and `.tmp` ends it).
pub const TEMP_PREFIX: &str = ".arledger-";

/// Replaces `path`'s content with `new`, provided its content is still `expected`. The caller
/// holds the lock of the file's directory (taken before it read `expected`).
pub fn replace(lock: &DirLock, path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_with(lock, path, expected, new, &mut injected_failure)
}

/// Writes a whole file (a new one, or replacing one arledger produced, like a letter), under
/// its directory's lock: the same temporary file, flush and rename, without the check of the
/// previous content. A new file gets the mode the umask gives (0644 under umask 022).
pub fn write_file(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let lock = DirLock::for_file(path)?;
    let target = Target::resolve(path)?;
    let unchanged = || Ok(());
    swap_in(
        &lock,
        &target,
        path,
        content,
        &unchanged,
        &mut injected_failure,
    )
}

/// Failures injected through `ARLEDGER_FAIL_WRITE=<step>` (debug builds only, for the
/// end-to-end tests that prove a failed write leaves the journal intact). `<step>@N` fails
/// the N-th time that step runs in the process (to fail in the middle of a site).
pub(super) fn injected_failure(step: Step) -> io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    if cfg!(debug_assertions) {
        if let Ok(v) = std::env::var("ARLEDGER_FAIL_WRITE") {
            let (name, nth) = match v.split_once('@') {
                Some((n, k)) => (n, k.parse::<usize>().unwrap_or(1)),
                None => (v.as_str(), 1),
            };
            if name.eq_ignore_ascii_case(&format!("{step:?}")) {
                let seen = SEEN.fetch_add(1, Ordering::SeqCst) + 1;
                if seen == nth {
                    return Err(io::Error::other("injected failure"));
                }
            }
        }
    }
    Ok(())
}

/// [`replace`] with a hook called before each step; an error from the hook fails that step.
pub fn replace_with(
    lock: &DirLock,
    path: &Path,
    expected: &[u8],
    new: &[u8],
    hook: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), WriteError> {
    let target = Target::resolve(path)?;
    if target.keep.is_none() {
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    let unchanged = || {
        if fs::read(&target.file).is_ok_and(|now| now == expected) {
            Ok(())
        } else {
            Err(WriteError::Changed {
                path: path.to_path_buf(),
            })
        }
    };
    unchanged()?;
    swap_in(lock, &target, path, new, &unchanged, hook)
}

/// The steps every write shares: stale temporary files removed, a temporary file in the
/// target's directory, written, given the original's owner and mode, flushed; a last `check`
/// (a concurrent edit must not be overwritten); the rename over the target; the directory
/// flushed.
fn swap_in(
    lock: &DirLock,
    target: &Target,
    shown: &Path,
    content: &[u8],
    check: &dyn Fn() -> Result<(), WriteError>,
    hook: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_err = |step: Step| {
        move |source: io::Error| WriteError::Io {
            path: shown.to_path_buf(),
            step,
            source,
        }
    };
    let dir = target.dir();
    if dir.canonicalize().ok().as_deref() != Some(lock.dir()) {
        return Err(WriteError::Refused {
            path: shown.to_path_buf(),
            why: format!(
                "its directory {} is not the one locked ({})",
                dir.display(),
                lock.dir().display()
            ),
        });
    }
    remove_stale(lock);
    hook(Step::Create).map_err(io_err(Step::Create))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(&dir)
        .map_err(io_err(Step::Create))?;
    hook(Step::Write).map_err(io_err(Step::Write))?;
    tmp.write_all(content).map_err(io_err(Step::Write))?;
    if let Some(keep) = target.keep {
        target::apply(tmp.as_file(), keep, shown)?;
    }
    hook(Step::Sync).map_err(io_err(Step::Sync))?;
    tmp.as_file().sync_all().map_err(io_err(Step::Sync))?;
    check()?;
    hook(Step::Rename).map_err(io_err(Step::Rename))?;
    if target.keep.is_some() {
        tmp.persist(&target.file)
            .map_err(|e| io_err(Step::Rename)(e.error))?;
    } else {
        tmp.persist_noclobber(&target.file)
            .map_err(|e| io_err(Step::Rename)(e.error))?;
    }
    hook(Step::SyncDir).map_err(io_err(Step::SyncDir))?;
    fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(Step::SyncDir))?;
    Ok(())
}

/// Removes the temporary files an interrupted arledger write left in the locked directory
/// (a process killed between creating and renaming its copy). Only files of this user are
/// removed; holding the lock means no other arledger is writing one now.
fn remove_stale(lock: &DirLock) {
    for path in stale_files(lock.dir()) {
        let _ = fs::remove_file(path);
    }
}

/// The temporary files of interrupted arledger writes in `dir` that belong to this user.
pub fn stale_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let me = rustix::process::geteuid().as_raw();
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.is_file() && m.uid() == me))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: [Step; 4] = [Step::Create, Step::Write, Step::Sync, Step::Rename];

    fn books(text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("books.journal");
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_failure_at_any_step_before_the_rename_leaves_the_file_byte_identical() {
        let original = b"2026-01-01 x\n    a  1 USD\n    b\n".to_vec();
        let (dir, path) = books(&original);
        let lock = DirLock::for_file(&path).unwrap();
        for failing in STEPS {
            let mut hook = |s: Step| {
                if s == failing {
                    Err(io::Error::other("boom"))
                } else {
                    Ok(())
                }
            };
            let e = replace_with(&lock, &path, &original, b"new", &mut hook).unwrap_err();
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
    fn keeps_permissions() {
        let (_dir, path) = books(b"old\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let lock = DirLock::for_file(&path).unwrap();
        replace(&lock, &path, b"old\n", b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
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
        let (_dir, path) = books(b"edited elsewhere\n");
        let lock = DirLock::for_file(&path).unwrap();
        let e = replace(&lock, &path, b"as read\n", b"new\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited elsewhere\n");
    }

    #[test]
    fn a_symlink_is_updated_at_its_target_and_stays_a_link() {
        let (dir, real) = books(b"old\n");
        let link = dir.path().join("link.journal");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let lock = DirLock::for_file(&link).unwrap();
        replace(&lock, &link, b"old\n", b"new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    }

    #[test]
    fn hard_links_and_read_only_files_are_refused_and_left_alone() {
        let (dir, path) = books(b"old\n");
        let other = dir.path().join("other-name.journal");
        fs::hard_link(&path, &other).unwrap();
        let lock = DirLock::for_file(&path).unwrap();
        let e = replace(&lock, &path, b"old\n", b"new\n").unwrap_err();
        assert!(e.to_string().contains("2 hard links"), "{e}");
        fs::remove_file(&other).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let e = replace(&lock, &path, b"old\n", b"new\n").unwrap_err();
        assert!(e.to_string().contains("read-only (mode 0444)"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    }

    #[test]
    fn stale_temporary_files_are_removed_by_the_next_writer() {
        let (dir, path) = books(b"old\n");
        let stale = dir.path().join(".arledger-killed.tmp");
        fs::write(&stale, b"half a journal").unwrap();
        let keep = dir.path().join(".arledger-notes.txt");
        fs::write(&keep, b"not ours").unwrap();
        let lock = DirLock::for_file(&path).unwrap();
        replace(&lock, &path, b"old\n", b"new\n").unwrap();
        assert!(!stale.exists());
        assert!(keep.exists());
    }
}
