//! `hierc init`: the walkthrough's logic with scripted answers (no
//! terminal), the plain-line prompts of the real binary, the defaults of
//! `--aggregation`, and `--live` against the loopback test org. The run in
//! a real terminal is tests/init_tmux.rs.

mod common;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use common::{hierc_in, hierc_stdin, insta_settings, root, scratch_project};
use hierc::scaffold::prompt::{Choice, Prompter, Question, Stop};
use hierc::scaffold::schemas::Cache;
use hierc::scaffold::{review, walkthrough, Ended, Finished, Plan};
use hierc::schema::Catalog;
use hierc::source::SourceFile;

/// One scripted answer.
#[derive(Clone, Debug)]
enum A {
    /// The option with this key.
    Pick(&'static str),
    /// Exactly these options (by key).
    Picks(&'static [&'static str]),
    /// The default (cursor or preselection).
    Default,
    Yes,
    No,
    Type(&'static str),
    /// Ctrl-C.
    Interrupt,
    /// Esc.
    Esc,
}

/// Answers questions in order, checking each is the one expected, and
/// keeps a transcript of what was shown.
struct Scripted {
    answers: VecDeque<(&'static str, A)>,
    transcript: String,
}

impl Scripted {
    fn new(answers: &[(&'static str, A)]) -> Self {
        Scripted {
            answers: answers.iter().cloned().collect(),
            transcript: String::new(),
        }
    }

    fn next(&mut self, q: &Question) -> A {
        let Some((expected, answer)) = self.answers.pop_front() else {
            panic!(
                "no answer left for `{}`; transcript:\n{}",
                q.message, self.transcript
            );
        };
        assert!(
            q.message.contains(expected),
            "expected a question containing `{expected}`, got `{}`; transcript:\n{}",
            q.message,
            self.transcript
        );
        self.transcript
            .push_str(&format!("? {}  -> {answer:?}\n", q.message));
        answer
    }

    fn options(&mut self, options: &[Choice], marked: &[usize]) {
        let keys: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                if marked.contains(&i) {
                    format!("*{}", o.key)
                } else {
                    o.key.clone()
                }
            })
            .collect();
        self.transcript
            .push_str(&format!("  [{}]\n", keys.join(", ")));
    }
}

fn key(options: &[Choice], key: &str) -> usize {
    options
        .iter()
        .position(|o| o.key == key)
        .unwrap_or_else(|| panic!("no option `{key}` in {options:?}"))
}

impl Prompter for Scripted {
    fn say(&mut self, text: &str) {
        self.transcript.push_str(text);
        self.transcript.push('\n');
    }

    fn select(&mut self, q: Question, options: &[Choice], default: usize) -> Result<usize, Stop> {
        let answer = self.next(&q);
        self.options(options, &[default]);
        match answer {
            A::Pick(k) => Ok(key(options, k)),
            A::Default => Ok(default),
            A::Interrupt => Err(Stop::Interrupted),
            A::Esc => Err(Stop::Cancelled),
            other => panic!("{other:?} does not answer a menu"),
        }
    }

    fn multi_select(
        &mut self,
        q: Question,
        options: &[Choice],
        defaults: &[usize],
    ) -> Result<Vec<usize>, Stop> {
        let answer = self.next(&q);
        self.options(options, defaults);
        match answer {
            A::Picks(keys) => {
                let mut out: Vec<usize> = keys.iter().map(|k| key(options, k)).collect();
                out.sort_unstable();
                Ok(out)
            }
            A::Default => {
                let mut out = defaults.to_vec();
                out.sort_unstable();
                Ok(out)
            }
            A::Interrupt => Err(Stop::Interrupted),
            other => panic!("{other:?} does not answer a multiple choice"),
        }
    }

    fn confirm(&mut self, q: Question, default: bool) -> Result<bool, Stop> {
        match self.next(&q) {
            A::Yes => Ok(true),
            A::No => Ok(false),
            A::Default => Ok(default),
            A::Interrupt => Err(Stop::Interrupted),
            other => panic!("{other:?} does not answer yes or no"),
        }
    }

    fn text(&mut self, q: Question, _suggestions: &[String]) -> Result<String, Stop> {
        match self.next(&q) {
            A::Type(t) => Ok(t.to_string()),
            A::Interrupt => Err(Stop::Interrupted),
            A::Esc => Err(Stop::Cancelled),
            other => panic!("{other:?} does not answer a text question"),
        }
    }
}

fn examples() -> PathBuf {
    root().join("examples/schemas")
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/schemas")
}

/// Walks with `answers` against the cache in `dir`.
fn walk(dir: &Path, answers: &[(&'static str, A)]) -> (Result<Plan, Ended>, Scripted) {
    let mut p = Scripted::new(answers);
    let mut cache = Cache::new(Catalog::new(common::relative(dir)));
    let plan = walkthrough(&mut p, &mut cache);
    (plan, p)
}

/// The plan's file, compiled against `dir`: it must have no diagnostics
/// but the describe-flag lints (W110-W114), which say what the chosen
/// objects and fields mean for the Run As user (a greedy walk takes `User`
/// records, which no one may delete, and long text areas as metadata).
fn compiles(plan: &Plan, dir: &Path) -> (String, hierc::config::Config) {
    compiles_in(plan, &Catalog::new(dir))
}

fn compiles_in(plan: &Plan, catalog: &Catalog) -> (String, hierc::config::Config) {
    let text = plan.text("Written by a test.");
    let c = hierc::compile(SourceFile::new("init.hier", text.clone()), catalog);
    use hierc::diagnostics::Code;
    let readiness = [Code::W110, Code::W111, Code::W112, Code::W113, Code::W114];
    let others: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| !readiness.contains(&d.code))
        .cloned()
        .collect();
    assert!(others.is_empty(), "{}\n{text}", common::render(&others));
    (text, c.config.expect("a config"))
}

#[test]
fn a_whole_walkthrough_gives_a_file_that_compiles() {
    use A::*;
    let (plan, p) = walk(
        &examples(),
        &[
            ("aggregation", Pick("Case")),
            (
                "fields of `Case`",
                Picks(&["Status", "Origin", "CreatedDate"]),
            ),
            ("Keep these core mappings", No),
            ("ExternalId", Default),
            ("Title", Pick("Subject")),
            ("Author", Default),
            ("SourceCreatedDate", Default),
            ("SourceCreatedBy", Default),
            ("SourceLastModifiedDate", Default),
            ("SourceLastModifiedBy", Default),
            ("Location", Default),
            ("record of itself", Yes),
            ("lookups of `Case`", Picks(&["ContactId", "OwnerId"])),
            ("fields of `Contact`", Picks(&["Name", "Email"])),
            ("several objects", Pick("User")),
            ("fields of `User`", Default),
            (
                "become records",
                Picks(&["EmailMessage.ParentId", "Attachment.ParentId"]),
            ),
            (
                "fields of `EmailMessage`",
                Picks(&["Subject", "FromAddress"]),
            ),
            ("Keep these core mappings", Yes),
            ("lookups of `EmailMessage`", Picks(&[])),
            ("binaries of `EmailMessage`", Picks(&["HtmlBody"])),
            ("fields of `Attachment`", Default),
            ("Keep these core mappings", Default),
            ("lookups of `Attachment`", Default),
            ("binaries of `Attachment`", Default),
        ],
    );
    let plan = plan.expect("the walkthrough ends with a plan");
    let (text, config) = compiles(&plan, &examples());
    // Chosen, and written: nothing that the defaults give anyway.
    assert!(text.contains("aggregation Case <self> {\n    Title = Subject\n    fields Status, Origin\n    ref ContactId { Name, Email }\n    ref OwnerId -> User { Name }\n}"), "{text}");
    assert!(text.contains("Case > EmailMessage via ParentId <binary HtmlBody as \"text/html\"> {\n    fields Subject, FromAddress\n}"), "{text}");
    assert!(text.contains("Case > Attachment <binary Body>\n"), "{text}");
    assert_eq!(config.aggregation.records.len(), 2);
    // The summary and the last question.
    let mut last = Scripted::new(&[("Write `case.hier`?", A::Yes)]);
    let tree = hierc::draw::tree::render(&config);
    assert_eq!(
        review(&mut last, &tree, &text, "case.hier", false),
        Ok(Finished::Write)
    );
    assert!(last.transcript.contains("Case (Aggregation)"));
    assert!(last
        .transcript
        .contains("    Case > Attachment <binary Body>"));
    insta_settings().bind(|| {
        insta::assert_snapshot!(
            "walkthrough",
            format!("{}--- file ---\n{text}", p.transcript)
        )
    });
}

#[test]
fn declining_or_replacing_at_the_end() {
    let mut p = Scripted::new(&[("Write `x.hier`?", A::No)]);
    assert_eq!(
        review(&mut p, "T\n", "F\n", "x.hier", false),
        Ok(Finished::Declined)
    );
    // An existing file is replaced only when asked: the default is no.
    let mut p = Scripted::new(&[("Replace `x.hier`", A::Default)]);
    assert_eq!(
        review(&mut p, "T\n", "F\n", "x.hier", true),
        Ok(Finished::Declined)
    );
    let mut p = Scripted::new(&[("Write", A::Interrupt)]);
    assert_eq!(
        review(&mut p, "T\n", "F\n", "x.hier", false),
        Err(Stop::Interrupted)
    );
}

#[test]
fn ctrl_c_at_any_step_ends_without_a_plan() {
    use A::*;
    let steps: Vec<(&'static str, A)> = vec![
        ("aggregation", Pick("Case")),
        ("fields of `Case`", Default),
        ("Keep these core mappings", Yes),
        ("record of itself", Yes),
        ("lookups of `Case`", Picks(&["ContactId"])),
        ("fields of `Contact`", Default),
        ("become records", Picks(&["Attachment.ParentId"])),
        ("fields of `Attachment`", Default),
        ("Keep these core mappings", Yes),
        ("lookups of `Attachment`", Default),
        ("binaries of `Attachment`", Default),
    ];
    let (plan, _) = walk(&examples(), &steps);
    assert!(plan.is_ok());
    for stop_at in 0..steps.len() {
        let mut answers = steps[..stop_at].to_vec();
        answers.push((steps[stop_at].0, Interrupt));
        let (plan, p) = walk(&examples(), &answers);
        assert!(
            matches!(plan, Err(Ended::Stop(Stop::Interrupted))),
            "step {stop_at}: {plan:?}\n{}",
            p.transcript
        );
    }
}

#[test]
fn step_a_offers_common_objects_first_then_more_and_typed_names() {
    use A::*;
    let (plan, p) = walk(
        &fixtures(),
        &[
            // Back from the custom objects (the option, then Esc), and
            // from a typed name; then a typed name with a typo.
            ("aggregation", Pick("custom")),
            ("custom object", Pick("back")),
            ("aggregation", Pick("more")),
            ("standard object", Esc),
            ("aggregation", Pick("name")),
            ("API name", Esc),
            ("aggregation", Pick("name")),
            ("API name", Type("Caes")),
            ("aggregation", Pick("name")),
            ("API name", Type("AuditLog__c")),
            ("aggregation", Pick("custom")),
            ("custom object", Pick("Ticket__c")),
            ("fields of `Ticket__c`", Interrupt),
        ],
    );
    assert!(matches!(plan, Err(Ended::Stop(Stop::Interrupted))));
    let t = &p.transcript;
    // The first screen says what it asks and lists the common objects first.
    assert!(t.contains("Step A of F: the aggregation object"), "{t}");
    assert!(
        t.contains("  [*Account, Case, Contact, Opportunity, User, EmailMessage, Attachment, more, custom, name]"),
        "{t}"
    );
    assert!(
        t.contains("`Caes` is not in the schema cache") && t.contains("did you mean `Case`?"),
        "{t}"
    );
    assert!(t.contains("`AuditLog__c` cannot be queried"), "{t}");
    // Not offered: the unqueryable AuditLog__c.
    assert!(t.contains("  [*Bare__c, Invoice__c, Invoice_Line__c, Note__c, Payment__c, Ticket__c, Trimmed__c, back]"), "{t}");
}

#[test]
fn a_missing_default_is_asked_for_and_unmappable_records_are_left_out() {
    use A::*;
    let (plan, p) = walk(
        &fixtures(),
        &[
            ("aggregation", Pick("Case")),
            ("fields of `Case`", Default),
            ("Keep these core mappings", Yes),
            ("record of itself", No),
            (
                "become records",
                Picks(&[
                    "Note__c.Case__c",
                    "Bare__c.Case__c",
                    "Ticket__c.Related_Case__c",
                ]),
            ),
            ("fields of `Note__c`", Default),
            ("Keep the other defaults", Yes),
            ("Title of `Note__c`", Pick("Body__c")),
            ("lookups of `Note__c`", Default),
            ("binaries of `Note__c`", Picks(&["Body__c"])),
            ("fields of `Ticket__c`", Picks(&["Summary__c"])),
            ("Keep these core mappings", Yes),
            ("lookups of `Ticket__c`", Default),
            ("binaries of `Ticket__c`", Default),
        ],
    );
    let plan = plan.unwrap_or_else(|e| panic!("{e:?}\n{}", p.transcript));
    let t = &p.transcript;
    assert!(
        t.contains("`Note__c` has nothing to take `Title` from by default"),
        "{t}"
    );
    assert!(
        t.contains(
            "`Bare__c` has no field for `SourceCreatedDate` and `SourceLastModifiedDate`: left out"
        ),
        "{t}"
    );
    // Without the self-record, step E has nothing to ask.
    assert!(
        t.contains("flattened onto its self-record: without it"),
        "{t}"
    );
    // The unqueryable AuditLog__c is not offered as a record.
    assert!(
        t.contains("1 more lead to objects that cannot be queried"),
        "{t}"
    );
    assert!(!t.contains("AuditLog__c.Case__c"), "{t}");
    let (text, _) = compiles(&plan, &fixtures());
    assert!(
        text.contains("Case > Note__c <binary Body__c> {\n    Title = Body__c\n}"),
        "{text}"
    );
    // Ticket__c has several lookups to Case: `via` says which; its base64
    // field is offered as a binary, selected at first.
    assert!(
        text.contains(
            "Case > Ticket__c via Related_Case__c <binary Raw__c> {\n    fields Summary__c\n}"
        ),
        "{text}"
    );
    assert!(!text.contains("Bare__c"), "{text}");
}

// ---- the binary ----

fn scratch() -> tempfile::TempDir {
    scratch_project(&[])
}

/// Answers for a short run on plain lines: Case, its defaults, the
/// self-record, no references, Attachment with its defaults.
const LINES: &str = "case\n\n\ny\n-\nAttachment.ParentId\n\n\n-\n\n";

#[test]
fn on_plain_lines_the_walkthrough_writes_a_file_that_compiles() {
    let dir = scratch();
    let run = hierc_stdin(dir.path(), &["init"], &format!("{LINES}y\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote `case.hier`"), "{}", run.stderr);
    // Each answer read is echoed after its prompt.
    assert!(
        run.stderr
            .contains("? Which object is the aggregation? [1-10, default 1]: case\n"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("case.hier")).unwrap();
    assert!(
        text.ends_with("aggregation Case <self>\nCase > Attachment <binary Body>\n"),
        "{text}"
    );
    let check = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let fmt = hierc_in(dir.path(), &["fmt", "--check", "case.hier"]);
    assert_eq!(
        fmt.code, 0,
        "written in the canonical layout: {}",
        fmt.stderr
    );
}

#[test]
fn end_of_input_or_no_at_the_end_writes_nothing() {
    let dir = scratch();
    for cut in [0, 5, 12, LINES.len()] {
        let run = hierc_stdin(dir.path(), &["init"], &LINES[..cut]);
        assert_eq!(run.code, 2, "cut at {cut}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("the input ended before the last answer: nothing written"),
            "{}",
            run.stderr
        );
    }
    let run = hierc_stdin(dir.path(), &["init"], &format!("{LINES}n\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.ends_with("nothing written\n"), "{}", run.stderr);
    let hier: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "hier"))
        .collect();
    assert!(hier.is_empty(), "{hier:?}");
}

#[test]
fn an_existing_file_is_replaced_only_when_confirmed() {
    let dir = scratch();
    std::fs::write(dir.path().join("case.hier"), "# mine\n").unwrap();
    // The default answer to `Replace?` is no.
    let run = hierc_stdin(dir.path(), &["init"], &format!("{LINES}\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Replace `case.hier` with this?"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("case.hier")).unwrap(),
        "# mine\n"
    );
    let run = hierc_stdin(dir.path(), &["init"], &format!("{LINES}yes\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(dir.path().join("case.hier"))
        .unwrap()
        .contains("aggregation Case"));
}

#[test]
fn defaults_from_the_command_line() {
    let dir = scratch();
    let run = hierc_in(
        dir.path(),
        &[
            "init",
            "--aggregation",
            "Case",
            "--records",
            "Attachment,EmailMessage",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("case.hier")).unwrap();
    insta_settings().bind(|| insta::assert_snapshot!("defaults_case", text));
    let check = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Not replaced without --force.
    let again = hierc_in(dir.path(), &["init", "--aggregation", "Account"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let again = hierc_in(dir.path(), &["init", "--aggregation", "Case"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("E094")
            && again.stderr.contains("cannot write `case.hier`: it exists"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("case.hier")).unwrap(),
        text
    );
    let forced = hierc_in(dir.path(), &["init", "--aggregation", "Case", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(
        std::fs::read_to_string(dir.path().join("case.hier")).unwrap(),
        text
    );
    // To standard output, and to a named file.
    let out = hierc_in(
        dir.path(),
        &["init", "--aggregation", "Invoice__c", "-o", "-"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("aggregation Invoice__c\n"),
        "{}",
        out.stdout
    );
    let named = hierc_in(
        dir.path(),
        &[
            "init",
            "--aggregation",
            "Case",
            "--records",
            "Case",
            "-o",
            "sub.hier",
        ],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(dir.path().join("sub.hier").exists());
}

#[test]
fn wrong_names_on_the_command_line_are_findings_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = fixtures();
    let schemas = schemas.to_str().unwrap();
    let run = hierc_in(
        dir.path(),
        &[
            "--schemas",
            schemas,
            "init",
            "--aggregation",
            "Case",
            "--records",
            "Attachments,EmailMessage.Foo,Ticket__c,AuditLog__c,Bare__c,Note__c,note__c",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let stderr = run.stderr.replace(schemas, "[schemas]");
    insta_settings().bind(|| insta::assert_snapshot!("defaults_errors", stderr));
    let run = hierc_in(
        dir.path(),
        &["--schemas", schemas, "init", "--aggregation", "Caes"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("E090") && run.stderr.contains("did you mean `Case`?"),
        "{}",
        run.stderr
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    // Usage and environment errors are exit 2.
    let run = hierc_in(dir.path(), &["init", "--records", "Attachment"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = hierc_in(dir.path(), &["init", "--aggregation", "Case"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no schema cache at `schemas`"),
        "{}",
        run.stderr
    );
    // An empty cache has nothing to offer: the walkthrough does not start.
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    let run = hierc_stdin(dir.path(), &["init"], "Case\n");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("E092")
            && run
                .stderr
                .contains("the schema cache `schemas` holds no object that can be queried"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("? Which object"), "{}", run.stderr);
}

#[test]
fn live_init_pulls_the_describes_it_uses_into_the_cache() {
    const TOKEN: &str = "00DTEST!AQ.init-token-never-shown";
    let org = common::org::Org::from_dir(&examples()).token(TOKEN).start();
    let dir = tempfile::tempdir().unwrap();
    let url = org.url();
    let live = |records: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hierc"))
            .current_dir(dir.path())
            .args(["init", "--live", "--domain", &url])
            .args(["--aggregation", "Case", "--records", records])
            .env("HIERC_SF_TOKEN", TOKEN)
            .env_remove("HIERC_SCHEMAS")
            .env_remove("HIERC_SF_ORG")
            .output()
            .unwrap()
    };
    let out = live("Attachment,Nope");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`Nope` is not a child of `Case`"),
        "{stderr}"
    );
    // An aggregation the org lacks: E090, worded as `check --live` words it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"))
        .current_dir(dir.path())
        .args(["init", "--live", "--domain", &url, "--aggregation", "Cas"])
        .env("HIERC_SF_TOKEN", TOKEN)
        .env_remove("HIERC_SCHEMAS")
        .env_remove("HIERC_SF_ORG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E090"), "{stderr}");
    assert!(
        stderr.contains("the org has no object `Cas`") && stderr.contains("did you mean `Case`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("checked against the org {url} (API v")),
        "{stderr}"
    );
    let out = live("Attachment");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(
        stderr.contains("pulled 2 describes into `schemas`: Attachment, Case"),
        "{stderr}"
    );
    let schemas = dir.path().join("schemas");
    for object in ["Case", "Attachment"] {
        assert!(schemas.join(format!("{object}.schema.json")).exists());
    }
    // The file compiles offline, against what was pulled.
    let check = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let cached: Vec<String> = std::fs::read_dir(&schemas)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &cached {
        let text = std::fs::read_to_string(schemas.join(name)).unwrap();
        assert!(!text.contains(TOKEN), "token in {name}");
    }
}

// ---- everything init can make compiles ----

/// The objects of a cache that can be an aggregation.
fn aggregations(dir: &Path) -> Vec<String> {
    let catalog = Catalog::new(dir);
    let names: Vec<String> = catalog.names().iter().map(|n| n.to_string()).collect();
    names
        .into_iter()
        .filter(|n| match catalog.get(n) {
            hierc::schema::Lookup::Found(d) => {
                d.queryable && hierc::scaffold::unmappable(&d, None, &d.name).is_empty()
            }
            _ => false,
        })
        .collect()
}

#[test]
fn taking_every_choice_on_every_object_gives_files_that_compile() {
    let mut walked = 0;
    for dir in [examples(), fixtures()] {
        for name in aggregations(&dir) {
            let mut p = common::greedy::Greedy::new(&name);
            let mut cache = Cache::new(Catalog::new(&dir));
            let plan = walkthrough(&mut p, &mut cache)
                .unwrap_or_else(|e| panic!("{name}: {e:?} after {:?}", p.asked));
            compiles(&plan, &dir);
            walked += 1;
        }
    }
    assert!(walked >= 20, "{walked}");
}

#[test]
fn every_record_of_every_aggregation_by_defaults_compiles_or_is_a_finding() {
    use hierc::scaffold::{defaults, CommandLine, NotPlanned};
    let mut written = 0;
    for dir in [examples(), fixtures()] {
        // One cache per folder: each describe is read once.
        let mut cache = Cache::new(Catalog::new(&dir));
        for agg in aggregations(&dir) {
            let hierc::schema::Lookup::Found(d) = cache.catalog().get(&agg) else {
                unreachable!()
            };
            let mut records: Vec<String> = d
                .child_relationships
                .iter()
                .filter(|r| r.relationship_name.is_some())
                .map(|r| format!("{}.{}", r.child_sobject, r.field))
                .collect();
            records.dedup();
            records.push(String::new());
            for record in records {
                let wanted: Vec<String> = if record.is_empty() {
                    Vec::new()
                } else {
                    vec![record.clone()]
                };
                let line = CommandLine::new(&agg, &wanted);
                match defaults(&line, &mut cache) {
                    Ok(plan) => {
                        compiles_in(&plan, cache.catalog());
                        written += 1;
                    }
                    Err(NotPlanned::Findings(list)) => {
                        for d in &list {
                            let code = d.code.as_str();
                            assert!(
                                ["E090", "E039", "E028"].contains(&code),
                                "{agg} {record}: {}",
                                common::render(&list)
                            );
                        }
                    }
                    Err(NotPlanned::Failure(f)) => panic!("{agg} {record}: {f:?}"),
                }
            }
        }
    }
    assert!(written >= 30, "{written}");
}

#[test]
fn a_project_api_version_leaves_the_api_statement_out() {
    let dir = scratch_project(&[("hierc.toml", "api-version = \"62.0\"\n")]);
    let run = hierc_in(dir.path(), &["init", "--aggregation", "Case", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("api "), "{}", run.stdout);
    assert!(run.stdout.contains("aggregation Case\n"), "{}", run.stdout);
}

#[test]
fn the_walkthrough_against_a_live_org_pulls_what_it_offers() {
    use hierc::org::auth::Auth;
    use hierc::org::{Org, Settings};
    const TOKEN: &str = "00DTEST!AQ.walk-token";
    let test_org = common::org::Org::from_dir(&examples()).token(TOKEN).start();
    let org = Org::connect(Settings {
        auth: Auth::Token {
            domain: url::Url::parse(&test_org.url()).unwrap(),
            token: secrecy::SecretString::from(TOKEN.to_string()),
        },
        api_version: None,
        timeout: std::time::Duration::from_secs(10),
        retry: hierc::org::http::RetryPolicy::default(),
    })
    .expect("the test org accepts the token");
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    let mut live = hierc::scaffold::schemas::Live::new(org, schemas.clone());
    let mut p = common::greedy::Greedy::new("Case");
    let plan = walkthrough(&mut p, &mut live).unwrap_or_else(|e| panic!("{e:?}"));
    // Every object the plan names was pulled, and the file compiles
    // offline against them.
    compiles(&plan, &schemas);
    assert!(plan.records.len() >= 3, "{plan:?}");
    let pulled: Vec<String> = std::fs::read_dir(&schemas)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    assert!(
        pulled.contains(&"Case.schema.json".to_string()),
        "{pulled:?}"
    );
    // Only what was needed: not every object of the org.
    assert!(pulled.len() < 12, "{pulled:?}");
    // The children chosen, and the targets of the references chosen, come in
    // composite batches, not one request each.
    let requests = test_org.requests();
    let single = requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/describe"))
        .count();
    let batches = requests
        .iter()
        .filter(|r| r.path.ends_with("/composite/batch"))
        .count();
    assert!(batches >= 1, "{requests:?}");
    assert!(
        single + batches < pulled.len(),
        "{single} single describes and {batches} batches for {} objects",
        pulled.len()
    );
}

#[test]
fn a_network_fault_in_a_live_walkthrough_ends_it_without_a_plan() {
    use hierc::org::auth::Auth;
    use hierc::org::{Org, Settings};
    use hierc::scaffold::schemas::Failure;
    const TOKEN: &str = "00DTEST!AQ.fault-token";
    let test_org = common::org::Org::from_dir(&examples()).token(TOKEN).start();
    let org = Org::connect(Settings {
        auth: Auth::Token {
            domain: url::Url::parse(&test_org.url()).unwrap(),
            token: secrecy::SecretString::from(TOKEN.to_string()),
        },
        api_version: Some("62.0".into()),
        timeout: std::time::Duration::from_secs(5),
        retry: hierc::org::http::RetryPolicy {
            attempts: 1,
            ..Default::default()
        },
    })
    .expect("the test org accepts the token");
    // The org goes away after the login.
    drop(test_org);
    let dir = tempfile::tempdir().unwrap();
    let mut live = hierc::scaffold::schemas::Live::new(org, dir.path().join("schemas"));
    let mut p = common::greedy::Greedy::new("Case");
    match walkthrough(&mut p, &mut live) {
        Err(Ended::Failure(Failure::Org(e))) => {
            assert!(!e.message.contains(TOKEN), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
    assert!(!dir.path().join("schemas/Case.schema.json").exists());
}
