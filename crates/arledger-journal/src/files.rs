//! Where the loader reads journal files from: the file system ([`OsFiles`]), or another store
//! of files that implements [`Files`] (the CLI reads a git revision this way, straight from the
//! repository, without exporting it anywhere).
//!
//! The loader looks at what a path is before it opens it: an `include` reads regular files
//! only, so `include /dev/zero` or a named pipe is an error rather than a process that fills
//! its memory or waits forever.

use std::io;
use std::path::{Path, PathBuf};

/// What a path names, from its metadata (nothing is opened to find out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file: the only kind an `include` reads.
    Regular,
    /// A directory.
    Directory,
    /// A named pipe, e.g. `/dev/stdin` in a pipeline or `<(command)`: read only when it is
    /// named on the command line.
    Fifo,
    /// Anything else (a device, a socket, a submodule), never read; the text says what it is.
    Other(&'static str),
}

impl FileKind {
    /// The kind, as a phrase for messages (`a character device`).
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Regular => "a regular file",
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a named pipe",
            FileKind::Other(what) => what,
        }
    }

    /// The kind of a file-system object.
    pub fn of(t: std::fs::FileType) -> FileKind {
        if t.is_file() {
            return FileKind::Regular;
        }
        if t.is_dir() {
            return FileKind::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            }
            if t.is_char_device() {
                return FileKind::Other("a character device");
            }
            if t.is_block_device() {
                return FileKind::Other("a block device");
            }
            if t.is_socket() {
                return FileKind::Other("a socket");
            }
        }
        FileKind::Other("not a regular file")
    }
}

/// A store of files the loader reads from.
pub trait Files: Send + Sync {
    /// The path with `.`, `..` and symbolic links resolved: the identity used to find include
    /// cycles and to check `--no-include-outside`. Fails when the path does not exist (or,
    /// for a store that holds only some files, names a file outside it).
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// What the path names (following symbolic links), without opening it.
    fn kind(&self, path: &Path) -> io::Result<FileKind>;
    /// Reads the whole file, which [`Files::kind`] found to be `kind`; fails if it is
    /// something else once opened (it was replaced in between).
    fn read(&self, path: &Path, kind: FileKind) -> io::Result<Vec<u8>>;
    /// The paths matching a glob pattern (an absolute or relative path with `*`, `?`, `[`),
    /// in name order. An invalid pattern is an error of kind `InvalidInput`.
    fn glob(&self, pattern: &str) -> io::Result<Vec<PathBuf>>;
}

/// The file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsFiles;

impl Files for OsFiles {
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        path.canonicalize()
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        Ok(FileKind::of(std::fs::metadata(path)?.file_type()))
    }

    fn read(&self, path: &Path, kind: FileKind) -> io::Result<Vec<u8>> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        if kind == FileKind::Regular {
            use std::os::unix::fs::OpenOptionsExt;
            // A named pipe put in the file's place since it was looked at would block the
            // open until some writer came: don't wait (no effect on a regular file).
            options.custom_flags(libc::O_NONBLOCK);
        }
        let file = options.open(path)?;
        let meta = file.metadata()?;
        let now = FileKind::of(meta.file_type());
        if now != kind {
            return Err(io::Error::other(format!(
                "it became {} while being opened",
                now.describe()
            )));
        }
        read_open(file, meta.len())
    }

    fn glob(&self, pattern: &str) -> io::Result<Vec<PathBuf>> {
        match glob::glob(pattern) {
            Ok(paths) => Ok(paths.filter_map(Result::ok).collect()),
            Err(e) => Err(io::Error::new(io::ErrorKind::InvalidInput, e.to_string())),
        }
    }
}

/// Reads an open file whole; large files are read by several threads at once (each into its
/// own part of one buffer), which halves the time the kernel spends copying and faulting pages.
fn read_open(file: std::fs::File, len: u64) -> io::Result<Vec<u8>> {
    const PARALLEL_READ: u64 = 16 << 20;
    #[cfg(unix)]
    if len >= PARALLEL_READ {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; len as usize];
        let chunk = (len as usize)
            .div_ceil(rayon::current_num_threads() * 4)
            .max(1 << 20);
        buf.par_chunks_mut(chunk)
            .enumerate()
            .try_for_each(|(i, part)| file.read_exact_at(part, (i * chunk) as u64))?;
        // A file that grew while being read is read again, whole, the ordinary way.
        if file.metadata()?.len() == len {
            return Ok(buf);
        }
    }
    let mut buf = Vec::with_capacity(len as usize);
    io::Read::read_to_end(&mut &file, &mut buf)?;
    Ok(buf)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_metadata() {
        let f = OsFiles;
        assert_eq!(
            f.kind(Path::new("/dev/zero")).unwrap().describe(),
            "a character device"
        );
        assert_eq!(f.kind(Path::new("/")).unwrap(), FileKind::Directory);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.journal");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(f.kind(&file).unwrap(), FileKind::Regular);
        assert_eq!(f.read(&file, FileKind::Regular).unwrap(), b"x");
    }

    /// A file that is not what it was when looked at is refused once opened.
    #[test]
    fn a_changed_kind_is_refused_after_opening() {
        let e = OsFiles
            .read(Path::new("/dev/zero"), FileKind::Regular)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "it became a character device while being opened"
        );
    }
}
