//! The journal as it was at a git revision, read with the `git` program (see
//! docs/adr/0003-git-through-the-git-program.md). Nothing here touches the working tree or the
//! index: a revision's files are exported into a temporary directory.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use arledger_journal::{load, Input, LoadOptions, Loaded};

/// A revision's files exported to a temporary directory (removed when dropped).
pub struct Snapshot {
    dir: tempfile::TempDir,
    /// The repository's top directory in the working tree.
    repo: PathBuf,
    /// The revision, as resolved to a commit id.
    pub commit: String,
}

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(repo);
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
    let mut c = git(dir);
    c.args(["rev-parse", "--show-toplevel"]);
    output(c).map(PathBuf::from)
}

/// The oldest commit that changed how often `needle` occurs in `file` (the commit that added
/// it, for a string written once, like a close record's digest).
pub fn revision_adding(repo: &Path, file: &Path, needle: &str) -> Option<String> {
    let mut c = git(repo);
    c.args(["log", "--format=%H", "-S", needle, "--"]).arg(file);
    output(c)?.lines().last().map(str::to_string)
}

/// `short-hash date author subject` of the commits in `range` that touched `files`.
pub fn log(repo: &Path, range: &str, files: &[PathBuf]) -> Vec<String> {
    let mut c = git(repo);
    c.args([
        "log",
        "--date=short",
        "--format=%h %ad %an: %s",
        range,
        "--",
    ])
    .args(
        files
            .iter()
            .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())),
    );
    output(c)
        .map(|o| o.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

impl Snapshot {
    /// Exports the files of `rev` (any revision git understands) from the repository.
    pub fn export(repo: &Path, rev: &str) -> io::Result<Snapshot> {
        let mut c = git(repo);
        c.args(["rev-parse", "--verify", "--quiet"])
            .arg(format!("{rev}^{{commit}}"));
        let commit = output(c).filter(|s| !s.is_empty()).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, format!("no git revision `{rev}`"))
        })?;
        let dir = tempfile::tempdir()?;
        let mut archive = git(repo)
            .args(["archive", "--format=tar", &commit])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = archive
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no pipe"))?;
        let untar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(dir.path())
            .stdin(stdout)
            .stderr(Stdio::null())
            .status()?;
        let archived = archive.wait()?;
        if !archived.success() || !untar.success() {
            return Err(io::Error::other(format!("cannot export revision {rev}")));
        }
        Ok(Snapshot {
            dir,
            repo: repo.to_path_buf(),
            commit,
        })
    }

    /// Where a working-tree file of the repository is in the snapshot.
    pub fn path_of(&self, file: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(file).ok()?;
        let repo = std::fs::canonicalize(&self.repo).ok()?;
        Some(self.dir.path().join(abs.strip_prefix(repo).ok()?))
    }

    /// Loads the journal files (working-tree paths) as they were in the snapshot; files that
    /// did not exist then are left out. Sources are shown under their working-tree paths.
    pub fn load(&self, files: &[PathBuf], opts: &LoadOptions) -> Loaded {
        let inputs: Vec<Input> = files
            .iter()
            .filter_map(|f| self.path_of(f))
            .filter(|p| p.exists())
            .map(Input::Path)
            .collect();
        let mut loaded = load(&inputs, opts);
        let (dir, repo) = (self.dir.path().to_path_buf(), self.repo.clone());
        loaded
            .journal
            .sources
            .rename(|p| p.strip_prefix(&dir).ok().map(|rel| repo.join(rel)));
        loaded
    }

    /// Whether a working-tree file existed in the snapshot.
    pub fn has(&self, file: &Path) -> bool {
        self.path_of(file).is_some_and(|p| p.exists())
    }
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
        "HEAD",
        "--",
    ])
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
