//! Compiling against real describe payloads from public sources, read from
//! `../shared/salesforce/describe` when it exists (never copied into the
//! project). Each test builds a temporary schema cache from those files.
//! Without it they skip; `HIERC_REQUIRE_SHARED=1` (set by CI, which has
//! `../shared`) makes that a failure.

mod common;

use std::path::{Path, PathBuf};

use hierc::schema::Catalog;
use hierc::source::SourceFile;

fn shared() -> Option<PathBuf> {
    let dir = common::root().join("../shared/salesforce/describe");
    if dir.is_dir() {
        Some(dir)
    } else {
        let required = std::env::var("HIERC_REQUIRE_SHARED").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "HIERC_REQUIRE_SHARED=1 but ../shared/salesforce/describe is not here"
        );
        eprintln!(
            "skipped: ../shared/salesforce/describe is not here (set HIERC_REQUIRE_SHARED=1 to require it)"
        );
        None
    }
}

/// A cache holding the full payloads, and the trimmed ones for objects that
/// have no full payload.
fn real_cache(describe: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let full = [
        "Account",
        "Case",
        "Contact",
        "Opportunity",
        "OpportunityContactRole",
        "Lead",
        "Event",
        "Task",
        "Knowledge__kav",
        "CustomObject__c",
        "CustomObjectDetail__c",
    ];
    for name in full {
        std::fs::copy(
            describe.join(format!("{name}.json")),
            dir.path().join(format!("{name}.schema.json")),
        )
        .unwrap();
    }
    for name in [
        "EmailMessage",
        "Attachment",
        "User",
        "Asset",
        "Product2",
        "ContentVersion",
        "Contract",
    ] {
        std::fs::copy(
            describe.join(format!("trimmed-vscode-soqlMetadata/{name}.json")),
            dir.path().join(format!("{name}.schema.json")),
        )
        .unwrap();
    }
    dir
}

fn compile(cache: &Path, text: &str) -> hierc::Compilation {
    let catalog = Catalog::new(cache);
    hierc::compile(SourceFile::new("real.hier", text), &catalog)
}

fn errors(c: &hierc::Compilation) -> Vec<String> {
    c.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// The guide's Case example from the language reference.
const GUIDE_CASE: &str = r#"
connector "Case records"
api 62.0

aggregation Case <self> {
    Title = Subject
    fields CaseNumber, Status, Priority, Origin
    ref ContactId { Name, Email, Phone, Title }
    ref AccountId { Name, Phone, Industry }
    ref AssetId { Name }
    ref MasterRecordId { CaseNumber } as MasterCase_
    ref ParentId { CaseNumber } as ParentCase_
}

Case > Attachment <binary Body>
Case > Case via ParentId <binary Description>
Case > EmailMessage via ParentId <binary HtmlBody as "text/html"> {
    Title = Subject
    fields FromAddress, ToAddress, MessageDate
}
"#;

#[test]
fn the_guide_example_compiles_against_the_sample_org() {
    let Some(describe) = shared() else { return };
    let cache = real_cache(&describe);
    let c = compile(cache.path(), GUIDE_CASE);
    assert_eq!(errors(&c), Vec::<String>::new());
    // The sample org's describes are v48.0: the `api 62.0` line is warned about.
    assert!(c.diagnostics.iter().any(|d| d.code.as_str() == "W103"));
    let json = hierc::config::to_json(c.config.as_ref().unwrap());
    common::insta_settings().bind(|| insta::assert_snapshot!("guide_case_real", json));
}

#[test]
fn the_one_line_form_compiles_against_the_sample_org() {
    let Some(describe) = shared() else { return };
    let cache = real_cache(&describe);
    let c = compile(cache.path(), "Case > EmailMessage <binary>\n");
    assert_eq!(errors(&c), Vec::<String>::new());
    let config = c.config.unwrap();
    // EmailMessage.ParentId (only Case) wins over the polymorphic RelatedToId.
    assert_eq!(config.aggregation.records[0].relationship.field, "ParentId");
    assert_eq!(
        config.aggregation.records[0].relationship.name,
        "EmailMessages"
    );
    // The sample org's Case names CaseNumber as its name field.
    assert_eq!(
        config.aggregation.core_field_mappings.title,
        Some(hierc::config::Mapping::Field("CaseNumber".into()))
    );
}

#[test]
fn real_accounts_contacts_and_opportunities() {
    let Some(describe) = shared() else { return };
    let cache = real_cache(&describe);
    let c = compile(
        cache.path(),
        "aggregation Account <self> {\n fields Industry, AnnualRevenue\n ref OwnerId { Name }\n}\n\
         Account > Contact { fields Email, Birthdate }\n\
         Account > Opportunity <binary files> { fields StageName, Amount, CloseDate }\n",
    );
    assert_eq!(errors(&c), Vec::<String>::new());
    let config = c.config.unwrap();
    let opp = &config.aggregation.records[1];
    assert_eq!(opp.relationship.name, "Opportunities");
    assert!(opp
        .fields
        .iter()
        .any(|f| f.name == "Amount" && f.ty == hierc::config::MetadataType::Double));
}

#[test]
fn real_payload_edge_cases_are_diagnosed() {
    let Some(describe) = shared() else { return };
    let cache = real_cache(&describe);
    let cases = [
        // Opportunity.ContactId has a null relationshipName.
        ("Account > Opportunity { ref ContactId { Name } }\n", "E035"),
        // Case.OwnerId is polymorphic (Group, User).
        ("aggregation Case <self> { ref OwnerId { Name } }\n", "E024"),
        // Task.WhatId has dozens of targets; Solution is not a Case child here.
        (
            "aggregation Task <self> { ref WhatId -> Nope { Name } }\n",
            "E025",
        ),
        // Attachment has no ContentDocumentLink relationship.
        ("Case > Attachment <binary files>\n", "E023"),
        // A misspelt child, with a suggestion from Case's real children.
        ("Case > EmailMesage\n", "E010"),
        // Knowledge__kav.SourceId has no relationship name.
        (
            "aggregation Knowledge__kav <self> { Author = SourceId.CaseNumber }\n",
            "E035",
        ),
    ];
    for (text, code) in cases {
        let c = compile(cache.path(), text);
        let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&code),
            "{text}: expected {code}, got {codes:?}"
        );
    }
}

#[test]
fn real_custom_objects_and_polymorphic_targets() {
    let Some(describe) = shared() else { return };
    let cache = real_cache(&describe);
    let c = compile(
        cache.path(),
        "aggregation CustomObject__c <self> {\n ref Friend__c { Name, Email }\n ref OwnerId -> User { Name }\n}\n\
         CustomObject__c > CustomObjectDetail__c\n",
    );
    assert_eq!(errors(&c), Vec::<String>::new());
    let config = c.config.unwrap();
    assert_eq!(
        config.aggregation.references[0].metadata_prefix,
        "Friend__r_"
    );
    assert_eq!(
        config.aggregation.records[0].relationship.name,
        "CustomObjectDetails__r"
    );
    let c = compile(
        cache.path(),
        "aggregation Task <self> { Author = CreatedBy.Name\n ref WhatId -> Account { Name } }\n",
    );
    assert_eq!(errors(&c), Vec::<String>::new());
}

#[test]
fn every_real_payload_loads() {
    let Some(describe) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = Vec::new();
    let add = |src: PathBuf, name: &str, names: &mut Vec<String>| {
        std::fs::copy(src, dir.path().join(format!("{name}.schema.json"))).unwrap();
        names.push(name.to_string());
    };
    for entry in std::fs::read_dir(&describe).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "json") && !stem.starts_with('_') {
            add(path, &stem, &mut names);
        }
    }
    for entry in std::fs::read_dir(describe.join("trimmed-vscode-soqlMetadata")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem != "typeNames" && !names.contains(&stem) {
            add(path, &stem, &mut names);
        }
    }
    let catalog = Catalog::new(dir.path());
    for name in &names {
        match catalog.get(name) {
            hierc::schema::Lookup::Found(d) => assert!(!d.fields.is_empty(), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(names.len() >= 20, "{names:?}");
}

#[test]
fn person_account_and_newer_variants_load() {
    let Some(describe) = shared() else { return };
    for (file, fields) in [
        (
            "variants/Account.v59-personaccounts.cumulusci-cassette.json",
            250,
        ),
        ("variants/Account.v58.nango-recording.json", 70),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(describe.join(file), dir.path().join("Account.schema.json")).unwrap();
        let catalog = Catalog::new(dir.path());
        let hierc::schema::Lookup::Found(d) = catalog.get("account") else {
            panic!("{file} does not load")
        };
        assert_eq!(d.fields.len(), fields, "{file}");
        assert!(d.api_version.is_some(), "{file}");
    }
}

/// `hierc init` on the real payloads: taking every choice of the
/// walkthrough, on every object that can be an aggregation, gives a file
/// that compiles.
#[test]
fn init_on_real_payloads_gives_files_that_compile() {
    use hierc::scaffold::schemas::Cache;
    let Some(describe) = shared() else { return };
    let cache_dir = real_cache(&describe);
    let catalog = Catalog::new(cache_dir.path());
    let names: Vec<String> = catalog.names().iter().map(|n| n.to_string()).collect();
    // One cache for all: each describe is read once.
    let mut cache = Cache::new(Catalog::new(cache_dir.path()));
    let mut walked = Vec::new();
    for name in names {
        let hierc::schema::Lookup::Found(d) = catalog.get(&name) else {
            continue;
        };
        if !d.queryable || !hierc::scaffold::unmappable(&d, None, &d.name).is_empty() {
            continue;
        }
        let mut p = common::greedy::Greedy::new(&name);
        let plan = hierc::scaffold::walkthrough(&mut p, &mut cache)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let text = plan.text("real");
        let c = hierc::compile(SourceFile::new("init.hier", text.clone()), cache.catalog());
        assert!(
            c.diagnostics.iter().all(|d| !d.is_error()),
            "{name}: {:?}\n{text}",
            errors(&c)
        );
        walked.push(name);
    }
    for expected in [
        "Account",
        "Case",
        "Contact",
        "Opportunity",
        "CustomObject__c",
    ] {
        assert!(walked.iter().any(|w| w == expected), "{walked:?}");
    }
}
