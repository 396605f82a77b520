//! `hierc schema ...`, `check --live` and `validate --live` against the
//! loopback test org (tests/common/org.rs) and the fake `sf`
//! (tests/common/fake_sf.rs). Nothing here reaches the internet.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::fake_sf::{self, SfMode};
use common::org::{Fault, Org, TestOrg, LAST_MODIFIED};

/// Distinctive secrets, looked for in every output and file.
const TOKEN: &str = "00DTEST!AQ.token-that-must-never-leak-4f2a";
const CLIENT_ID: &str = "hierc-test-client";
const SECRET: &str = "client-secret-that-must-never-leak-9c1e";

fn examples() -> PathBuf {
    common::root().join("examples/schemas")
}

fn org() -> TestOrg {
    Org::from_dir(&examples())
        .token(TOKEN)
        .credentials(CLIENT_ID, SECRET)
        .start()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn assert_no_secret(&self) {
        for s in [TOKEN, SECRET, "must-never-leak"] {
            assert!(
                !self.stdout.contains(s),
                "secret in stdout:\n{}",
                self.stdout
            );
            assert!(
                !self.stderr.contains(s),
                "secret in stderr:\n{}",
                self.stderr
            );
        }
    }
}

/// Runs hierc in `dir`, with none of the org variables of the caller.
fn hierc(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hierc"));
    cmd.current_dir(dir).args(args);
    for var in [
        "HIERC_SF_ORG",
        "HIERC_SF_DOMAIN",
        "HIERC_SF_TOKEN",
        "HIERC_SF_CLIENT_ID",
        "HIERC_SF_CLIENT_SECRET",
        "HIERC_SCHEMAS",
        "SF_TEMP_SHOW_SECRETS",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("hierc runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.assert_no_secret();
    run
}

/// Client credentials from the environment, as the docs recommend.
fn client_env(org: &TestOrg) -> Vec<(&'static str, String)> {
    vec![
        ("HIERC_SF_DOMAIN", org.url()),
        ("HIERC_SF_CLIENT_ID", CLIENT_ID.to_string()),
        ("HIERC_SF_CLIENT_SECRET", SECRET.to_string()),
    ]
}

fn with_client(org: &TestOrg, dir: &Path, args: &[&str]) -> Run {
    let env = client_env(org);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    hierc(dir, args, &env)
}

fn with_token(org: &TestOrg, dir: &Path, args: &[&str]) -> Run {
    let url = org.url();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--domain", &url]);
    hierc(dir, &all, &[("HIERC_SF_TOKEN", TOKEN)])
}

/// No file under `dir` holds a secret.
fn assert_no_secret_in_files(dir: &Path) {
    for entry in walk(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        for s in [TOKEN, SECRET] {
            assert!(!text.contains(s), "secret in {}", entry.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

fn meta(dir: &Path, object: &str) -> serde_json::Value {
    let path = dir.join(format!("schemas/{object}.meta.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn describes(org: &TestOrg) -> usize {
    org.requests()
        .iter()
        .filter(|r| r.path.contains("/describe") || r.path.ends_with("/composite/batch"))
        .count()
}

#[test]
fn client_credentials_pull_writes_the_describes_unchanged_with_sidecars() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_client(
        &org,
        dir.path(),
        &["schema", "pull", "Case", "account", "User"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pulled 3 objects into `schemas` (API v62.0): Account, Case, User"),
        "{}",
        run.stderr
    );
    for object in ["Account", "Case", "User"] {
        let cached =
            std::fs::read(dir.path().join(format!("schemas/{object}.schema.json"))).unwrap();
        let original = std::fs::read(examples().join(format!("{object}.schema.json"))).unwrap();
        assert!(cached == original, "{object} changed on the way");
        let m = meta(dir.path(), object);
        assert_eq!(m["api-version"], "62.0");
        assert!(m["fetched-at"].as_str().unwrap().ends_with('Z'));
    }
    // The token request is the client credentials form.
    let requests = org.requests();
    let token = requests
        .iter()
        .find(|r| r.path == "/services/oauth2/token")
        .unwrap();
    let form = String::from_utf8_lossy(&token.body);
    assert!(form.contains("grant_type=client_credentials"), "{form}");
    // Three describes in one batch.
    assert_eq!(describes(&org), 1);
    assert_no_secret_in_files(dir.path());
    // The checker reads the cache and ignores the sidecars.
    std::fs::copy(
        common::root().join("examples/case_owner.hier"),
        dir.path().join("x.hier"),
    )
    .unwrap();
    let run = hierc(dir.path(), &["schema", "status"], &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("Case  ") && run.stdout.contains("v62.0"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_second_pull_revalidates_with_if_modified_since() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = meta(dir.path(), "Case");
    assert_eq!(first["last-modified"], LAST_MODIFIED);
    std::thread::sleep(Duration::from_millis(1100));
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("unchanged since the last pull: Case"),
        "{}",
        run.stderr
    );
    let last = org.requests().into_iter().last().unwrap();
    assert_eq!(last.header("if-modified-since"), Some(LAST_MODIFIED));
    let second = meta(dir.path(), "Case");
    assert_ne!(first["fetched-at"], second["fetched-at"]);
    // A change in the org is fetched again.
    org.set_last_modified("Case", "Fri, 27 Nov 2026 10:00:00 GMT");
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case"]);
    assert!(run.stderr.contains("pulled 1 object"), "{}", run.stderr);
    assert_eq!(
        meta(dir.path(), "Case")["last-modified"],
        "Fri, 27 Nov 2026 10:00:00 GMT"
    );
    assert_no_secret_in_files(dir.path());
}

#[test]
fn batch_pulls_revalidate_from_the_fetch_time() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    with_token(&org, dir.path(), &["schema", "pull", "Case", "Account"]);
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case", "Account"]);
    assert!(
        run.stderr
            .contains("unchanged since the last pull: Account, Case"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_object_is_not_found_with_a_suggestion() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(&org, dir.path(), &["schema", "pull", "Cas"]);
    assert_eq!(run.code, 1);
    // E090, worded as check --live words it.
    assert!(run.stderr.starts_with("E090"), "{}", run.stderr);
    assert!(
        run.stderr.contains("checked against the org http"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the org has no object `Cas`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `Case`?"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("schemas/Cas.schema.json").exists());
}

#[test]
fn pull_from_hier_files_follows_refs_and_path_hops() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("examples/case_owner.hier"),
        dir.path().join("owner.hier"),
    )
    .unwrap();
    let run = with_token(
        &org,
        dir.path(),
        &["schema", "pull", "--from", "owner.hier"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for object in ["Case", "EmailMessage", "User", "Contact", "Group"] {
        assert!(
            dir.path()
                .join(format!("schemas/{object}.schema.json"))
                .is_file(),
            "{object}: {}",
            run.stderr
        );
    }
    // The file now checks against what was pulled.
    let run = hierc(dir.path(), &["check", "owner.hier"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn describe_prints_or_writes_one_payload() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(&org, dir.path(), &["schema", "describe", "Case"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let original = std::fs::read_to_string(examples().join("Case.schema.json")).unwrap();
    assert_eq!(run.stdout, original);
    let run = with_token(
        &org,
        dir.path(),
        &["schema", "describe", "Case", "-o", "Case.json"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Case.json")).unwrap(),
        original
    );
}

#[test]
fn list_puts_common_objects_first_and_marks_custom_ones() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(&org, dir.path(), &["schema", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(&names[..4], ["Account", "Case", "Contact", "Opportunity"]);
    assert!(!names.contains(&"AggregateResult"), "not queryable");
    let invoice = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Invoice__c"))
        .unwrap();
    assert!(invoice.contains("custom"), "{invoice}");
    let last_standard = names.iter().rposition(|n| !n.ends_with("__c")).unwrap();
    let first_custom = names.iter().position(|n| n.ends_with("__c")).unwrap();
    assert!(last_standard < first_custom, "{names:?}");
}

#[test]
fn the_api_version_comes_from_the_flag_the_project_or_the_org() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(
        &org,
        dir.path(),
        &["schema", "pull", "Case", "--api-version", "61.0"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(meta(dir.path(), "Case")["api-version"], "61.0");
    std::fs::write(dir.path().join("hierc.toml"), "api-version = \"60.0\"\n").unwrap();
    let run = with_token(&org, dir.path(), &["schema", "pull", "Account"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(meta(dir.path(), "Account")["api-version"], "60.0");
}

#[test]
fn sf_cli_alias_current_cli_uses_show_access_token() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let path = sf_path(&org, bin.path(), SfMode::Normal);
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--sf-org", "dev"],
        &[("PATH", &path)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = std::fs::read_to_string(bin.path().join(fake_sf::LOG)).unwrap();
    assert!(
        log.contains("org auth show-access-token --target-org dev --json"),
        "{log}"
    );
    assert_no_secret_in_files(dir.path());
}

#[test]
fn sf_cli_alias_old_cli_falls_back_to_org_display() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let path = sf_path(&org, bin.path(), SfMode::OldCli);
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--sf-org", "dev"],
        &[("PATH", &path)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = std::fs::read_to_string(bin.path().join(fake_sf::LOG)).unwrap();
    assert!(log.contains("org display --target-org dev --json"), "{log}");
}

#[test]
fn sf_cli_redacted_token_is_not_sent() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let path = sf_path(&org, bin.path(), SfMode::Redacted);
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--sf-org", "dev"],
        &[("PATH", &path)],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("hid the access token"),
        "{}",
        run.stderr
    );
    assert!(org
        .requests()
        .iter()
        .all(|r| r.header("authorization").is_none()));
}

#[test]
fn sf_cli_errors_and_a_missing_cli_are_clear() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let path = sf_path(&org, bin.path(), SfMode::Error);
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--sf-org", "dev"],
        &[("PATH", &path)],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("NoAuthorizationFound"),
        "{}",
        run.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--sf-org", "dev"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the Salesforce CLI (`sf`) is not installed or not on PATH"),
        "{}",
        run.stderr
    );
}

fn sf_path(org: &TestOrg, bin: &Path, mode: SfMode) -> String {
    fake_sf::install(bin, "dev", &org.url(), TOKEN, mode);
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn bad_credentials_are_environment_errors_without_secrets() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let url = org.url();
    let run = hierc(
        dir.path(),
        &[
            "schema",
            "pull",
            "Case",
            "--domain",
            &url,
            "--client-id",
            CLIENT_ID,
        ],
        &[("HIERC_SF_CLIENT_SECRET", "wrong-must-never-leak")],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid_client"), "{}", run.stderr);
    let run = hierc(
        dir.path(),
        &["schema", "pull", "Case", "--domain", &url],
        &[("HIERC_SF_TOKEN", "bad-must-never-leak")],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("INVALID_SESSION_ID"), "{}", run.stderr);
    // One coded diagnostic (E093), said once.
    assert_eq!(
        run.stderr.lines().filter(|l| *l == "E093").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn an_expired_client_credentials_token_is_renewed_once() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    // The versions list waits; meanwhile the token hierc holds expires.
    org.fault(Fault::Delay {
        path: "/services/data/".into(),
        times: 1,
        delay: Duration::from_millis(800),
    });
    let run = std::thread::scope(|s| {
        let pull = s.spawn(|| with_client(&org, dir.path(), &["schema", "pull", "Case"]));
        std::thread::sleep(Duration::from_millis(300));
        org.expire_token();
        pull.join().unwrap()
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requests = org.requests();
    let logins = requests
        .iter()
        .filter(|r| r.path == "/services/oauth2/token")
        .count();
    assert_eq!(logins, 2);
    let last = requests.last().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(format!("Bearer {}", org.current_token()).as_str())
    );
}

#[test]
fn only_https_except_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let run = hierc(
        dir.path(),
        &[
            "schema",
            "list",
            "--domain",
            "http://acme.my.salesforce.com",
        ],
        &[("HIERC_SF_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("uses http"), "{}", run.stderr);
    let run = hierc(dir.path(), &["schema", "list"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no org to connect to"),
        "{}",
        run.stderr
    );
}

#[test]
fn retries_mend_429_503_drops_and_truncated_bodies() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    org.fault(Fault::Status503 {
        path: "/describe".into(),
        times: 1,
    });
    org.fault(Fault::Drop {
        path: "/describe".into(),
        times: 1,
    });
    org.fault(Fault::Truncate {
        path: "/describe".into(),
        times: 1,
    });
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    org.fault(Fault::Status429 {
        path: "/composite/batch".into(),
        times: 1,
        retry_after_secs: 1,
    });
    let started = Instant::now();
    let run = with_token(&org, dir.path(), &["schema", "pull", "Account", "Contact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let cached = std::fs::read(dir.path().join("schemas/Case.schema.json")).unwrap();
    assert!(cached == std::fs::read(examples().join("Case.schema.json")).unwrap());
}

#[test]
fn a_failed_pull_keeps_the_previous_cache_and_names_the_object() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).unwrap();
    std::fs::write(
        schemas.join("Case.schema.json"),
        b"{\"name\":\"Case\",\"fields\":[]}",
    )
    .unwrap();
    org.fault(Fault::Truncate {
        path: "/describe".into(),
        times: 20,
    });
    org.fault(Fault::Truncate {
        path: "/composite/batch".into(),
        times: 20,
    });
    let run = with_token(&org, dir.path(), &["schema", "pull", "Case", "Account"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("failed: Account, Case"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(schemas.join("Case.schema.json")).unwrap(),
        b"{\"name\":\"Case\",\"fields\":[]}"
    );
    assert!(!schemas.join("Account.schema.json").exists());
    let leftovers: Vec<_> = walk(&schemas);
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn no_retry_on_404_and_a_timeout_is_clear() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    with_token(&org, dir.path(), &["schema", "describe", "Nope"]);
    let count = org
        .requests()
        .iter()
        .filter(|r| r.path.contains("Nope"))
        .count();
    assert_eq!(count, 1);
    org.fault(Fault::Delay {
        path: "/describe".into(),
        times: 10,
        delay: Duration::from_secs(3),
    });
    let run = with_token(
        &org,
        dir.path(),
        &["schema", "describe", "Case", "--timeout", "1"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
}

#[test]
fn check_live_uses_fresh_describes_and_leaves_the_cache_alone() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("examples/case_owner.hier"),
        dir.path().join("owner.hier"),
    )
    .unwrap();
    let run = with_token(&org, dir.path(), &["check", "--live", "owner.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("schemas").exists());
    // An org without EmailMessage: a finding, exit 1.
    let small = tempfile::tempdir().unwrap();
    for o in ["Case", "User", "Contact", "Group"] {
        std::fs::copy(
            examples().join(format!("{o}.schema.json")),
            small.path().join(format!("{o}.schema.json")),
        )
        .unwrap();
    }
    let small_org = Org::from_dir(small.path()).token(TOKEN).start();
    let run = with_token(&small_org, dir.path(), &["check", "--live", "owner.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // It says the org lacks it, and which org; not the folder it pulled into.
    assert!(run.stderr.contains("E090"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the org has no object `EmailMessage`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "checked against the org {} (API v62.0)",
            small_org.url()
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hierc-live-"), "{}", run.stderr);
    // --update-cache writes what it fetched.
    let run = with_token(
        &org,
        dir.path(),
        &["check", "--live", "--update-cache", "owner.hier"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("schemas/Case.schema.json").is_file());
    assert!(dir.path().join("schemas/Case.meta.json").is_file());
    assert_no_secret_in_files(dir.path());
}

#[test]
fn check_live_network_failure_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("examples/case_owner.hier"),
        dir.path().join("owner.hier"),
    )
    .unwrap();
    let org = org();
    let url = org.url();
    drop(org);
    let run = hierc(
        dir.path(),
        &["check", "--live", "owner.hier", "--domain", &url],
        &[("HIERC_SF_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // One coded diagnostic (E093), said once.
    assert_eq!(
        run.stderr.lines().filter(|l| *l == "E093").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn validate_live_fetches_what_the_config_names() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = hierc(
        &common::root(),
        &[
            "build",
            "examples/case_owner.hier",
            "-o",
            dir.path().join("c.json").to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = with_token(&org, dir.path(), &["validate", "c.json", "--live"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("OK - c.json is structurally valid."),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "c.json: checked the structure, and names and types against the org {}",
            org.url()
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hierc-live-"), "{}", run.stderr);
    assert!(!dir.path().join("schemas").exists());
    // --update-cache writes them into the config's schema cache.
    let run = with_token(
        &org,
        dir.path(),
        &["validate", "c.json", "--live", "--update-cache"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for object in ["Case", "User", "EmailMessage"] {
        assert!(
            dir.path()
                .join(format!("schemas/{object}.schema.json"))
                .is_file(),
            "{object}"
        );
    }
    std::fs::remove_dir_all(dir.path().join("schemas")).unwrap();
    // A config naming an object the org lacks: it says so, with a
    // did-you-mean among the org's objects.
    let config = std::fs::read_to_string(dir.path().join("c.json"))
        .unwrap()
        .replace(
            "\"Object\": \"EmailMessage\"",
            "\"Object\": \"EmailMesage\"",
        );
    std::fs::write(dir.path().join("bad.json"), config).unwrap();
    let run = with_token(&org, dir.path(), &["validate", "bad.json", "--live"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the org has no object `EmailMesage`")
            && run.stderr.contains("did you mean `EmailMessage`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn status_snapshot() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    with_token(&org, dir.path(), &["schema", "pull", "Case", "Account"]);
    std::fs::copy(
        examples().join("User.schema.json"),
        dir.path().join("schemas/User.schema.json"),
    )
    .unwrap();
    let run = hierc(dir.path(), &["schema", "status"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = format!("{}--- stderr\n{}", run.stdout, run.stderr);
    let text = scrub(&text, &org.url());
    common::insta_settings().bind(|| insta::assert_snapshot!(text));
}

/// The org's URL and RFC 3339 times replaced, for snapshots.
fn scrub(text: &str, url: &str) -> String {
    let text = text.replace(url, "[ORG]");
    let mut out = String::new();
    let mut rest = text.as_str();
    // `2026-11-28T11:28:46Z` is 20 bytes: digits and `-T:Z` in fixed places.
    while let Some(i) = rest.find('T') {
        let start = i.saturating_sub(10);
        let candidate = rest.get(start..start + 20).unwrap_or("");
        let is_time = candidate.len() == 20
            && candidate.ends_with('Z')
            && candidate.as_bytes()[4] == b'-'
            && candidate.as_bytes()[13] == b':';
        if is_time {
            out.push_str(&rest[..start]);
            out.push_str("[TIME]");
            rest = &rest[start + 20..];
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn unknown_fields_note_a_stale_cache() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.hier"),
        "aggregation Case {\n    Title = Subject\n    fields NoSuchField__c\n}\n",
    )
    .unwrap();
    with_token(&org, dir.path(), &["schema", "pull", "Case"]);
    let run = hierc(dir.path(), &["check", "x.hier"], &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("may be stale"), "{}", run.stderr);
    let path = dir.path().join("schemas/Case.meta.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["fetched-at"] = "2026-01-01T00:00:00Z".into();
    std::fs::write(&path, m.to_string()).unwrap();
    let run = hierc(dir.path(), &["check", "x.hier"], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the cached describe of `Case` was pulled")
            && run
                .stderr
                .contains("it may be stale; refresh it with `hierc schema pull Case`"),
        "{}",
        run.stderr
    );
    // Per object: a name unknown on another object, whose describe is fresh,
    // gets no note.
    with_token(&org, dir.path(), &["schema", "pull", "Contact"]);
    std::fs::write(
        dir.path().join("y.hier"),
        "aggregation Case <self> {\n    ref ContactId { NoSuchField__c }\n}\n",
    )
    .unwrap();
    let run = hierc(dir.path(), &["check", "y.hier"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`Contact` has no field"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("may be stale"), "{}", run.stderr);
    // hierc.toml's `stale-after` sets the age.
    std::fs::write(
        dir.path().join("hierc.toml"),
        "stale-after = \"1000 days\"\n",
    )
    .unwrap();
    let run = hierc(dir.path(), &["check", "x.hier"], &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("may be stale"), "{}", run.stderr);
    std::fs::write(dir.path().join("hierc.toml"), "stale-after = \"soon\"\n").unwrap();
    let run = hierc(dir.path(), &["check", "x.hier"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("E095"), "{}", run.stderr);
}

#[test]
fn object_names_never_reach_a_path() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let run = with_token(&org, dir.path(), &["schema", "pull", "../Case"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`../Case` is not an object API name"),
        "{}",
        run.stderr
    );
    assert!(org.requests().iter().all(|r| !r.path.contains("..")));
}

#[test]
fn revalidating_many_objects_takes_one_composite_request() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    let objects = ["Case", "Account", "Contact", "User", "Attachment"];
    let mut args = vec!["schema", "pull"];
    args.extend(objects);
    let run = with_token(&org, dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::thread::sleep(Duration::from_millis(1100));
    // A change after the first pull (which came through composite batch,
    // so its sidecar dates from the fetch).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let changed = common::org::format_http_date(now + 3600);
    org.set_last_modified("Contact", &changed);
    let before = org.requests().len();
    let run = with_token(&org, dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("pulled 1 object"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unchanged since the last pull: Account, Attachment, Case, User"),
        "{}",
        run.stderr
    );
    let describes: Vec<_> = org.requests()[before..]
        .iter()
        .filter(|r| r.path.contains("/sobjects/") || r.path.contains("/composite"))
        .cloned()
        .collect();
    assert_eq!(describes.len(), 1, "{describes:?}");
    assert!(describes[0].path.ends_with("/composite"), "{describes:?}");
    let body: serde_json::Value = serde_json::from_slice(&describes[0].body).unwrap();
    let subs = body["compositeRequest"].as_array().unwrap();
    assert_eq!(subs.len(), objects.len());
    assert!(subs
        .iter()
        .all(|s| s["httpHeaders"]["If-Modified-Since"].is_string()));
    // The changed one was written, with its new Last-Modified.
    assert_eq!(
        meta(dir.path(), "Contact")["last-modified"],
        changed.as_str()
    );
    let written = std::fs::read(dir.path().join("schemas/Contact.schema.json")).unwrap();
    let served: serde_json::Value =
        serde_json::from_slice(&std::fs::read(examples().join("Contact.schema.json")).unwrap())
            .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&written).unwrap(),
        served
    );
    assert_no_secret_in_files(dir.path());
}

#[test]
fn check_live_update_cache_fills_each_projects_own_cache() {
    let org = org();
    let dir = tempfile::tempdir().unwrap();
    for (project, text) in [
        ("a", "aggregation Case\n"),
        (
            "b",
            "aggregation Case <self> {\n    ref ContactId { Name }\n}\n",
        ),
    ] {
        let root = dir.path().join(project);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("hierc.toml"), "").unwrap();
        std::fs::write(root.join("x.hier"), text).unwrap();
    }
    let run = with_token(
        &org,
        dir.path(),
        &["check", "--live", "--update-cache", "a", "b"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("a/schemas/Case.schema.json").is_file());
    assert!(!dir.path().join("a/schemas/Contact.schema.json").exists());
    assert!(dir.path().join("b/schemas/Case.schema.json").is_file());
    assert!(dir.path().join("b/schemas/Contact.schema.json").is_file());
    // Each project now checks offline against its own cache.
    let run = hierc(dir.path(), &["check", "a", "b"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
