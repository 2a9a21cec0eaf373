//! The file system with the text of some files replaced: what a journal would read if those
//! files held that text. The formatter loads its output this way to prove it means the same
//! before anything is written; the language server loads the documents open in the editor
//! (unsaved text) this way.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::files::{FileKind, Files, OsFiles};

/// [`OsFiles`], except for the files given here, which read as the text given (keyed by
/// canonical path; such a file need not exist on disk).
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    texts: HashMap<PathBuf, Arc<String>>,
}

impl Overlay {
    /// An overlay replacing no file.
    pub fn new() -> Overlay {
        Overlay::default()
    }

    /// Reads `path` (canonical) as `text` from now on (a shared text is not copied).
    pub fn set(&mut self, path: PathBuf, text: impl Into<Arc<String>>) {
        self.texts.insert(path, text.into());
    }

    /// Reads `path` from the disk again.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(path);
    }

    /// The text `path` (canonical) reads as, when it is replaced.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.texts.get(path).map(|t| t.as_str())
    }
}

impl Files for Overlay {
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        match OsFiles.canonicalize(path) {
            Err(_) if self.texts.contains_key(path) => Ok(path.to_path_buf()),
            other => other,
        }
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        match self.texts.contains_key(path) {
            true => Ok(FileKind::Regular),
            false => OsFiles.kind(path),
        }
    }

    fn read(&self, path: &Path, kind: FileKind) -> io::Result<Vec<u8>> {
        match self.texts.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => OsFiles.read(path, kind),
        }
    }

    fn glob(&self, pattern: &str) -> io::Result<Vec<PathBuf>> {
        OsFiles.glob(pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load_from, Input, LoadOptions};
    use std::sync::Arc;

    #[test]
    fn replaced_files_read_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("main.journal");
        let inc = dir.path().join("inc.journal");
        std::fs::write(&main, "include inc.journal\n").unwrap();
        std::fs::write(&inc, "2026-01-01 x\n  a  1 USD\n  b\n").unwrap();
        let mut o = Overlay::new();
        o.set(
            inc.canonicalize().unwrap(),
            "2026-01-01 x\n  a  2 USD\n  b\n".to_string(),
        );
        let l = load_from(
            Arc::new(o),
            &[Input::Path(main)],
            &LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        assert_eq!(l.journal.postings[0].amount.quantity.to_string(), "2");
    }
}
