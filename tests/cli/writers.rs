//! Writers that never lose, misplace or bend a line of the books (issue 13): concurrent
//! writers, appends after whatever the file ends with, links and ownership, modes of new
//! files, one file per thing, hostile names, validation before writing, stale temporary
//! files, and a site that is replaced whole or not at all.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{arledger, arledger_env, have, ok, root};

const DATE: &str = "--date=2026-03-31";

/// A copy of `journals/collections.journal`, with `tail` appended, in a new directory.
fn books(tail: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    let text = fs::read_to_string(root().join("journals/collections.journal")).unwrap();
    fs::write(&path, format!("{text}{tail}")).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Starts `arledger ARGS` without waiting for it.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_arledger"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("arledger runs")
}

fn finish(child: std::process::Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Records the reminder due for one customer.
fn remind<'a>(path: &'a str, customer: &'a str) -> Vec<&'a str> {
    vec!["dunning", "-f", path, DATE, customer, "--record"]
}

/// Records Lumen's reminder with a late fee of `rule`.
fn remind_lumen_with_fee(path: &Path, rule: &str) -> crate::support::Run {
    let mut args = remind(s(path), "Lumen");
    args.extend(["--late-fees", rule]);
    arledger(&args)
}

fn check_passes(path: &Path) {
    let r = arledger(&["check", "-f", s(path), "--today=2026-04-01"]);
    assert_eq!(r.code, 0, "check: {}", r.stderr);
}

#[test]
fn concurrent_writers_lose_nothing() {
    for round in 0..50 {
        let (_dir, path) = books("");
        let before = fs::read_to_string(&path).unwrap().len();
        let a = spawn(&remind(s(&path), "Lumen"));
        let b = spawn(&remind(s(&path), "Pinnacle"));
        let (ca, ea) = finish(a);
        let (cb, eb) = finish(b);
        assert_eq!((ca, cb), (0, 0), "round {round}: {ea}\n{eb}");
        let text = fs::read_to_string(&path).unwrap();
        let added = &text[before..];
        for item in ["INV-2014", "INV-2016"] {
            assert_eq!(
                added.matches(&format!("; reminder: {item}")).count(),
                1,
                "round {round}: the reminder for {item} was lost"
            );
        }
    }
}

#[test]
fn a_close_and_a_dunning_run_at_once_both_land() {
    for round in 0..20 {
        let (_dir, path) = books("");
        let before = fs::read_to_string(&path).unwrap().len();
        let close = spawn(&["close", "-f", s(&path), "2026-02", "--today=2026-04-01"]);
        let dun = spawn(&remind(s(&path), "Lumen"));
        let (cc, ec) = finish(close);
        let (cd, ed) = finish(dun);
        assert_eq!((cc, cd), (0, 0), "round {round}: {ec}\n{ed}");
        let text = fs::read_to_string(&path).unwrap();
        let added = &text[before..];
        assert_eq!(added.matches("; closed: 2026-02").count(), 1, "{round}");
        assert_eq!(added.matches("; reminder: INV-2014").count(), 1, "{round}");
    }
    let (_dir, path) = books("");
    check_passes(&path);
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_says_so_and_writes_nothing() {
    let (dir, path) = books("");
    let before = fs::read(&path).unwrap();
    // Another process holds the directory's lock (flock, as arledger's writers do).
    let mut holder = Command::new("flock")
        .args([s(dir.path()), "sleep", "5"])
        .spawn()
        .expect("flock (util-linux) runs");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let r = arledger_env(
        &remind(s(&path), "Lumen"),
        &[("ARLEDGER_LOCK_TIMEOUT", "0.5")],
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("waiting for another arledger"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// Whether the reminder for INV-2014 (Lumen) is recorded, as the journal reads now.
fn lumen_reminded(path: &Path) -> bool {
    let again = ok(&["dunning", "-f", s(path), DATE, "Lumen", "--dry-run"]);
    again.contains("No reminder is due")
}

#[test]
fn appends_after_an_unterminated_block_comment_are_not_swallowed() {
    let (_dir, path) = books("\ncomment\nnotes that run to the end of the file\n");
    let r = arledger(&remind(s(&path), "Lumen"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(lumen_reminded(&path), "the reminder landed in the comment");
    check_passes(&path);
    peers_see(&path, "Assets:Receivable:Lumen", "4450.00 USD");

    // Entries printed for `>> books.journal` start by closing the block too.
    let (_dir, path) = books("\ncomment\nnotes");
    let emitted = ok(&[
        "writeoff",
        "-f",
        s(&path),
        DATE,
        "--older-than",
        "90",
        "--emit-journal",
    ]);
    assert!(emitted.starts_with("end comment\n"), "{emitted}");
    let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut f, format!("\n{emitted}").as_bytes()).unwrap();
    drop(f);
    check_passes(&path);
    let aging = ok(&["aging", "-f", s(&path), DATE, "-O", "csv", "--detail"]);
    assert!(!aging.contains("INV-1962"), "{aging}");

    // The close record is seen too: editing the closed month afterwards fails the check.
    let (_dir, path) = books("\ncomment\nnever closed");
    ok(&["close", "-f", s(&path), "2026-02", "--today=2026-04-01"]);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        format!("{text}\n2026-02-15 * Backdated\n    Assets:Receivable:Lumen  10.00 USD\n    Income:Consulting\n"),
    )
    .unwrap();
    let r = arledger(&["check", "-f", s(&path), "--today=2026-04-01"]);
    assert_eq!(r.code, 1, "the close seal is invisible: {}", r.stderr);
    assert!(r.stderr.contains("is closed"), "{}", r.stderr);
}

#[test]
fn appends_after_apply_account_book_to_the_right_accounts() {
    let (_dir, path) = books("\napply account X\n");
    let r = remind_lumen_with_fee(&path, "25 USD at level 3");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("end apply account\n"), "{text}");
    // The fee raised Lumen's invoice, not an account below X.
    let aging = ok(&["aging", "-f", s(&path), DATE, "-O", "csv", "--detail"]);
    assert!(aging.contains("Lumen,INV-2014"), "{aging}");
    assert!(aging.contains("2875.00"), "{aging}");
    let bal = ok(&["balance", "-f", s(&path), "X"]);
    assert!(bal.trim().is_empty() || bal.contains("0"), "{bal}");
    check_passes(&path);
    peers_see(&path, "Assets:Receivable:Lumen", "4475.00 USD");
}

#[test]
fn an_alias_that_would_move_the_entries_is_refused_and_nothing_is_written() {
    let (_dir, path) = books("\nalias Assets:Receivable:Lumen = Assets:Receivable:Pinnacle\n");
    let before = fs::read(&path).unwrap();
    let r = remind_lumen_with_fee(&path, "25 USD at level 3");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("Assets:Receivable:Pinnacle") && r.stderr.contains("nothing was written"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_year_directive_a_missing_newline_and_apply_tag_at_the_end() {
    // `Y` changes only dates written without a year; entries carry full dates.
    let (_dir, path) = books("\nY 2020\n");
    ok(&remind(s(&path), "Lumen"));
    assert!(lumen_reminded(&path));
    check_passes(&path);

    // A last line without a newline is ended first.
    let (_dir, path) = books("\n; last words");
    ok(&remind(s(&path), "Lumen"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("; last words\n"), "{text}");
    assert!(lumen_reminded(&path));

    // `apply tag` is not read by arledger: the journal has an error, so nothing is written.
    let (_dir, path) = books("\napply tag client: x\n");
    let before = fs::read(&path).unwrap();
    let r = arledger(&remind(s(&path), "Lumen"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("apply tag"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_symlinked_journal_is_updated_at_its_target_and_stays_a_link() {
    let (dir, real) = books("");
    let link = dir.path().join("link.journal");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    ok(&remind(s(&link), "Lumen"));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real)
        .unwrap()
        .contains("; reminder: INV-2014"));
}

#[test]
fn hard_links_and_read_only_journals_are_refused() {
    let (dir, path) = books("");
    let before = fs::read(&path).unwrap();
    let other = dir.path().join("copy.journal");
    fs::hard_link(&path, &other).unwrap();
    let r = arledger(&remind(s(&path), "Lumen"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 hard links"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
    fs::remove_file(&other).unwrap();

    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let r = arledger(&remind(s(&path), "Lumen"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("read-only (mode 0444)"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn owner_group_and_mode_are_kept() {
    let (_dir, path) = books("");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let root_user = fs::metadata(&path).unwrap().uid() == 0;
    if root_user {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
    }
    ok(&remind(s(&path), "Lumen"));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if root_user {
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    }
}

/// Runs arledger under `umask 022`.
fn with_umask_022(args: &[&str]) {
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_arledger"))
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}");
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_letters_and_site_pages_get_the_umask_mode() {
    let (dir, path) = books("");
    let letters = dir.path().join("letters");
    with_umask_022(&["dunning", "-f", s(&path), DATE, "--out", s(&letters)]);
    let files: Vec<PathBuf> = fs::read_dir(&letters)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(mode(f), 0o644, "{}", f.display());
    }
    let site = dir.path().join("site");
    with_umask_022(&["site", "-f", s(&path), DATE, "--out", s(&site)]);
    assert_eq!(mode(&site), 0o755);
    for e in fs::read_dir(&site).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p), 0o644, "{}", p.display());
    }
}

/// Books whose customers' names and ids are hostile: ids that slug alike, a name with `;`, `|`
/// and what reads like a tag, control characters.
const HOSTILE: &str = "\
account Assets:Receivable:Evil
    ; customer: Evil | Co; resolved: INV-1
account Assets:Receivable:Acme Corp
    ; customer: Acme Corp
account Assets:Receivable:Acme.Corp
    ; customer: Acme \u{1b}[2J Dot (Corp)
account Income:Sales
account Income:Late Fees
account Expenses:Bad Debt

2026-01-02 * (INV-1) Evil Co | Widgets
    Assets:Receivable:Evil      100.00 USD
    Income:Sales

2026-01-03 * (INV-2) Acme | Widgets
    Assets:Receivable:Acme Corp      200.00 USD
    Income:Sales

2026-01-04 * (INV-3) Acme dot | Widgets
    Assets:Receivable:Acme.Corp      300.00 USD
    Income:Sales
";

#[test]
fn every_writer_on_hostile_names_leaves_books_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    fs::write(&path, HOSTILE).unwrap();
    let letters = dir.path().join("letters");
    let date = "--date=2026-04-15";
    ok(&[
        "dunning",
        "-f",
        s(&path),
        date,
        "--record",
        "--late-fees",
        "25 USD at level 3",
        "--out",
        s(&letters),
    ]);
    // One letter per customer, though two ids slug alike.
    assert_eq!(fs::read_dir(&letters).unwrap().count(), 3);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("; reminder: ").count(), 3, "{text}");
    assert_eq!(text.matches("; late-fee: ").count(), 3, "{text}");
    check_passes(&path);

    // Write-offs, appended as the docs say (`>> books.journal`).
    let emitted = ok(&[
        "writeoff",
        "-f",
        s(&path),
        "--date=2026-09-30",
        "--older-than",
        "90",
        "--emit-journal",
    ]);
    assert_eq!(emitted.matches("Write-off of").count(), 3, "{emitted}");
    let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut f, emitted.as_bytes()).unwrap();
    drop(f);
    check_passes(&path);
    ok(&["close", "-f", s(&path), "2026-01", "--today=2026-10-01"]);
    check_passes(&path);
    let aging = ok(&["aging", "-f", s(&path), "--date=2026-10-01", "-O", "csv"]);
    assert!(!aging.contains("Evil,"), "written off: {aging}");
    peers_see(&path, "Expenses:Bad Debt", "675.00 USD");
}

#[test]
fn a_late_fee_the_books_could_not_hold_is_refused_before_writing() {
    let (_dir, path) = books("");
    let before = fs::read(&path).unwrap();
    let r = remind_lumen_with_fee(&path, "40000000000000000000000000000 USD at level 3");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
    check_passes(&path);
}

#[test]
fn stale_temporary_files_are_reported_then_removed_by_the_next_writer() {
    let (dir, path) = books("");
    let stale = dir.path().join(".arledger-Xy12Ab.tmp");
    fs::write(&stale, "half a journal").unwrap();
    let r = arledger(&["check", "-f", s(&path), "--today=2026-04-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("left over from an interrupted arledger write"),
        "{}",
        r.stderr
    );
    ok(&remind(s(&path), "Lumen"));
    assert!(!stale.exists());
}

/// Every file of a directory, by name, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_site_that_fails_midway_leaves_the_previous_site_whole() {
    let (dir, path) = books("");
    let site = dir.path().join("site");
    ok(&["site", "-f", s(&path), DATE, "--out", s(&site)]);
    let before = tree(&site);
    let r = arledger_env(
        &[
            "site",
            "-f",
            s(&path),
            "--date=2026-03-30",
            "--out",
            s(&site),
        ],
        &[("ARLEDGER_FAIL_WRITE", "write@3")],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("customers.html"), "{}", r.stderr);
    assert!(
        r.stderr.contains("previous site is unchanged"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&site), before);
    // Nothing but the books and the site is left in the directory.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    // A directory holding other files is never replaced.
    let r = arledger(&["site", "-f", s(&path), DATE, "--out", s(dir.path())]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did not write"), "{}", r.stderr);
}

#[test]
fn a_site_on_a_full_disk_leaves_the_previous_site_whole() {
    // A real full disk: a small tmpfs (needs root, as CI runs; skipped with a message else).
    let mnt = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=200k", "tmpfs", s(mnt.path())])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs (not root)");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let (_dir, path) = books("");
        let site = mnt.path().join("site");
        ok(&["site", "-f", s(&path), DATE, "--out", s(&site)]);
        let before = tree(&site);
        // Fill the disk, leaving too little for a second site.
        let filler = mnt.path().join("filler");
        let free = 200 * 1024 - before.iter().map(|(_, b)| b.len()).sum::<usize>();
        let _ = fs::write(&filler, vec![b'x'; free.saturating_sub(20 * 1024)]);
        let r = arledger(&["site", "-f", s(&path), DATE, "--out", s(&site)]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("previous site is unchanged"),
            "{}",
            r.stderr
        );
        assert_eq!(tree(&site), before);
    });
    let _ = Command::new("umount").arg(mnt.path()).status();
    result.unwrap();
}

/// ledger and hledger read the books, and give `account` the balance `amount`.
fn peers_see(path: &Path, account: &str, amount: &str) {
    for tool in ["ledger", "hledger"] {
        if !have(tool) {
            continue;
        }
        let o = Command::new(tool)
            .args(["-f", s(path), "bal", account])
            .output()
            .unwrap();
        // ledger groups digits (`4,450.00`), hledger does not.
        let out = String::from_utf8_lossy(&o.stdout).replace(',', "");
        assert!(
            o.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.contains(amount), "{tool} {account}: {out}");
    }
}
