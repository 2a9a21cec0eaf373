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
    /// Reads a journal file for the loader: its bytes as [`Files::read`] gives them, unless
    /// the store can do better (the file system maps large regular files into memory).
    fn read_journal(&self, path: &Path, kind: FileKind) -> io::Result<FileBytes> {
        self.read(path, kind).map(FileBytes::Read)
    }
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
        let (file, len) = open(path, kind)?;
        read_open(file, len)
    }

    fn read_journal(&self, path: &Path, kind: FileKind) -> io::Result<FileBytes> {
        let (file, len) = open(path, kind)?;
        if kind == FileKind::Regular && len >= MAP_AT_LEAST {
            let mapped = map(&file)?;
            populate(&mapped);
            return Ok(FileBytes::Mapped(mapped));
        }
        read_open(file, len).map(FileBytes::Read)
    }

    fn glob(&self, pattern: &str) -> io::Result<Vec<PathBuf>> {
        match glob::glob(pattern) {
            Ok(paths) => Ok(paths.filter_map(Result::ok).collect()),
            Err(e) => Err(io::Error::new(io::ErrorKind::InvalidInput, e.to_string())),
        }
    }
}

/// A journal file's bytes: read into memory, or mapped into it.
pub enum FileBytes {
    /// Read (small files, pipes, files from other stores).
    Read(Vec<u8>),
    /// Mapped (large regular files of the file system, ADR 0011).
    Mapped(memmap2::Mmap),
}

/// Regular files at least this large are mapped rather than read: a read copies every byte
/// into fresh memory, page fault by page fault, which was a third of the time `balance` took
/// on a 26 MB book.
const MAP_AT_LEAST: u64 = 4 << 20;

/// Opens `path`, which was found to be of `kind`, and returns it with its length; an error if
/// it is of another kind by now.
fn open(path: &Path, kind: FileKind) -> io::Result<(std::fs::File, u64)> {
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
    Ok((file, meta.len()))
}

/// Fills in the page tables of a whole mapping at once, each thread a part of it: faulting its
/// pages in one by one as the parser reaches them costs more, and one thread filling them all
/// (`MAP_POPULATE`) left the other cores idle while the text of a large book was mapped.
/// Without `MADV_POPULATE_READ` (Linux before 5.14) the pages fault in as they are read.
#[cfg(target_os = "linux")]
fn populate(map: &memmap2::Mmap) {
    use rayon::prelude::*;
    let len = map.len();
    let part = len.div_ceil(rayon::current_num_threads()).max(1);
    (0..len).into_par_iter().step_by(part).for_each(|start| {
        let _ = map.advise_range(memmap2::Advice::PopulateRead, start, part.min(len - start));
    });
}

/// Elsewhere the pages fault in as they are read.
#[cfg(not(target_os = "linux"))]
fn populate(_: &memmap2::Mmap) {}

/// Maps an open regular file into memory: the one `unsafe` block of the workspace (ADR 0011).
#[allow(unsafe_code)]
fn map(file: &std::fs::File) -> io::Result<memmap2::Mmap> {
    // SAFETY: the mapping is read-only and only ever read as bytes (validated as UTF-8 before
    // any is used as text). Its contents change only if the file is written in place while it
    // is mapped. arledger's writers never do that: they write a new file and rename it over
    // the old one (ADR 0004), and the mapping keeps the old file's pages. Another program
    // truncating the file in place during the read would make a read of the lost pages raise
    // SIGBUS; ADR 0011 accepts that risk for command-line runs (the language server never
    // maps files), as ripgrep does.
    unsafe { memmap2::MmapOptions::new().map(file) }
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
