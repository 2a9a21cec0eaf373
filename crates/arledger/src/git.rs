//! The journal as it was at a git revision, read with the `git` program (see
//! docs/adr/0003-git-through-the-git-program.md). Nothing here touches the working tree or the
//! index, and nothing is written anywhere: the loader reads the revision's files straight from
//! the repository's objects ([`Snapshot`] implements the loader's `Files`), so an include can
//! only reach files of the repository at that revision.
//!
//! git runs commands that a repository's configuration names (filters, textconv drivers, the
//! fsmonitor, `gpg.program` for signatures, a partial clone's fetch). arledger's own git calls
//! must never run any: they only use plumbing that applies none of them (`rev-parse`,
//! `ls-tree`, `cat-file --batch` without `--filters`), and [`git`] turns off the rest.

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};

use arledger_journal::{load_from, FileKind, Files, Input, LoadOptions, Loaded};

/// A git command in `repo` that runs nothing the repository configures.
fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.args([
        "--no-pager",
        "-c",
        "core.fsmonitor=false",
        "-c",
        "log.showSignature=false",
        "-c",
        "core.hooksPath=/dev/null",
    ])
    .arg("-C")
    .arg(repo)
    // A partial clone would fetch a missing object with the transport the repository
    // configures (git 2.44 and later honour this; older ones ignore it).
    .env("GIT_NO_LAZY_FETCH", "1")
    .stdin(Stdio::null());
    c
}

fn output(mut c: Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The top directory of the git repository holding `path`, if it is in one (and git exists).
pub fn repository_of(path: &Path) -> Option<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !may_be_in_repository(dir) {
        return None;
    }
    let mut c = git(dir);
    c.args(["rev-parse", "--show-toplevel"]);
    let top = PathBuf::from(output(c)?);
    Some(top.canonicalize().unwrap_or(top))
}

/// Whether git could find a repository from `dir`: a `.git` entry in it or a directory above
/// it, or a repository named by the environment. Books outside any repository (most large
/// ones of a benchmark, say) then start no git process at all: `check` asked git on every run,
/// a process start beside the AR item pass.
fn may_be_in_repository(dir: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() || std::env::var_os("GIT_WORK_TREE").is_some() {
        return true;
    }
    let Ok(dir) = dir.canonicalize() else {
        return true;
    };
    dir.ancestors()
        .any(|d| d.join(".git").symlink_metadata().is_ok())
}

/// The oldest commit that changed how often `needle` occurs in `file` (the commit that added
/// it, for a string written once, like a close record's digest).
pub fn revision_adding(repo: &Path, file: &Path, needle: &str) -> Option<String> {
    let mut c = git(repo);
    // `-S` compares file contents: with textconv allowed it would run the diff driver's command.
    c.args([
        "log",
        "--no-textconv",
        "--no-ext-diff",
        "--format=%H",
        "-S",
        needle,
        "--",
    ])
    .arg(file);
    output(c)?.lines().last().map(str::to_string)
}

/// `short-hash date author subject` of the commits in `range` that touched `files`.
pub fn log(repo: &Path, range: &str, files: &[PathBuf]) -> Vec<String> {
    let mut c = git(repo);
    c.args([
        "log",
        "--no-textconv",
        "--no-ext-diff",
        "--date=short",
        "--format=%h %ad %an: %s",
        "--end-of-options",
        range,
        "--",
    ])
    // Absolute: git -C takes relative paths as relative to the repository.
    .args(files.iter().map(|f| {
        std::fs::canonicalize(f)
            .or_else(|_| std::path::absolute(f))
            .unwrap_or_else(|_| f.clone())
    }));
    output(c)
        .map(|o| o.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The lines containing `needle` (a plain word: no regular-expression characters) that the
/// commits up to `HEAD` added (`true`) or removed (`false`) in `files`, newest commit first, as
/// `(commit, added, line)`. Only git's own diff runs: no textconv filter, external diff or
/// signature check that the repository configures.
pub fn changed_lines(repo: &Path, files: &[PathBuf], needle: &str) -> Vec<(String, bool, String)> {
    let mut c = git(repo);
    c.args([
        "log",
        "--no-textconv",
        "--no-ext-diff",
        "--no-show-signature",
        "--no-color",
        "--no-notes",
        "--unified=0",
        "--format=commit %H",
        "-p",
        "-G",
        needle,
        "--end-of-options",
        "HEAD",
        "--",
    ])
    // Absolute: git -C takes relative paths as relative to the repository.
    .args(files);
    let Some(out) = output(c) else {
        return Vec::new();
    };
    let (mut commit, mut in_hunk) = ("", false);
    let mut lines = Vec::new();
    for l in out.lines() {
        if let Some(hash) = l.strip_prefix("commit ") {
            (commit, in_hunk) = (hash, false);
        } else if l.starts_with("diff ") {
            in_hunk = false;
        } else if l.starts_with("@@") {
            in_hunk = true;
        } else if in_hunk && l.contains(needle) {
            match l.split_at_checked(1) {
                Some(("+", text)) => lines.push((commit.to_string(), true, text.to_string())),
                Some(("-", text)) => lines.push((commit.to_string(), false, text.to_string())),
                _ => {}
            }
        }
    }
    lines
}

/// What a path of the revision's tree is.
#[derive(Clone, Debug)]
enum Entry {
    /// A file, with its blob id.
    File(String),
    /// A symbolic link, with the id of the blob holding its target.
    Link(String),
    /// A directory.
    Tree,
    /// A submodule (a commit of another repository).
    Submodule,
}

/// A running `git cat-file --batch`, which prints the raw content of the objects it is asked
/// for (no filter or textconv: those need `--filters` or `--textconv`).
struct CatFile {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl CatFile {
    fn start(repo: &Path) -> io::Result<CatFile> {
        let mut child = git(repo)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let pipe = || io::Error::other("no pipe to git cat-file");
        let stdin = child.stdin.take().ok_or_else(pipe)?;
        let stdout = BufReader::new(child.stdout.take().ok_or_else(pipe)?);
        Ok(CatFile {
            child,
            stdin: Some(stdin),
            stdout,
        })
    }

    /// The content of blob `id`.
    fn blob(&mut self, id: &str) -> io::Result<Vec<u8>> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("closed"))?;
        writeln!(stdin, "{id}")?;
        stdin.flush()?;
        // `<id> blob <size>` or `<id> missing`.
        let mut header = String::new();
        self.stdout.read_line(&mut header)?;
        let size = match header.split_whitespace().collect::<Vec<_>>()[..] {
            [_, "blob", size] => size.parse::<usize>().map_err(io::Error::other)?,
            _ => return Err(io::Error::other(format!("git cat-file: {}", header.trim()))),
        };
        let mut content = vec![0; size];
        self.stdout.read_exact(&mut content)?;
        let mut newline = [0u8];
        self.stdout.read_exact(&mut newline)?;
        Ok(content)
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        // Closing its input ends cat-file.
        self.stdin = None;
        let _ = self.child.wait();
    }
}

/// One revision of a repository, whose files the loader reads (for `--rev`, `diff` and the
/// close check).
pub struct Snapshot {
    /// The revision, as resolved to a commit id.
    pub commit: String,
    files: Arc<RevisionFiles>,
}

/// The files of one revision, read from the repository's objects: the loader's `Files`.
///
/// Paths are working-tree paths (relative ones are relative to the current directory), so
/// messages show the files where the user knows them; only paths inside the repository exist.
struct RevisionFiles {
    /// The repository's top directory in the working tree (canonical).
    repo: PathBuf,
    /// The current directory, for relative paths.
    cwd: PathBuf,
    /// Every path of the revision's tree, relative to the top directory.
    entries: HashMap<PathBuf, Entry>,
    /// Started on the first file read.
    cat_file: Mutex<Option<CatFile>>,
}

/// Symbolic links followed in one path at most (as Linux's `ELOOP`).
const MAX_LINKS: usize = 40;

impl Snapshot {
    /// Lists the files of `rev` (any revision git understands) in the repository `repo` (its
    /// top directory).
    pub fn export(repo: &Path, rev: &str) -> io::Result<Snapshot> {
        let mut c = git(repo);
        c.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"));
        let commit = output(c).filter(|s| !s.is_empty()).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, format!("no git revision `{rev}`"))
        })?;
        let listing = git(repo)
            .args(["ls-tree", "-r", "-t", "-z", "--full-tree", &commit])
            .stderr(Stdio::null())
            .output()?;
        if !listing.status.success() {
            return Err(io::Error::other(format!("cannot list revision {rev}")));
        }
        let mut entries = HashMap::new();
        // `<mode> <type> <id>\t<path>\0` per entry.
        for record in listing.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let text = String::from_utf8_lossy(record);
            let Some((meta, path)) = text.split_once('\t') else {
                continue;
            };
            let entry = match meta.split(' ').collect::<Vec<_>>()[..] {
                ["120000", _, id] => Entry::Link(id.to_string()),
                [_, "blob", id] => Entry::File(id.to_string()),
                [_, "tree", _] => Entry::Tree,
                _ => Entry::Submodule,
            };
            entries.insert(PathBuf::from(path), entry);
        }
        let files = RevisionFiles {
            repo: repo.canonicalize()?,
            cwd: std::env::current_dir()?,
            entries,
            cat_file: Mutex::new(None),
        };
        Ok(Snapshot {
            commit,
            files: Arc::new(files),
        })
    }

    /// Loads the journal files (working-tree paths) as they were at the revision; files that
    /// did not exist then are left out.
    pub fn load(&self, files: &[PathBuf], opts: &LoadOptions) -> Loaded {
        let inputs: Vec<Input> = files
            .iter()
            .filter(|f| self.has(f))
            .map(|f| Input::Path(f.clone()))
            .collect();
        load_from(self.files.clone(), &inputs, opts)
    }

    /// Whether a working-tree file existed (as a file) at the revision.
    pub fn has(&self, file: &Path) -> bool {
        self.files.kind(file).is_ok_and(|k| k == FileKind::Regular)
    }
}

impl RevisionFiles {
    fn outside(&self) -> io::Error {
        io::Error::other(format!(
            "it is outside the repository {} (a revision is read from the repository only)",
            self.repo.display()
        ))
    }

    /// A working-tree path relative to the repository's top directory, before `..` and the
    /// revision's symbolic links are resolved.
    fn relative(&self, path: &Path) -> io::Result<PathBuf> {
        let abs = self.cwd.join(path);
        if let Ok(rel) = abs.strip_prefix(&self.repo) {
            return Ok(rel.to_path_buf());
        }
        // The path may reach the repository through a symbolic link outside it (macOS's
        // /tmp), or leave it and come back (`/books/../books/a.journal`): resolve the part
        // of it that exists on disk.
        abs.ancestors()
            .skip(1)
            .find_map(|dir| {
                let real = dir.canonicalize().ok()?;
                let full = real.join(abs.strip_prefix(dir).ok()?);
                full.strip_prefix(&self.repo).ok().map(Path::to_path_buf)
            })
            .ok_or_else(|| self.outside())
    }

    /// A working-tree path relative to the top directory, with `.`, `..` and the revision's
    /// symbolic links resolved.
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        let mut todo: Vec<OsString> = components(&self.relative(path)?);
        todo.reverse();
        let mut done = PathBuf::new();
        let mut links = 0;
        while let Some(part) = todo.pop() {
            if part == ".." {
                if !done.pop() {
                    return Err(self.outside());
                }
                continue;
            }
            done.push(&part);
            let Some(Entry::Link(id)) = self.entries.get(&done) else {
                continue;
            };
            links += 1;
            if links > MAX_LINKS {
                return Err(io::Error::other("too many levels of symbolic links"));
            }
            let target = PathBuf::from(String::from_utf8_lossy(&self.blob(id)?).into_owned());
            done.pop();
            let rest = match target.is_absolute() {
                true => {
                    done = PathBuf::new();
                    self.relative(&target)?
                }
                false => target,
            };
            todo.extend(components(&rest).into_iter().rev());
        }
        Ok(done)
    }

    fn blob(&self, id: &str) -> io::Result<Vec<u8>> {
        let mut cat_file = self
            .cat_file
            .lock()
            .map_err(|_| io::Error::other("git cat-file failed"))?;
        if cat_file.is_none() {
            *cat_file = Some(CatFile::start(&self.repo)?);
        }
        cat_file.as_mut().map_or_else(
            || Err(io::Error::other("git cat-file did not start")),
            |c| c.blob(id),
        )
    }

    fn entry(&self, path: &Path) -> io::Result<(PathBuf, Option<&Entry>)> {
        let rel = self.resolve(path)?;
        if rel.as_os_str().is_empty() {
            return Ok((rel, Some(&Entry::Tree)));
        }
        let entry = self.entries.get(&rel);
        Ok((rel, entry))
    }
}

impl Files for RevisionFiles {
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        match self.entry(path)? {
            (rel, Some(_)) => Ok(self.repo.join(rel)),
            (_, None) => Err(io::ErrorKind::NotFound.into()),
        }
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        match self.entry(path)?.1 {
            Some(Entry::File(_)) => Ok(FileKind::Regular),
            Some(Entry::Tree) => Ok(FileKind::Directory),
            Some(Entry::Submodule) => Ok(FileKind::Other("a submodule")),
            // `resolve` followed every link.
            Some(Entry::Link(_)) | None => Err(io::ErrorKind::NotFound.into()),
        }
    }

    fn read(&self, path: &Path, kind: FileKind) -> io::Result<Vec<u8>> {
        match (kind, self.entry(path)?.1) {
            (FileKind::Regular, Some(Entry::File(id))) => self.blob(id),
            _ => Err(io::Error::other("not a regular file at the revision")),
        }
    }

    fn glob(&self, pattern: &str) -> io::Result<Vec<PathBuf>> {
        let rel = normalize(&self.relative(Path::new(pattern))?).ok_or_else(|| self.outside())?;
        let matcher = glob::Pattern::new(&rel.to_string_lossy())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        let found: BTreeSet<&PathBuf> = self
            .entries
            .keys()
            .filter(|p| matcher.matches_path_with(p, options))
            .collect();
        Ok(found.into_iter().map(|p| self.repo.join(p)).collect())
    }
}

/// A relative path with `.` and `..` resolved by name (`a/b/../c` is `a/c`), or none if it
/// goes above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// The names of a relative path's components (`.` left out, `..` kept).
fn components(path: &Path) -> Vec<OsString> {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| c.as_os_str().to_os_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::may_be_in_repository;

    /// git is asked only under a `.git` entry; without one it would find no repository either.
    #[test]
    fn only_a_directory_under_a_git_entry_may_be_in_a_repository() {
        if std::env::var_os("GIT_DIR").is_some() || std::env::var_os("GIT_WORK_TREE").is_some() {
            return;
        }
        let top = tempfile::tempdir().unwrap();
        let books = top.path().join("books");
        std::fs::create_dir(&books).unwrap();
        assert!(!may_be_in_repository(&books));
        assert_eq!(super::repository_of(&books.join("a.journal")), None);
        std::fs::write(top.path().join(".git"), "gitdir: elsewhere\n").unwrap();
        assert!(may_be_in_repository(&books));
    }
}
