//! The test org (tests/common/org.rs) and the fake `sf`
//! (tests/common/fake_sf.rs), exercised with a small std-only HTTP client.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::org::{Fault, Org, TestOrg, DEFAULT_TOKEN, LAST_MODIFIED};
use serde_json::{json, Value};

const V: &str = "/services/data/v62.0";

fn examples() -> std::path::PathBuf {
    common::root().join("examples/schemas")
}

fn org() -> TestOrg {
    Org::from_dir(&examples()).start()
}

/// A response as read off the wire.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn content_length(&self) -> Option<usize> {
        self.header("content-length").map(|v| v.parse().unwrap())
    }
}

fn connect(org: &TestOrg) -> TcpStream {
    let addr = org.url().strip_prefix("http://").unwrap().to_string();
    let s = TcpStream::connect(addr).expect("connect to the test org");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Sends raw bytes on a new connection and reads until the server closes.
fn raw(org: &TestOrg, bytes: &[u8]) -> Vec<u8> {
    let mut s = connect(org);
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

fn parse(bytes: &[u8]) -> Resp {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    Resp {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

fn request(org: &TestOrg, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    parse(&raw(org, &bytes))
}

fn get(org: &TestOrg, path: &str) -> Resp {
    request(org, "GET", path, &[], b"")
}

fn get_auth(org: &TestOrg, path: &str) -> Resp {
    get_with(org, path, DEFAULT_TOKEN, &[])
}

fn get_with(org: &TestOrg, path: &str, token: &str, extra: &[(&str, &str)]) -> Resp {
    let auth = format!("Bearer {token}");
    let mut headers = vec![("Authorization", auth.as_str())];
    headers.extend_from_slice(extra);
    request(org, "GET", path, &headers, b"")
}

fn post_token(org: &TestOrg, form: &str) -> Resp {
    request(
        org,
        "POST",
        "/services/oauth2/token",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    )
}

fn batch(org: &TestOrg, body: &Value) -> Resp {
    let auth = format!("Bearer {DEFAULT_TOKEN}");
    request(
        org,
        "POST",
        &format!("{V}/composite/batch"),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    )
}

fn not_found() -> Value {
    json!([{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}])
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(examples().join(format!("{name}.schema.json"))).unwrap()
}

// ---- endpoints ------------------------------------------------------------

#[test]
fn token_endpoint_issues_the_token() {
    let org = org();
    let r = post_token(
        &org,
        "grant_type=client_credentials&client_id=test-client-id&client_secret=test-client-secret",
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    let t = r.json();
    assert_eq!(t["access_token"], DEFAULT_TOKEN);
    assert_eq!(t["instance_url"], org.url());
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["scope"], "api");
    assert!(t["id"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/id/00D", org.url())));
    assert!(t["issued_at"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(t["signature"].is_string());
    assert!(r.header("sforce-limit-info").is_none());
}

#[test]
fn token_endpoint_rejects_bad_credentials_and_grants() {
    let org = Org::from_dir(&examples())
        .credentials("my id", "s3cr&t=+%")
        .token("00DX!custom")
        .start();
    let ok = post_token(
        &org,
        "grant_type=client_credentials&client_id=my+id&client_secret=s3cr%26t%3D%2B%25",
    );
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["access_token"], "00DX!custom");

    let wrong = post_token(
        &org,
        "grant_type=client_credentials&client_id=my+id&client_secret=nope",
    );
    assert_eq!(wrong.status, 400);
    assert_eq!(
        wrong.json(),
        json!({"error": "invalid_client", "error_description": "invalid client credentials"})
    );
    let grant = post_token(&org, "grant_type=password&client_id=my+id");
    assert_eq!(grant.status, 400);
    assert_eq!(grant.json()["error"], "unsupported_grant_type");
    assert_eq!(get(&org, "/services/oauth2/token").status, 404);
}

#[test]
fn versions_need_no_token() {
    let org = org();
    for path in ["/services/data/", "/services/data"] {
        let r = get(&org, path);
        assert_eq!(r.status, 200);
        assert_eq!(
            r.json(),
            json!([
                {"label": "Spring '24", "url": "/services/data/v60.0", "version": "60.0"},
                {"label": "Summer '24", "url": "/services/data/v61.0", "version": "61.0"},
                {"label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0"},
            ])
        );
        assert!(r.header("sforce-limit-info").is_none());
    }
}

#[test]
fn describe_global_lists_the_objects() {
    let org = org();
    for path in [format!("{V}/sobjects/"), format!("{V}/sobjects")] {
        let r = get_auth(&org, &path);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("sforce-limit-info"), Some("api-usage=21/15000"));
        let g = r.json();
        assert_eq!(g["encoding"], "UTF-8");
        assert_eq!(g["maxBatchSize"], 200);
        let list = g["sobjects"].as_array().unwrap();
        let names: Vec<&str> = list.iter().map(|s| s["name"].as_str().unwrap()).collect();
        for n in ["Case", "Invoice__c", "Lead", "Solution", "AggregateResult"] {
            assert!(names.contains(&n), "{n} in {names:?}");
        }
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n.to_ascii_lowercase());
        assert_eq!(names, sorted);
        let find = |n: &str| list.iter().find(|s| s["name"] == n).unwrap();
        let case = find("Case");
        assert_eq!(case["keyPrefix"], "500");
        assert_eq!(case["queryable"], true);
        assert_eq!(case["custom"], false);
        assert_eq!(
            case["urls"]["describe"],
            "/services/data/v62.0/sobjects/Case/describe"
        );
        assert_eq!(case.as_object().unwrap().len(), 28);
        assert_eq!(find("Invoice__c")["custom"], true);
        assert_eq!(find("Lead")["queryable"], true);
        assert_eq!(find("AggregateResult")["queryable"], false);
        assert_eq!(find("AggregateResult")["keyPrefix"], Value::Null);
    }
    // The version of the URL is the version of the urls.
    let g = get_auth(&org, "/services/data/v60.0/sobjects").json();
    assert_eq!(
        g["sobjects"][0]["urls"]["sobject"].as_str().unwrap()[..19].to_string(),
        "/services/data/v60."
    );
}

#[test]
fn describe_serves_the_stored_bytes() {
    let org = org();
    for path in [
        format!("{V}/sobjects/Case/describe"),
        format!("{V}/sobjects/case/describe/"),
    ] {
        let r = get_auth(&org, &path);
        assert_eq!(r.status, 200);
        assert_eq!(r.body, example("Case"));
        assert_eq!(r.content_length(), Some(r.body.len()));
        assert_eq!(
            r.header("content-type"),
            Some("application/json;charset=UTF-8")
        );
        assert_eq!(r.header("last-modified"), Some(LAST_MODIFIED));
        assert_eq!(r.header("sforce-limit-info"), Some("api-usage=21/15000"));
    }
}

#[test]
fn if_modified_since_gives_304() {
    let org = org();
    let path = format!("{V}/sobjects/Case/describe");
    for (date, status) in [
        (LAST_MODIFIED, 304),
        ("Thu, 07 May 2026 00:00:00 GMT", 304),
        ("Wed, 06 May 2026 09:49:19 GMT", 200),
        // 02:49:20 MST is 09:49:20 GMT.
        ("Wed, 06 May 2026 02:49:20 MST", 304),
        ("Wed, 06 May 2026 02:49:19 MST", 200),
        ("not a date", 200),
    ] {
        let r = get_with(&org, &path, DEFAULT_TOKEN, &[("If-Modified-Since", date)]);
        assert_eq!(r.status, status, "{date}");
        if status == 304 {
            assert!(r.body.is_empty());
            assert_eq!(r.header("last-modified"), Some(LAST_MODIFIED));
        }
    }
    let later = "Fri, 08 May 2026 10:00:00 GMT";
    org.set_last_modified("case", later);
    let r = get_with(
        &org,
        &path,
        DEFAULT_TOKEN,
        &[("If-Modified-Since", LAST_MODIFIED)],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("last-modified"), Some(later));
    let r = get_with(&org, &path, DEFAULT_TOKEN, &[("If-Modified-Since", later)]);
    assert_eq!(r.status, 304);
    // describeGlobal follows the latest change.
    let g = get_with(
        &org,
        &format!("{V}/sobjects"),
        DEFAULT_TOKEN,
        &[("If-Modified-Since", later)],
    );
    assert_eq!(g.status, 304);
}

#[test]
fn unknown_things_are_404() {
    let org = org();
    for path in [
        format!("{V}/sobjects/Nope__c/describe"),
        format!("{V}/sobjects/Lead/describe"),
        "/services/data/v99.0/sobjects/Case/describe".to_string(),
        "/services/data/v99.0/sobjects".to_string(),
        format!("{V}/limits"),
        format!("{V}/sobjects/Case"),
    ] {
        let r = get_auth(&org, &path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json(), not_found(), "{path}");
    }
    let r = get(&org, "/elsewhere");
    assert_eq!(r.status, 404);
    assert_eq!(r.json(), not_found());
}

#[test]
fn data_needs_the_token() {
    let org = org();
    let path = format!("{V}/sobjects/Case/describe");
    let expired =
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]);
    let none = get(&org, &path);
    assert_eq!(none.status, 401);
    assert_eq!(none.json(), expired);
    assert_eq!(get_with(&org, &path, "wrong", &[]).status, 401);
    assert_eq!(get_with(&org, &path, DEFAULT_TOKEN, &[]).status, 200);

    org.expire_token();
    let old = get_with(&org, &path, DEFAULT_TOKEN, &[]);
    assert_eq!(old.status, 401);
    assert_eq!(old.json(), expired);
    let t = post_token(
        &org,
        "grant_type=client_credentials&client_id=test-client-id&client_secret=test-client-secret",
    )
    .json();
    let fresh = t["access_token"].as_str().unwrap();
    assert_ne!(fresh, DEFAULT_TOKEN);
    assert_eq!(fresh, org.current_token());
    assert_eq!(get_with(&org, &path, fresh, &[]).status, 200);
}

#[test]
fn composite_batch_mixes_results() {
    let org = org();
    let r = batch(
        &org,
        &json!({"batchRequests": [
            {"method": "GET", "url": "v62.0/sobjects/Case/describe"},
            {"method": "GET", "url": "v62.0/sobjects/Nope__c/describe"},
            {"method": "GET", "url": "v60.0/sobjects/account/describe/"},
        ], "haltOnError": false}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("sforce-limit-info"), Some("api-usage=21/15000"));
    let b = r.json();
    assert_eq!(b["hasErrors"], true);
    let results = b["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["statusCode"], 200);
    let case: Value = serde_json::from_slice(&example("Case")).unwrap();
    assert_eq!(results[0]["result"], case);
    assert_eq!(results[1]["statusCode"], 404);
    assert_eq!(results[1]["result"], not_found());
    assert_eq!(results[2]["result"]["name"], "Account");

    let ok = batch(
        &org,
        &json!({"batchRequests": [{"method": "GET", "url": "v62.0/sobjects/User/describe"}]}),
    );
    assert_eq!(ok.json()["hasErrors"], false);
}

#[test]
fn composite_batch_limits_and_halts() {
    let org = org();
    let subs: Vec<Value> = (0..26)
        .map(|_| json!({"method": "GET", "url": "v62.0/sobjects/Case/describe"}))
        .collect();
    let r = batch(&org, &json!({"batchRequests": subs, "haltOnError": false}));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()[0]["errorCode"], "INVALID_BATCH_REQUEST");
    let r = batch(
        &org,
        &json!({"batchRequests": subs[..25], "haltOnError": false}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["results"].as_array().unwrap().len(), 25);

    let r = batch(
        &org,
        &json!({"batchRequests": [
            {"method": "GET", "url": "v62.0/sobjects/Nope__c/describe"},
            {"method": "GET", "url": "v62.0/sobjects/Case/describe"},
        ], "haltOnError": true}),
    );
    let b = r.json();
    assert_eq!(b["results"][1]["statusCode"], 412);
    assert_eq!(
        b["results"][1]["result"][0]["errorCode"],
        "BATCH_PROCESSING_HALTED"
    );

    let r = batch(
        &org,
        &json!({"batchRequests": [
            {"method": "POST", "url": "v62.0/sobjects/Case/describe"},
            {"method": "GET", "url": "v62.0/sobjects/Case/describe"},
        ]}),
    );
    let b = r.json();
    assert_eq!(b["results"][0]["statusCode"], 405);
    assert_eq!(b["results"][1]["statusCode"], 200);

    // A subrequest may not use a later version than the batch.
    let auth = format!("Bearer {DEFAULT_TOKEN}");
    let body = json!({"batchRequests": [{"method": "GET", "url": "v62.0/sobjects/Case/describe"}]});
    let r = request(
        &org,
        "POST",
        "/services/data/v60.0/composite/batch",
        &[("Authorization", &auth)],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.json()["results"][0]["statusCode"], 404);

    let bad = request(
        &org,
        "POST",
        &format!("{V}/composite/batch"),
        &[("Authorization", &auth)],
        b"{not json",
    );
    assert_eq!(bad.status, 400);
    assert!(bad.json()[0]["errorCode"].is_string());
}

// ---- faults -----------------------------------------------------------------

#[test]
fn fault_429_with_retry_after_then_recovers() {
    let org = org();
    org.fault(Fault::Status429 {
        path: "/describe".into(),
        times: 2,
        retry_after_secs: 7,
    });
    let path = format!("{V}/sobjects/Case/describe");
    // Other paths are not affected.
    assert_eq!(get(&org, "/services/data/").status, 200);
    for _ in 0..2 {
        let r = get_auth(&org, &path);
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("7"));
        assert_eq!(
            r.json(),
            json!([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}])
        );
    }
    assert_eq!(get_auth(&org, &path).status, 200);
}

#[test]
fn fault_503() {
    let org = org();
    org.fault(Fault::Status503 {
        path: String::new(),
        times: 1,
    });
    let r = get(&org, "/services/data/");
    assert_eq!(r.status, 503);
    assert_eq!(r.json()[0]["errorCode"], "SERVER_UNAVAILABLE");
    assert_eq!(get(&org, "/services/data/").status, 200);
}

#[test]
fn fault_drop_closes_without_answer() {
    let org = org();
    org.fault(Fault::Drop {
        path: "oauth2".into(),
        times: 1,
    });
    let req = b"POST /services/oauth2/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\na=b";
    assert!(raw(&org, req).is_empty());
    assert_eq!(org.requests().len(), 1, "the dropped request is logged");
    assert_eq!(parse(&raw(&org, req)).status, 400);
}

#[test]
fn fault_truncate_sends_half_the_body() {
    let org = org();
    org.fault(Fault::Truncate {
        path: "Case".into(),
        times: 1,
    });
    let path = format!("{V}/sobjects/Case/describe");
    let r = get_auth(&org, &path);
    assert_eq!(r.status, 200);
    let full = example("Case").len();
    assert_eq!(r.content_length(), Some(full));
    assert_eq!(r.body.len(), full / 2);
    assert_eq!(r.header("connection"), Some("close"));
    assert_eq!(get_auth(&org, &path).body.len(), full);
}

#[test]
fn fault_delay_and_latency() {
    let org = org();
    org.fault(Fault::Delay {
        path: String::new(),
        times: 1,
        delay: Duration::from_millis(300),
    });
    let t = Instant::now();
    assert_eq!(get(&org, "/services/data/").status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    let slow = Org::from_dir(&examples())
        .latency(Duration::from_millis(150))
        .start();
    for _ in 0..2 {
        let t = Instant::now();
        assert_eq!(get(&slow, "/services/data/").status, 200);
        assert!(t.elapsed() >= Duration::from_millis(150));
    }
}

#[test]
fn faults_apply_in_order() {
    let org = org();
    org.fault(Fault::Status503 {
        path: String::new(),
        times: 1,
    });
    org.fault(Fault::Status429 {
        path: String::new(),
        times: 1,
        retry_after_secs: 1,
    });
    assert_eq!(get(&org, "/services/data").status, 503);
    assert_eq!(get(&org, "/services/data").status, 429);
    assert_eq!(get(&org, "/services/data").status, 200);
}

// ---- protocol ---------------------------------------------------------------

#[test]
fn requests_are_logged() {
    let org = org();
    get_with(
        &org,
        &format!("{V}/sobjects/Case/describe?x=1"),
        DEFAULT_TOKEN,
        &[("X-Custom", "Yes")],
    );
    post_token(&org, "grant_type=client_credentials");
    let log = org.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, format!("{V}/sobjects/Case/describe?x=1"));
    assert_eq!(log[0].header("x-custom"), Some("Yes"));
    assert_eq!(
        log[0].header("Authorization"),
        Some(&*format!("Bearer {DEFAULT_TOKEN}"))
    );
    assert!(log[0]
        .headers
        .iter()
        .all(|(n, _)| *n == n.to_ascii_lowercase()));
    assert_eq!(log[1].method, "POST");
    assert_eq!(log[1].body, b"grant_type=client_credentials");
}

#[test]
fn keep_alive_serves_several_requests() {
    let org = org();
    let mut s = connect(&org);
    let one = "GET /services/data/ HTTP/1.1\r\nHost: x\r\n\r\n";
    s.write_all(format!("{one}{one}").as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while buf.windows(12).filter(|w| w == b"HTTP/1.1 200").count() < 2 || !buf.ends_with(b"]") {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(org.requests().len(), 2);
}

#[test]
fn chunked_bodies_are_read() {
    let org = org();
    let form =
        "grant_type=client_credentials&client_id=test-client-id&client_secret=test-client-secret";
    let (a, b) = form.split_at(20);
    let req = format!(
        "POST /services/oauth2/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let r = parse(&raw(&org, req.as_bytes()));
    assert_eq!(r.status, 200);
    assert_eq!(org.requests()[0].body, form.as_bytes());
}

#[test]
fn malformed_requests_get_400() {
    let org = org();
    for bad in [
        &b"garbage\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /services/data/ HTTP/1.1\r\nno colon here\r\n\r\n",
        b"POST /x HTTP/1.1\r\nContent-Length: lots\r\n\r\n",
        b"GET \xff HTTP/1.1\r\n\r\n",
        b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ] {
        let r = parse(&raw(&org, bad));
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(bad));
    }
    // A client that goes away mid-request does no harm.
    let mut gone = connect(&org);
    gone.write_all(b"POST /x HTTP/1.1\r\nContent-Length: 100\r\n\r\nshort")
        .unwrap();
    gone.shutdown(std::net::Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    let _ = gone.read_to_end(&mut rest);
    assert!(rest.is_empty());
    assert_eq!(get(&org, "/services/data/").status, 200);
}

/// Every prefix of a valid request, and some noise: no answer or a whole
/// one, never a panic (the org's drop would fail the test).
#[test]
fn cut_and_noisy_requests_do_no_harm() {
    let org = org();
    let auth = format!("Bearer {DEFAULT_TOKEN}");
    let valid = format!(
        "POST {V}/composite/batch HTTP/1.1\r\nAuthorization: {auth}\r\nContent-Length: 60\r\n\r\n{{\"batchRequests\":[{{\"method\":\"GET\",\"url\":\"v62.0/sobjects\"}}]}}"
    );
    let mut seed: u32 = 12345;
    let mut noise = Vec::new();
    for _ in 0..2000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((seed >> 16) as u8);
    }
    let mut inputs: Vec<&[u8]> = (0..valid.len()).map(|n| &valid.as_bytes()[..n]).collect();
    inputs.push(&noise);
    for input in inputs {
        let mut s = connect(&org);
        s.write_all(input).unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        assert!(out.is_empty() || out.starts_with(b"HTTP/1.1 "), "{out:?}");
    }
    assert_eq!(get(&org, "/services/data/").status, 200);
}

#[test]
fn head_has_no_body() {
    let org = org();
    let r = parse(&raw(
        &org,
        b"HEAD /services/data/ HTTP/1.1\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(r.status, 200);
    assert!(r.content_length().unwrap() > 0);
    assert!(r.body.is_empty());
}

#[test]
fn the_port_closes_on_drop() {
    let org = org();
    let addr = org.url().strip_prefix("http://").unwrap().to_string();
    // An idle keep-alive connection and a delayed request do not hold it up.
    let _idle = connect(&org);
    org.fault(Fault::Delay {
        path: String::new(),
        times: 1,
        delay: Duration::from_secs(30),
    });
    let mut waiting = connect(&org);
    waiting
        .write_all(b"GET /services/data/ HTTP/1.1\r\n\r\n")
        .unwrap();
    while org.requests().is_empty() {
        std::thread::sleep(Duration::from_millis(5));
    }
    let t = Instant::now();
    drop(org);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(TcpStream::connect(addr).is_err());
    let mut rest = Vec::new();
    let _ = waiting.read_to_end(&mut rest);
    assert!(rest.is_empty());
}

#[test]
fn generated_objects_look_real() {
    let org = Org::from_dir(&examples()).generated(3).start();
    let g = get_auth(&org, &format!("{V}/sobjects")).json();
    let names: Vec<&str> = g["sobjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Gen000__c") && names.contains(&"Gen002__c"));
    let d = get_auth(&org, &format!("{V}/sobjects/Gen002__c/describe")).json();
    let case: Value = serde_json::from_slice(&example("Case")).unwrap();
    assert_eq!(
        d.as_object().unwrap().len(),
        case.as_object().unwrap().len()
    );
    assert_eq!(d["custom"], true);
    let fields = d["fields"].as_array().unwrap();
    assert!((35..=45).contains(&fields.len()), "{}", fields.len());
    let parent = fields.iter().find(|f| f["name"] == "Parent__c").unwrap();
    assert_eq!(parent["referenceTo"], json!(["Gen001__c"]));
    assert_eq!(parent["relationshipName"], "Parent__r");
}

#[test]
fn real_payloads_when_shared_is_here() {
    let dir = common::root().join("../shared/salesforce/describe");
    let Ok(account) = std::fs::read(dir.join("variants/Account.v58.nango-recording.json")) else {
        eprintln!("skipped: ../shared/salesforce/describe is not here");
        return;
    };
    let org = Org::from_dir(&examples())
        .object("Account", account.clone())
        .start();
    let r = get_auth(&org, &format!("{V}/sobjects/Account/describe"));
    assert_eq!(r.body, account);
    let b = batch(
        &org,
        &json!({"batchRequests": [{"method": "GET", "url": "v62.0/sobjects/Account/describe"}]}),
    )
    .json();
    let parsed: Value = serde_json::from_slice(&account).unwrap();
    assert_eq!(b["results"][0]["result"], parsed);
}

// ---- the fake sf ------------------------------------------------------------

#[cfg(unix)]
mod fake_sf {
    use super::common::fake_sf::{self, SfMode, REDACTED};
    use serde_json::Value;
    use std::path::Path;

    const URL: &str = "http://127.0.0.1:1";
    const TOKEN: &str = "00DTEST!AQ.it's \"quoted\"";

    struct Out {
        code: i32,
        json: Value,
        stderr: String,
    }

    fn sf(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
        let mut cmd = std::process::Command::new(dir.join("sf"));
        cmd.args(args).env_remove("SF_TEMP_SHOW_SECRETS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("the fake sf runs");
        Out {
            code: out.status.code().unwrap_or(-1),
            json: serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn installed(mode: SfMode) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let got = fake_sf::install(dir.path(), "my-org", URL, TOKEN, mode);
        assert_eq!(got, dir.path());
        dir
    }

    const SHOW: &[&str] = &[
        "org",
        "auth",
        "show-access-token",
        "--target-org",
        "my-org",
        "--json",
    ];
    const DISPLAY: &[&str] = &["org", "display", "--target-org", "my-org", "--json"];

    fn assert_no_auth(out: &Out, alias: &str) {
        assert_eq!(out.code, 1);
        assert_eq!(
            out.json,
            serde_json::json!({"status": 1, "name": "NoAuthorizationFound",
                "message": format!("No authorization information found for {alias}."), "exitCode": 1})
        );
    }

    fn assert_not_a_command(out: &Out) {
        assert_eq!(out.code, 1);
        assert_eq!(out.json["status"], 1);
        let msg = out.json["message"].as_str().unwrap();
        assert!(msg.contains("is not a sf command"), "{msg}");
    }

    #[test]
    fn normal_cli_shows_the_token_and_redacts_display() {
        let dir = installed(SfMode::Normal);
        let show = sf(dir.path(), SHOW, &[]);
        assert_eq!(show.code, 0, "{}", show.stderr);
        assert_eq!(show.json["status"], 0);
        assert_eq!(show.json["result"]["accessToken"], TOKEN);
        assert_eq!(show.json["result"]["instanceUrl"], URL);
        assert_eq!(show.json["result"]["username"], "integration@example.com");

        let display = sf(dir.path(), DISPLAY, &[]);
        assert_eq!(display.code, 0);
        let r = &display.json["result"];
        assert_eq!(r["accessToken"], REDACTED);
        assert!(r["accessToken"].as_str().unwrap().starts_with("[REDACTED]"));
        assert_eq!(r["instanceUrl"], URL);
        assert_eq!(r["alias"], "my-org");
        assert_eq!(r["clientId"], "PlatformCLI");
        assert_eq!(r["connectedStatus"], "Connected");
        assert!(r["id"].as_str().unwrap().starts_with("00D"));
        // The keys are those of plugin-org's schema, with its required ones.
        for key in ["accessToken", "clientId", "id", "instanceUrl", "username"] {
            assert!(r.get(key).is_some(), "{key}");
        }

        let shown = sf(dir.path(), DISPLAY, &[("SF_TEMP_SHOW_SECRETS", "true")]);
        assert_eq!(shown.json["result"]["accessToken"], TOKEN);

        let short = sf(
            dir.path(),
            &["org", "display", "-o", "my-org", "--json"],
            &[],
        );
        assert_eq!(short.code, 0);
        let eq = sf(
            dir.path(),
            &["org", "display", "--target-org=my-org", "--json"],
            &[],
        );
        assert_eq!(eq.code, 0);

        assert_no_auth(
            &sf(
                dir.path(),
                &["org", "display", "-o", "other", "--json"],
                &[],
            ),
            "other",
        );
        assert_not_a_command(&sf(dir.path(), &["org", "frobnicate", "--json"], &[]));

        assert_eq!(
            fake_sf::calls(dir.path()),
            vec![
                SHOW.join(" "),
                DISPLAY.join(" "),
                DISPLAY.join(" "),
                "org display -o my-org --json".to_string(),
                "org display --target-org=my-org --json".to_string(),
                "org display -o other --json".to_string(),
                "org frobnicate --json".to_string(),
            ]
        );
    }

    #[test]
    fn old_cli_has_no_show_access_token_but_displays_it() {
        let dir = installed(SfMode::OldCli);
        assert_not_a_command(&sf(dir.path(), SHOW, &[]));
        let display = sf(dir.path(), DISPLAY, &[]);
        assert_eq!(display.code, 0);
        assert_eq!(display.json["result"]["accessToken"], TOKEN);
        assert_eq!(display.json["result"]["instanceUrl"], URL);
        assert!(display.json["warnings"][0]
            .as_str()
            .unwrap()
            .contains("sensitive information"));
    }

    #[test]
    fn redacted_cli_gives_no_token() {
        let dir = installed(SfMode::Redacted);
        assert_not_a_command(&sf(dir.path(), SHOW, &[]));
        let display = sf(dir.path(), DISPLAY, &[("SF_TEMP_SHOW_SECRETS", "true")]);
        assert_eq!(display.code, 0);
        assert_eq!(display.json["result"]["accessToken"], REDACTED);
        assert_eq!(display.json["result"]["instanceUrl"], URL);
    }

    #[test]
    fn error_cli_fails_everything() {
        let dir = installed(SfMode::Error);
        assert_no_auth(&sf(dir.path(), SHOW, &[]), "my-org");
        assert_no_auth(&sf(dir.path(), DISPLAY, &[]), "my-org");
        assert_eq!(fake_sf::calls(dir.path()).len(), 2);
    }

    #[test]
    fn without_json_it_prints_text_and_errors_on_stderr() {
        let dir = installed(SfMode::Normal);
        let out = std::process::Command::new(dir.path().join("sf"))
            .args(["org", "display", "-o", "nope"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("NoAuthorizationFound"));
        let out = std::process::Command::new(dir.path().join("sf"))
            .args(["org", "display"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("No default environment"));
    }
}

#[test]
fn composite_subrequests_carry_their_own_if_modified_since() {
    let org = org();
    let auth = format!("Bearer {DEFAULT_TOKEN}");
    let body = json!({
        "allOrNone": false,
        "compositeRequest": [
            {"method": "GET", "url": format!("{V}/sobjects/Case/describe"), "referenceId": "a",
             "httpHeaders": {"If-Modified-Since": LAST_MODIFIED}},
            {"method": "GET", "url": format!("{V}/sobjects/Account/describe"), "referenceId": "b",
             "httpHeaders": {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}},
            {"method": "GET", "url": format!("{V}/sobjects/Nope/describe"), "referenceId": "c"},
        ]
    });
    let r = request(
        &org,
        "POST",
        &format!("{V}/composite"),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let b = r.json();
    let subs = b["compositeResponse"].as_array().unwrap();
    assert_eq!(subs.len(), 3);
    // Not modified since: 304, no body, Last-Modified in its headers.
    assert_eq!(subs[0]["referenceId"], "a");
    assert_eq!(subs[0]["httpStatusCode"], 304);
    assert!(subs[0]["body"].is_null());
    assert_eq!(subs[0]["httpHeaders"]["Last-Modified"], LAST_MODIFIED);
    // Modified since: the whole describe, byte for byte as served alone.
    assert_eq!(subs[1]["httpStatusCode"], 200);
    let alone: Value = serde_json::from_slice(&example("Account")).unwrap();
    assert_eq!(subs[1]["body"], alone);
    assert_eq!(subs[2]["httpStatusCode"], 404);
    assert_eq!(subs[2]["body"], not_found());
    // Malformed requests are refused whole.
    for bad in [
        json!({"compositeRequest": []}),
        json!({"compositeRequest": [{"method": "GET", "url": "v62.0/sobjects", "referenceId": "x"}]}),
        json!({"compositeRequest": [{"method": "GET", "url": format!("{V}/sobjects")}]}),
    ] {
        let r = request(
            &org,
            "POST",
            &format!("{V}/composite"),
            &[("Authorization", &auth)],
            bad.to_string().as_bytes(),
        );
        assert_eq!(r.status, 400, "{bad}");
    }
}
