//! Replacing a directory of generated pages at once (`site --out DIR`): the pages are written
//! into a new directory beside it, and only when every page is written is it swapped with the
//! old one (one atomic `renameat2(RENAME_EXCHANGE)` where the file system has it). A full disk
//! or any other failure leaves the previous site whole and names the page that failed.
//!
//! `site` owns its directory: it replaces it whole, so it refuses a directory that holds files
//! it did not write (it marks its own with a `.arledger-site` file).

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::lock::DirLock;
use super::{Step, WriteError};

/// The file that marks a directory as a site arledger wrote.
pub const MARKER: &str = ".arledger-site";

/// The prefix of the directory a new site is built in, beside the old one.
const STAGING_PREFIX: &str = ".arledger-site-";

/// A site being written: pages go into a directory beside `out`, swapped in by
/// [`Staging::finish`]; dropped unfinished, it is removed and `out` is untouched.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    _lock: DirLock,
}

impl Staging {
    /// Starts a new site for `out`. Refuses when `out` exists and is not a directory, or holds
    /// files and no marker.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let refuse = |why: String| WriteError::Refused {
            path: out.to_path_buf(),
            why,
        };
        if out.exists() {
            if !out.is_dir() {
                return Err(refuse("it is not a directory".into()));
            }
            let mut entries = fs::read_dir(out).map_err(|source| WriteError::Io {
                path: out.to_path_buf(),
                step: Step::Create,
                source,
            })?;
            let empty = entries.next().is_none();
            if !empty && !out.join(MARKER).exists() {
                return Err(refuse(
                    "it holds files that arledger did not write, and `site` replaces its \
                     directory whole: give it a new or an empty directory"
                        .into(),
                ));
            }
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|source| WriteError::Io {
            path: parent.clone(),
            step: Step::Create,
            source,
        })?;
        let lock = DirLock::acquire(&parent)?;
        remove_stale_staging(&parent);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .permissions(fs::Permissions::from_mode(0o777))
            .tempdir_in(&parent)
            .map_err(|source| WriteError::Io {
                path: out.to_path_buf(),
                step: Step::Create,
                source,
            })?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            _lock: lock,
        })
    }

    /// Writes one page (a new file, with the mode the umask gives).
    pub fn write(&self, name: &str, content: &[u8]) -> Result<(), WriteError> {
        let shown = self.out.join(name);
        let io = |step: Step| {
            let shown = shown.clone();
            move |source| WriteError::Io {
                path: shown,
                step,
                source,
            }
        };
        let path = self.dir.path().join(name);
        super::file::injected_failure(Step::Create).map_err(io(Step::Create))?;
        let mut f = fs::File::create_new(&path).map_err(io(Step::Create))?;
        super::file::injected_failure(Step::Write).map_err(io(Step::Write))?;
        f.write_all(content).map_err(io(Step::Write))?;
        f.sync_all().map_err(io(Step::Sync))
    }

    /// Swaps the new site in for the old one, and removes the old one.
    pub fn finish(self) -> Result<(), WriteError> {
        self.write(
            MARKER,
            b"Written by `arledger site`, which replaces this directory whole.\n",
        )?;
        let io = |step: Step| {
            let out = self.out.clone();
            move |source| WriteError::Io {
                path: out,
                step,
                source,
            }
        };
        let staged = self.dir.path().to_path_buf();
        fs::File::open(&staged)
            .and_then(|d| d.sync_all())
            .map_err(io(Step::Sync))?;
        super::file::injected_failure(Step::Rename).map_err(io(Step::Rename))?;
        if self.out.exists() {
            exchange(&staged, &self.out).map_err(io(Step::Rename))?;
            // The staging directory now holds the old site; dropping it removes it.
        } else {
            fs::rename(&staged, &self.out).map_err(io(Step::Rename))?;
            // Nothing is left to remove.
            let _ = self.dir.keep();
        }
        Ok(())
    }
}

/// Swaps two directories atomically; where the file system cannot, moves the old one aside
/// first (a moment without `out`, but never a half-written site).
fn exchange(staged: &Path, out: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, staged, CWD, out, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            let aside = staged.with_extension("old");
            fs::rename(out, &aside)?;
            fs::rename(staged, out)?;
            fs::rename(&aside, staged)
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes staging directories that a killed `site` run left beside the output.
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        if name.to_string_lossy().starts_with(STAGING_PREFIX)
            && e.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_site_replaces_the_old_one_whole() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("site");
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"one").unwrap();
        s.write("b.html", b"two").unwrap();
        s.finish().unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"three").unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "three");
        assert!(!out.join("b.html").exists());
        // Nothing but the site is left beside it.
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unfinished_site_leaves_the_old_one_and_no_litter() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("site");
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"one").unwrap();
        s.finish().unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"half").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "one");
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_with_other_files_is_refused() {
        let parent = tempfile::tempdir().unwrap();
        fs::write(parent.path().join("notes.txt"), "mine").unwrap();
        let e = Staging::begin(parent.path()).err().unwrap();
        assert!(e.to_string().contains("did not write"), "{e}");
    }
}
