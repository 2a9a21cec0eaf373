//! Writes a generated journal of one of the shapes that once took quadratic time to standard
//! output, for `bench/compare.sh` and manual timing:
//!
//! ```text
//! cargo run --release -p arledger-report --example gen_shape -- customers 200000 > c.journal
//! ```
//!
//! Shapes: `customers N` (N declared customers), `fifo N` (one customer, N invoices and N
//! untagged payments), `commodities N` (N commodities).

#[path = "../benches/shapes/mod.rs"]
mod shapes;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [name, n] => n.parse::<usize>().ok().and_then(|n| shapes::shape(name, n)),
        _ => None,
    };
    let Some(text) = parsed else {
        eprintln!(
            "usage: gen_shape SHAPE N   (SHAPE: {})",
            shapes::SHAPES.join(", ")
        );
        return ExitCode::from(2);
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_shape: {e}");
            ExitCode::from(1)
        }
    }
}
