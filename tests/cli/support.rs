//! Running the binary from tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (tests run with paths relative to it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `arledger ARGS` in the repository root with a clean environment for journal lookup.
pub fn arledger(args: &[&str]) -> Run {
    arledger_with_stdin(args, None)
}

/// Runs `arledger ARGS` feeding `stdin`.
pub fn arledger_with_stdin(args: &[&str], stdin: Option<&str>) -> Run {
    arledger_with(args, stdin, &[])
}

/// Runs `arledger ARGS` with extra environment variables.
pub fn arledger_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    arledger_with(args, None, env)
}

fn arledger_with(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arledger"));
    // Text reports fit COLUMNS when it is set: tests see the whole lines unless they ask.
    cmd.env_remove("COLUMNS");
    cmd.envs(env.iter().copied());
    cmd.args(args)
        .current_dir(root())
        .env_remove("ARLEDGER_FILE")
        .env_remove("LEDGER_FILE")
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("arledger runs");
    if let Some(text) = stdin {
        let written = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes());
        // A run that stops early (a usage error, the first bad line) may close its input
        // before reading all of it; what it printed and its exit code are what tests assert.
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    let out = child.wait_with_output().expect("arledger finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Whether an external tool is on PATH (tests comparing with ledger/hledger skip without it).
pub fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `arledger ARGS`, asserts it succeeded and returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let r = arledger(args);
    assert_eq!(r.code, 0, "arledger {args:?} failed: {}", r.stderr);
    r.stdout
}

/// Runs git in `dir` (as a fixed test author) and asserts it succeeded.
pub fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=Dana", "-c", "user.email=dana@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}
