//! Hostile input (issue 7): every file gets correct results or a clear error with its place —
//! never a panic (exit 101), never a silently wrong number. Large inputs are generated here
//! rather than committed.

use std::fs;
use std::path::Path;

use crate::support::arledger;

/// Runs `check` on a file written into `dir` and returns (exit code, stderr with the directory
/// replaced by `DIR`).
fn check(dir: &Path, name: &str, content: &[u8]) -> (i32, String) {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    let r = arledger(&["check", "-f", path.to_str().unwrap()]);
    assert_ne!(r.code, 101, "{name}: panic\n{}", r.stderr);
    (r.code, r.stderr.replace(dir.to_str().unwrap(), "DIR"))
}

const TXN: &str = "2026-01-01 x\n    a  1 USD\n    b\n";

#[test]
fn broken_files_get_clear_errors() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "forty-digits.journal",
            b"2026-01-01 x\n    a  1234567890123456789012345678901234567890 USD\n    b\n".to_vec(),
        ),
        (
            "nul.journal",
            b"2026-01-01 x\n    a  1\x00 USD\n    b\n".to_vec(),
        ),
        (
            "invalid-utf8.journal",
            b"2026-01-01 caf\xe9\n    a  1 USD\n    b\n".to_vec(),
        ),
        (
            "february-30.journal",
            b"2026-02-30 x\n    a  1 USD\n    b\n".to_vec(),
        ),
        (
            "year-0.journal",
            b"0000-01-01 x\n    a  1 USD\n    b\n".to_vec(),
        ),
        (
            "include-cycle.journal",
            b"include include-cycle.journal\n".to_vec(),
        ),
        ("include-directory.journal", b"include sub\n".to_vec()),
        (
            "include-missing.journal",
            b"include nope.journal\n".to_vec(),
        ),
        (
            "lone-cr.journal",
            b"2026-01-01 x\r    a  1 USD\r    b\r".to_vec(),
        ),
    ];
    fs::create_dir(dir.join("sub")).unwrap();
    let mut all = String::new();
    for (name, content) in &cases {
        let (code, err) = check(dir, name, content);
        let expected = if *name == "lone-cr.journal" { 0 } else { 1 };
        assert_eq!(code, expected, "{name}: {err}");
        all.push_str(&format!("=== {name} (exit {code})\n{err}\n"));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn odd_but_valid_files_read_correctly() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let bal = |name: &str, content: &[u8]| {
        let path = dir.join(name);
        fs::write(&path, content).unwrap();
        let r = arledger(&["balance", "-f", path.to_str().unwrap(), "-O", "csv"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        r.stdout
    };
    let one = "\"account\",\"balance\"\n\"a\",\"1 USD\"\n\"b\",\"-1 USD\"\n\"total\",\"0\"\n";
    assert_eq!(
        bal(
            "bom.journal",
            &[b"\xef\xbb\xbf".as_slice(), TXN.as_bytes()].concat()
        ),
        one
    );
    assert_eq!(
        bal("crlf.journal", TXN.replace('\n', "\r\n").as_bytes()),
        one
    );
    assert_eq!(
        bal("empty.journal", b""),
        "\"account\",\"balance\"\n\"total\",\"0\"\n"
    );
    assert_eq!(
        bal("comments.journal", b"; only\n# comments\n"),
        "\"account\",\"balance\"\n\"total\",\"0\"\n"
    );
    // Tags with empty values are tags.
    let tags = bal(
        "empty-tags.journal",
        b"2026-01-01 x  ; invoice:, due:\n    a  1 USD  ; note:\n    b\n",
    );
    assert_eq!(tags, one);
    // A 10 MB line and a 10,000-deep account name.
    let long = format!("; {}\n{TXN}", "x".repeat(10_000_000));
    assert_eq!(bal("long-line.journal", long.as_bytes()), one);
    let deep = format!(
        "2026-01-01 x\n    {}  1 USD\n    b\n",
        vec!["a"; 10_000].join(":")
    );
    assert!(bal("deep.journal", deep.as_bytes())
        .contains(&format!("\"{}\",\"1 USD\"", vec!["a"; 10_000].join(":"))));
    // 100,000 includes of the same file: every one counts, in bounded time and memory.
    fs::write(dir.join("one.journal"), TXN).unwrap();
    let many = "include one.journal\n".repeat(100_000);
    assert_eq!(
        bal("many-includes.journal", many.as_bytes()),
        "\"account\",\"balance\"\n\"a\",\"100000 USD\"\n\"b\",\"-100000 USD\"\n\"total\",\"0\"\n"
    );
}

/// Runs `arledger ARGS` in `dir` with 4 GB of address space and 20 seconds at most, so that a
/// regression that reads without end fails the test instead of hanging it or exhausting the
/// machine's memory. `stdin` is piped and held open (never closed) when given.
fn bounded(dir: &Path, args: &[&str], stdin_open: bool) -> crate::support::Run {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_arledger"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin_open {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _stdin = child.stdin.take();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("arledger {args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Issue 14: an include reads only a regular file — not `/dev/zero` (which filled memory,
/// even with --no-include-outside), a named pipe or `/dev/stdin` (which waited forever) — and
/// --no-include-outside refuses before anything is opened.
#[test]
fn includes_read_regular_files_only() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.journal"))
        .status()
        .unwrap();
    assert!(fifo.success());
    for (include, what, flags) in [
        ("/dev/zero", "a character device", &[][..]),
        ("pipe.journal", "a named pipe", &[][..]),
        ("/dev/stdin", "a named pipe", &[][..]),
        (
            "pipe.journal",
            "a named pipe",
            &["--no-include-outside"][..],
        ),
    ] {
        fs::write(dir.join("main.journal"), format!("include {include}\n")).unwrap();
        let r = bounded(
            dir,
            &[&["check", "-f", "main.journal"], flags].concat(),
            true,
        );
        assert_eq!(r.code, 1, "{include}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "main.journal:1:9: error[E0001]: cannot read {include}: it is {what}, not a regular file\n"
            )),
            "{include}: {}",
            r.stderr
        );
    }
    fs::write(dir.join("main.journal"), "include /dev/zero\n").unwrap();
    let r = bounded(
        dir,
        &["check", "-f", "main.journal", "--no-include-outside"],
        false,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "main.journal:1:9: error[E0001]: /dev/zero is outside the journal's directory"
        ),
        "{}",
        r.stderr
    );
    // On the command line a pipe is fine (that is how `-f /dev/stdin` reads a pipeline); a
    // device is not.
    let r = bounded(dir, &["check", "-f", "/dev/zero"], false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "/dev/zero:1:1: error[E0001]: cannot read /dev/zero: it is a character device, not a regular file\n"
        ),
        "{}",
        r.stderr
    );
    let r = crate::support::arledger_with_stdin(
        &["balance", "-f", "/dev/stdin", "-O", "csv"],
        Some(TXN),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"a\",\"1 USD\""), "{}", r.stdout);
}

/// Issue 14: an include chain 3,000 deep overflowed the stack (SIGABRT). Includes nest at
/// most 200 deep; deeper is error E0106 at the include, naming the chain.
#[test]
fn include_chains_nest_at_most_200_deep() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let chain = |depth: usize| {
        for i in 0..depth - 1 {
            fs::write(
                dir.join(format!("f{i}.journal")),
                format!("include f{}.journal\n", i + 1),
            )
            .unwrap();
        }
        fs::write(dir.join(format!("f{}.journal", depth - 1)), TXN).unwrap();
    };
    chain(200);
    let r = bounded(dir, &["balance", "-f", "f0.journal", "-O", "csv"], false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"a\",\"1 USD\""), "{}", r.stdout);
    chain(3_000);
    let r = bounded(dir, &["check", "-f", "f0.journal"], false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "f199.journal:1:9: error[E0106]: includes nested more than 200 deep: f200.journal is not read
  1 | include f200.journal
    |         ^^^^^^^^^^^^
    = expected: a flatter include tree, e.g. a main file that includes the others
    = note: files: f0.journal -> f1.journal -> f2.journal -> f3.journal -> … 193 more … -> f197.journal -> f198.journal -> f199.journal -> f200.journal

1 error, 0 warnings
"
    );
}
