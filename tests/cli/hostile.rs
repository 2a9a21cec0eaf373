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
