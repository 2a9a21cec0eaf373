//! Differential test against hledger 1.25 (issue 15 item 11): `balance -O csv` and
//! `register -O csv` must equal hledger's after the normalisation documented in
//! docs/hledger-compatibility.md, over combinations of query, period and flag on the demo
//! journal and on journals of ../shared/peer-journals-hledger. Skipped, with a message, when
//! hledger (or the shared corpus) is not there.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{arledger, have, root};

/// The combinations run on the demo journal.
const DEMO_CASES: &[&[&str]] = &[
    &["bal"],
    &["bal", "receivable"],
    &["bal", "-M", "receivable"],
    &["bal", "-Q", "income"],
    &["bal", "-Y"],
    &["bal", "-W", "checking", "-p", "2026q1"],
    &["bal", "-D", "checking", "-p", "2026-03"],
    &["bal", "-Q", "-H", "receivable"],
    &["bal", "-M", "-H", "checking", "-b", "2026-04"],
    &["bal", "-M", "--invert", "income"],
    &["bal", "--invert", "income"],
    &["bal", "--depth", "1"],
    &["bal", "--depth", "2", "-Q"],
    &["bal", "-M", "-E", "receivable:acme"],
    &["bal", "-p", "last month", "--today", "2026-07-10"],
    &["bal", "-p", "q2", "--today", "2026-07-10", "income"],
    &["bal", "-p", "monthly in 2026", "expenses"],
    &["bal", "-p", "from 2026-02 to 2026-05", "receivable"],
    &["bal", "-p", "2026-03..2026-06", "-M", "receivable"],
    &[
        "bal",
        "-b",
        "2026-11-15",
        "-e",
        "2026-12-05",
        "-M",
        "checking",
    ],
    &[
        "bal",
        "-p",
        "every 2 weeks from 2026-01-01 to 2026-03-01",
        "checking",
    ],
    &["bal", "--pivot", "invoice", "receivable"],
    &["bal", "--pivot", "invoice", "-Q", "receivable"],
    &["bal", "-B"],
    &["bal", "-X", "USD", "receivable"],
    &["bal", "-V", "-M", "receivable"],
    &["bal", "desc:acme", "-M"],
    &["bal", "cur:EUR", "-Q"],
    &["bal", "not:receivable", "-Y", "assets"],
    &["bal", "date:2026q3", "income"],
    &["bal", "-C", "-M", "checking"],
    &["bal", "-U", "checking"],
    &["bal", "amt:>5000", "-Q"],
    &["reg", "receivable"],
    &["reg", "-M", "receivable"],
    &["reg", "-Q", "--depth", "2", "income"],
    &["reg", "-M", "--depth", "1"],
    &["reg", "-Y", "expenses"],
    &["reg", "-W", "checking", "-p", "2026-02"],
    &[
        "reg",
        "-p",
        "last month",
        "--today",
        "2026-07-10",
        "checking",
    ],
    &["reg", "-p", "jan", "--today", "2026-07-10"],
    &["reg", "--invert", "income", "-p", "2026q1"],
    &["reg", "--depth", "2", "receivable", "-p", "2026-02"],
    &["reg", "-M", "--invert", "income"],
    &["reg", "-B", "cobalt"],
    &["reg", "-V", "cobalt"],
    &["reg", "desc:acme"],
    &[
        "reg",
        "-M",
        "--pivot",
        "invoice",
        "receivable",
        "-p",
        "2026q1",
    ],
    &["reg", "cur:EUR", "-Q"],
    &["reg", "payee:gusto", "-p", "2026q2"],
];

/// Cases of ../shared/peer-journals-hledger/cases (each a directory with a `journal`)
/// compared with `bal`, `reg`, `bal -M` and `reg -Y`: aliases, lots, forecasts and automated
/// postings (ignored without --auto, as in hledger), costs.
const PEER_CASES: &[&str] = &[
    "hledger-examples-investing-investment-gains-balancing.journal",
    "hledger-examples-shared-finances-household2.journal",
    "hledger-test-account-aliases-b05",
    "hledger-test-account-aliases-b16",
    "hledger-test-account-aliases-b19",
    "hledger-test-account-aliases-b20",
    "hledger-test-balance-balance-b07",
    "hledger-test-balancesheet-b09",
    "hledger-test-check-lots-b04",
    "hledger-test-commodity-aliases-b13",
    "hledger-test-forecast-b02",
    "hledger-test-forecast-b03",
    "hledger-test-forecast-b08",
    "hledger-test-forecast-b10",
    "hledger-test-journal-auto-postings-b01",
    "hledger-test-journal-auto-postings-b03",
    "hledger-test-journal-auto-postings-b08",
    "hledger-test-journal-auto-postings-b09",
    "hledger-test-journal-auto-postings-b10",
    "hledger-test-journal-auto-postings-b11",
];

/// `arledger`'s or hledger's CSV, normalised as docs/hledger-compatibility.md says: the CSV
/// formula guard (a `'` before a field starting with `-`, `+`, `=` or `@`) removed; in the
/// one-column `balance`, an account row per commodity (hledger joins them with `, `); and
/// the account rows of `balance` sorted (hledger lists declared accounts in declaration
/// order).
fn normalise(command: &str, csv: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let one_column = csv.starts_with("\"account\",\"balance\"\n");
    for l in csv.lines().map(|l| l.replace("\"'", "\"")) {
        match l.split_once("\",\"") {
            Some((account, cell)) if one_column && !l.starts_with("\"total\"") => {
                let cell = cell.trim_end_matches('"');
                for amount in cell.split(", ") {
                    lines.push(format!("{account}\",\"{amount}\""));
                }
            }
            _ => lines.push(l),
        }
    }
    if command != "bal" || lines.len() < 2 {
        return lines.join("\n");
    }
    let (head, rest) = lines.split_at(1);
    let (mut rows, total): (Vec<String>, Vec<String>) = rest
        .iter()
        .cloned()
        .partition(|l| !l.starts_with("\"total\""));
    rows.sort();
    [head.to_vec(), rows, total].concat().join("\n")
}

fn hledger(file: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("hledger")
        .current_dir(root())
        .args(["-f", file])
        .args(args)
        .args(["-O", "csv"])
        .env_remove("LEDGER_FILE")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Compares one combination; the problem, if any.
fn compare(file: &str, args: &[&str]) -> Option<String> {
    let theirs = hledger(file, args)?;
    let mut ours_args = vec![args[0], "-f", file];
    ours_args.extend_from_slice(&args[1..]);
    ours_args.extend(["-O", "csv"]);
    let r = arledger(&ours_args);
    let (a, b) = (normalise(args[0], &theirs), normalise(args[0], &r.stdout));
    (r.code != 0 || a != b).then(|| {
        format!(
            "{file} {args:?}: exit {}\n--- hledger\n{a}\n--- arledger\n{b}\n{}",
            r.code, r.stderr
        )
    })
}

#[test]
fn balance_and_register_csv_equal_hledgers() {
    if !have("hledger") {
        eprintln!("hledger_diff: hledger is not installed; skipped");
        return;
    }
    let mut failures: Vec<String> = DEMO_CASES
        .iter()
        .filter_map(|args| compare("journals/demo.journal", args))
        .collect();
    let shared: PathBuf = root().join("../shared/peer-journals-hledger/cases");
    if shared.is_dir() {
        for case in PEER_CASES {
            let file = shared.join(case).join("journal");
            let file = file.to_str().expect("UTF-8 path");
            for args in [&["bal"][..], &["reg"], &["bal", "-M"], &["reg", "-Y"]] {
                failures.extend(compare(file, args));
            }
        }
    } else {
        eprintln!(
            "hledger_diff: no {}; peer journals skipped",
            shared.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
