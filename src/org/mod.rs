//! Talking to a live Salesforce org: log in, pick the API version, fetch
//! describes (one by one with `If-Modified-Since`, or 25 at a time through
//! composite batch), list the org's objects. Blocking, with retries.
//!
//! Nothing here prints; secrets live in `SecretString`s and never reach an
//! error message.

pub mod auth;
pub mod cache;
pub mod http;
pub mod needs;
pub mod probe;
pub mod pull;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub use auth::Auth;
use http::{Http, Reply, RetryPolicy};

/// A failure talking to the org: one line, a help, never a secret.
#[derive(Clone, Debug)]
pub struct OrgError {
    pub message: String,
    pub help: Option<String>,
    /// Every further request would fail the same way (auth, limits).
    pub fatal: bool,
    /// Retries were tried and used up.
    pub retryable: bool,
}

impl OrgError {
    pub fn new(message: impl Into<String>) -> Self {
        OrgError {
            message: message.into(),
            help: None,
            fatal: false,
            retryable: false,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn fatal(mut self) -> Self {
        self.fatal = true;
        self
    }

    /// The failure as a diagnostic (E093), for every report format.
    pub fn diagnostic(&self) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::new(crate::diagnostics::Code::E093, &self.message)
            .maybe_help(self.help.clone())
    }

    fn retryable(mut self) -> Self {
        self.retryable = true;
        self
    }
}

impl std::fmt::Display for OrgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A REST error body: `[{"message","errorCode"}]`.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn parse(body: &[u8]) -> Option<ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Raw {
            error_code: Option<String>,
            message: Option<String>,
        }
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let first = match value {
            serde_json::Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
            serde_json::Value::Object(_) => value,
            _ => return None,
        };
        let raw: Raw = serde_json::from_value(first).ok()?;
        Some(ApiError {
            code: raw.error_code?,
            message: raw.message.unwrap_or_default(),
        })
    }
}

/// The outcome of a describe request.
pub enum Described {
    /// 200: the bytes as sent, and `Last-Modified`.
    Fresh {
        body: Vec<u8>,
        last_modified: Option<String>,
    },
    /// 304.
    Unchanged,
    /// 404 NOT_FOUND.
    NotFound,
}

/// How to reach the org.
pub struct Settings {
    pub auth: Auth,
    /// `--api-version`, else hierc.toml's; else the org's newest.
    pub api_version: Option<String>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

/// A logged-in org.
pub struct Org {
    http: Http,
    auth: Auth,
    instance: Url,
    token: RwLock<SecretString>,
    /// `62.0`.
    pub version: String,
    /// Requests sent with the token (each attempt), which count against
    /// the org's daily API limit.
    calls: AtomicUsize,
    /// The last `Sforce-Limit-Info` header: `api-usage=21/15000`.
    limit_info: Mutex<Option<String>>,
}

impl Org {
    /// Logs in and settles the API version.
    pub fn connect(settings: Settings) -> Result<Org, OrgError> {
        let http = Http::new(settings.timeout, settings.retry)?;
        let login = settings.auth.login(&http)?;
        let mut org = Org {
            http,
            auth: settings.auth,
            instance: login.instance,
            token: RwLock::new(login.token),
            version: String::new(),
            calls: AtomicUsize::new(0),
            limit_info: Mutex::new(None),
        };
        org.version = match settings.api_version {
            Some(v) => v.trim_start_matches(['v', 'V']).to_string(),
            None => org.newest_version()?,
        };
        Ok(org)
    }

    /// Requests sent with the token so far, retries included.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    /// The last `Sforce-Limit-Info` header the org sent.
    pub fn limit_info(&self) -> Option<String> {
        self.limit_info.lock().ok().and_then(|l| l.clone())
    }

    /// The instance host, for the sidecar (no secret in it).
    pub fn instance(&self) -> String {
        self.instance.origin().ascii_serialization()
    }

    /// The org as messages name it: `the org https://acme.my.salesforce.com
    /// (API v62.0)`.
    pub fn describe_as(&self) -> String {
        format!("the org {} (API v{})", self.instance(), self.version)
    }

    fn url(&self, path: &str) -> Url {
        let mut base = self.instance.clone();
        base.set_path("/");
        base.join(path.trim_start_matches('/'))
            .unwrap_or_else(|_| base.clone())
    }

    fn data(&self, rest: &str) -> Url {
        self.url(&format!("services/data/v{}/{rest}", self.version))
    }

    fn newest_version(&self) -> Result<String, OrgError> {
        #[derive(Deserialize)]
        struct V {
            version: String,
        }
        let url = self.url("services/data/");
        let reply = self.http.send(
            "listing the API versions",
            |c| c.get(url.clone()).header("Accept", "application/json"),
            json_check,
        )?;
        if reply.status != 200 {
            return Err(self.failure(&reply, "listing the API versions"));
        }
        let list: Vec<V> = serde_json::from_slice(&reply.body)
            .map_err(|_| OrgError::new("the org's list of API versions is not readable"))?;
        list.into_iter()
            .map(|v| v.version)
            .max_by(|a, b| version_key(a).cmp(&version_key(b)))
            .ok_or_else(|| OrgError::new("the org lists no API version"))
    }

    /// A GET or POST with the bearer token; on 401 a client-credentials
    /// login is renewed once.
    fn authorized(
        &self,
        what: &str,
        build: impl Fn(&reqwest::blocking::Client, &str) -> reqwest::blocking::RequestBuilder,
        check: impl Fn(&Reply) -> Result<(), String>,
    ) -> Result<Reply, OrgError> {
        let mut renewed = false;
        loop {
            let token = self
                .token
                .read()
                .map(|t| t.clone())
                .unwrap_or_else(|p| p.into_inner().clone());
            let reply = self.http.send(
                what,
                |c| {
                    self.calls.fetch_add(1, Ordering::Relaxed);
                    build(c, token.expose_secret()).header("Accept", "application/json")
                },
                &check,
            )?;
            if let Some(info) = reply.header("sforce-limit-info") {
                if let Ok(mut last) = self.limit_info.lock() {
                    *last = Some(info.to_string());
                }
            }
            if reply.status == 401 && !renewed && self.auth.can_renew() {
                renewed = true;
                let login = self.auth.login(&self.http)?;
                if let Ok(mut t) = self.token.write() {
                    *t = login.token;
                }
                continue;
            }
            return Ok(reply);
        }
    }

    /// One describe; `since` (an HTTP date) makes it conditional.
    pub fn describe(&self, object: &str, since: Option<&str>) -> Result<Described, OrgError> {
        if !is_object_name(object) {
            return Err(OrgError::new(format!(
                "`{object}` is not an object API name"
            )));
        }
        let url = self.data(&format!("sobjects/{object}/describe"));
        let what = format!("describing `{object}`");
        let reply = self.authorized(
            &what,
            |c, token| {
                let r = c.get(url.clone()).bearer_auth(token);
                match since {
                    Some(s) => r.header("If-Modified-Since", s),
                    None => r,
                }
            },
            |r| describe_check(&r.body),
        )?;
        match reply.status {
            200 => Ok(Described::Fresh {
                last_modified: reply.header("last-modified").map(str::to_string),
                body: reply.body,
            }),
            304 => Ok(Described::Unchanged),
            404 => Ok(Described::NotFound),
            _ => Err(self.failure(&reply, &what)),
        }
    }

    /// Up to 25 describes in one composite batch: per object, the payload
    /// bytes or its subrequest's status.
    pub fn describe_batch(
        &self,
        objects: &[String],
    ) -> Result<Vec<Result<Vec<u8>, u16>>, OrgError> {
        #[derive(Deserialize)]
        struct Batch<'a> {
            #[serde(borrow)]
            results: Vec<Sub<'a>>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Sub<'a> {
            status_code: u16,
            #[serde(borrow)]
            result: Option<&'a serde_json::value::RawValue>,
        }
        let requests: Vec<_> = objects
            .iter()
            .map(|o| {
                serde_json::json!({
                    "method": "GET",
                    "url": format!("v{}/sobjects/{o}/describe", self.version),
                })
            })
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({
            "batchRequests": requests,
            "haltOnError": false,
        }))
        .unwrap_or_default();
        let url = self.data("composite/batch");
        let count = objects.len();
        let reply = self.authorized(
            "a composite batch of describes",
            |c, token| {
                c.post(url.clone())
                    .bearer_auth(token)
                    .header("Content-Type", "application/json")
                    .body(body.clone())
            },
            |r| match serde_json::from_slice::<Batch>(&r.body) {
                Ok(b) if b.results.len() == count => Ok(()),
                Ok(_) => Err("the batch response has the wrong number of results".into()),
                Err(_) => Err("the batch response is not complete JSON".into()),
            },
        )?;
        if reply.status != 200 {
            return Err(self.failure(&reply, "a composite batch of describes"));
        }
        let batch: Batch = serde_json::from_slice(&reply.body)
            .map_err(|_| OrgError::new("the batch response is not readable"))?;
        let body = reply.body.as_slice();
        Ok(batch
            .results
            .into_iter()
            .map(|s| match (s.status_code, s.result) {
                (200, Some(raw)) => Ok(with_trailing_space(body, raw.get()).to_vec()),
                (status, _) => Err(status),
            })
            .collect())
    }

    /// Up to 25 conditional describes in one `/composite` call, each with
    /// its own `If-Modified-Since` (composite batch subrequests cannot carry
    /// headers): per object, what a lone conditional describe would give,
    /// or its subrequest's status.
    pub fn describe_composite(
        &self,
        objects: &[(String, String)],
    ) -> Result<Vec<Result<Described, u16>>, OrgError> {
        #[derive(Deserialize)]
        struct Composite<'a> {
            #[serde(borrow, rename = "compositeResponse")]
            responses: Vec<Sub<'a>>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Sub<'a> {
            #[serde(borrow, default)]
            body: Option<&'a serde_json::value::RawValue>,
            #[serde(default)]
            http_headers: std::collections::HashMap<String, String>,
            http_status_code: u16,
            reference_id: String,
        }
        let requests: Vec<_> = objects
            .iter()
            .enumerate()
            .map(|(i, (o, since))| {
                serde_json::json!({
                    "method": "GET",
                    "url": format!("/services/data/v{}/sobjects/{o}/describe", self.version),
                    "referenceId": format!("d{i}"),
                    "httpHeaders": { "If-Modified-Since": since },
                })
            })
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({
            "allOrNone": false,
            "compositeRequest": requests,
        }))
        .unwrap_or_default();
        let url = self.data("composite");
        let what = "a composite request of describes";
        let count = objects.len();
        let reply = self.authorized(
            what,
            |c, token| {
                c.post(url.clone())
                    .bearer_auth(token)
                    .header("Content-Type", "application/json")
                    .body(body.clone())
            },
            |r| match serde_json::from_slice::<Composite>(&r.body) {
                Ok(b) if b.responses.len() == count => Ok(()),
                Ok(_) => Err("the composite response has the wrong number of results".into()),
                Err(_) if r.status != 200 => Ok(()),
                Err(_) => Err("the composite response is not complete JSON".into()),
            },
        )?;
        if reply.status != 200 {
            return Err(self.failure(&reply, what));
        }
        let composite: Composite = serde_json::from_slice(&reply.body)
            .map_err(|_| OrgError::new("the composite response is not readable"))?;
        let whole = reply.body.as_slice();
        let mut out: Vec<Result<Described, u16>> = (0..count).map(|_| Err(0)).collect();
        for sub in composite.responses {
            let Some(i) = sub
                .reference_id
                .strip_prefix('d')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|i| *i < count)
            else {
                continue;
            };
            let last_modified = sub
                .http_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("last-modified"))
                .map(|(_, v)| v.clone());
            out[i] = match (sub.http_status_code, sub.body) {
                (200, Some(raw)) => Ok(Described::Fresh {
                    body: with_trailing_space(whole, raw.get()).to_vec(),
                    last_modified,
                }),
                (304, _) => Ok(Described::Unchanged),
                (404, _) => Ok(Described::NotFound),
                (status, _) => Err(status),
            };
        }
        Ok(out)
    }

    /// describeGlobal: the org's objects.
    pub fn global(&self) -> Result<Vec<GlobalEntry>, OrgError> {
        #[derive(Deserialize)]
        struct Global {
            sobjects: Vec<GlobalEntry>,
        }
        let global: Global = self.get_json(
            self.data("sobjects/"),
            "listing the org's objects",
            "the org's list of objects is not readable",
        )?;
        Ok(global.sobjects)
    }

    /// An authorized GET whose 200 reply is JSON of type `T`; any other
    /// reply is an error saying `what` failed, an unreadable body one
    /// saying `unreadable`.
    pub(crate) fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: url::Url,
        what: &str,
        unreadable: &str,
    ) -> Result<T, OrgError> {
        let reply = self.authorized(
            what,
            |c, token| c.get(url.clone()).bearer_auth(token),
            json_check,
        )?;
        if reply.status != 200 {
            return Err(self.failure(&reply, what));
        }
        serde_json::from_slice(&reply.body).map_err(|_| OrgError::new(unreadable))
    }

    /// A non-success reply as an error with a help.
    fn failure(&self, reply: &Reply, what: &str) -> OrgError {
        let api = ApiError::parse(&reply.body);
        let code = api.as_ref().map(|a| a.code.as_str()).unwrap_or("");
        let detail = match &api {
            Some(a) if a.message.is_empty() => a.code.clone(),
            Some(a) => format!("{}: {}", a.code, a.message),
            None => format!("HTTP {}", reply.status),
        };
        let base = OrgError::new(format!("{what} failed ({detail})"));
        match (reply.status, code) {
            (401, _) => OrgError::new(format!(
                "the org refused the access token ({})",
                if code.is_empty() { "HTTP 401" } else { code }
            ))
            .help(match &self.auth {
                Auth::Alias(a) => format!("log in again: `sf org login web --alias {a}`"),
                Auth::Token { .. } => "the token has expired or is not valid: get a new one".into(),
                Auth::ClientCredentials { .. } => {
                    "check the External Client App's Run As user and OAuth policies".into()
                }
            })
            .fatal(),
            (_, "REQUEST_LIMIT_EXCEEDED") => {
                OrgError::new("the org's API request limit is used up (REQUEST_LIMIT_EXCEEDED)")
                    .help("wait for the 24-hour allocation to free up, or ask an admin to raise it")
                    .fatal()
            }
            (403, _) => base
                .help("the user may lack the \"API Enabled\" permission or access to this object")
                .fatal(),
            (404, _) => base.help(format!(
                "check the API version `{}`: the org may not support it",
                self.version
            )),
            _ => base,
        }
    }
}

/// `inner`, a slice of `body`, with the whitespace that follows it in
/// `body`: the payload as the org sent it, newline and all.
fn with_trailing_space<'a>(body: &'a [u8], inner: &'a str) -> &'a [u8] {
    let start = (inner.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    if start > body.len() || start + inner.len() > body.len() {
        return inner.as_bytes();
    }
    let mut end = start + inner.len();
    while end < body.len() && body[end].is_ascii_whitespace() {
        end += 1;
    }
    &body[start..end]
}

/// One entry of describeGlobal.
#[derive(Clone, Debug, Deserialize)]
pub struct GlobalEntry {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub custom: bool,
    #[serde(default)]
    pub queryable: bool,
}

/// An sObject API name: a letter, then letters, digits and `_`. Nothing
/// else reaches a URL or a file name.
pub fn is_object_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `62.0` as numbers, for ordering.
pub fn version_key(v: &str) -> (u32, u32) {
    let mut parts = v.trim_start_matches(['v', 'V']).split('.');
    let major = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor)
}

fn json_check(r: &Reply) -> Result<(), String> {
    serde_json::from_slice::<serde::de::IgnoredAny>(&r.body)
        .map(|_| ())
        .map_err(|_| "the response is not complete JSON".into())
}

fn describe_check(body: &[u8]) -> Result<(), String> {
    crate::schema::Describe::from_json(body)
        .map(|_| ())
        .map_err(|e| format!("the describe is not complete JSON ({e})"))
}
