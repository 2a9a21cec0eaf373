//! The formatter never changes what a journal means and is idempotent: `parse(fmt(x))` equals
//! `parse(x)` (spans aside: [`meaning`]) and `fmt(fmt(x)) == fmt(x)`, on every journal of the
//! peer corpus (../shared/peer-journals*, when present), the fixtures, the shipped journals and
//! generated ones. Every file of a journal is formatted, includes too.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arledger_journal::fmt::{format_source, meaning, Layout};
use arledger_journal::{load, load_from, parse_str, Input, LoadOptions, Loaded, Overlay, SourceId};
use proptest::prelude::*;

fn options() -> LoadOptions {
    LoadOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        ..LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }
}

/// Each source read as it is on disk (not invalid UTF-8 shown with replacement characters),
/// with its canonical path.
fn formattable(loaded: &Loaded) -> Vec<(SourceId, PathBuf)> {
    loaded
        .journal
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let canonical = std::fs::canonicalize(&s.path).ok()?;
            let bytes = std::fs::read(&canonical).ok()?;
            (bytes == s.text.as_bytes()).then_some((SourceId(i as u32), canonical))
        })
        .collect()
}

/// Checks both properties on the journal `path` (with its includes); the error says which
/// file and what differs.
fn check_journal(path: &Path, layout: &Layout) -> Result<(), String> {
    let inputs = [Input::Path(path.to_path_buf())];
    let before = load(&inputs, &options());
    let mut formatted = Overlay::new();
    for (id, canonical) in formattable(&before) {
        formatted.set(canonical, format_source(&before, id, layout));
    }
    let after = load_from(Arc::new(formatted), &inputs, &options());
    let (m1, m2) = (meaning(&before), meaning(&after));
    if m1 != m2 {
        let first = m1
            .lines()
            .zip(m2.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("before: {a}\nafter:  {b}"))
            .unwrap_or_else(|| "one description is longer".into());
        return Err(format!("{}: meaning changed\n{first}", path.display()));
    }
    for (id, _) in formattable(&before) {
        let once = &after.journal.sources.get(id).text;
        let twice = format_source(&after, id, layout);
        if **once != twice {
            return Err(format!(
                "{}: not idempotent on {}",
                path.display(),
                after.journal.sources.get(id).path.display()
            ));
        }
    }
    Ok(())
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `*.journal` under `dir`, recursively.
fn journals_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            journals_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "journal") {
            out.push(p);
        }
    }
}

/// Runs `check_journal` over `paths` on every core; fails listing every failure.
fn check_all(paths: &[PathBuf], layout: &Layout) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failures: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<_> = paths
            .chunks(paths.len().div_ceil(threads).max(1))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|p| check_journal(p, layout).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks
            .into_iter()
            .flat_map(|h| h.join().expect("no panic"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} journals:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}

#[test]
fn fixtures_and_shipped_journals() {
    let mut paths = Vec::new();
    journals_under(&workspace().join("tests/fixtures"), &mut paths);
    journals_under(&workspace().join("journals"), &mut paths);
    assert!(paths.len() > 20, "fixtures not found");
    check_all(&paths, &Layout::default());
    // A narrow column puts every amount against its account: the other extreme.
    check_all(
        &paths,
        &Layout {
            amount_column: 1,
            indent: 2,
        },
    );
}

#[test]
fn peer_corpus() {
    let shared = std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"));
    let mut paths = Vec::new();
    for corpus in ["peer-journals", "peer-journals-hledger"] {
        let Ok(cases) = std::fs::read_dir(shared.join(corpus).join("cases")) else {
            continue;
        };
        paths.extend(cases.flatten().map(|c| c.path().join("journal")));
    }
    if paths.is_empty() {
        eprintln!(
            "skipped: no peer corpus at {} (set SHARED_DIR)",
            shared.display()
        );
        return;
    }
    paths.sort();
    check_all(&paths, &Layout::default());
}

/// Spaces and tabs, at least `min` characters.
fn space(min: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => Just(' '), 1 => Just('\t')], min..min + 4)
        .prop_map(|v| v.into_iter().collect())
}

fn trailing() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 1 => space(1)]
}

fn amount() -> impl Strategy<Value = String> {
    let number = (
        0u64..2_000_000,
        prop_oneof![Just(0u32), Just(2), Just(3)],
        any::<bool>(),
    )
        .prop_map(|(n, scale, group)| {
            let int = (n / 10u64.pow(scale)).to_string();
            let int = if group && int.len() > 3 {
                let mut s = String::new();
                for (i, c) in int.chars().enumerate() {
                    if i > 0 && (int.len() - i) % 3 == 0 {
                        s.push(',');
                    }
                    s.push(c);
                }
                s
            } else {
                int
            };
            match scale {
                0 => int,
                s => format!("{int}.{:0width$}", n % 10u64.pow(s), width = s as usize),
            }
        });
    (number, any::<bool>(), 0..4usize).prop_map(|(n, neg, c)| {
        let sign = if neg { "-" } else { "" };
        match c {
            0 => format!("{sign}{n} USD"),
            1 => format!("${sign}{n}"),
            2 => format!("{sign}{n} EUR @ 1.25 USD"),
            _ => format!("{sign}{n}"),
        }
    })
}

fn comment_line() -> impl Strategy<Value = String> {
    (
        space(1),
        prop_oneof![
            Just("; a note"),
            Just("; invoice: INV-7"),
            Just(";due: 2026-03-01"),
            Just("; :tagged:")
        ],
        trailing(),
    )
        .prop_map(|(i, c, t)| format!("{i}{c}{t}"))
}

fn posting() -> impl Strategy<Value = String> {
    (
        space(1),
        prop_oneof![Just(""), Just("* "), Just("!"), Just("*\t")],
        prop_oneof![
            Just("Assets:Receivable:Acme"),
            Just("Income"),
            Just("(Budget:Food)"),
            Just("Assets:Bank Account"),
            Just("a")
        ],
        space(2),
        prop::option::of(amount()),
        prop::option::of(Just("  = 5 USD")),
        prop::option::of(Just("  ; same line: x")),
        trailing(),
        prop::collection::vec(comment_line(), 0..2),
    )
        .prop_map(|(i, mark, acc, sep, amt, assert, c, t, comments)| {
            let mut s = format!("{i}{mark}{acc}");
            if let Some(a) = amt {
                s.push_str(&sep);
                s.push_str(&a);
            }
            if let (Some(a), None) = (assert, c) {
                s.push_str(a);
            }
            s.push_str(c.unwrap_or(""));
            s.push_str(&t);
            for c in comments {
                s.push('\n');
                s.push_str(&c);
            }
            s
        })
}

fn entry() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (
            1u32..28,
            prop_oneof![Just(""), Just(" *"), Just(" ! (INV-7)")],
            prop::collection::vec(comment_line(), 0..2),
            prop::collection::vec(posting(), 1..4),
            trailing(),
        )
            .prop_map(|(d, mark, comments, postings, t)| {
                let mut s = format!("2026-01-{d:02}{mark} Acme | work{t}");
                for l in comments.iter().chain(&postings) {
                    s.push('\n');
                    s.push_str(l);
                }
                s
            }),
        1 => (space(1), space(0)).prop_map(|(a, b)| {
            format!("account Assets:Receivable:Acme\n{a}; terms: net30\n{b}\tnote the note")
        }),
        1 => space(1).prop_map(|i| format!("commodity $\n{i}format $1,000.00")),
        1 => trailing().prop_map(|t| format!("; a top comment{t}\n# another{t}")),
        1 => space(1).prop_map(|i| format!("comment\n{i}2026-01-01 x   \n{i}  a  1\nend comment")),
        1 => Just("P 2026-01-01 EUR 1.10 USD".to_string()),
        1 => space(0).prop_map(|s| format!("~ monthly  rent\n{s}  Expenses:Rent  100 USD\n  Assets")),
        1 => space(1).prop_map(|s| format!("{s}; indented top comment")),
    ]
}

fn journal() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                entry(),
                prop_oneof![Just("\n"), Just("\n\n"), Just("\n \t\n")],
            ),
            0..8,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(entries, crlf, last_break)| {
            let mut s: String = entries.into_iter().map(|(e, sep)| e + sep).collect();
            if !last_break {
                s.pop();
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_journals(text in journal(), column in 1usize..70) {
        let layout = Layout { amount_column: column, indent: 4 };
        let before = parse_str(&text);
        let once = format_source(&before, SourceId(0), &layout);
        let after = parse_str(&once);
        prop_assert_eq!(meaning(&before), meaning(&after));
        prop_assert_eq!(format_source(&after, SourceId(0), &layout), once);
    }
}
