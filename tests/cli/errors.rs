//! Broken journals under tests/fixtures/errors/: one per error kind, message snapshots.
