//! `cargo bench --bench pull`: pulling 200 describes from the loopback test
//! org (tests/common/org.rs) with 100 ms of latency on every response, as
//! `hierc schema pull` does it (composite batches of 25 on a few worker
//! threads), next to one request at a time. The aim: under a second.

#[allow(dead_code)]
#[path = "../tests/common/org.rs"]
mod org;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use hierc::org::auth::{parse_domain, Auth};
use hierc::org::http::RetryPolicy;
use hierc::org::{pull, Described, Org, Settings};
use secrecy::SecretString;

const OBJECTS: usize = 200;
const LATENCY: Duration = Duration::from_millis(100);

fn main() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/schemas");
    let test_org = org::Org::from_dir(&examples)
        .generated(OBJECTS)
        .latency(LATENCY)
        .start();
    let names: Vec<String> = (0..OBJECTS).map(|i| format!("Gen{i:03}__c")).collect();
    let connect = || {
        let (domain, _) = parse_domain(&test_org.url()).expect("loopback URL");
        Org::connect(Settings {
            auth: Auth::Token {
                domain,
                token: SecretString::from(org::DEFAULT_TOKEN.to_string()),
            },
            api_version: Some("62.0".into()),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
        })
        .expect("connects")
    };

    let client = connect();
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let report = pull::pull(&client, &names, dir.path(), &());
    let pulled = started.elapsed();
    assert!(report.ok(), "pull failed: {report:?}");
    assert_eq!(report.fetched.len(), OBJECTS);

    let started = Instant::now();
    let report = pull::pull(&client, &names, dir.path(), &());
    let revalidated = started.elapsed();
    assert_eq!(report.unchanged.len(), OBJECTS);

    let started = Instant::now();
    for name in &names {
        match client.describe(name, None) {
            Ok(Described::Fresh { .. }) => {}
            _ => panic!("describe {name} failed"),
        }
    }
    let serial = started.elapsed();

    println!(
        "{OBJECTS} describes, {} ms latency per response:",
        LATENCY.as_millis()
    );
    println!(
        "  schema pull (batches of {}, {} workers)  {:>8.3} s",
        pull::BATCH,
        pull::WORKERS,
        pulled.as_secs_f64()
    );
    println!(
        "  revalidation (/composite, {} workers)      {:>8.3} s",
        pull::WORKERS,
        revalidated.as_secs_f64()
    );
    println!(
        "  one request at a time                {:>8.3} s",
        serial.as_secs_f64()
    );
    println!(
        "  speed-up                             {:>8.1}x",
        serial.as_secs_f64() / pulled.as_secs_f64()
    );
}
