//! A test client for `hierc lsp`: the server runs on a thread, over
//! lsp-server's in-memory connection, and the client sends requests and
//! waits for their answers, keeping the notifications that come between.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, ResponseError};
use lsp_types::{Position, PublishDiagnosticsParams, Uri};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

pub struct Client {
    conn: Connection,
    server: Option<JoinHandle<u8>>,
    next: i32,
    /// Notifications received and not yet read.
    pub notes: Vec<Notification>,
    /// Requests the server sent (`client/registerCapability`).
    pub server_requests: Vec<Request>,
}

pub fn uri(path: &Path) -> Uri {
    let url = url::Url::from_file_path(path).unwrap();
    Uri::from_str(url.as_str()).unwrap()
}

impl Client {
    /// A server checking against `schemas` (as `--schemas` would), and
    /// initialized with `capabilities`.
    pub fn start_with(schemas: Option<PathBuf>, capabilities: Value) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || hierc::lsp::serve(server, schemas));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
            notes: Vec::new(),
            server_requests: Vec::new(),
        };
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        assert!(init.is_ok(), "{init:?}");
        c.notify("initialized", json!({}));
        c
    }

    pub fn start(schemas: &Path) -> Client {
        Client::start_with(Some(schemas.to_path_buf()), json!({}))
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .unwrap();
    }

    /// Sends a request and waits for its response.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r.response_result,
                Message::Response(r) => panic!("unexpected response {r:?}"),
                Message::Notification(n) => self.notes.push(n),
                Message::Request(r) => self.server_requests.push(r),
            }
        }
    }

    /// The result of a request that must succeed.
    pub fn ok(&mut self, method: &str, params: Value) -> Value {
        match self.request(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers in time")
    }

    pub fn open(&self, uri: &Uri, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "hier", "version": 1, "text": text
            }}),
        );
    }

    /// Replaces `range` (start and end positions) with `text`.
    pub fn edit(&self, uri: &Uri, version: i32, start: Position, end: Position, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": start, "end": end }, "text": text }]
            }),
        );
    }

    /// The next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &Uri) -> PublishDiagnosticsParams {
        loop {
            if let Some(i) = self.notes.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics"
                    && n.params["uri"].as_str() == Some(uri.as_str())
            }) {
                let n = self.notes.remove(i);
                return serde_json::from_value(n.params).unwrap();
            }
            match self.recv() {
                Message::Notification(n) => self.notes.push(n),
                Message::Request(r) => self.server_requests.push(r),
                Message::Response(r) => panic!("unexpected response {r:?}"),
            }
        }
    }

    /// `textDocument/...` at a position.
    pub fn at(&mut self, method: &str, uri: &Uri, pos: Position) -> Value {
        self.ok(
            method,
            json!({ "textDocument": { "uri": uri }, "position": pos }),
        )
    }

    /// Ends the session, with or without `shutdown` first; the server's
    /// exit status.
    pub fn finish(mut self, shutdown: bool) -> u8 {
        if shutdown {
            let r = self.request("shutdown", Value::Null);
            assert!(r.is_ok(), "{r:?}");
        }
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

/// The position of byte `offset` in `text` (columns in UTF-16 units).
pub fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line as u32, before[start..].encode_utf16().count() as u32)
}

/// The byte offset of an LSP position in `text` (columns in UTF-16 units).
pub fn offset(text: &str, pos: Position) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(pos.line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= pos.character as usize || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with LSP text edits (`[{ range, newText }]`, ranges in `text`
/// as it is) applied, as an editor applies them.
pub fn apply_edits(text: &str, edits: &Value) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("a list of edits")
        .iter()
        .map(|e| {
            let range: lsp_types::Range = serde_json::from_value(e["range"].clone()).unwrap();
            let new = e["newText"].as_str().unwrap().to_string();
            (offset(text, range.start), offset(text, range.end), new)
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut out = String::new();
    let mut at = 0;
    for (start, end, new) in spans {
        assert!(start >= at, "overlapping edits: {edits}");
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
