//! Fuzz target `pipeline`: see `arledger_fuzz::pipeline`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| arledger_fuzz::pipeline(data));
