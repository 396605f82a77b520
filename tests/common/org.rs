//! A test Salesforce org: a loopback HTTP/1.1 server that answers like the
//! REST API (token endpoint, versions, describeGlobal, sObject describe with
//! `Last-Modified` / `If-Modified-Since`, composite batch, `/composite` with
//! per-subrequest headers), `/query` through a small SOQL reader
//! (`org/query.rs`) and `/services/oauth2/userinfo`, with the real error
//! bodies and injectable faults; modes hide a field from the user, make an
//! object undeletable, and grant Bulk API Hard Delete or not. std only; it binds 127.0.0.1 and nothing else, and stops when the
//! [`TestOrg`] is dropped.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

#[path = "org/query.rs"]
pub mod query;

/// The `Last-Modified` of every object until [`TestOrg::set_last_modified`].
pub const LAST_MODIFIED: &str = "Wed, 06 May 2026 09:49:20 GMT";
pub const DEFAULT_CLIENT_ID: &str = "test-client-id";
pub const DEFAULT_CLIENT_SECRET: &str = "test-client-secret";
pub const DEFAULT_TOKEN: &str = "00DTEST!AQ.fake-access-token-not-real";
/// The org and user of the token's `id` URL (and of the fake `sf`).
pub const ORG_ID: &str = "00D000000000001AAA";
pub const USER_ID: &str = "005000000000001AAA";
/// `(label, version)` of the API versions the org lists.
pub const VERSIONS: [(&str, &str); 3] = [
    ("Spring '24", "60.0"),
    ("Summer '24", "61.0"),
    ("Winter '25", "62.0"),
];
/// Standard objects listed by describeGlobal that have no describe here:
/// `(name, label, labelPlural, keyPrefix, queryable)`.
const LISTED_ONLY: [(&str, &str, &str, Option<&str>, bool); 3] = [
    (
        "AggregateResult",
        "Aggregate Result",
        "Aggregate Result",
        None,
        false,
    ),
    ("Lead", "Lead", "Leads", Some("00Q"), true),
    ("Solution", "Solution", "Solutions", Some("501"), true),
];
const NOT_FOUND: &str =
    r#"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#;
const INVALID_SESSION: &str =
    r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#;
const LIMIT_EXCEEDED: &str =
    r#"[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#;
const UNAVAILABLE: &str = r#"[{"message":"Server temporarily unavailable. Please try again later.","errorCode":"SERVER_UNAVAILABLE"}]"#;
const LIMIT_INFO: &str = "api-usage=21/15000";
const JSON_TYPE: &str = "application/json;charset=UTF-8";
const MAX_BATCH: usize = 25;
const MAX_HEADER_LINE: u64 = 16 * 1024;
const MAX_HEADERS: usize = 100;
const MAX_BODY: usize = 32 * 1024 * 1024;

/// One sObject: its describe bytes, served unchanged.
#[derive(Clone)]
struct Object {
    name: String,
    describe: Arc<Vec<u8>>,
    last_modified: String,
    /// Its describeGlobal entry, without `urls` (they depend on the version).
    entry: Map<String, Value>,
}

impl Object {
    fn new(name: &str, describe: Vec<u8>) -> Object {
        let parsed: Value = serde_json::from_slice(&describe).unwrap_or(Value::Null);
        let name = parsed
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| n.eq_ignore_ascii_case(name))
            .unwrap_or(name)
            .to_string();
        let entry = global_entry(&name, &parsed);
        Object {
            name,
            describe: Arc::new(describe),
            last_modified: LAST_MODIFIED.to_string(),
            entry,
        }
    }
}

/// A describeGlobal entry taken from a describe: the keys of the real list,
/// in its order, with `false` / `null` for what the describe lacks.
fn global_entry(name: &str, describe: &Value) -> Map<String, Value> {
    const KEYS: [&str; 27] = [
        "activateable",
        "associateEntityType",
        "associateParentEntity",
        "createable",
        "custom",
        "customSetting",
        "deepCloneable",
        "deletable",
        "deprecatedAndHidden",
        "feedEnabled",
        "hasSubtypes",
        "isInterface",
        "isSubtype",
        "keyPrefix",
        "label",
        "labelPlural",
        "layoutable",
        "mergeable",
        "mruEnabled",
        "name",
        "queryable",
        "replicateable",
        "retrieveable",
        "searchable",
        "triggerable",
        "undeletable",
        "updateable",
    ];
    let mut entry = Map::new();
    for key in KEYS {
        let value = match key {
            "name" => Value::from(name),
            "label" | "labelPlural" => describe
                .get(key)
                .cloned()
                .unwrap_or_else(|| Value::from(name)),
            "associateEntityType" | "associateParentEntity" | "keyPrefix" => {
                describe.get(key).cloned().unwrap_or(Value::Null)
            }
            _ => describe.get(key).cloned().unwrap_or(Value::Bool(false)),
        };
        entry.insert(key.to_string(), value);
    }
    entry
}

/// A test org, to be configured and then [`start`](Org::start)ed.
pub struct Org {
    objects: BTreeMap<String, Object>,
    client_id: String,
    client_secret: String,
    token: String,
    latency: Duration,
    hard_delete: bool,
}

/// The user the token acts for, as `/services/oauth2/userinfo` names them.
pub const USERNAME: &str = "connector.runas@example.com";

impl Org {
    /// An org whose objects are the describes in `dir` (`<Name>.schema.json`).
    pub fn from_dir(dir: &Path) -> Org {
        let mut org = Org {
            objects: BTreeMap::new(),
            client_id: DEFAULT_CLIENT_ID.to_string(),
            client_secret: DEFAULT_CLIENT_SECRET.to_string(),
            token: DEFAULT_TOKEN.to_string(),
            latency: Duration::ZERO,
            hard_delete: true,
        };
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read schema folder {}: {e}", dir.display()));
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(name) = file_name.strip_suffix(".schema.json") {
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                org = org.object(name, bytes);
            }
        }
        org
    }

    /// Adds an object, or replaces the one of that name (ignoring case).
    pub fn object(mut self, name: &str, describe_json: Vec<u8>) -> Org {
        self.objects
            .insert(name.to_ascii_lowercase(), Object::new(name, describe_json));
        self
    }

    /// Adds `count` synthetic custom objects `Gen000__c`, `Gen001__c`, ...:
    /// the shape of the example Case describe (every key, ~40 fields), each
    /// with a lookup `Parent__c` to the one before it.
    pub fn generated(mut self, count: usize) -> Org {
        let template_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/schemas/Case.schema.json");
        let template: Value = serde_json::from_slice(
            &std::fs::read(&template_path).expect("examples/schemas/Case.schema.json is readable"),
        )
        .expect("the example Case describe is JSON");
        for i in 0..count {
            let describe = generated_describe(&template, i);
            let name = describe["name"].as_str().unwrap_or_default().to_string();
            let bytes = serde_json::to_vec_pretty(&describe).expect("a describe serialises");
            self = self.object(&name, bytes);
        }
        self
    }

    /// The user cannot see `object.field` (field-level security): it is
    /// left out of the describe the org serves, and a query naming it fails
    /// with INVALID_FIELD.
    pub fn hide_field(self, object: &str, field: &str) -> Org {
        self.edit(object, |d| {
            if let Some(Value::Array(fields)) = d.get_mut("fields") {
                fields.retain(|f| {
                    !f["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(field))
                });
            }
        })
    }

    /// The user cannot delete `object`'s records: its describe says
    /// `deletable: false`.
    pub fn undeletable(self, object: &str) -> Org {
        self.edit(object, |d| {
            d["deletable"] = Value::Bool(false);
        })
    }

    /// Whether a permission set of the user grants Bulk API Hard Delete
    /// (granted unless told).
    pub fn hard_delete(mut self, granted: bool) -> Org {
        self.hard_delete = granted;
        self
    }

    /// Rewrites an object's describe.
    fn edit(mut self, object: &str, change: impl FnOnce(&mut Value)) -> Org {
        let key = object.to_ascii_lowercase();
        let obj = self
            .objects
            .get(&key)
            .unwrap_or_else(|| panic!("the test org has no object {object:?}"));
        let mut d: Value = serde_json::from_slice(&obj.describe).expect("a describe is JSON");
        change(&mut d);
        let name = obj.name.clone();
        let bytes = serde_json::to_vec_pretty(&d).expect("a describe serialises");
        self.objects.insert(key, Object::new(&name, bytes));
        self
    }

    pub fn credentials(mut self, client_id: &str, client_secret: &str) -> Org {
        self.client_id = client_id.to_string();
        self.client_secret = client_secret.to_string();
        self
    }

    /// The access token the org issues and accepts.
    pub fn token(mut self, token: &str) -> Org {
        self.token = token.to_string();
        self
    }

    /// Added to every response.
    pub fn latency(mut self, d: Duration) -> Org {
        self.latency = d;
        self
    }

    /// Binds 127.0.0.1 on a free port and serves on background threads.
    pub fn start(self) -> TestOrg {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let shared = Arc::new(Shared {
            url: format!("http://127.0.0.1:{port}"),
            client_id: self.client_id,
            client_secret: self.client_secret,
            latency: self.latency,
            hard_delete: self.hard_delete,
            stop: AtomicBool::new(false),
            next_conn: AtomicU64::new(0),
            panics: AtomicUsize::new(0),
            conns: Mutex::new(HashMap::new()),
            state: Mutex::new(State {
                objects: self.objects,
                base_token: self.token.clone(),
                token: self.token,
                expiries: 0,
                faults: Vec::new(),
                requests: Vec::new(),
            }),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || accept_loop(listener, shared))
        };
        TestOrg {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }
}

/// The describe of the generated object number `i`.
fn generated_describe(template: &Value, i: usize) -> Value {
    let name = format!("Gen{i:03}__c");
    let label = format!("Gen {i:03}");
    let mut d = template.clone();
    let prefix = {
        const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let n = i % (36 * 36);
        format!("a{}{}", DIGITS[n / 36] as char, DIGITS[n % 36] as char)
    };
    d["name"] = json!(name);
    d["label"] = json!(label);
    d["labelPlural"] = json!(format!("{label}s"));
    d["custom"] = json!(true);
    d["keyPrefix"] = json!(prefix);
    d["childRelationships"] = json!([]);
    let base = format!("/services/data/v62.0/sobjects/{name}");
    d["urls"] = json!({
        "rowTemplate": format!("{base}/{{ID}}"),
        "describe": format!("{base}/describe"),
        "sobject": base,
    });
    let fields = d["fields"].as_array().cloned().unwrap_or_default();
    let text = fields
        .iter()
        .find(|f| f["type"] == "string")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let lookup = fields
        .iter()
        .find(|f| f["type"] == "reference" && f["name"] == "AccountId")
        .cloned();
    let mut out = fields;
    for k in 1..=5 {
        let mut f = text.clone();
        f["name"] = json!(format!("Text{k}__c"));
        f["label"] = json!(format!("Text {k}"));
        f["custom"] = json!(true);
        out.push(f);
    }
    if let (Some(mut f), true) = (lookup, i > 0) {
        let parent = format!("Gen{:03}__c", i - 1);
        f["name"] = json!("Parent__c");
        f["label"] = json!("Parent");
        f["custom"] = json!(true);
        f["referenceTo"] = json!([parent]);
        f["relationshipName"] = json!("Parent__r");
        out.push(f);
    }
    d["fields"] = Value::Array(out);
    d
}

/// A request the org received.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target, with its query.
    pub path: String,
    /// Names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of that name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A fault for the next `times` requests whose path contains `path`
/// (`""` matches any). Faults apply in the order queued, one per request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// 429 with `Retry-After` and the REQUEST_LIMIT_EXCEEDED body.
    Status429 {
        path: String,
        times: usize,
        retry_after_secs: u64,
    },
    /// 503 with a SERVER_UNAVAILABLE body.
    Status503 { path: String, times: usize },
    /// Read the request, then close without answering.
    Drop { path: String, times: usize },
    /// Send the headers with the full Content-Length, half the body, close.
    Truncate { path: String, times: usize },
    /// Wait, then answer normally.
    Delay {
        path: String,
        times: usize,
        delay: Duration,
    },
}

impl Fault {
    fn path(&self) -> &str {
        match self {
            Fault::Status429 { path, .. }
            | Fault::Status503 { path, .. }
            | Fault::Drop { path, .. }
            | Fault::Truncate { path, .. }
            | Fault::Delay { path, .. } => path,
        }
    }

    fn times(&self) -> usize {
        match self {
            Fault::Status429 { times, .. }
            | Fault::Status503 { times, .. }
            | Fault::Drop { times, .. }
            | Fault::Truncate { times, .. }
            | Fault::Delay { times, .. } => *times,
        }
    }
}

/// A running test org; it stops when dropped (and then fails the test if a
/// server thread panicked).
pub struct TestOrg {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<Vec<JoinHandle<()>>>>,
}

impl TestOrg {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        self.shared.url.clone()
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.state).requests.clone()
    }

    /// Queues a fault.
    pub fn fault(&self, f: Fault) {
        let times = f.times();
        if times > 0 {
            lock(&self.shared.state).faults.push((f, times));
        }
    }

    /// From now on the current token is rejected with 401; the token endpoint
    /// issues a new one.
    pub fn expire_token(&self) {
        let mut state = lock(&self.shared.state);
        state.expiries += 1;
        state.token = format!("{}.renewed{}", state.base_token, state.expiries);
    }

    /// The token the org accepts now (the one its token endpoint issues).
    pub fn current_token(&self) -> String {
        lock(&self.shared.state).token.clone()
    }

    /// Simulates a metadata change of `object` at `http_date` (RFC 1123).
    pub fn set_last_modified(&self, object: &str, http_date: &str) {
        assert!(
            parse_http_date(http_date).is_some(),
            "not an HTTP date: {http_date:?}"
        );
        let mut state = lock(&self.shared.state);
        let obj = state
            .objects
            .get_mut(&object.to_ascii_lowercase())
            .unwrap_or_else(|| panic!("the test org has no object {object:?}"));
        obj.last_modified = http_date.to_string();
    }
}

impl Drop for TestOrg {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor; it sees the flag and returns its workers.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let workers = self
            .acceptor
            .take()
            .and_then(|a| a.join().ok())
            .unwrap_or_default();
        for stream in lock(&self.shared.conns).values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        for w in workers {
            let _ = w.join();
        }
        let panics = self.shared.panics.load(Ordering::SeqCst);
        if panics > 0 && !thread::panicking() {
            panic!("the test org panicked while serving {panics} connection(s)");
        }
    }
}

struct Shared {
    url: String,
    client_id: String,
    client_secret: String,
    latency: Duration,
    hard_delete: bool,
    stop: AtomicBool,
    next_conn: AtomicU64,
    /// Connections whose thread panicked: a bug, reported on drop.
    panics: AtomicUsize,
    /// Open connections, shut down on drop to unblock their readers.
    conns: Mutex<HashMap<u64, TcpStream>>,
    state: Mutex<State>,
}

struct State {
    objects: BTreeMap<String, Object>,
    base_token: String,
    token: String,
    expiries: u32,
    faults: Vec<(Fault, usize)>,
    requests: Vec<Request>,
}

/// Locks, ignoring poisoning: server threads must keep going.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) -> Vec<JoinHandle<()>> {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let Ok(clone) = stream.try_clone() else {
            continue;
        };
        let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
        lock(&shared.conns).insert(id, clone);
        workers.retain(|w| !w.is_finished());
        let shared = Arc::clone(&shared);
        workers.push(thread::spawn(move || {
            let served =
                panic::catch_unwind(AssertUnwindSafe(|| serve_connection(stream, &shared)));
            if served.is_err() {
                shared.panics.fetch_add(1, Ordering::SeqCst);
            }
            lock(&shared.conns).remove(&id);
        }));
    }
    workers
}

/// Sleeps `d`, or less if the org stops.
fn sleep(shared: &Shared, d: Duration) {
    let end = Instant::now() + d;
    while !shared.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= end {
            return;
        }
        thread::sleep((end - now).min(Duration::from_millis(10)));
    }
}

/// A response, before writing.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn json(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", JSON_TYPE.to_string())],
            body: body.into(),
        }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Why a request could not be read.
enum ReadError {
    /// The peer closed (or the org stopped): nothing to answer.
    Closed,
    /// Malformed: answer this status, then close.
    Bad(u16),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> ReadError {
        ReadError::Closed
    }
}

fn serve_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let (request, keep_alive) = match read_request(&mut reader, &mut writer) {
            Ok(r) => r,
            Err(ReadError::Closed) => return Ok(()),
            Err(ReadError::Bad(status)) => {
                let body = format!(
                    r#"[{{"message":"{}","errorCode":"BAD_REQUEST"}}]"#,
                    reason(status)
                );
                let resp = Response::json(status, body);
                write_response(&mut writer, &resp, false, false, None)?;
                linger_close(&mut reader, &writer);
                return Ok(());
            }
        };
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let fault = {
            let mut state = lock(&shared.state);
            state.requests.push(request.clone());
            take_fault(&mut state.faults, &request.path)
        };
        sleep(shared, shared.latency);
        let mut truncate = false;
        let resp = match fault {
            Some(Fault::Drop { .. }) => {
                let _ = writer.shutdown(Shutdown::Both);
                return Ok(());
            }
            Some(Fault::Status429 {
                retry_after_secs, ..
            }) => Response::json(429, LIMIT_EXCEEDED)
                .header("Retry-After", retry_after_secs.to_string()),
            Some(Fault::Status503 { .. }) => Response::json(503, UNAVAILABLE),
            Some(Fault::Delay { delay, .. }) => {
                sleep(shared, delay);
                route(shared, &request)
            }
            Some(Fault::Truncate { .. }) => {
                truncate = true;
                route(shared, &request)
            }
            None => route(shared, &request),
        };
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let head_only = request.method == "HEAD";
        let keep_alive = keep_alive && !truncate;
        let limit = truncate.then_some(resp.body.len() / 2);
        write_response(&mut writer, &resp, keep_alive, head_only, limit)?;
        if !keep_alive {
            let _ = writer.shutdown(Shutdown::Both);
            return Ok(());
        }
    }
}

/// Closes after an early answer without resetting the connection: stop
/// writing, then drain (briefly) what the client still sends.
fn linger_close(reader: &mut BufReader<TcpStream>, writer: &TcpStream) {
    let _ = writer.shutdown(Shutdown::Write);
    let _ = writer.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    for _ in 0..64 {
        match reader.read(&mut sink) {
            Ok(n) if n > 0 => {}
            _ => return,
        }
    }
}

/// The first queued fault that matches `path`, used once.
fn take_fault(faults: &mut Vec<(Fault, usize)>, path: &str) -> Option<Fault> {
    let i = faults.iter().position(|(f, _)| path.contains(f.path()))?;
    faults[i].1 -= 1;
    let fault = faults[i].0.clone();
    if faults[i].1 == 0 {
        faults.remove(i);
    }
    Some(fault)
}

/// Reads one request; also tells whether the connection stays open.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> Result<(Request, bool), ReadError> {
    let mut line = read_line(reader)?;
    // Tolerate blank lines before a request (RFC 9112 §2.2).
    while line.is_empty() {
        line = read_line(reader)?;
    }
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(400));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ReadError::Bad(400));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadError::Bad(400)),
    };
    let path = origin_form(target).ok_or(ReadError::Bad(400))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(ReadError::Bad(431));
        }
        let (name, value) = line.split_once(':').ok_or(ReadError::Bad(400))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Bad(400));
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let connection = find("connection").unwrap_or("").to_ascii_lowercase();
    let keep_alive = if http10 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    let chunked = match find("transfer-encoding") {
        None => false,
        Some(te) if te.eq_ignore_ascii_case("chunked") => true,
        Some(_) => return Err(ReadError::Bad(501)),
    };
    let length = match find("content-length") {
        Some(_) if chunked => return Err(ReadError::Bad(400)),
        Some(v) => v.parse::<usize>().map_err(|_| ReadError::Bad(400))?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(ReadError::Bad(413));
    }
    if find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        && (chunked || length > 0)
    {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    let request = Request {
        method: method.to_string(),
        path,
        headers,
        body,
    };
    Ok((request, keep_alive))
}

/// The path and query of a request target (origin or absolute form).
fn origin_form(target: &str) -> Option<String> {
    if target.starts_with('/') {
        return Some(target.to_string());
    }
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))?;
    Some(match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    })
}

/// One line without its CRLF (or LF); a line too long or not UTF-8 is a 400.
fn read_line(reader: &mut BufReader<TcpStream>) -> Result<String, ReadError> {
    let mut buf = Vec::new();
    reader
        .by_ref()
        .take(MAX_HEADER_LINE)
        .read_until(b'\n', &mut buf)?;
    if buf.is_empty() {
        return Err(ReadError::Closed);
    }
    if buf.pop() != Some(b'\n') {
        return Err(if buf.len() as u64 + 1 >= MAX_HEADER_LINE {
            ReadError::Bad(431)
        } else {
            ReadError::Closed
        });
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    String::from_utf8(buf).map_err(|_| ReadError::Bad(400))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| ReadError::Bad(400))?;
        if size == 0 {
            break;
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::Bad(413));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        if !read_line(reader)?.is_empty() {
            return Err(ReadError::Bad(400));
        }
    }
    // Trailers, up to the empty line.
    while !read_line(reader)?.is_empty() {}
    Ok(body)
}

fn write_response(
    w: &mut TcpStream,
    resp: &Response,
    keep_alive: bool,
    head_only: bool,
    body_limit: Option<usize>,
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    out.push_str(&format!("Date: {}\r\n", format_http_date(now_secs())));
    for (name, value) in &resp.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    // 304 has no body and no Content-Length here.
    let has_body = resp.status != 304;
    if has_body {
        out.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    }
    if !keep_alive {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if has_body && !head_only {
        let n = body_limit.unwrap_or(resp.body.len());
        bytes.extend_from_slice(&resp.body[..n]);
    }
    w.write_all(&bytes)?;
    w.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

// ---- routing --------------------------------------------------------------

fn route(shared: &Shared, req: &Request) -> Response {
    let path = req.path.split(['?', '#']).next().unwrap_or("");
    let method = if req.method == "HEAD" {
        "GET"
    } else {
        req.method.as_str()
    };
    if path == "/services/oauth2/token" && method == "POST" {
        return token(shared, req);
    }
    if path == "/services/oauth2/userinfo" && method == "GET" {
        return if authorized(shared, req) {
            userinfo(shared)
        } else {
            Response::json(403, "Bad_OAuth_Token")
        };
    }
    if path == "/services/data" || path == "/services/data/" {
        return if method == "GET" {
            versions()
        } else {
            Response::json(404, NOT_FOUND)
        };
    }
    let Some(rest) = path.strip_prefix("/services/data/") else {
        return Response::json(404, NOT_FOUND);
    };
    if !authorized(shared, req) {
        return Response::json(401, INVALID_SESSION).header("WWW-Authenticate", "Token");
    }
    let (version, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let resp = match (method, known_version(version), rest.trim_end_matches('/')) {
        (_, None, _) => Response::json(404, NOT_FOUND),
        ("POST", Some(v), "composite/batch") => batch(shared, v, &req.body),
        ("POST", Some(v), "composite") => composite(shared, v, &req.body),
        ("GET", Some(_), "query") => query(shared, req),
        ("GET", Some(v), rest) => data_get(shared, v, rest, req.header("if-modified-since")),
        _ => Response::json(404, NOT_FOUND),
    };
    resp.header("Sforce-Limit-Info", LIMIT_INFO)
}

fn authorized(shared: &Shared, req: &Request) -> bool {
    let Some(value) = req.header("authorization") else {
        return false;
    };
    let Some((scheme, token)) = value.split_once(' ') else {
        return false;
    };
    let scheme_ok = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth");
    scheme_ok && token.trim() == lock(&shared.state).token
}

/// `"62.0"` for `"v62.0"`, when the org has that version.
fn known_version(segment: &str) -> Option<&str> {
    let v = segment.strip_prefix('v')?;
    VERSIONS.iter().any(|(_, known)| *known == v).then_some(v)
}

fn versions() -> Response {
    let list: Vec<Value> = VERSIONS
        .iter()
        .map(|(label, v)| json!({"label": label, "url": format!("/services/data/v{v}"), "version": v}))
        .collect();
    Response::json(200, Value::Array(list).to_string())
}

fn token(shared: &Shared, req: &Request) -> Response {
    let form = parse_form(&req.body);
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if field("grant_type") != Some("client_credentials") {
        return Response::json(
            400,
            r#"{"error":"unsupported_grant_type","error_description":"grant type not supported"}"#,
        );
    }
    if field("client_id") != Some(shared.client_id.as_str())
        || field("client_secret") != Some(shared.client_secret.as_str())
    {
        return Response::json(
            400,
            r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#,
        );
    }
    let token = lock(&shared.state).token.clone();
    let url = &shared.url;
    let issued_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let body = json!({
        "access_token": token,
        "signature": "ZmFrZS1zaWduYXR1cmUtbm90LXJlYWwtdGVzdC1vcmc=",
        "scope": "api",
        "instance_url": url,
        "id": format!("{url}/id/{ORG_ID}/{USER_ID}"),
        "token_type": "Bearer",
        "issued_at": issued_at.to_string(),
    });
    Response::json(200, body.to_string())
}

/// `/services/oauth2/userinfo`: the fields of the real response that
/// name the user and the org.
fn userinfo(shared: &Shared) -> Response {
    let url = &shared.url;
    let body = json!({
        "sub": format!("{url}/id/{ORG_ID}/{USER_ID}"),
        "user_id": USER_ID,
        "organization_id": ORG_ID,
        "preferred_username": USERNAME,
        "nickname": "runas",
        "name": "Connector Run As",
        "email": USERNAME,
        "email_verified": true,
        "zoneinfo": "Europe/London",
        "is_salesforce_integration_user": false,
        "user_type": "STANDARD",
        "active": true,
        "is_lightning_login_user": false,
    });
    Response::json(200, body.to_string())
}

/// `GET .../query?q=<soql>`, read against the served describes.
fn query(shared: &Shared, req: &Request) -> Response {
    let params = req.path.split_once('?').map(|(_, q)| q).unwrap_or("");
    let Some(soql) = parse_form(params.as_bytes())
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
    else {
        return Response::json(
            400,
            r#"[{"message":"A query string has to be specified","errorCode":"MALFORMED_QUERY"}]"#,
        );
    };
    let state = lock(&shared.state);
    let describe = |name: &str| {
        state
            .objects
            .get(&name.to_ascii_lowercase())
            .and_then(|o| serde_json::from_slice(&o.describe).ok())
    };
    let ctx = query::Context {
        describe: &describe,
        user_id: USER_ID,
        hard_delete: shared.hard_delete,
    };
    let (status, body) = query::answer(&ctx, &soql);
    Response::json(status, body)
}

/// `application/x-www-form-urlencoded` pairs, decoded.
fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A GET under `/services/data/vNN.N/`, `rest` without trailing slash.
fn data_get(
    shared: &Shared,
    version: &str,
    rest: &str,
    if_modified_since: Option<&str>,
) -> Response {
    let state = lock(&shared.state);
    if rest == "sobjects" {
        return describe_global(&state, version, if_modified_since);
    }
    let name = rest
        .strip_prefix("sobjects/")
        .and_then(|r| r.strip_suffix("/describe"))
        .filter(|n| !n.is_empty() && !n.contains('/'));
    let Some(obj) = name.and_then(|n| state.objects.get(&n.to_ascii_lowercase())) else {
        return Response::json(404, NOT_FOUND);
    };
    if not_modified(&obj.last_modified, if_modified_since) {
        return Response::json(304, Vec::new()).header("Last-Modified", obj.last_modified.clone());
    }
    Response::json(200, obj.describe.as_slice()).header("Last-Modified", obj.last_modified.clone())
}

/// Whether `If-Modified-Since` is at or after `last_modified`.
fn not_modified(last_modified: &str, if_modified_since: Option<&str>) -> bool {
    match (
        parse_http_date(last_modified),
        if_modified_since.and_then(parse_http_date),
    ) {
        (Some(lm), Some(ims)) => ims >= lm,
        _ => false,
    }
}

fn describe_global(state: &State, version: &str, if_modified_since: Option<&str>) -> Response {
    let latest = state
        .objects
        .values()
        .filter_map(|o| parse_http_date(&o.last_modified).map(|t| (t, &o.last_modified)))
        .max()
        .map(|(_, s)| s.clone())
        .unwrap_or_else(|| LAST_MODIFIED.to_string());
    if not_modified(&latest, if_modified_since) {
        return Response::json(304, Vec::new()).header("Last-Modified", latest);
    }
    let mut entries: Vec<Map<String, Value>> =
        state.objects.values().map(|o| o.entry.clone()).collect();
    for (name, label, plural, prefix, queryable) in LISTED_ONLY {
        if !state.objects.contains_key(&name.to_ascii_lowercase()) {
            let mut e = global_entry(
                name,
                &json!({"label": label, "labelPlural": plural, "keyPrefix": prefix,
                        "queryable": queryable, "retrieveable": queryable}),
            );
            e.insert("createable".into(), Value::Bool(queryable));
            entries.push(e);
        }
    }
    let name_of = |e: &Map<String, Value>| e["name"].as_str().unwrap_or("").to_ascii_lowercase();
    entries.sort_by_key(name_of);
    let sobjects: Vec<Value> = entries
        .into_iter()
        .map(|mut e| {
            let name = e["name"].as_str().unwrap_or("").to_string();
            let base = format!("/services/data/v{version}/sobjects/{name}");
            e.insert(
                "urls".into(),
                json!({"rowTemplate": format!("{base}/{{ID}}"),
                       "describe": format!("{base}/describe"), "sobject": base}),
            );
            Value::Object(e)
        })
        .collect();
    let body = json!({"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": sobjects});
    Response::json(200, body.to_string()).header("Last-Modified", latest)
}

/// `POST composite/batch`: describes and lists, run one after another.
fn batch(shared: &Shared, version: &str, body: &[u8]) -> Response {
    let bad = |message: &str| {
        let body = json!([{"message": message, "errorCode": "INVALID_BATCH_REQUEST"}]);
        Response::json(400, body.to_string())
    };
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
        let body = json!([{"message": "Malformed JSON in the request body", "errorCode": "JSON_PARSER_ERROR"}]);
        return Response::json(400, body.to_string());
    };
    let Some(subs) = parsed.get("batchRequests").and_then(Value::as_array) else {
        return bad("batchRequests is required");
    };
    if subs.is_empty() {
        return bad("A batch request must contain at least one subrequest");
    }
    if subs.len() > MAX_BATCH {
        return bad("A batch request cannot contain more than 25 subrequests");
    }
    let mut calls = Vec::new();
    for sub in subs {
        let (Some(method), Some(url)) = (
            sub.get("method").and_then(Value::as_str),
            sub.get("url").and_then(Value::as_str),
        ) else {
            return bad("Each subrequest needs a method and a url");
        };
        calls.push((method, url));
    }
    let halt = parsed.get("haltOnError").and_then(Value::as_bool) == Some(true);
    let mut halted = false;
    let mut has_errors = false;
    let mut results: Vec<Vec<u8>> = Vec::new();
    for (method, url) in calls {
        let resp = if halted {
            Response::json(
                412,
                r#"[{"errorCode":"BATCH_PROCESSING_HALTED","message":"Batch processing halted per request"}]"#,
            )
        } else {
            subrequest(shared, version, method, url)
        };
        if resp.status >= 400 {
            has_errors = true;
            halted = halt;
        }
        let mut r = format!(r#"{{"statusCode":{},"result":"#, resp.status).into_bytes();
        r.extend_from_slice(if resp.body.is_empty() {
            b"null"
        } else {
            &resp.body
        });
        r.push(b'}');
        results.push(r);
    }
    let mut out = format!(r#"{{"hasErrors":{has_errors},"results":["#).into_bytes();
    out.extend_from_slice(&results.join(&b","[..]));
    out.extend_from_slice(b"]}");
    Response::json(200, out)
}

/// `POST composite`: GET subrequests with their own headers
/// (`If-Modified-Since`), each answered as a lone request would be; with
/// `allOrNone` false, as hierc sends it, a failed subrequest leaves the
/// others alone.
fn composite(shared: &Shared, version: &str, body: &[u8]) -> Response {
    let bad = |message: &str| {
        let body = json!([{"message": message, "errorCode": "INVALID_INPUT"}]);
        Response::json(400, body.to_string())
    };
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
        let body = json!([{"message": "Malformed JSON in the request body", "errorCode": "JSON_PARSER_ERROR"}]);
        return Response::json(400, body.to_string());
    };
    let Some(subs) = parsed.get("compositeRequest").and_then(Value::as_array) else {
        return bad("compositeRequest is required");
    };
    if subs.is_empty() || subs.len() > MAX_BATCH {
        return bad("A composite request must contain between 1 and 25 subrequests");
    }
    let mut out = Vec::new();
    for sub in subs {
        let (Some(method), Some(url), Some(reference)) = (
            sub.get("method").and_then(Value::as_str),
            sub.get("url").and_then(Value::as_str),
            sub.get("referenceId").and_then(Value::as_str),
        ) else {
            return bad("Each subrequest needs a method, a url and a referenceId");
        };
        if !url.starts_with("/services/data/") {
            return bad("The url of a subrequest must begin with /services/data/");
        }
        let since = sub
            .get("httpHeaders")
            .and_then(Value::as_object)
            .and_then(|h| {
                h.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("If-Modified-Since"))
            })
            .and_then(|(_, v)| v.as_str());
        let resp = subrequest_with(shared, version, method, url, since);
        let headers: Map<String, Value> = resp
            .headers
            .iter()
            .filter(|(k, _)| *k != "Content-Type")
            .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
            .collect();
        let mut r = br#"{"body":"#.to_vec();
        r.extend_from_slice(if resp.body.is_empty() {
            b"null"
        } else {
            &resp.body
        });
        r.extend_from_slice(
            format!(
                r#","httpHeaders":{},"httpStatusCode":{},"referenceId":{}}}"#,
                Value::Object(headers),
                resp.status,
                Value::String(reference.to_string())
            )
            .as_bytes(),
        );
        out.push(r);
    }
    let mut body = br#"{"compositeResponse":["#.to_vec();
    body.extend_from_slice(&out.join(&b","[..]));
    body.extend_from_slice(b"]}");
    Response::json(200, body)
}

/// One batch subrequest: `url` is relative (`vNN.N/sobjects/...`), its
/// version no later than the batch's.
fn subrequest(shared: &Shared, batch_version: &str, method: &str, url: &str) -> Response {
    subrequest_with(shared, batch_version, method, url, None)
}

/// A subrequest with its `If-Modified-Since`.
fn subrequest_with(
    shared: &Shared,
    batch_version: &str,
    method: &str,
    url: &str,
    if_modified_since: Option<&str>,
) -> Response {
    if method != "GET" {
        let body = json!([{"errorCode": "METHOD_NOT_ALLOWED",
                           "message": format!("HTTP Method '{method}' not allowed. Allowed are GET")}]);
        return Response::json(405, body.to_string());
    }
    let url = url.strip_prefix("/services/data/").unwrap_or(url);
    let url = url.split(['?', '#']).next().unwrap_or("");
    let (v, rest) = url.split_once('/').unwrap_or((url, ""));
    let as_number = |v: &str| v.parse::<f64>().unwrap_or(f64::MAX);
    match known_version(v) {
        Some(v) if as_number(v) <= as_number(batch_version) => {
            data_get(shared, v, rest.trim_end_matches('/'), if_modified_since)
        }
        _ => Response::json(404, NOT_FOUND),
    }
}

// ---- HTTP dates -----------------------------------------------------------

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Seconds since the epoch of an RFC 1123 date, `Wed, 06 May 2026 09:49:20 GMT`;
/// the zone may also be UTC, a US zone name (Salesforce's docs use `MST`) or `+hhmm`.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [weekday, day, month, year, time, zone] = parts.as_slice() else {
        return None;
    };
    weekday.strip_suffix(',')?;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as i64 + 1;
    let year: i64 = year.parse().ok().filter(|_| year.len() == 4)?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok().filter(|_| p.len() == 2))
        .collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else {
        return None;
    };
    if *h > 23 || *m > 59 || *sec > 60 {
        return None;
    }
    let offset = zone_offset(zone)?;
    Some(days_from_civil(year, month, day) * 86400 + h * 3600 + m * 60 + sec - offset)
}

/// Seconds east of GMT.
fn zone_offset(zone: &str) -> Option<i64> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UTC" | "UT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = &zone[1..];
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hh: i64 = digits[..2].parse().ok()?;
            let mm: i64 = digits[2..].parse().ok()?;
            return Some(sign * (hh * 3600 + mm * 60));
        }
    };
    Some(hours * 3600)
}

/// `secs` since the epoch as an RFC 1123 date in GMT.
pub fn format_http_date(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[(days + 4).rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}
