//! The server, driven through an in-memory connection with lsp-types messages, on the fixture
//! books in tests/fixtures/lsp (the end-to-end tests run the binary over its standard input and
//! output, and Neovim).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::notification::{
    DidChangeTextDocument, DidOpenTextDocument, Exit, Initialized, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, Initialize, Shutdown,
};
use lsp_types::{
    Position, Range, TextDocumentContentChangeEvent, TextDocumentIdentifier, TextDocumentItem,
    TextDocumentPositionParams, TextEdit, Url, VersionedTextDocumentIdentifier,
};
use serde_json::{json, Value};

use super::{serve, Settings};
use crate::args::Cli;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/lsp")
        .join(name)
        .canonicalize()
        .expect("fixture")
}

/// The editor's side of a connection.
struct Client {
    conn: Connection,
    next: i32,
    /// The last diagnostics published per file.
    diagnostics: HashMap<Url, Vec<lsp_types::Diagnostic>>,
}

impl Client {
    fn handle(&mut self, msg: Message) -> Option<lsp_server::Response> {
        match msg {
            Message::Response(r) => Some(r),
            Message::Notification(n) if n.method == PublishDiagnostics::METHOD => {
                let p: lsp_types::PublishDiagnosticsParams =
                    serde_json::from_value(n.params).unwrap();
                self.diagnostics.insert(p.uri, p.diagnostics);
                None
            }
            _ => None,
        }
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), R::METHOD.into(), params).into())
            .unwrap();
        loop {
            let msg = self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(30))
                .expect("an answer");
            if let Some(r) = self.handle(msg) {
                assert_eq!(r.id, id);
                assert!(r.error.is_none(), "{:?}", r.error);
                return r.result.unwrap_or(Value::Null);
            }
        }
    }

    fn notify<N: lsp_types::notification::Notification>(&mut self, params: N::Params) {
        self.conn
            .sender
            .send(Notification::new(N::METHOD.into(), params).into())
            .unwrap();
    }

    /// Reads what the server sent until it has been quiet for a moment.
    fn settle(&mut self) {
        while let Ok(msg) = self.conn.receiver.recv_timeout(Duration::from_millis(300)) {
            self.handle(msg);
        }
    }

    fn open(&mut self, path: &Path) -> Url {
        let url = Url::from_file_path(path).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        self.notify::<DidOpenTextDocument>(lsp_types::DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(url.clone(), "ledger".into(), 1, text),
        });
        url
    }

    fn change(&mut self, url: &Url, range: Range, text: &str) {
        self.notify::<DidChangeTextDocument>(lsp_types::DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(url.clone(), 2),
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: text.into(),
            }],
        });
    }

    fn at(url: &Url, line: u32, character: u32) -> TextDocumentPositionParams {
        TextDocumentPositionParams::new(
            TextDocumentIdentifier::new(url.clone()),
            Position::new(line, character),
        )
    }
}

/// Runs the server (reading `journal`, or the documents opened when none) and `test` as its
/// editor.
fn with_server(journal: Option<PathBuf>, test: impl FnOnce(&mut Client)) {
    let cli = Cli::try_parse_from(["arledger", "--today", "2026-03-10", "lsp"]).unwrap();
    let config = crate::config::Config::new(&cli).unwrap();
    let (server, client) = Connection::memory();
    std::thread::scope(|s| {
        let g = &config;
        let handle = s.spawn(move || {
            let settings = Settings {
                receivable_root: "Assets:Receivable".into(),
                options: g.load.clone(),
            };
            serve(&server, g, settings, journal.into_iter().collect())
        });
        let mut c = Client {
            conn: client,
            next: 0,
            diagnostics: HashMap::new(),
        };
        let init: lsp_types::InitializeParams = serde_json::from_value(json!({
            "capabilities": {}
        }))
        .unwrap();
        let result = c.request::<Initialize>(init);
        assert_eq!(result["serverInfo"]["name"], "arledger");
        assert_eq!(result["capabilities"]["hoverProvider"], true);
        c.notify::<Initialized>(lsp_types::InitializedParams {});
        test(&mut c);
        c.request::<Shutdown>(());
        c.notify::<Exit>(());
        handle.join().unwrap().unwrap();
    });
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn diagnostics_follow_the_edits_across_includes() {
    with_server(Some(fixture("books.journal")), |c| {
        let books = c.open(&fixture("books.journal"));
        c.settle();
        let sales = Url::from_file_path(fixture("sales.journal")).unwrap();
        assert_eq!(c.diagnostics.get(&books), Some(&vec![]));
        assert_eq!(c.diagnostics.get(&sales), Some(&vec![]));

        // A broken posting, typed: an error on its line, at once.
        let text = std::fs::read_to_string(fixture("books.journal")).unwrap();
        let last = lines(&text).len() as u32 - 1;
        let end = Position::new(last, 27);
        c.change(&books, Range::new(end, end), "  12..0 USD");
        c.settle();
        let d = &c.diagnostics[&books];
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].range.start.line, last);
        assert_eq!(
            d[0].code,
            Some(lsp_types::NumberOrString::String("E0103".into()))
        );
        assert!(d[0].message.contains("12..0"), "{}", d[0].message);

        // Fixed again: the diagnostics go.
        c.change(&books, Range::new(end, Position::new(last, 27 + 11)), "");
        c.settle();
        assert_eq!(c.diagnostics.get(&books), Some(&vec![]));

        // An unsaved edit to the included file is read, and reported there.
        let sales_doc = c.open(&fixture("sales.journal"));
        let sales_text = std::fs::read_to_string(fixture("sales.journal")).unwrap();
        let col = lines(&sales_text)[2].find("1,000.00").unwrap() as u32;
        c.change(
            &sales_doc,
            Range::new(Position::new(2, col), Position::new(2, col + 8)),
            "1,100.00",
        );
        c.settle();
        assert!(c.diagnostics[&sales].is_empty(), "elided amounts balance");
        c.change(
            &sales_doc,
            Range::new(Position::new(3, 19), Position::new(3, 19)),
            "  -1,000.00 USD",
        );
        c.settle();
        let d = &c.diagnostics[&sales];
        assert_eq!(
            d[0].code,
            Some(lsp_types::NumberOrString::String("E0201".into())),
            "{d:?}"
        );
    });
}

#[test]
fn completion_offers_open_invoices_in_an_invoice_tag() {
    with_server(None, |c| {
        let books = c.open(&fixture("books.journal"));
        let text = std::fs::read_to_string(fixture("books.journal")).unwrap();
        let line = lines(&text).len() as u32;
        let tail = Position::new(line, 0);
        c.change(&books, Range::new(tail, tail), "        ; invoice: ");
        let result = c.request::<Completion>(lsp_types::CompletionParams {
            text_document_position: Client::at(&books, line, 19),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
            context: None,
        });
        let items: Vec<lsp_types::CompletionItem> = serde_json::from_value(result).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        // INV-1 is paid (PMT-1), INV-3 too (by PMT-2, applied oldest due first); Birch's
        // invoice first: the cursor is in Birch's payment.
        assert_eq!(labels, ["INV-4", "INV-2"]);
        let detail = items[0].detail.as_deref().unwrap();
        assert!(
            detail.contains("200.00 USD open, due 2026-03-07") && detail.contains("Birch Books"),
            "{detail}"
        );
        // Accounts in a posting, with customers marked.
        c.change(
            &books,
            Range::new(tail, Position::new(line, 19)),
            "    Assets:Rec",
        );
        let result = c.request::<Completion>(lsp_types::CompletionParams {
            text_document_position: Client::at(&books, line, 14),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
            context: None,
        });
        let items: Vec<lsp_types::CompletionItem> = serde_json::from_value(result).unwrap();
        let acme = items
            .iter()
            .find(|i| i.label == "Assets:Receivable:Acme")
            .expect("the customer account");
        assert_eq!(acme.detail.as_deref(), Some("customer Acme Corp"));
    });
}

#[test]
fn hover_shows_invoices_and_customers() {
    with_server(Some(fixture("books.journal")), |c| {
        let books = c.open(&fixture("books.journal"));
        let text = std::fs::read_to_string(fixture("books.journal")).unwrap();
        let tag_line = lines(&text)
            .iter()
            .position(|l| l.contains("; invoice: INV-1"))
            .unwrap() as u32;
        let hover = c.request::<HoverRequest>(lsp_types::HoverParams {
            text_document_position_params: Client::at(&books, tag_line, 21),
            work_done_progress_params: Default::default(),
        });
        let value = hover["contents"]["value"].as_str().unwrap();
        for part in [
            "**INV-1** · invoice of Acme Corp",
            "| date | 2026-01-10 |",
            "| due | 2026-02-09 |",
            "| original | 1,000.00 USD |",
            "| open | 0.00 USD |",
            "| status | paid",
            "- 2026-03-01 payment 1,000.00 USD (PMT-1, books.journal:23)",
        ] {
            assert!(value.contains(part), "{part} in\n{value}");
        }
        let account_line = lines(&text)
            .iter()
            .position(|l| l.starts_with("account Assets:Receivable:Acme"))
            .unwrap() as u32;
        let hover = c.request::<HoverRequest>(lsp_types::HoverParams {
            text_document_position_params: Client::at(&books, account_line, 12),
            work_done_progress_params: Default::default(),
        });
        let value = hover["contents"]["value"].as_str().unwrap();
        for part in [
            "**Acme Corp** · customer Acme",
            "| balance | 2,500.00 USD |",
            "| overdue | 2,500.00 USD (at 2026-03-10) |",
            "| credit limit | 5000 USD |",
            "| terms | net30 |",
            "| credit status | ok |",
        ] {
            assert!(value.contains(part), "{part} in\n{value}");
        }
    });
}

/// A customer on credit hold says so in its hover, with the reason, and the books' `[credit]`
/// policy counts (§7.2).
#[test]
fn hover_on_a_customer_shows_its_credit_hold() {
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books.journal");
    std::fs::write(
        &books,
        "account Assets:Receivable:Birch  ; customer: Birch Ltd, credit-hold: yes\n\
         account Assets:Receivable:Cobalt  ; customer: Cobalt Labs, terms: net15\n\n\
         2026-01-02 * (INV-88) Cobalt Labs\n    Assets:Receivable:Cobalt  650.00 USD\n    Income:Services\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("arledger.toml"),
        "[credit]\nhold-days = 30\n",
    )
    .unwrap();
    with_server(Some(books.clone()), |c| {
        let url = c.open(&books);
        let mut status = |line: u32| {
            let hover = c.request::<HoverRequest>(lsp_types::HoverParams {
                text_document_position_params: Client::at(&url, line, 12),
                work_done_progress_params: Default::default(),
            });
            let value = hover["contents"]["value"].as_str().unwrap().to_string();
            value
                .lines()
                .find(|l| l.starts_with("| credit status |"))
                .unwrap_or_else(|| panic!("{value}"))
                .to_string()
        };
        assert_eq!(status(0), "| credit status | hold (manual) |");
        // Due on 2026-01-17: 52 days overdue on 2026-03-10, more than 30.
        assert_eq!(status(1), "| credit status | hold (overdue) |");
        // A policy that does not read leaves the status unknown, and says where.
        std::fs::write(
            dir.path().join("arledger.toml"),
            "[credit]\nhold-days = -1\n",
        )
        .unwrap();
        let unknown = status(1);
        assert!(
            unknown.starts_with("| credit status | unknown: ")
                && unknown.contains("arledger.toml:2:"),
            "{unknown}"
        );
    });
}

#[test]
fn definition_goes_to_the_invoice_and_the_account_directive() {
    with_server(Some(fixture("books.journal")), |c| {
        let books = c.open(&fixture("books.journal"));
        let text = std::fs::read_to_string(fixture("books.journal")).unwrap();
        let tag_line = lines(&text)
            .iter()
            .position(|l| l.contains("; invoice: INV-1"))
            .unwrap() as u32;
        let at = c.request::<GotoDefinition>(lsp_types::GotoDefinitionParams {
            text_document_position_params: Client::at(&books, tag_line, 22),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        let loc: lsp_types::Location = serde_json::from_value(at).unwrap();
        assert_eq!(
            loc.uri,
            Url::from_file_path(fixture("sales.journal")).unwrap()
        );
        assert_eq!(loc.range.start, Position::new(0, 0));
        let at = c.request::<GotoDefinition>(lsp_types::GotoDefinitionParams {
            text_document_position_params: Client::at(&books, tag_line - 1, 10),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        let loc: lsp_types::Location = serde_json::from_value(at).unwrap();
        assert_eq!(loc.uri, books);
        let decl = lines(&text)
            .iter()
            .position(|l| *l == "account Assets:Receivable:Acme")
            .unwrap() as u32;
        assert_eq!(loc.range.start, Position::new(decl, 0));
    });
}

/// Applies non-overlapping edits (sorted from the end) to `text`.
fn apply(text: &str, mut edits: Vec<TextEdit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_string();
    for e in edits {
        let start = super::convert::offset(&out, e.range.start);
        let end = super::convert::offset(&out, e.range.end);
        out.replace_range(start..end, &e.new_text);
    }
    out
}

#[test]
fn formatting_is_fmt() {
    with_server(None, |c| {
        let url = c.open(&fixture("books.journal"));
        c.change(
            &url,
            Range::new(Position::new(21, 0), Position::new(21, 4)),
            "\t",
        );
        let edits = c.request::<Formatting>(lsp_types::DocumentFormattingParams {
            text_document: TextDocumentIdentifier::new(url.clone()),
            options: Default::default(),
            work_done_progress_params: Default::default(),
        });
        let edits: Vec<TextEdit> = serde_json::from_value(edits).unwrap();
        assert_eq!(edits.len(), 1, "{edits:?}");
        assert_eq!(
            edits[0].new_text,
            "    Assets:Bank:Checking                    1,000.00 USD"
        );
    });
}

#[test]
fn an_untagged_payment_is_applied_to_the_oldest_invoices() {
    with_server(Some(fixture("books.journal")), |c| {
        let url = c.open(&fixture("books.journal"));
        let text = std::fs::read_to_string(fixture("books.journal")).unwrap();
        let line = lines(&text).len() as u32 - 1;
        let actions = c.request::<CodeActionRequest>(lsp_types::CodeActionParams {
            text_document: TextDocumentIdentifier::new(url.clone()),
            range: Range::new(Position::new(line, 6), Position::new(line, 6)),
            context: Default::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        let actions: Vec<lsp_types::CodeAction> = serde_json::from_value(actions).unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(
            actions[0].title,
            "Apply to oldest open invoices: INV-3 (400.00 USD), INV-4 (300.00 USD)"
        );
        let edits = actions[0].edit.as_ref().unwrap().changes.as_ref().unwrap()[&url].clone();
        let new = apply(&text, edits);
        assert!(new.ends_with(
            "    Assets:Receivable:Birch  -400.00 USD  ; invoice: INV-3\n    Assets:Receivable:Birch  -300.00 USD  ; invoice: INV-4\n"
        ), "{new}");
        // The books say the same: same balances, same open items.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("books.journal"), &new).unwrap();
        std::fs::copy(fixture("sales.journal"), dir.path().join("sales.journal")).unwrap();
        let l = arledger_journal::load(
            &[arledger_journal::Input::Path(
                dir.path().join("books.journal"),
            )],
            &arledger_journal::LoadOptions::at(
                chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            ),
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let ar = arledger_report::ar::open_items(
            &l.journal,
            &arledger_report::ar::ArOptions {
                root: "Assets:Receivable".into(),
                as_of: chrono::NaiveDate::MAX,
            },
        );
        let open: Vec<String> = ar
            .items
            .iter()
            .map(|it| format!("{} {}", it.reference(&l.journal), it.open))
            .collect();
        assert_eq!(
            open,
            ["INV-1 0.00", "INV-2 2500.00", "INV-3 0.00", "INV-4 200.00"]
        );
        // A tagged payment has no such action.
        let actions = c.request::<CodeActionRequest>(lsp_types::CodeActionParams {
            text_document: TextDocumentIdentifier::new(url.clone()),
            range: Range::new(Position::new(line - 5, 6), Position::new(line - 5, 6)),
            context: Default::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        assert_eq!(actions, json!([]));
    });
}
