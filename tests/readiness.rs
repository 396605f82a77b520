//! Will it work in the org? `hierc soql`, SOQL's limits and the
//! describe-flag lints in `check`, and `hierc probe` against the loopback
//! test org (tests/common/org.rs, whose SOQL reader is
//! tests/common/org/query.rs). Nothing here reaches the internet.

mod common;

use std::path::Path;

use common::org::{query, Fault, Org, TestOrg, USERNAME, USER_ID};
use common::{hierc_env, hierc_in, scratch_project, Run};
use serde_json::Value;

const TOKEN: &str = "00DTEST!AQ.probe-token-that-must-never-leak-7d3b";

// ---- the lints and limits of `check` ----------------------------------------

/// Each fixture shows the code its name starts with; `ok_` ones show none.
#[test]
fn readiness_fixtures() {
    common::insta_settings().bind(|| {
        insta::glob!("fixtures/readiness", "*.hier", |path| {
            let (report, _) = common::compile_report(path);
            let name = path.file_name().unwrap().to_string_lossy();
            if let Some(rest) = name.strip_prefix("ok_") {
                assert!(
                    report.contains("--- diagnostics ---\n(none)\n"),
                    "{rest}:\n{report}"
                );
            } else {
                let code = &name[..4];
                assert!(report.contains(&format!("\n{code}\n")), "{name}:\n{report}");
            }
            insta::assert_snapshot!(report);
        });
    });
}

#[test]
fn sixty_references_name_the_55_limit() {
    let path = common::root().join("tests/fixtures/readiness/E060_sixty_references.hier");
    let c = hierc::compile(common::source(&path), &common::catalog_for(&path));
    assert!(c.config.is_none());
    let [d] = c.diagnostics.as_slice() else {
        panic!("{:#?}", c.diagnostics)
    };
    assert_eq!(d.code, hierc::diagnostics::Code::E060);
    assert!(d
        .message
        .ends_with("follows 60 child-to-parent relationships; SOQL allows at most 55"));
    assert_eq!(d.labels[1].message, "relationship 56 (`L56__r`)");
}

/// A describe of `fields` long custom fields, each a short string.
fn many_fields(count: usize) -> String {
    let mut fields = vec![
        serde_json::json!({"name": "Id", "type": "id", "length": 18}),
        serde_json::json!({"name": "Name", "type": "string", "nameField": true, "length": 80}),
        serde_json::json!({"name": "CreatedDate", "type": "datetime"}),
        serde_json::json!({"name": "LastModifiedDate", "type": "datetime"}),
        serde_json::json!({"name": "CreatedById", "type": "reference", "referenceTo": ["User"], "relationshipName": "CreatedBy"}),
        serde_json::json!({"name": "LastModifiedById", "type": "reference", "referenceTo": ["User"], "relationshipName": "LastModifiedBy"}),
    ];
    for i in 0..count {
        fields.push(serde_json::json!({
            "name": format!("A_Rather_Long_Custom_Field_Name_Number_{i:05}__c"),
            "type": "string",
            "length": 20,
        }));
    }
    serde_json::json!({"name": "Big__c", "custom": true, "fields": fields, "childRelationships": []})
        .to_string()
}

#[test]
fn a_statement_over_100000_characters_is_e061() {
    let count = 2100;
    let names: Vec<String> = (0..count)
        .map(|i| format!("A_Rather_Long_Custom_Field_Name_Number_{i:05}__c"))
        .collect();
    let text = format!(
        "aggregation Big__c <self> {{\n    fields {}\n}}\n",
        names.join(",\n        ")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("schemas/Big__c.schema.json"),
        many_fields(count),
    )
    .unwrap();
    std::fs::write(dir.path().join("big.hier"), text).unwrap();
    let run = hierc_in(dir.path(), &["check", "big.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(
        run.stderr.contains("SOQL allows at most 100000"),
        "{}",
        run.stderr
    );
    common::insta_settings().bind(|| insta::assert_snapshot!(run.stderr));

    // One field fewer in every 21 keeps it under: the limit is exact.
    let soql = hierc_in(dir.path(), &["soql", "big.hier", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&soql.stdout).unwrap_or_default();
    assert!(list.is_empty(), "no statement for a file with errors");
}

#[test]
fn lint_levels_come_from_hierc_toml() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = common::root().join("tests/fixtures/readiness/schemas");
    let toml = format!(
        "schemas = \"{}\"\n[lint]\nW113 = \"allow\"\nW110 = \"deny\"\n",
        schemas.display()
    );
    std::fs::write(dir.path().join("hierc.toml"), toml).unwrap();
    std::fs::write(
        dir.path().join("long.hier"),
        "aggregation Flagged__c {\n    fields Notes__c\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("locked.hier"),
        "aggregation Locked__c <self>\n",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["check", "long.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert!(!run.stderr.contains("W113"), "{}", run.stderr);
    let run = hierc_in(dir.path(), &["check", "locked.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(run.stderr.contains("W110"), "{}", run.stderr);
}

// ---- hierc soql ------------------------------------------------------------

#[test]
fn soql_prints_the_guides_case_example() {
    let run = hierc_in(&common::root(), &["soql", "examples/case.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    let lines: Vec<&str> = run.stdout.lines().collect();
    // A `--` comment naming each item, then one statement.
    assert_eq!(lines.len() % 2, 0);
    for pair in lines.chunks(2) {
        assert!(pair[0].starts_with("-- "), "{pair:?}");
        assert!(pair[1].starts_with("SELECT Id, "), "{pair:?}");
    }
    let case = lines[1];
    assert!(case.contains("Contact.Name"), "{case}");
    assert!(case.ends_with(" FROM Case"), "{case}");
    let email = lines
        .iter()
        .find(|l| l.contains("FROM EmailMessage"))
        .unwrap();
    assert!(email.ends_with("WHERE ParentId = :parentId"), "{email}");
    common::insta_settings().bind(|| insta::assert_snapshot!(run.stdout));
}

#[test]
fn soql_files_polymorphic_references_and_json() {
    let run = hierc_in(
        &common::root(),
        &["soql", "examples/case_owner.hier", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.report());
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let kinds: Vec<&str> = list.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["aggregation", "record", "files"]);
    let case = list[0]["soql"].as_str().unwrap();
    // The pinned polymorphic reference reads its target's fields through
    // TYPEOF; the path `Owner.Name` joins it, for the other targets too.
    assert!(
        case.contains("TYPEOF Owner WHEN User THEN Name, Email, Title ELSE Name END"),
        "{case}"
    );
    assert!(!case.contains("Owner.Name"), "{case}");
    let files = list[2]["soql"].as_str().unwrap();
    assert!(files.contains("FROM ContentDocumentLink WHERE LinkedEntityId = :recordId"));
    assert!(files.contains("ContentDocument.LatestPublishedVersion.VersionNumber"));
    assert_eq!(list[2]["line"], 16);
    common::insta_settings().bind(|| insta::assert_snapshot!(run.stdout));
}

#[test]
fn soql_of_a_broken_file_is_its_diagnostics() {
    let dir = scratch_project(&[(
        "bad.hier",
        "aggregation Case <self> {\n    fields Subjet\n}\n",
    )]);
    let run = hierc_in(dir.path(), &["soql", "bad.hier"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
}

// ---- the test org's SOQL reader ---------------------------------------------

fn ask(soql: &str) -> (u16, Value) {
    let dir = common::root().join("examples/schemas");
    let describe = |name: &str| -> Option<Value> {
        let path = dir.join(format!("{name}.schema.json"));
        let found = std::fs::read_dir(&dir).ok()?.flatten().find(|e| {
            e.file_name()
                .to_string_lossy()
                .eq_ignore_ascii_case(&format!("{name}.schema.json"))
        })?;
        let _ = path;
        serde_json::from_slice(&std::fs::read(found.path()).ok()?).ok()
    };
    let ctx = query::Context {
        describe: &describe,
        user_id: USER_ID,
        hard_delete: true,
    };
    let (status, body) = query::answer(&ctx, soql);
    (status, serde_json::from_str(&body).unwrap())
}

#[test]
fn the_test_org_reads_soql_against_its_describes() {
    for ok in [
        "SELECT COUNT() FROM Case WHERE Status = 'New'",
        "SELECT Id, Contact.Name, Account.Owner.Name, (SELECT Id, Subject FROM EmailMessages) FROM Case LIMIT 1",
        "SELECT Id, TYPEOF Owner WHEN User THEN Email ELSE Name END FROM Case",
        "SELECT Id FROM Attachment WHERE ParentId IN (SELECT Id FROM Case) AND Name != null",
        "select id from case where parentid = :parentId limit 1",
    ] {
        let (status, body) = ask(ok);
        assert_eq!(status, 200, "{ok}: {body}");
        assert_eq!(body["totalSize"], 0);
    }
    for (bad, code, says) in [
        (
            "SELECT Id, Secret__c FROM Case",
            "INVALID_FIELD",
            "No such column 'Secret__c' on entity 'Case'",
        ),
        (
            "SELECT Contct.Name FROM Case",
            "INVALID_FIELD",
            "Didn't understand relationship 'Contct'",
        ),
        (
            "SELECT Id FROM Accout",
            "INVALID_TYPE",
            "sObject type 'Accout' is not supported",
        ),
        (
            "SELECT Id, (SELECT Id FROM Emailz) FROM Case",
            "INVALID_TYPE",
            "Didn't understand relationship 'Emailz'",
        ),
        (
            "SELECT Id FROM Case WHERE Contact.Bogus = 1",
            "INVALID_FIELD",
            "No such column 'Bogus' on entity 'Contact'",
        ),
        (
            "SELECT Id, TYPEOF Owner WHEN User THEN Email ELSE Department END FROM Case",
            "INVALID_FIELD",
            "on entity 'Name'",
        ),
        (
            "SELECT Id FROM",
            "MALFORMED_QUERY",
            "unexpected token: '<EOF>'",
        ),
        (
            "SELECT Id FROM Case LIMIT x",
            "MALFORMED_QUERY",
            "unexpected token: 'x'",
        ),
    ] {
        let (status, body) = ask(bad);
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body[0]["errorCode"], code, "{bad}: {body}");
        let message = body[0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{bad}: {message}");
        assert!(message.contains("ERROR at Row:1:Column:"), "{message}");
    }
    // The column points at the name: `Secret__c` starts at column 12.
    let (_, body) = ask("SELECT Id, Secret__c FROM Case");
    assert!(body[0]["message"]
        .as_str()
        .unwrap()
        .contains("Row:1:Column:12\n"));
}

/// The reader's error bodies have the shape of Salesforce's own (the real
/// payloads in ../shared, when they are there).
#[test]
fn the_test_orgs_errors_are_shaped_as_salesforces() {
    let real =
        common::root().join("../shared/salesforce/api/error.INVALID_TYPE.amp-connectors.json");
    let Ok(text) = std::fs::read_to_string(&real) else {
        let required = std::env::var("HIERC_REQUIRE_SHARED").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "HIERC_REQUIRE_SHARED=1 but {} is not here",
            real.display()
        );
        eprintln!(
            "skipped: {} is not here (set HIERC_REQUIRE_SHARED=1 to require it)",
            real.display()
        );
        return;
    };
    let real: Value = serde_json::from_str(&text).unwrap();
    let (_, ours) = ask("SELECT Name, BillingCity, IsDeleted FROM Accout");
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v[0].as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&real), keys(&ours));
    let tail = |v: &Value| {
        v[0]["message"]
            .as_str()
            .unwrap()
            .rsplit('\n')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(tail(&real), tail(&ours));
    assert!(real[0]["message"]
        .as_str()
        .unwrap()
        .contains("ERROR at Row:1:Column:"));
}

// ---- hierc probe ------------------------------------------------------------

fn start(org: Org) -> TestOrg {
    org.token(TOKEN).start()
}

fn examples_org() -> Org {
    Org::from_dir(&common::root().join("examples/schemas"))
}

/// `hierc probe ARGS --domain URL` with the token in the environment; no
/// secret in either stream; the port made stable for snapshots.
fn probe(org: &TestOrg, dir: &Path, args: &[&str]) -> Run {
    let url = org.url();
    let mut all = vec!["probe"];
    all.extend(args);
    all.extend(["--domain", &url]);
    let mut run = hierc_env(dir, &all, &[("HIERC_SF_TOKEN", TOKEN)]);
    for s in [&run.stdout, &run.stderr] {
        assert!(!s.contains(TOKEN) && !s.contains("must-never-leak"), "{s}");
    }
    run.stdout = run.stdout.replace(&url, "http://127.0.0.1:PORT");
    run.stderr = run.stderr.replace(&url, "http://127.0.0.1:PORT");
    run
}

fn case_project() -> tempfile::TempDir {
    let text = std::fs::read_to_string(common::root().join("examples/case.hier")).unwrap();
    scratch_project(&[("case.hier", &text)])
}

fn queries(org: &TestOrg) -> Vec<String> {
    org.requests()
        .into_iter()
        .filter(|r| r.path.contains("/query?"))
        .map(|r| r.path)
        .collect()
}

#[test]
fn probe_passes_a_config_the_org_can_serve() {
    let org = start(examples_org());
    let dir = case_project();
    let cache = std::fs::read(dir.path().join("schemas/Case.schema.json")).unwrap();
    let run = probe(&org, dir.path(), &["case.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert_eq!(
        run.stderr.matches("  passed  ").count(),
        4,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("FAILED"), "{}", run.stderr);
    assert!(run
        .stderr
        .contains(&format!("granted  Bulk API Hard Delete for {USERNAME}")));
    assert!(
        run.stderr
            .contains("the org's daily API requests: 21 of 15000 used, 14979 left"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("API requests: "), "{}", run.stderr);
    // Each item's query, without its parent filter, with LIMIT 1; then
    // who the user is and their permission sets.
    let asked = queries(&org);
    assert_eq!(asked.len(), 5, "{asked:#?}");
    for q in &asked[..4] {
        assert!(q.ends_with("+LIMIT+1"), "{q}");
        assert!(!q.contains("parentId"), "{q}");
    }
    assert!(asked[4].contains("PermissionSetAssignment"));
    assert!(org
        .requests()
        .iter()
        .any(|r| r.path == "/services/oauth2/userinfo"));
    // The cache is left as it was.
    assert_eq!(
        std::fs::read(dir.path().join("schemas/Case.schema.json")).unwrap(),
        cache
    );
    common::insta_settings().bind(|| insta::assert_snapshot!(run.report()));
}

#[test]
fn probe_reports_a_hidden_field_at_its_span() {
    let org = start(examples_org().hide_field("Case", "Priority"));
    let dir = case_project();
    let run = probe(&org, dir.path(), &["case.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(run.stderr.contains("E063"), "{}", run.stderr);
    // `fields CaseNumber, Status, Priority, Origin` is line 7; `Priority`
    // starts at column 32.
    assert!(run.stderr.contains("case.hier:7:32"), "{}", run.stderr);
    assert!(run
        .stderr
        .contains("No such column 'Priority' on entity 'Case'"));
    common::insta_settings().bind(|| insta::assert_snapshot!(run.report()));

    let run = probe(&org, dir.path(), &["case.hier", "--format", "json"]);
    assert_eq!(run.code, 1);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list.len(), 1, "{}", run.stdout);
    assert_eq!(list[0]["code"], "E063");
}

#[test]
fn probe_warns_of_an_undeletable_object_and_missing_hard_delete() {
    let org = start(
        examples_org()
            .undeletable("EmailMessage")
            .hard_delete(false),
    );
    let dir = case_project();
    let run = probe(&org, dir.path(), &["case.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert!(run.stderr.contains("W110"), "{}", run.stderr);
    assert!(run.stderr.contains("`EmailMessage` is not deletable"));
    assert!(run.stderr.contains("W115"), "{}", run.stderr);
    assert!(run.stderr.contains("MISSING  Bulk API Hard Delete"));
    common::insta_settings().bind(|| insta::assert_snapshot!(run.report()));

    let run = probe(&org, dir.path(), &["case.hier", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.report());
    let run = probe(&org, dir.path(), &["case.hier", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["W110", "W115"]);
}

#[test]
fn probe_retries_a_busy_org_and_maps_a_files_query() {
    let org = start(examples_org());
    org.fault(Fault::Status503 {
        path: "/query".into(),
        times: 2,
    });
    let text = std::fs::read_to_string(common::root().join("examples/case_owner.hier")).unwrap();
    let dir = scratch_project(&[("owner.hier", &text)]);
    let run = probe(&org, dir.path(), &["owner.hier", "--format", "github"]);
    // The test org has no ContentDocumentLink: the Files query fails with
    // INVALID_TYPE, shown at `binary files`; the others pass after retries.
    assert_eq!(run.code, 1, "{}", run.report());
    assert_eq!(
        run.stderr.matches("  passed  ").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("owner.hier:16:39: E063"),
        "{}",
        run.stdout
    );
}

#[test]
fn probe_update_cache_writes_the_fresh_describes() {
    let org = start(examples_org().undeletable("Attachment"));
    let dir = case_project();
    let run = probe(&org, dir.path(), &["case.hier", "--update-cache"]);
    assert_eq!(run.code, 0, "{}", run.report());
    let cached =
        std::fs::read_to_string(dir.path().join("schemas/Attachment.schema.json")).unwrap();
    let cached: Value = serde_json::from_str(&cached).unwrap();
    assert_eq!(cached["deletable"], false);
    // Checked against the cache, which now says so: one W110.
    assert_eq!(run.stderr.matches("W110").count(), 1, "{}", run.stderr);
}

#[test]
fn probe_without_an_org_is_exit_2() {
    let dir = case_project();
    let run = hierc_in(dir.path(), &["probe", "case.hier"]);
    assert_eq!(run.code, 2, "{}", run.report());
    assert!(
        run.stderr.contains("no org to connect to"),
        "{}",
        run.stderr
    );
}
