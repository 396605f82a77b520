//! Fixes: what every fixture's diagnostics offer, that applying them never
//! breaks a file's syntax, that `check --fix`, `--unsafe-fixes` and `--diff`
//! do what they say on disk, and that each code's page says which fixes
//! it has.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{catalog_for, hierc_in, source};
use hierc::diagnostics::fix::{apply, offered};
use hierc::diagnostics::{Applicability, Code, Diagnostics};
use hierc::source::SourceFile;
use hierc::workspace::fixing::{self, MAX_ROUNDS};
use hierc::Compilation;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = std::fs::read_dir(common::root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hier"))
        .collect();
    list.sort();
    list
}

fn every_fixture() -> Vec<PathBuf> {
    ["tests/fixtures/err", "tests/fixtures/ok", "examples"]
        .iter()
        .flat_map(|d| fixtures(d))
        .collect()
}

/// Compiles `text` as the fixture at `path`, against its schema cache.
fn compile(path: &Path, text: &str) -> Compilation {
    hierc::compile(
        SourceFile::new(common::relative(path), text),
        &catalog_for(path),
    )
}

fn syntax_errors(text: &str) -> usize {
    let mut diags = Diagnostics::new();
    let file = hierc::syntax::parse(&SourceFile::new("x", text), &mut diags);
    diags.error_count() + usize::from(file.incomplete)
}

#[test]
fn every_fix_is_one_its_code_offers_and_every_offer_is_exercised() {
    let mut seen: BTreeSet<(Code, Applicability)> = BTreeSet::new();
    for path in every_fixture() {
        let c = hierc::compile(source(&path), &catalog_for(&path));
        for d in &c.diagnostics {
            for fix in d.fixes() {
                assert!(
                    offered(d.code).contains(&fix.applicability),
                    "{}: a {:?} fix for {}, whose page says {:?}",
                    path.display(),
                    fix.applicability,
                    d.code,
                    offered(d.code)
                );
                assert!(!fix.title.is_empty() && !fix.edits.is_empty());
                seen.insert((d.code, fix.applicability));
            }
        }
    }
    // Every code with fixes shows one in some fixture, but E011 and E017,
    // which need a scratch cache (`near_misses_of_things_that_exist...`),
    // and W120, which the workspace gives (inline suppressions are applied
    // there, not by `hierc::compile`): tests/suppress.rs applies its fix.
    let elsewhere = [Code::E011, Code::E017, Code::W120];
    let missing: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| !offered(*c).is_empty() && !elsewhere.contains(c))
        .filter(|c| !seen.iter().any(|(code, _)| code == c))
        .collect();
    assert!(missing.is_empty(), "no fixture shows a fix for {missing:?}");
    for a in [Applicability::Safe, Applicability::Unsafe] {
        assert!(seen.iter().any(|(_, x)| *x == a), "no {a:?} fix anywhere");
    }
}

/// Every fix, applied round after round with nothing to catch a mistake,
/// leaves each fixture without a syntax error it did not have; and the
/// rounds settle: no fix is left to apply at the end.
#[test]
fn applying_every_fix_never_breaks_the_syntax() {
    for path in every_fixture() {
        let original = std::fs::read_to_string(&path).unwrap();
        let had = syntax_errors(&original);
        for unsafe_fixes in [false, true] {
            let mut text = original.clone();
            let mut settled = false;
            for _ in 0..MAX_ROUNDS {
                let c = compile(&path, &text);
                let fixes = fixing::applicable(&c, unsafe_fixes);
                if fixes.is_empty() || had > 0 {
                    settled = true;
                    break;
                }
                let applied = apply(&text, &fixes);
                assert_eq!(
                    syntax_errors(&applied.text),
                    0,
                    "{} (unsafe fixes: {unsafe_fixes}): the fixes break the syntax:\n{}",
                    path.display(),
                    applied.text
                );
                text = applied.text;
            }
            assert!(
                settled,
                "{}: fixes still apply after {MAX_ROUNDS} rounds",
                path.display()
            );
        }
    }
}

/// A scratch project holding fixtures, with the fixtures' schema cache.
fn project(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::root().join("tests/fixtures");
    for name in files {
        std::fs::copy(root.join("err").join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> common::Run {
    let schemas = common::root().join("tests/fixtures/schemas");
    let mut all = vec!["--schemas", schemas.to_str().unwrap(), "check"];
    all.extend_from_slice(args);
    hierc_in(dir, &all)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn fix_writes_the_safe_fixes_and_reports_what_remains() {
    let dir = project(&[
        "E012_unknown_field.hier",
        "W101_name_case.hier",
        "W102_duplicate_field.hier",
        "E016_unknown_derived.hier",
        "E010_unknown_child.hier",
    ]);
    let run = check(dir.path(), &["--fix"]);
    // E012: the fields with one close name are fixed; `Body`, which no
    // binary field is close to, and `ContentTyp`, are not.
    let e012 = read(dir.path(), "E012_unknown_field.hier");
    assert!(
        e012.contains("fields Subject, Status\n    Title = Subject\n"),
        "{e012}"
    );
    assert!(e012.contains("ref ContactId { Email, Name }"), "{e012}");
    assert!(
        e012.contains("<binary Body as ContentTyp named Name>"),
        "{e012}"
    );
    assert!(e012.contains("fields FromAddress, ToAddress"), "{e012}");
    // W101: the schema's spelling everywhere.
    assert_eq!(
        read(dir.path(), "W101_name_case.hier")
            .lines()
            .skip(2)
            .collect::<Vec<_>>(),
        [
            "aggregation Case <self> {",
            "    fields Status, Priority",
            "    Author = Owner.Name",
            "    ref ContactId { Email }",
            "}",
            "Case > EmailMessage via ParentId <binary HtmlBody>",
        ]
    );
    // W102: the repeats go with their commas.
    let w102 = read(dir.path(), "W102_duplicate_field.hier");
    assert!(
        w102.contains("    fields Origin\n    ref ContactId { Name, Email }\n"),
        "{w102}"
    );
    assert!(read(dir.path(), "E016_unknown_derived.hier").contains("{ Location = @RecordUrl }"));
    assert!(run.stderr.contains("fixed "), "{}", run.stderr);
    assert!(run.stderr.contains(" in 5 files\n"), "{}", run.stderr);
    // What remains is reported and decides the exit code.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`EmailMessage` has no field `ContentTyp`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("`Subjet`"), "{}", run.stderr);
    // A second run has nothing left to fix, and writes nothing.
    let before = read(dir.path(), "E012_unknown_field.hier");
    let again = check(dir.path(), &["--fix"]);
    assert!(
        again.stderr.contains("fixed 0 findings in 0 files\n"),
        "{}",
        again.stderr
    );
    assert_eq!(read(dir.path(), "E012_unknown_field.hier"), before);
}

#[test]
fn unsafe_fixes_wait_for_the_flag() {
    let dir = project(&[
        "E028_missing_default.hier",
        "E042_annotation_not_allowed.hier",
    ]);
    let e028 = read(dir.path(), "E028_missing_default.hier");
    let e042 = read(dir.path(), "E042_annotation_not_allowed.hier");
    let run = check(dir.path(), &["--fix"]);
    assert!(
        run.stderr.contains("fixed 0 findings in 0 files\n"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path(), "E028_missing_default.hier"), e028);
    assert_eq!(read(dir.path(), "E042_annotation_not_allowed.hier"), e042);
    let run = check(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert!(
        run.stderr.contains("fixed 3 findings in 2 files\n"),
        "{}",
        run.stderr
    );
    // E028: the one field that fits Note__c's `Title`, in a new block.
    assert!(read(dir.path(), "E028_missing_default.hier")
        .contains("\nCase > Note__c { Title = Body__c }\nCase > Bare__c\n"));
    // E042: the annotations that are not allowed, with their commas.
    assert!(read(dir.path(), "E042_annotation_not_allowed.hier")
        .ends_with("aggregation Case <self>\nCase > EmailMessage <binary>\n"));
    // Bare__c has no date field at all: E028 without a fix remains.
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`Bare__c` has no field for the default"),
        "{}",
        run.stderr
    );
}

/// E024, E036 and E043's unsafe fixes: a target pinned (the one with
/// every listed field first), the self-record turned on, the second `as`
/// or `named` removed; none without `--unsafe-fixes`.
#[test]
fn pins_self_records_and_repeated_options_are_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            // User has a `Department`, Group none: User first.
            "pin.hier",
            "aggregation Case <self> {\n    ref OwnerId { Name, Department }\n}\n",
            "aggregation Case <self> {\n    ref OwnerId -> User { Name, Department }\n}\n",
        ),
        (
            "self.hier",
            "aggregation Case {\n    ref ContactId { Name }\n    ref AccountId { Name }\n}\n",
            "aggregation Case <self> {\n    ref ContactId { Name }\n    ref AccountId { Name }\n}\n",
        ),
        (
            // The binary is not allowed on the aggregation either (E042):
            // `self` goes in front, and the binary goes in its own round.
            "self_binary.hier",
            "aggregation Case <binary files> {\n    ref ContactId { Name }\n}\n",
            "aggregation Case <self> {\n    ref ContactId { Name }\n}\n",
        ),
        (
            "options.hier",
            "aggregation Case <self>\nCase > EmailMessage <binary HtmlBody as \"text/html\"  as \"text/plain\">\nCase > Attachment <binary Body named Name\tnamed Description as ContentType>\n",
            "aggregation Case <self>\nCase > EmailMessage <binary HtmlBody as \"text/html\">\nCase > Attachment <binary Body named Name as ContentType>\n",
        ),
    ];
    for (name, text, _) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = check(dir.path(), &["--fix"]);
    assert!(
        run.stderr.contains("fixed 0 findings in 0 files\n"),
        "{}",
        run.stderr
    );
    for (name, text, _) in files {
        assert_eq!(read(dir.path(), name), text, "{name}");
    }
    let run = check(dir.path(), &["--format", "json", "pin.hier"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let titles: Vec<&str> = list[0]["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["pin the target: `-> User`", "pin the target: `-> Group`"]
    );
    assert_eq!(
        list[0]["help"],
        "pin the target: `ref OwnerId -> User { ... }`"
    );
    let run = check(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, _, fixed) in files {
        assert_eq!(read(dir.path(), name), fixed, "{name}");
    }
}

/// The human report marks what `--fix` fixes with `[*]` and ends with how
/// many findings the fixes resolve, as ruff does; a file that `--fix`
/// leaves alone (a syntax error) has nothing marked.
#[test]
fn the_report_marks_what_fix_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        // E012 safe, W101 safe, E042 unsafe.
        (
            "mixed.hier",
            "aggregation case <binary> {\n    fields Subjet\n}\n",
        ),
        // Unsafe only: E028's mapping.
        ("unsafe.hier", "aggregation Case <self>\nCase > Note__c\n"),
        // A syntax error: its E012 is not marked, nor counted.
        (
            "broken.hier",
            "aggregation Case {\n    fields Subjet\n}\nCase > <\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let header = |run: &common::Run, code: &str| -> Vec<String> {
        run.stderr
            .lines()
            .filter(|l| l.starts_with(code))
            .map(str::to_string)
            .collect()
    };
    let run = check(dir.path(), &["mixed.hier"]);
    assert_eq!(header(&run, "E012"), ["E012 [*]"]);
    assert_eq!(header(&run, "W101"), ["W101 [*]"]);
    assert_eq!(header(&run, "E042"), ["E042"], "unsafe: not marked");
    assert!(
        run.stderr.ends_with(
            "checked 1 file: 2 errors, 1 warning\n\
             [*] 2 fixable with `hierc check --fix` (1 more with `--unsafe-fixes`)\n"
        ),
        "{}",
        run.stderr
    );
    let run = check(dir.path(), &["unsafe.hier"]);
    assert_eq!(header(&run, "E028"), ["E028"]);
    assert!(
        run.stderr
            .ends_with("\n1 fixable with `hierc check --fix --unsafe-fixes`\n"),
        "{}",
        run.stderr
    );
    let run = check(dir.path(), &["broken.hier"]);
    assert_eq!(header(&run, "E012"), ["E012"]);
    assert!(!run.stderr.contains("fixable"), "{}", run.stderr);
    // Machine formats carry the fixes themselves: no line.
    let run = check(dir.path(), &["--format", "json", "mixed.hier"]);
    assert!(!run.stderr.contains("fixable"), "{}", run.stderr);
    // After `--fix`, what `--unsafe-fixes` would add; after both, nothing.
    let run = check(dir.path(), &["--fix", "mixed.hier"]);
    assert!(
        run.stderr
            .ends_with("\n1 fixable with `hierc check --fix --unsafe-fixes`\n"),
        "{}",
        run.stderr
    );
    let run = check(dir.path(), &["--fix", "--unsafe-fixes", "mixed.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("fixable"), "{}", run.stderr);
}

#[test]
fn a_mapping_goes_into_the_block_there_is() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "lines.hier",
            "aggregation Case <self>\nCase > Note__c {\n    fields CreatedDate\n}\n",
            "aggregation Case <self>\nCase > Note__c {\n    Title = Body__c\n    fields CreatedDate\n}\n",
        ),
        (
            "one_line.hier",
            "aggregation Case <self>\nCase > Note__c { fields CreatedDate }\n",
            "aggregation Case <self>\nCase > Note__c { Title = Body__c; fields CreatedDate }\n",
        ),
        (
            "empty_crlf.hier",
            "aggregation Case <self>\r\nCase > Note__c {\r\n}\r\n",
            "aggregation Case <self>\r\nCase > Note__c { Title = Body__c }\r\n",
        ),
        (
            "aggregation.hier",
            "aggregation Note__c {\r\n    fields CreatedDate\r\n}\r\n",
            "aggregation Note__c {\r\n    Title = Body__c\r\n    fields CreatedDate\r\n}\r\n",
        ),
    ];
    for (name, text, _) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = check(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, _, fixed) in files {
        assert_eq!(read(dir.path(), name), fixed, "{name}");
    }
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = project(&["E012_unknown_field.hier", "W102_duplicate_field.hier"]);
    let before = read(dir.path(), "W102_duplicate_field.hier");
    let run = check(dir.path(), &["--diff", "W102_duplicate_field.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(read(dir.path(), "W102_duplicate_field.hier"), before);
    assert_eq!(
        run.stdout,
        "--- W102_duplicate_field.hier\n\
         +++ W102_duplicate_field.hier (fixed)\n\
         @@ -3,6 +3,6 @@\n \
         aggregation Case <self> {\n     \
         Title = Subject\n     \
         fields Subject, Status, Priority\n\
         -    fields Origin, Status, priority\n\
         -    ref ContactId { Name, Email, Name }\n\
         +    fields Origin\n\
         +    ref ContactId { Name, Email }\n \
         }\n"
    );
    assert_eq!(run.stderr, "would fix 4 findings in 1 file\n");
    // A file with nothing to fix: no diff, exit 0.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.hier"), "aggregation Case\n").unwrap();
    let run = check(dir.path(), &["--diff"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn a_file_with_a_syntax_error_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // `Subjet` has a fix, but the file does not parse.
    let text = "aggregation Case {\n    fields Subjet\n    Title =\n}\n";
    std::fs::write(dir.path().join("broken.hier"), text).unwrap();
    let run = check(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(run.code, 1);
    assert_eq!(read(dir.path(), "broken.hier"), text);
    assert!(run.stderr.contains("E001"), "{}", run.stderr);
    assert!(
        run.stderr.contains("fixed 0 findings in 0 files\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn fixing_keeps_multi_byte_text_and_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Café → ünïcode\r\naggregation Case <self> { Title = \"Dossier é\" }\r\nCase > EmailMesage <binary>\r\n";
    std::fs::write(dir.path().join("a.hier"), text).unwrap();
    let run = check(dir.path(), &["--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "a.hier"),
        text.replace("EmailMesage", "EmailMessage")
    );
}

#[test]
fn a_file_that_cannot_be_written_is_an_e094() {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        return; // root writes into read-only folders
    }
    let dir = project(&["W101_name_case.hier"]);
    let before = read(dir.path(), "W101_name_case.hier");
    let mut perms = std::fs::metadata(dir.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(dir.path(), perms.clone()).unwrap();
    let run = check(dir.path(), &["--fix"]);
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(dir.path(), perms).unwrap();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("E094"), "{}", run.stderr);
    assert!(
        run.stderr.contains("fixed 0 findings in 0 files\n"),
        "{}",
        run.stderr
    );
    // What remains is the file as it is: its W101s.
    assert!(run.stderr.contains("W101"), "{}", run.stderr);
    assert_eq!(read(dir.path(), "W101_name_case.hier"), before);
}

#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(dir.path(), &["--unsafe-fixes"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("`--unsafe-fixes` needs `--fix` or `--diff`"));
    let run = check(dir.path(), &["--diff", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("`--diff` and `--format json` both write to standard output"));
}

#[test]
fn machine_formats_report_what_remains_after_fix() {
    let dir = project(&["W102_duplicate_field.hier", "E012_unknown_field.hier"]);
    let run = check(dir.path(), &["--fix", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"W102"), "{codes:?}");
    assert!(codes.contains(&"E012"), "{codes:?}");
    assert_eq!(run.code, 1);
}

/// The JSON and SARIF forms of a fix, on the example of docs/diagnostics.md.
#[test]
fn json_and_sarif_carry_the_fixes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("misspelt.hier"),
        "aggregation Case <self> {\n    fields CaseNumber, Stauts, status\n}\n",
    )
    .unwrap();
    let run = check(dir.path(), &["--format", "json", "misspelt.hier"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fix = &list[0]["fixes"][0];
    assert_eq!(fix["title"], "replace `Stauts` with `Status`");
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["text"], "Status");
    assert_eq!(fix["edits"][0]["span"]["offset"], 49);
    assert_eq!(fix["edits"][0]["column"], 24);
    let run = check(dir.path(), &["--format", "sarif", "misspelt.hier"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fix = &log["runs"][0]["results"][0]["fixes"][0];
    assert_eq!(fix["description"]["text"], "replace `Stauts` with `Status`");
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "misspelt.hier");
    let replacement = &change["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "Status");
    assert_eq!(
        replacement["deletedRegion"],
        serde_json::json!({ "startLine": 2, "startColumn": 24, "endLine": 2, "endColumn": 30 })
    );
    assert_eq!(fix["properties"]["applicability"], "safe");
}

#[test]
fn each_code_page_says_which_fixes_it_has() {
    for code in Code::ALL {
        let page = code.explain();
        let Some((_, after)) = page.split_once("## Automatic fix\n\n") else {
            panic!(
                "docs/codes/{code}.md has no `## Automatic fix` section: add one after \
                 `## How to fix` (`**None.** ...` for a code without fixes; the fixes a code \
                 has are `hierc::diagnostics::fix::offered`)"
            );
        };
        let expected = match offered(*code) {
            [] => "**None.**",
            [Applicability::Safe] => "**Safe",
            [Applicability::Unsafe] => "**Unsafe",
            _ => "**Safe or unsafe",
        };
        assert!(
            after.starts_with(expected),
            "docs/codes/{code}.md: the automatic fix should start with {expected}"
        );
    }
}

/// E011 and E017 name things that exist, only not there, so their fixes
/// are unsafe; the fixture schemas have no near misses of that kind, so a
/// scratch cache adds them: an object `Attachments` that is no child of
/// Case, and an EmailMessage text field `ParentIds`.
#[test]
fn near_misses_of_things_that_exist_are_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).unwrap();
    let fixtures = common::root().join("tests/fixtures/schemas");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
    }
    let describe = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(fixtures.join(format!("{name}.schema.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let mut attachments = describe("Attachment");
    attachments["name"] = "Attachments".into();
    std::fs::write(
        schemas.join("Attachments.schema.json"),
        attachments.to_string(),
    )
    .unwrap();
    let mut email = describe("EmailMessage");
    let fields = email["fields"].as_array_mut().unwrap();
    let mut text_field = fields
        .iter()
        .find(|f| f["name"] == "Subject")
        .unwrap()
        .clone();
    text_field["name"] = "ParentIds".into();
    fields.push(text_field);
    std::fs::write(schemas.join("EmailMessage.schema.json"), email.to_string()).unwrap();
    let text = "aggregation Case <self>\nCase > Attachments\nCase > EmailMessage via ParentIds\n";
    std::fs::write(dir.path().join("a.hier"), text).unwrap();
    let run = hierc_in(dir.path(), &["check", "--format", "json", "a.hier"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fixes: Vec<(&str, &str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["fixes"].as_array().unwrap().iter().map(move |f| {
                (
                    d["code"].as_str().unwrap(),
                    f["applicability"].as_str().unwrap(),
                    f["edits"][0]["text"].as_str().unwrap(),
                )
            })
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("E011", "unsafe", "Attachment"),
            ("E017", "unsafe", "ParentId")
        ],
        "{}",
        run.stdout
    );
    let run = hierc_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "a.hier"),
        "aggregation Case <self>\nCase > Attachment\nCase > EmailMessage via ParentId\n"
    );
}
