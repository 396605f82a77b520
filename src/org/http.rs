//! HTTP with retries: backoff with jitter on 429, 5xx, dropped connections,
//! timeouts and truncated or unreadable bodies, honouring `Retry-After`,
//! bounded in attempts and in total time. 400, 401, 403 and 404 are
//! returned to the caller at once.

use std::time::{Duration, Instant};

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderMap;

use super::OrgError;

/// How hard to try.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The first delay; it doubles with each attempt.
    pub base: Duration,
    /// The longest single delay (a longer `Retry-After` is honoured only
    /// up to the total).
    pub max_delay: Duration,
    /// The longest time all attempts of one request may take.
    pub total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            total: Duration::from_secs(120),
        }
    }
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct Http {
    client: Client,
    pub policy: RetryPolicy,
}

/// Why an attempt failed, and whether another may help.
enum Failure {
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    Fatal(OrgError),
}

impl Http {
    pub fn new(timeout: Duration, policy: RetryPolicy) -> Result<Http, OrgError> {
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(15)))
            .user_agent(concat!("hierc/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| OrgError::new(format!("cannot set up HTTP: {}", chain(&e))))?;
        Ok(Http { client, policy })
    }

    /// Sends the request `build` makes, again while it fails in a way a retry
    /// can mend. `check` inspects a 2xx body (JSON that does not parse: a
    /// retry). `what` names the request in messages.
    pub fn send(
        &self,
        what: &str,
        build: impl Fn(&Client) -> RequestBuilder,
        check: impl Fn(&Reply) -> Result<(), String>,
    ) -> Result<Reply, OrgError> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let failure = match self.once(&build) {
                Ok(reply) if (200..300).contains(&reply.status) => match check(&reply) {
                    Ok(()) => return Ok(reply),
                    Err(reason) => Failure::Retry {
                        reason,
                        after: None,
                    },
                },
                Ok(reply) if reply.status == 429 || reply.status >= 500 => Failure::Retry {
                    after: retry_after(&reply),
                    reason: format!("HTTP {}{}", reply.status, error_suffix(&reply.body)),
                },
                Ok(reply) => return Ok(reply),
                Err(f) => f,
            };
            let limited =
                matches!(&failure, Failure::Retry { reason, .. } if reason.starts_with("HTTP 429"));
            let (reason, after) = match failure {
                Failure::Fatal(e) => return Err(e),
                Failure::Retry { reason, after } => (reason, after),
            };
            let delay = after.unwrap_or_else(|| self.backoff(attempt));
            let out_of_time = started.elapsed() + delay > self.policy.total;
            if attempt >= self.policy.attempts || out_of_time {
                let tries = if attempt == 1 {
                    "1 attempt".to_string()
                } else {
                    format!("{attempt} attempts")
                };
                let error = OrgError::new(format!("{what} failed after {tries}: {reason}"));
                let error = if limited {
                    error.help("the org is limiting requests: wait a while and pull again")
                } else {
                    error
                };
                return Err(error.retryable());
            }
            std::thread::sleep(delay);
        }
    }

    fn once(&self, build: &impl Fn(&Client) -> RequestBuilder) -> Result<Reply, Failure> {
        let response = build(&self.client).send().map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().map_err(|e| Failure::Retry {
            reason: format!("the response was cut short ({})", chain(&e)),
            after: None,
        })?;
        Ok(Reply {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    /// Exponential backoff with full jitter in its upper half.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .policy
            .base
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.policy.max_delay);
        let half = exp / 2;
        half + half.mul_f64(jitter())
    }
}

/// A number in [0, 1) that differs from call to call.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` in seconds (the HTTP-date form too).
fn retry_after(reply: &Reply) -> Option<Duration> {
    let value = reply.header("retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// `: ERROR_CODE` when the body is a Salesforce error.
fn error_suffix(body: &[u8]) -> String {
    match super::ApiError::parse(body) {
        Some(e) => format!(" ({})", e.code),
        None => String::new(),
    }
}

fn classify(e: reqwest::Error) -> Failure {
    let text = chain(&e);
    let lower = text.to_ascii_lowercase();
    if e.is_timeout() {
        return Failure::Retry {
            reason: "timed out waiting for the org".into(),
            after: None,
        };
    }
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("invalid peer")
    {
        return Failure::Fatal(
            OrgError::new(format!("TLS error talking to the org: {text}"))
                .help("check the URL (the My Domain host) and any TLS-intercepting proxy"),
        );
    }
    if e.is_connect() {
        return Failure::Retry {
            reason: format!("cannot connect ({text})"),
            after: None,
        };
    }
    Failure::Retry {
        reason: format!("the connection failed ({text})"),
        after: None,
    }
}

/// An error and its causes on one line. reqwest puts the URL in its
/// message; URLs never carry a secret here (tokens go in headers, secrets
/// in form bodies).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
