//! `arledger lsp` end to end: the binary over its standard input and output (lsp-types
//! messages), and Neovim's own LSP client driving it (tests/editor/nvim-lsp.lua).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use lsp_types::notification::{
    DidOpenTextDocument, Exit, Initialized, Notification, PublishDiagnostics,
};
use lsp_types::request::{HoverRequest, Initialize, Request, Shutdown};
use lsp_types::{
    DidOpenTextDocumentParams, HoverParams, InitializeParams, Position, TextDocumentIdentifier,
    TextDocumentItem, TextDocumentPositionParams, Url,
};
use serde_json::{json, Value};

use crate::support::root;

/// The fixture books copied into a fresh directory (tests edit them).
fn books() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["books.journal", "sales.journal"] {
        std::fs::copy(
            root().join("tests/fixtures/lsp").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    dir
}

fn send(to: &mut impl Write, msg: &Value) {
    let body = msg.to_string();
    write!(to, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    to.flush().unwrap();
}

fn receive(from: &mut impl BufRead) -> Value {
    let mut len = 0;
    loop {
        let mut header = String::new();
        assert!(
            from.read_line(&mut header).unwrap() > 0,
            "the server hung up"
        );
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            len = n.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    from.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn request<R: Request>(id: i64, params: R::Params) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": R::METHOD, "params": params})
}

fn notification<N: Notification>(params: N::Params) -> Value {
    json!({"jsonrpc": "2.0", "method": N::METHOD, "params": params})
}

/// Reads messages until the answer to request `id`, collecting the diagnostics published.
fn answer(from: &mut impl BufRead, id: i64, published: &mut Vec<Value>) -> Value {
    loop {
        let msg = receive(from);
        if msg["method"] == PublishDiagnostics::METHOD {
            published.push(msg["params"].clone());
        } else if msg["id"] == id {
            assert!(msg.get("error").is_none(), "{msg}");
            return msg["result"].clone();
        }
    }
}

#[test]
fn the_server_speaks_lsp_over_standard_input_and_output() {
    let dir = books();
    let journal = dir.path().join("books.journal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_arledger"))
        .args(["lsp", "--today", "2026-03-10", "-f"])
        .arg(&journal)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut published = Vec::new();
    let init: InitializeParams = serde_json::from_value(json!({"capabilities": {}})).unwrap();
    send(&mut input, &request::<Initialize>(1, init));
    let caps = answer(&mut output, 1, &mut published);
    assert_eq!(caps["capabilities"]["textDocumentSync"], 2, "{caps}");
    send(
        &mut input,
        &notification::<Initialized>(lsp_types::InitializedParams {}),
    );
    // An unsaved, broken version of the books: its diagnostic is published.
    let url = Url::from_file_path(journal.canonicalize().unwrap()).unwrap();
    let text = std::fs::read_to_string(&journal).unwrap() + "\n2026-03-09 x\n    a  1 USD\n";
    send(
        &mut input,
        &notification::<DidOpenTextDocument>(DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(url.clone(), "ledger".into(), 1, text),
        }),
    );
    let hover = HoverParams {
        text_document_position_params: TextDocumentPositionParams::new(
            TextDocumentIdentifier::new(url.clone()),
            Position::new(22, 12),
        ),
        work_done_progress_params: Default::default(),
    };
    send(&mut input, &request::<HoverRequest>(2, hover));
    let hover = answer(&mut output, 2, &mut published);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("**Acme Corp** · customer Acme"), "{hover}");
    let mine: Vec<&Value> = published
        .iter()
        .filter(|p| p["uri"] == url.as_str())
        .collect();
    let last = mine.last().expect("diagnostics for the document");
    assert_eq!(last["diagnostics"][0]["code"], "E0201", "{last}");
    assert_eq!(last["diagnostics"][0]["range"]["start"]["line"], 29);
    send(&mut input, &request::<Shutdown>(3, ()));
    answer(&mut output, 3, &mut published);
    send(&mut input, &notification::<Exit>(()));
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{stderr}");
}

/// Neovim's built-in LSP client starts the server on the books and, through it: the
/// diagnostic of a broken posting typed in, completion of open invoices after `invoice: `,
/// the hover text of an invoice reference, go to definition landing on the invoice's line.
#[test]
fn neovim_drives_the_server() {
    let Ok(version) = Command::new("nvim").arg("--version").output() else {
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    };
    assert!(version.status.success());
    let dir = books();
    let result = dir.path().join("result.txt");
    // `timeout`: a Neovim that never reached its `qa!` must not hang the suite.
    let status = Command::new("timeout")
        .args(["300", "nvim", "--headless", "--clean", "-n", "-u"])
        .arg(root().join("tests/editor/nvim-lsp.lua"))
        .env("ARLEDGER_BIN", env!("CARGO_BIN_EXE_arledger"))
        .env("JOURNAL", dir.path().join("books.journal"))
        .env("RESULT", &result)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env_remove("ARLEDGER_FILE")
        .env_remove("LEDGER_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let outcome = std::fs::read_to_string(&result).unwrap_or_else(|_| {
        format!(
            "nvim wrote no result (exit {:?}): {}",
            status.status.code(),
            String::from_utf8_lossy(&status.stderr)
        )
    });
    assert_eq!(
        outcome,
        "ok\n",
        "{}",
        Path::new("tests/editor/nvim-lsp.lua").display()
    );
}
