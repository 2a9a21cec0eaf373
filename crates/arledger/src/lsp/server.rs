//! The server: documents the editor has open, the journals they belong to, and the answers to
//! the editor's requests.
//!
//! One thread (lsp-server's reader) reads messages; this one handles them in order. Edits only
//! mark the journals stale: once no message is waiting (or before a request is answered, so
//! that answers are about the text the editor has), every stale journal is read again with the
//! open documents' text in place of their files, and its diagnostics are published.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arledger_journal::fmt::Layout;
use arledger_journal::{ChunkCache, Overlay, SourceId};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, Url,
};
use serde_json::Value;

use super::analysis::{Analysis, Settings};
use super::{actions, complete, convert, navigate};
use crate::config::Config;

/// What the server tells the editor it can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// A document open in the editor.
struct Document {
    /// Its file (canonical when it exists).
    path: PathBuf,
    /// The text the editor has (shared with the reading in progress, copied on write).
    text: Arc<String>,
}

/// The server's state.
pub struct Server<'g> {
    g: &'g Config,
    settings: Settings,
    /// Journals named at start (`-f`, $ARLEDGER_FILE, `initializationOptions.journal`): every
    /// document is read as part of them.
    configured: Vec<PathBuf>,
    /// Journals started by opening a document that no journal read.
    opened: Vec<PathBuf>,
    documents: HashMap<Url, Document>,
    analyses: Vec<Analysis>,
    /// Per journal, the chunks of its large files from the last reading.
    kept: HashMap<PathBuf, ChunkCache>,
    stale: bool,
    /// Files diagnostics were last published for.
    published: HashSet<Url>,
}

impl<'g> Server<'g> {
    /// A server for journals `configured` (absolute paths; none: each document opened starts
    /// one, unless a journal already reads it).
    pub fn new(g: &'g Config, settings: Settings, configured: Vec<PathBuf>) -> Server<'g> {
        Server {
            g,
            settings,
            configured,
            opened: Vec::new(),
            documents: HashMap::new(),
            analyses: Vec::new(),
            kept: HashMap::new(),
            stale: true,
            published: HashSet::new(),
        }
    }

    /// Answers messages until the editor shuts the server down (or closes its input).
    pub fn run(&mut self, conn: &Connection) -> Result<(), String> {
        let failed = |e: &dyn std::fmt::Display| e.to_string();
        while let Ok(first) = conn.receiver.recv() {
            let mut next = Some(first);
            while let Some(msg) = next.take() {
                match msg {
                    Message::Request(req) => {
                        if conn.handle_shutdown(&req).map_err(|e| failed(&e))? {
                            return Ok(());
                        }
                        self.refresh(conn)?;
                        let response = self.request(req);
                        conn.sender.send(response.into()).map_err(|e| failed(&e))?;
                    }
                    Message::Notification(n) => self.notification(n),
                    Message::Response(_) => {}
                }
                next = conn.receiver.try_recv().ok();
            }
            self.refresh(conn)?;
        }
        Ok(())
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let Some(path) = convert::path(&p.text_document.uri) else {
                    return;
                };
                self.documents.insert(
                    p.text_document.uri,
                    Document {
                        path,
                        text: Arc::new(p.text_document.text),
                    },
                );
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let Some(doc) = self.documents.get_mut(&p.text_document.uri) else {
                    return;
                };
                let text = Arc::make_mut(&mut doc.text);
                for change in p.content_changes {
                    match change.range {
                        Some(r) => {
                            let start = convert::offset(text, r.start);
                            let end = convert::offset(text, r.end).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                        None => *text = change.text,
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    if let Some(doc) = self.documents.remove(&p.text_document.uri) {
                        self.opened.retain(|r| *r != doc.path);
                    }
                }
            }
            // The saved text is the text the editor had: nothing changes.
            DidSaveTextDocument::METHOD => return,
            _ => return,
        }
        self.stale = true;
    }

    /// Reads the journals again if anything changed, and publishes their diagnostics.
    fn refresh(&mut self, conn: &Connection) -> Result<(), String> {
        if !self.stale {
            return Ok(());
        }
        self.stale = false;
        self.analyse();
        self.publish(conn)
    }

    /// Reads every journal with the open documents' text.
    fn analyse(&mut self) {
        let mut overlay = Overlay::new();
        for doc in self.documents.values() {
            overlay.set(doc.path.clone(), doc.text.clone());
        }
        let files = Arc::new(overlay);
        let mut roots = self.configured.clone();
        roots.extend(self.opened.iter().cloned());
        self.kept.retain(|root, _| roots.contains(root));
        let (g, settings, kept) = (self.g, &self.settings, &mut self.kept);
        self.analyses = roots
            .into_iter()
            .map(|root| {
                let cache = kept.entry(root.clone()).or_default().clone();
                Analysis::new(g, root, files.clone(), &cache, settings)
            })
            .collect();
        // A document no journal reads starts one of its own; one that a journal read from
        // elsewhere now reads is no longer a journal of its own.
        let mut started = false;
        for doc in self.documents.values() {
            if !self
                .analyses
                .iter()
                .any(|a| a.source_of(&doc.path).is_some())
            {
                self.opened.push(doc.path.clone());
                let cache = self.kept.entry(doc.path.clone()).or_default().clone();
                self.analyses.push(Analysis::new(
                    self.g,
                    doc.path.clone(),
                    files.clone(),
                    &cache,
                    &self.settings,
                ));
                started = true;
            }
        }
        if !started {
            let analyses = &self.analyses;
            self.opened.retain(|root| {
                !analyses
                    .iter()
                    .any(|a| a.root != *root && a.source_of(root).is_some())
            });
            let opened = &self.opened;
            let configured = &self.configured;
            self.analyses
                .retain(|a| configured.contains(&a.root) || opened.contains(&a.root));
        }
    }

    /// Publishes the diagnostics of every file of every journal (none for files whose
    /// diagnostics went away).
    fn publish(&mut self, conn: &Connection) -> Result<(), String> {
        let mut by_file: HashMap<Url, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for a in &self.analyses {
            let sources = &a.loaded.journal.sources;
            for path in &a.paths {
                if let Some(url) = convert::url(path) {
                    by_file.entry(url).or_default();
                }
            }
            for d in &a.diagnostics {
                let Some(url) = convert::url(&a.paths[d.span.source.0 as usize]) else {
                    continue;
                };
                let d = convert::diagnostic(sources, d);
                let list = by_file.entry(url).or_default();
                if !list.contains(&d) {
                    list.push(d);
                }
            }
        }
        for url in self.published.drain() {
            by_file.entry(url).or_default();
        }
        for (url, diagnostics) in by_file {
            if !diagnostics.is_empty() {
                self.published.insert(url.clone());
            }
            let params = PublishDiagnosticsParams::new(url, diagnostics, None);
            conn.sender
                .send(Notification::new(PublishDiagnostics::METHOD.into(), params).into())
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The journal that reads `url`'s file, and the source it is there: a configured journal
    /// first, then one started from another file, then the file's own.
    fn locate(&self, url: &Url) -> Option<(&Analysis, SourceId)> {
        let path = convert::path(url)?;
        let mut found: Vec<(&Analysis, SourceId)> = self
            .analyses
            .iter()
            .filter_map(|a| Some((a, a.source_of(&path)?)))
            .collect();
        found.sort_by_key(|(a, _)| (!self.configured.contains(&a.root), a.root == path));
        found.into_iter().next()
    }

    /// `locate` and the byte offset of a position.
    fn at(&self, p: &TextDocumentPositionParams) -> Option<(&Analysis, SourceId, usize)> {
        let (a, sid) = self.locate(&p.text_document.uri)?;
        let offset = convert::offset(&a.loaded.journal.sources.get(sid).text, p.position);
        Some((a, sid, offset))
    }

    fn layout(&self, a: &Analysis) -> Layout {
        crate::fmt_config::layout_for(&a.root).unwrap_or_default()
    }

    fn request(&self, req: Request) -> Response {
        let id = req.id.clone();
        let result: Result<Value, String> = match req.method.as_str() {
            Completion::METHOD => parse::<lsp_types::CompletionParams>(req).map(|p| {
                let items = self
                    .at(&p.text_document_position)
                    .map(|(a, sid, off)| complete::completion(a, sid, off))
                    .unwrap_or_default();
                json(lsp_types::CompletionResponse::Array(items))
            }),
            HoverRequest::METHOD => parse::<lsp_types::HoverParams>(req).map(|p| {
                json(
                    self.at(&p.text_document_position_params)
                        .and_then(|(a, sid, off)| navigate::hover(a, sid, off)),
                )
            }),
            GotoDefinition::METHOD => parse::<lsp_types::GotoDefinitionParams>(req).map(|p| {
                json(
                    self.at(&p.text_document_position_params)
                        .and_then(|(a, sid, off)| navigate::definition(a, sid, off))
                        .map(lsp_types::GotoDefinitionResponse::Scalar),
                )
            }),
            Formatting::METHOD => parse::<lsp_types::DocumentFormattingParams>(req).map(|p| {
                json(
                    self.locate(&p.text_document.uri)
                        .map(|(a, sid)| actions::formatting(a, sid, &self.layout(a))),
                )
            }),
            CodeActionRequest::METHOD => parse::<lsp_types::CodeActionParams>(req).map(|p| {
                let actions = self
                    .locate(&p.text_document.uri)
                    .map(|(a, sid)| {
                        let text = &a.loaded.journal.sources.get(sid).text;
                        let offset = convert::offset(text, p.range.start);
                        actions::code_actions(a, sid, offset, &p.text_document.uri, &self.layout(a))
                    })
                    .unwrap_or_default();
                json(
                    actions
                        .into_iter()
                        .map(lsp_types::CodeActionOrCommand::CodeAction)
                        .collect::<Vec<_>>(),
                )
            }),
            other => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("arledger lsp does not answer {other}"),
                )
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
        }
    }
}

fn parse<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, String> {
    serde_json::from_value(req.params).map_err(|e| e.to_string())
}

fn json(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The journal named by the editor's `initializationOptions` (`{"journal": "PATH"}`), relative
/// paths against the workspace root.
pub fn journal_option(params: &lsp_types::InitializeParams) -> Option<PathBuf> {
    let path = params
        .initialization_options
        .as_ref()?
        .get("journal")?
        .as_str()?;
    let path = Path::new(path);
    if path.is_absolute() {
        return Some(path.to_path_buf());
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    Some(root.unwrap_or_default().join(path))
}

/// The server's name and version, for the editor.
pub fn info() -> ServerInfo {
    ServerInfo {
        name: "arledger".into(),
        version: Some(env!("CARGO_PKG_VERSION").into()),
    }
}
