//! Replays every input kept under `tests/fixtures/fuzz/` (crashers the fuzz targets found,
//! minimized) through the code of both fuzz targets: none may panic any more.
//!
//! The targets' code is `fuzz/src/lib.rs`, included here as a module so that the fixtures are
//! checked by exactly what found them. Each fixture's expected outcome (an error or a clean
//! load) is asserted in `tests/cli/hostile.rs` or below.

#[path = "../../../fuzz/src/lib.rs"]
mod fuzz;

use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_crashers_no_longer_crash() {
    let files = fixtures();
    assert!(!files.is_empty(), "tests/fixtures/fuzz has the crashers");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let name = f.display().to_string();
        let parse = std::panic::catch_unwind(|| fuzz::parse(&data));
        assert!(parse.is_ok(), "the parse target panics on {name}");
        let pipeline = std::panic::catch_unwind(|| fuzz::pipeline(&data));
        assert!(pipeline.is_ok(), "the pipeline target panics on {name}");
    }
}
