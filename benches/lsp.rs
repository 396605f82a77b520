//! `cargo bench --bench lsp`: how fast `hierc lsp` answers as you type in
//! `examples/case.hier`, and whether its memory grows.
//!
//! The server runs on a thread of this process, over lsp-server's
//! in-memory connection (the messages are serialized to JSON and back as
//! over a pipe; only the pipe itself is left out).
//!
//! 1. Edit to diagnostics: 1,000 edits (a typo made in `fields
//!    CaseNumber`, then undone, in turn), each timed from sending
//!    `didChange` to receiving that version's `publishDiagnostics`.
//! 2. Completion: 1,000 requests, in turn inside `fields`, after `Case > `
//!    and (twice) after `Title = `, each timed to its answer.
//! 3. Memory: the process's resident memory after the first 1,000 edits and
//!    after 10,000 (it must not grow with the number of edits).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const EDITS: usize = 1_000;
const LONG: usize = 10_000;

struct Client {
    conn: Connection,
    next: i32,
}

impl Client {
    fn send(&self, m: impl Into<Message>) {
        self.conn.sender.send(m.into()).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Request::new(id.clone(), method.into(), params));
        loop {
            match self.conn.receiver.recv().unwrap() {
                Message::Response(r) if r.id == id => return r.response_result.unwrap(),
                _ => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params));
    }

    /// Waits for the diagnostics of `version`; how many there are.
    fn diagnostics(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.conn.receiver.recv().unwrap() {
                if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
            }
        }
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/case.hier")).unwrap();
    let (server, conn) = Connection::memory();
    let schemas = root.join("examples/schemas");
    let thread = std::thread::spawn(move || hierc::lsp::serve(server, Some(schemas)));
    let mut c = Client { conn, next: 0 };
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    c.notify("initialized", json!({}));
    let uri = url::Url::from_file_path(root.join("examples/case.hier"))
        .unwrap()
        .to_string();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "hier", "version": 1, "text": text } }),
    );
    assert_eq!(c.diagnostics(1), 0, "the example is clean");

    // `fields CaseNumber` → `fields CaseNumbe` and back.
    let line = text
        .lines()
        .position(|l| l.contains("fields CaseNumber"))
        .unwrap() as u32;
    let col = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("CaseNumber")
        .unwrap() as u32
        + 9;
    let mut version = 1;
    let mut edit = |c: &Client, n: usize| {
        version += 1;
        let (range, new) = if n.is_multiple_of(2) {
            (
                json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 1 } }),
                "",
            )
        } else {
            (
                json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }),
                "r",
            )
        };
        let start = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": range, "text": new }] }),
        );
        let found = c.diagnostics(version);
        assert_eq!(found, usize::from(n.is_multiple_of(2)), "a typo, then none");
        start.elapsed()
    };
    let mut times: Vec<Duration> = (0..EDITS).map(|n| edit(&c, n)).collect();
    report("edit → diagnostics (examples/case.hier)", &mut times);
    let after_first = rss_kib();

    let places = [
        ("fields CaseNumber, ", "inside `fields`"),
        ("Case > ", "after `Case > `"),
        ("Title = ", "after `Title = `"),
    ];
    let mut at: Vec<(u32, u32)> = places
        .iter()
        .map(|(needle, _)| {
            let line = text.lines().position(|l| l.contains(needle)).unwrap();
            let col = text.lines().nth(line).unwrap().find(needle).unwrap() + needle.len();
            (line as u32, col as u32)
        })
        .collect();
    at.push(at[2]);
    let mut times = Vec::with_capacity(EDITS);
    let mut offered = 0;
    for n in 0..EDITS {
        let (line, character) = at[n % at.len()];
        let start = Instant::now();
        let items = c.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        times.push(start.elapsed());
        offered += items.as_array().map_or(0, Vec::len);
    }
    assert!(offered > EDITS, "completion offers items");
    report("completion (fields, children, values)", &mut times);

    for n in EDITS..LONG {
        edit(&c, n);
    }
    let after_long = rss_kib();
    println!(
        "{:<44} after {EDITS}: {:.1} MiB   after {LONG}: {:.1} MiB",
        "resident memory",
        after_first as f64 / 1024.0,
        after_long as f64 / 1024.0
    );
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(thread.join().unwrap(), 0);
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<44} median {:>7.3} ms   p99 {:>7.3} ms   worst {:>7.3} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// The process's resident memory now, in KiB (Linux), else 0.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
