//! Parallel parsing gives exactly the model sequential parsing gives.

use std::path::{Path, PathBuf};

use arledger_journal::{load, Input, Journal, LoadOptions, Loaded};

fn dump(l: &Loaded) -> String {
    let j: &Journal = &l.journal;
    let names = |it: Vec<&str>| it.join("|");
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}\n{}\n{}\n{:?}\n{:?}\n{:?}\n{:?}",
        j.transactions,
        j.postings,
        j.extras,
        j.notes,
        j.tags,
        j.prices,
        j.account_decls,
        j.account_info,
        j.commodity_info,
        names(j.accounts.iter().map(|(_, n)| n).collect()),
        names(j.commodities.iter().map(|(_, n)| n).collect()),
        names(j.tag_names.iter().map(|(_, n)| n).collect()),
        j.directives,
        j.periodic,
        l.diagnostics,
        l.open_at_end,
    )
}

fn both(path: &Path, chunks: usize) -> (String, String) {
    let input = [Input::Path(path.to_path_buf())];
    let base = LoadOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        ..LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    };
    let seq = load(
        &input,
        &LoadOptions {
            parallel_min: usize::MAX,
            ..base.clone()
        },
    );
    let par = load(
        &input,
        &LoadOptions {
            parallel_min: 0,
            chunks,
            ..base
        },
    );
    (dump(&seq), dump(&par))
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn demo_journal_parses_the_same_in_parallel() {
    for chunks in [2, 3, 7, 50] {
        let (seq, par) = both(&repo("journals/demo.journal"), chunks);
        assert!(seq.len() > 1000);
        assert_eq!(seq, par, "{chunks} chunks");
    }
}

#[test]
fn state_changes_and_errors_mid_file_fall_back_to_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
commodity 1.000,00 EUR
2026-01-01 a
    x  1.000 EUR
    y
2026-01-02 bad
    x  1 USD
    y  2 USD
year 2025
2026-01-03 b
    x  2.000,5 EUR  ; invoice: A-1
    y
01/04 yearless
    x  3 EUR
    y
alias y=z
2026-01-05 c
    x  4 EUR
    y
comment
2026-01-06 hidden
    x  5 EUR
    y
end comment
2026-01-07 d
    x  6 EUR
    y
include other.journal
2026-01-08 e
    x  7 EUR
    y
";
    std::fs::write(dir.path().join("main.journal"), text).unwrap();
    std::fs::write(
        dir.path().join("other.journal"),
        "2026-02-01 other\n    x  8 EUR\n    y\n",
    )
    .unwrap();
    for chunks in 2..12 {
        let (seq, par) = both(&dir.path().join("main.journal"), chunks);
        assert_eq!(seq, par, "{chunks} chunks");
    }
}

/// Runs `text` through both parsers for many chunk counts.
fn same_for_all_chunks(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.journal");
    std::fs::write(&path, text).unwrap();
    for chunks in 2..16 {
        let (seq, par) = both(&path, chunks);
        assert_eq!(seq, par, "{chunks} chunks");
    }
}

/// A block comment holding transaction lines hides them wherever the chunks are cut: before
/// the first transaction (found by the fuzz target) and across chunk boundaries.
#[test]
fn block_comments_hide_transactions_across_chunks() {
    let txn = |d: u32| format!("2026-01-{d:02} t{d}\n    x  {d} EUR\n    y\n");
    let mut text = String::from("comment\n2026-01-01 hidden\n    x  1 EUR\n    y\nend comment\n");
    text.extend((1..10).map(txn));
    text.push_str("comment\n");
    text.extend((10..20).map(txn));
    text.push_str("end comment\n");
    text.extend((20..29).map(txn));
    text.push_str("test\n");
    text.extend((1..5).map(txn));
    same_for_all_chunks(&text);
    same_for_all_chunks("comment\n2");
}

/// The first chunk, read in place by the loader, stops as a worker would: at an `include` (the
/// included file may change how the rest reads) and at a block comment still open where the
/// chunk ends. Reading goes on in order from there, and the other chunks are not used.
#[test]
fn the_first_chunk_stops_at_an_include_or_an_open_block() {
    let txn = |d: u32| format!("2026-01-{d:02} t{d}\n    x  {d} EUR\n    y\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("other.journal"),
        "alias x=z\n2026-02-01 other\n    x  8 EUR\n    y\n",
    )
    .unwrap();
    // An include right after the first transaction: in the first chunk however many there are.
    let mut included = txn(1);
    included.push_str("include other.journal\n");
    included.extend((2..29).map(txn));
    // A block comment from the first transaction to the last: every cut falls inside it.
    let mut hidden = txn(1);
    hidden.push_str("comment\n");
    hidden.extend((2..28).map(txn));
    hidden.push_str("end comment\n");
    hidden.push_str(&txn(28));
    for text in [included, hidden] {
        let path = dir.path().join("main.journal");
        std::fs::write(&path, &text).unwrap();
        for chunks in 2..16 {
            let (seq, par) = both(&path, chunks);
            assert_eq!(seq, par, "{chunks} chunks");
        }
    }
}

/// A file that ends inside a block comment says so whichever chunk the block starts in (writers
/// close it before appending): the worker that meets it leaves it to the main reader.
#[test]
fn a_block_comment_left_open_at_the_end_is_noted_across_chunks() {
    let txn = |d: u32| format!("2026-01-{d:02} t{d}\n    x  {d} EUR\n    y\n");
    let mut text: String = (1..29).map(txn).collect();
    text.push_str("test\n");
    text.extend((1..5).map(txn));
    same_for_all_chunks(&text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.journal");
    std::fs::write(&path, &text).unwrap();
    let (_, par) = both(&path, 4);
    assert!(par.ends_with("block_comment: Some(\"end test\"), apply_accounts: 0, aliases: 0, decimal_mark: None }]"), "{par}");
}

/// The style inferred from amounts in several chunks is the one reading in order infers: the
/// first decimal mark decides, a group separator only counts when it differs from the mark in
/// force, whichever chunk each amount is in (the first case was found by the fuzz target).
#[test]
fn inferred_styles_across_chunks() {
    same_for_all_chunks("5-4\n A  .0.USD\n5-4\n A  0USD");
    let amounts = [
        "1.000.000 EUR",
        "7 EUR",
        "1,5 EUR",
        "2.000,25 EUR",
        "3 000 EUR",
        "$1,000",
        "$5",
        "$1.000.000",
        "$2.5",
        "10 JPY",
        "1 000 000 JPY",
    ];
    let text: String = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| format!("2026-01-{:02} t\n    x  {a}\n    y\n", i + 1))
        .collect();
    same_for_all_chunks(&text);
}

/// The decimal-mark checks (`E0107`) see the same first uses and counts whichever chunks the
/// amounts fall in: the first amount that contradicts a commodity's mark is reported, with the
/// number of the others, and `P` prices apart as warnings.
#[test]
fn decimal_mark_checks_across_chunks() {
    let amounts = [
        "$1.000.000",
        "1,234.56 USD",
        "7 USD @ 1.5 EUR",
        "1728,00 USD",
        "1.000.000 EUR",
        "2.000,25 EUR",
        "1,000 USD",
        "$2.50",
        "164,30 USD",
        "$3.000.000",
    ];
    let mut text: String = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| format!("2026-01-{:02} t\n    x  {a}\n    y\n", i + 1))
        .collect();
    text.push_str("P 2026-02-01 EUR 1,085 USD\nP 2026-02-02 EUR 1,2 USD\n");
    let loaded = arledger_journal::parse_str(&text);
    let e0106: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code.id() == "E0107")
        .map(|d| format!("{:?} {}", d.severity, d.notes.join(" | ")))
        .collect();
    assert_eq!(e0106.len(), 4, "{e0106:#?}");
    assert!(e0106[0].contains("did you mean $1000000?"), "{}", e0106[0]);
    assert!(e0106[0].contains("1 more amount"), "{}", e0106[0]);
    assert!(e0106[1].contains("did you mean 1,5 EUR?"), "{}", e0106[1]);
    assert!(e0106[2].contains("2 more amounts"), "{}", e0106[2]);
    assert!(e0106[3].starts_with("Warning"), "{}", e0106[3]);
    assert!(e0106[3].contains("1 more price"), "{}", e0106[3]);
    same_for_all_chunks(&text);
}

/// Loading tells its progress, and ends at the total, with workers and without.
#[test]
fn progress_reaches_the_total_in_order_and_in_parallel() {
    use std::sync::{Arc, Mutex};
    let entry = "2026-01-05 * (INV-1) Acme Corp | Design work\n    Assets:Receivable:Acme  500.00 USD\n    Income:Services\n\n";
    let text = entry.repeat(3 * (1 << 20) / entry.len());
    for parallel_min in [usize::MAX, 0] {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let loaded = load(
            &[Input::Text {
                path: PathBuf::from("big.journal"),
                text: text.clone(),
            }],
            &LoadOptions {
                parallel_min,
                chunks: 4,
                progress: Some(arledger_journal::progress::Progress::new(
                    move |done, total| log.lock().unwrap().push((done, total)),
                )),
                ..LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            },
        );
        assert!(!loaded.has_errors());
        let seen = seen.lock().unwrap();
        let total = text.len() as u64;
        // A report per mebibyte or so, and the last one at the total.
        assert!(seen.len() >= 3, "{parallel_min}: {seen:?}");
        assert_eq!(seen.last(), Some(&(total, total)), "{parallel_min}");
        assert!(seen.iter().all(|&(d, t)| d <= t && t == total));
    }
}

/// Loads `path` in order, and with chunks reused from `cache`: the same journal.
fn same_with_reuse(path: &Path, cache: &arledger_journal::ChunkCache) {
    let base = LoadOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        ..LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    };
    let input = [Input::Path(path.to_path_buf())];
    let seq = load(
        &input,
        &LoadOptions {
            parallel_min: usize::MAX,
            ..base.clone()
        },
    );
    let reused = load(
        &input,
        &LoadOptions {
            parallel_min: 0,
            reuse: Some(cache.clone()),
            ..base
        },
    );
    assert_eq!(dump(&seq), dump(&reused), "{}", path.display());
}

/// Chunks kept from earlier loads and reused at their new place give the journal a fresh load
/// gives, whatever was edited: every line of each journal changed in turn (a character added,
/// the line removed, a transaction inserted before it), then the text as it was.
#[test]
fn reused_chunks_read_like_a_fresh_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("other.journal"),
        "2026-02-01 other\n    x  8 EUR\n    y\n",
    )
    .unwrap();
    let mut texts = vec![
        std::fs::read_to_string(repo("journals/demo.journal")).unwrap(),
        std::fs::read_to_string(repo("tests/fixtures/core/small.journal")).unwrap(),
        "commodity 1.000,00 EUR\n2026-01-01 a\n    x  1.000 EUR\n    y\nyear 2025\n01/04 yearless\n    x  3 EUR\n    y\nalias y=z\n2026-01-05 c\n    x  4 EUR\n    y\ncomment\n2026-01-06 hidden\n    x  5 EUR\n    y\nend comment\n2026-01-07 d\n    x  6 EUR  = 30 EUR\n    y\ninclude other.journal\n2026-01-08 e\n    x  7 EUR\n    y\n".to_string(),
    ];
    let many: String = (1..200)
        .map(|i| format!("2026-01-{:02} * (INV-{i}) t{i}\n    ; invoice: INV-{i}\n    a:{}  {i}.5{} EUR\n    b\n", i % 28 + 1, i % 7, i % 3))
        .collect();
    texts.push(many);
    let path = dir.path().join("main.journal");
    for text in texts {
        let cache = arledger_journal::ChunkCache::new(256);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let step = (lines.len() / 40).max(1);
        for k in (0..lines.len()).step_by(step) {
            let edits = [
                format!(
                    "{}x{}",
                    lines[k].trim_end_matches('\n'),
                    if lines[k].ends_with('\n') { "\n" } else { "" }
                ),
                String::new(),
                format!("2026-01-09 new\n    x  1 EUR\n    y\n{}", lines[k]),
            ];
            for edit in edits {
                let mut edited = lines.clone();
                edited[k] = &edit;
                std::fs::write(&path, edited.concat()).unwrap();
                same_with_reuse(&path, &cache);
            }
            std::fs::write(&path, &text).unwrap();
            same_with_reuse(&path, &cache);
        }
    }
}
