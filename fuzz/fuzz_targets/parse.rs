//! Fuzz target `parse`: see `arledger_fuzz::parse`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| arledger_fuzz::parse(data));
