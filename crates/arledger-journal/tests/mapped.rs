//! Large journal files are mapped into memory rather than read (ADR 0011): the books read the
//! same either way, and bad bytes are reported as in a read file.

use std::path::PathBuf;

use arledger_journal::{load, Code, FileBytes, FileKind, Files, Input, LoadOptions, OsFiles};

fn opts() -> LoadOptions {
    LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
}

/// A journal of more than 4 MiB (the size from which files are mapped).
fn large_journal() -> String {
    let mut text = String::from("commodity USD\n    format 1,000.00 USD\n\n");
    let mut i = 0;
    while text.len() < 5 << 20 {
        i += 1;
        text.push_str(&format!(
            "2026-01-{:02} (INV-{i}) Customer {}\n    ; invoice: INV-{i}\n    Assets:Receivable:C{}  {}.{:02} USD\n    Income:Sales\n\n",
            i % 28 + 1,
            i % 97,
            i % 97,
            i % 5000,
            i % 100
        ));
    }
    text
}

#[test]
fn a_mapped_file_reads_as_the_same_text_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.journal");
    let text = large_journal();
    std::fs::write(&path, &text).unwrap();
    assert!(matches!(
        OsFiles.read_journal(&path, FileKind::Regular).unwrap(),
        FileBytes::Mapped(_)
    ));
    let mapped = load(&[Input::Path(path.clone())], &opts());
    let read = load(
        &[Input::Text {
            path,
            text: text.clone(),
        }],
        &opts(),
    );
    assert!(mapped.diagnostics.is_empty(), "{:?}", mapped.diagnostics);
    assert_eq!(
        mapped
            .journal
            .sources
            .get(arledger_journal::SourceId(0))
            .text
            .as_str(),
        text
    );
    assert_eq!(
        format!("{:?}", mapped.journal.transactions),
        format!("{:?}", read.journal.transactions)
    );
    assert_eq!(
        format!("{:?}", mapped.journal.postings),
        format!("{:?}", read.journal.postings)
    );
}

#[test]
fn bad_bytes_in_a_mapped_file_are_reported_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("big.journal");
    let mut bytes = large_journal().into_bytes();
    let at = bytes.len() - 100;
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let loaded = load(&[Input::Path(path)], &opts());
    let encoding: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Encoding)
        .collect();
    assert_eq!(encoding.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(encoding[0].span.start as usize, at);
}

#[test]
fn small_files_and_other_stores_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.journal");
    std::fs::write(&path, "2026-01-01 t\n    a  1 USD\n    b\n").unwrap();
    assert!(matches!(
        OsFiles.read_journal(&path, FileKind::Regular).unwrap(),
        FileBytes::Read(_)
    ));
}
