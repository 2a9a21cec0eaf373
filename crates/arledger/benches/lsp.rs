//! How long the editor waits for fresh diagnostics after a one-line edit: `arledger lsp` (the
//! release binary) on a generated AR journal of 100,000 transactions open in the "editor",
//! one `didChange` of one line, timed until the `publishDiagnostics` for that document
//! arrives, over the real standard input and output. Run with `cargo bench -p arledger`; CI
//! only builds it. The target (issue 19) is 100 ms; docs/performance.md has the numbers.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};

/// An AR journal of `n` transactions: customers with terms, invoices with their income
/// elided, and every third transaction a payment naming the customer's latest invoice.
fn journal(n: usize) -> String {
    let customers = 500;
    let mut s = String::with_capacity(n * 160);
    s.push_str("commodity USD\n    format 1,000.00 USD\n\naccount Assets:Bank:Checking\n    ; type: C\naccount Income:Services\n    ; type: R\n");
    for c in 0..customers {
        let _ = write!(
            s,
            "account Assets:Receivable:C{c:03}\n    ; customer: Customer {c}\n    ; terms: net30\n"
        );
    }
    let mut last = vec![None; customers];
    for i in 0..n {
        let c = (i * 7919) % customers;
        let date = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap()
            + chrono::Days::new((i * 3650 / n) as u64);
        let cents = 10_000 + (i * 104_729) % 900_000;
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        match (i % 3, last[c].take()) {
            (0, Some((inv, paid))) => {
                let _ = write!(
                    s,
                    "\n{date} * (PMT-{i}) Customer {c} | Payment\n    Assets:Bank:Checking  {paid} USD\n    Assets:Receivable:C{c:03}  -{paid} USD  ; invoice: INV-{inv}\n"
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "\n{date} * (INV-{i}) Customer {c} | Work\n    ; invoice: INV-{i}\n    Assets:Receivable:C{c:03}  {amount} USD\n    Income:Services\n"
                );
                last[c] = Some((i, amount));
            }
        }
    }
    s
}

struct Server {
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Server {
    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut header = String::new();
            assert!(self.output.read_line(&mut header).unwrap() > 0);
            match header.trim_end() {
                "" => break,
                h => {
                    if let Some(n) = h.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
            }
        }
        let mut body = vec![0; len];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Waits for the diagnostics of `uri`; returns how many there are.
    fn diagnostics(&mut self, uri: &str) -> usize {
        loop {
            let m = self.receive();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.journal");
    let text = journal(100_000);
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.canonicalize().unwrap().display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_arledger"))
        .args(["lsp", "--today", "2026-06-30", "-f"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut server = Server {
        input: child.stdin.take().unwrap(),
        output: BufReader::new(child.stdout.take().unwrap()),
    };
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    while server.receive()["id"] != 1 {}
    server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "ledger", "version": 1, "text": text}}}),
    );
    let clean = server.diagnostics(&uri);
    // The line edited: a posting amount half way through the file.
    let (line, col, old) = text
        .lines()
        .enumerate()
        .skip(text.lines().count() / 2)
        .find_map(|(i, l)| {
            let at = l.find("  ")?;
            (l.starts_with("    Assets:Receivable:") && !l.contains('-'))
                .then(|| (i, at + 2, l[at + 2..].to_string()))
        })
        .unwrap();
    let mut version = 1;
    let mut current = old.clone();
    let mut edit = |server: &mut Server, new: &str| {
        version += 1;
        server.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": col},
                "end": {"line": line, "character": col + current.len()}},
                "text": new}]}}),
        );
        current = new.to_string();
        server.diagnostics(&uri)
    };
    let mut g = c.benchmark_group("lsp");
    g.sample_size(20).measurement_time(Duration::from_secs(20));
    // A valid edit (the invoice's amount) and back: the AR rules run every time.
    let changed = old.replacen('.', "1.", 1);
    g.bench_function("one-line edit, 100k transactions, valid", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for k in 0..iters {
                let new = if k % 2 == 0 { &changed } else { &old };
                let t = Instant::now();
                let n = edit(&mut server, new);
                total += t.elapsed();
                assert_eq!(n, clean);
            }
            if iters % 2 == 1 {
                edit(&mut server, &old);
            }
            total
        })
    });
    // A broken amount and back: the error appears, then goes.
    let broken = old.replacen('.', "..", 1);
    g.bench_function("one-line edit, 100k transactions, error and fix", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for k in 0..iters {
                let (new, want) = if k % 2 == 0 {
                    (&broken, clean + 1)
                } else {
                    (&old, clean)
                };
                let t = Instant::now();
                let n = edit(&mut server, new);
                total += t.elapsed();
                assert_eq!(n, want);
            }
            if iters % 2 == 1 {
                edit(&mut server, &old);
            }
            total
        })
    });
    g.finish();
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    while server.receive()["id"] != 2 {}
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();
}

criterion_group!(benches, bench);
criterion_main!(benches);
