//! `hierc lsp`: a language server over standard input and output, on
//! rust-analyzer's synchronous pair, `lsp-server` (the protocol loop) and
//! `lsp-types` (the messages). One thread reads, one writes, and this one
//! answers, in order; nothing is printed on standard output but messages,
//! and logs go to standard error.
//!
//! Documents are checked through the library's per-file pipeline, a
//! [`Workspace`] kept for the session: the same project (`hierc.toml`),
//! schema cache, lint levels and stale-cache notes as `hierc check`. What the cursor stands on is read from the
//! text's tokens ([`context`]), so completion works on text that does not
//! parse yet.

pub mod actions;
pub mod complete;
pub mod context;
pub mod diagnostics;
pub mod goto;
pub mod hover;
pub mod names;
pub mod outline;
pub mod text;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    FileSystemWatcher, GlobPattern, InitializeParams, InitializeResult, OneOf, Registration,
    RegistrationParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri,
};
use serde_json::Value;

use crate::schema::Catalog;
use crate::source::{SourceFile, Span};
use crate::workspace::files;
use crate::workspace::Workspace;
use crate::Compilation;
use diagnostics::{absolute, uri_path};
use text::Document;

/// How often the files around open documents (`hierc.toml`, schema
/// caches) are looked at for changes, when the editor does not say.
const POLL: Duration = Duration::from_secs(1);

/// Runs the server on standard input and output until `exit`: status 0
/// after `shutdown`, 1 without.
pub fn run(schemas: Option<PathBuf>) -> ExitCode {
    let (connection, io) = Connection::stdio();
    let code = serve(connection, schemas);
    if let Err(e) = io.join() {
        eprintln!("hierc lsp: {e}");
    }
    ExitCode::from(code)
}

/// Serves one client on `connection` until `exit` or until the client goes
/// away; the exit status: 0 after `shutdown` then `exit`, else 1.
pub fn serve(connection: Connection, schemas: Option<PathBuf>) -> u8 {
    let mut server = Server {
        connection: &connection,
        docs: BTreeMap::new(),
        checked: BTreeMap::new(),
        workspace: Workspace::new(schemas),
        initialized: false,
        shutdown: false,
        stamps: BTreeMap::new(),
        next_id: 0,
    };
    server.main_loop()
}

/// What the files around a document looked like when it was last checked:
/// its `hierc.toml` and its schema cache folder, with their modification
/// times.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp(Vec<(PathBuf, Option<SystemTime>)>);

struct Server<'c> {
    connection: &'c Connection,
    docs: BTreeMap<Uri, Document>,
    /// The last check of each open document: of its text as it is, since
    /// every change is checked at once. Code actions read their fixes here.
    checked: BTreeMap<Uri, Compilation>,
    workspace: Workspace,
    initialized: bool,
    shutdown: bool,
    stamps: BTreeMap<Uri, Stamp>,
    next_id: i32,
}

/// A request's failure: its LSP error code and message.
type Failure = (ErrorCode, String);

impl Server<'_> {
    fn main_loop(&mut self) -> u8 {
        loop {
            let message = match self.connection.receiver.recv_timeout(POLL) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    self.recheck_if_changed();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    eprintln!("hierc lsp: the client went away without `exit`");
                    return 1;
                }
            };
            match message {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == notification::Exit::METHOD => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Message::Notification(n) => {
                    let method = n.method.clone();
                    let outcome = catch_unwind(AssertUnwindSafe(|| self.notification(n)));
                    if outcome.is_err() {
                        eprintln!("hierc lsp: internal error while handling `{method}`");
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The client may be gone; the loop ends when its input does.
        let _ = self.connection.sender.send(message.into());
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if req.method == request::Initialize::METHOD {
            let result = self.initialize(req.params);
            self.send(Response::new_ok(id, result));
            return;
        }
        if !self.initialized {
            let message = "the server is not initialized yet".to_string();
            self.send(Response::new_err(
                id,
                ErrorCode::ServerNotInitialized as i32,
                message,
            ));
            return;
        }
        if self.shutdown {
            let message = "the server is shutting down".to_string();
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
            return;
        }
        let method = req.method.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.answer(req)));
        let response = match outcome {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                eprintln!("hierc lsp: internal error while answering `{method}`");
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("internal error while answering `{method}`"),
                )
            }
        };
        self.send(response);
    }

    fn initialize(&mut self, params: Value) -> Value {
        let params: Option<InitializeParams> = serde_json::from_value(params).ok();
        let watch = params
            .as_ref()
            .and_then(|p| p.capabilities.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.initialized = true;
        if watch {
            self.watch_files();
        }
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(
                TextDocumentSyncKind::INCREMENTAL,
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    [">", " ", ".", "<", ",", "{", "@", "="]
                        .map(String::from)
                        .to_vec(),
                ),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(actions::kinds()),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "hierc".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        serde_json::to_value(result).unwrap_or(Value::Null)
    }

    /// Asks the client to say when `hierc.toml` or a cached describe
    /// changes.
    fn watch_files(&mut self) {
        let watchers: Vec<FileSystemWatcher> = ["**/hierc.toml", "**/*.schema.json"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "hierc-watch".to_string(),
                method: notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let id = RequestId::from(format!("hierc-{}", self.next_id));
        self.send(Request::new(
            id,
            request::RegisterCapability::METHOD.to_string(),
            params,
        ));
    }

    fn answer(&mut self, req: Request) -> Result<Value, Failure> {
        fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, Failure> {
            serde_json::from_value(req.params).map_err(|e| {
                (
                    ErrorCode::InvalidParams,
                    format!("invalid parameters for `{}`: {e}", req.method),
                )
            })
        }
        let value = match req.method.as_str() {
            request::Shutdown::METHOD => {
                self.shutdown = true;
                Value::Null
            }
            request::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(req)?;
                let at = p.text_document_position;
                let items = self.with_doc(&at.text_document.uri, |ws, path, doc| {
                    let offset = doc.offset(at.position);
                    complete::items(catalog_of(ws, path), doc, offset)
                });
                to_value(items.map(lsp_types::CompletionResponse::Array))
            }
            request::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(req)?;
                let at = p.text_document_position_params;
                let hover = self.with_doc(&at.text_document.uri, |ws, path, doc| {
                    let offset = doc.offset(at.position);
                    hover::hover(catalog_of(ws, path), doc, offset)
                });
                to_value(hover.flatten())
            }
            request::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(req)?;
                let at = p.text_document_position_params;
                let uri = at.text_document.uri.clone();
                let found = self.with_doc(&uri, |ws, path, doc| {
                    let offset = doc.offset(at.position);
                    goto::definition(catalog_of(ws, path), doc, &uri, offset)
                });
                to_value(found.flatten())
            }
            request::Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = params(req)?;
                let edits = self.with_doc(&p.text_document.uri, |_, path, doc| format(path, doc));
                to_value(edits.flatten())
            }
            request::DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(req)?;
                let symbols = self.with_doc(&p.text_document.uri, |_, _, doc| {
                    lsp_types::DocumentSymbolResponse::Nested(outline::symbols(doc))
                });
                to_value(symbols)
            }
            request::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(req)?;
                to_value(self.code_actions(&p))
            }
            request::FoldingRangeRequest::METHOD => {
                let p: lsp_types::FoldingRangeParams = params(req)?;
                let ranges = self.with_doc(&p.text_document.uri, |_, _, doc| outline::folding(doc));
                to_value(ranges)
            }
            _ => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("`{}` is not a method hierc lsp knows", req.method),
                ))
            }
        };
        Ok(value)
    }

    /// Runs `f` on an open document and its path; `None` when the document
    /// is not open.
    fn with_doc<T>(
        &mut self,
        uri: &Uri,
        f: impl FnOnce(&mut Workspace, &Path, &Document) -> T,
    ) -> Option<T> {
        let doc = self.docs.get(uri)?;
        Some(f(&mut self.workspace, &doc_path(uri), doc))
    }

    /// The code actions for a range of an open document; `None` when it is
    /// not open.
    fn code_actions(
        &mut self,
        p: &lsp_types::CodeActionParams,
    ) -> Option<Vec<lsp_types::CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let doc = self.docs.get(uri)?;
        let compilation = self.checked.get(uri)?;
        Some(actions::actions(
            &mut self.workspace,
            &doc_path(uri),
            doc,
            uri,
            compilation,
            p.range,
            p.context.only.as_deref(),
        ))
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    notification::DidOpenTextDocument::METHOD,
                ) {
                    let doc = Document::new(p.text_document.text, p.text_document.version);
                    let uri = p.text_document.uri;
                    self.docs.insert(uri.clone(), doc);
                    self.check(&uri);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    notification::DidChangeTextDocument::METHOD,
                ) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.docs.get_mut(&uri) {
                        doc.apply(p.content_changes, p.text_document.version);
                        self.check(&uri);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    notification::DidCloseTextDocument::METHOD,
                ) {
                    let uri = p.text_document.uri;
                    self.docs.remove(&uri);
                    self.checked.remove(&uri);
                    self.stamps.remove(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                self.workspace.invalidate();
                self.recheck_all();
            }
            _ => {}
        }
    }

    /// Checks an open document and publishes its diagnostics.
    fn check(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let path = doc_path(uri);
        let compilation = self.workspace.compile_text(&path, doc.text.as_str());
        let list = diagnostics::convert(&compilation.diagnostics, &compilation.source, doc, uri);
        let version = doc.version;
        let stamp = self.stamp(&path);
        self.stamps.insert(uri.clone(), stamp);
        self.checked.insert(uri.clone(), compilation);
        self.publish(uri.clone(), list, Some(version));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            notification::PublishDiagnostics::METHOD.to_string(),
            params,
        ));
    }

    fn recheck_all(&mut self) {
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.check(&uri);
        }
    }

    /// Re-checks every open document when the `hierc.toml` or schema cache
    /// of one of them changed since it was checked.
    fn recheck_if_changed(&mut self) {
        let stamps: Vec<(Uri, Stamp)> = self
            .stamps
            .iter()
            .map(|(u, s)| (u.clone(), s.clone()))
            .collect();
        let changed = stamps
            .iter()
            .any(|(uri, stamp)| self.stamp(&doc_path(uri)) != *stamp);
        if changed {
            self.workspace.invalidate();
            self.recheck_all();
        }
    }

    fn stamp(&mut self, path: &Path) -> Stamp {
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let context = self.workspace.context(path);
        let mut list = Vec::new();
        if let Some(project) = context.project_file {
            list.push((project.clone(), modified(&project)));
        }
        let dir = context.schemas.path;
        list.push((dir.clone(), modified(&dir)));
        Stamp(list)
    }
}

/// The catalog of the file at `path`.
fn catalog_of<'w>(ws: &'w mut Workspace, path: &Path) -> &'w Catalog {
    let dir = ws.context(path).schemas.path;
    ws.catalog(&dir)
}

/// The path of a document: its file, or for a document that is not a file
/// (`untitled:`), a file of that name in the current folder, so that it
/// gets the current folder's project and schema cache.
fn doc_path(uri: &Uri) -> PathBuf {
    match uri_path(uri) {
        Some(path) => path,
        None => {
            let name = uri
                .as_str()
                .rsplit(['/', ':'])
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or("untitled.hier");
            absolute(Path::new(name))
        }
    }
}

/// `hierc fmt`'s text, as one edit of the whole document; no edit when it is
/// already formatted, `None` when it does not parse.
fn format(path: &Path, doc: &Document) -> Option<Vec<TextEdit>> {
    let name = files::shown(path, &files::working_dir());
    let source = SourceFile::new(name, doc.text.clone());
    let formatted = crate::fmt::format(&source).ok()?;
    if formatted == doc.text {
        return Some(Vec::new());
    }
    let whole = doc.range(Span::new(0, doc.text.len()));
    Some(vec![TextEdit::new(whole, formatted)])
}

fn to_value<T: serde::Serialize>(value: Option<T>) -> Value {
    value
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(Value::Null)
}
