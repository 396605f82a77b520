//! `hierc lsp`, driven through lsp-server's in-memory connection: every
//! feature, the protocol's edges, and every prefix of every fixture typed
//! in.

#[path = "lsp/client.rs"]
mod client;
mod common;

use std::path::PathBuf;

use client::{apply_edits, position, uri, Client};
use lsp_types::{DiagnosticSeverity, NumberOrString, Position};
use serde_json::{json, Value};

fn schemas() -> PathBuf {
    common::root().join("tests/fixtures/schemas")
}

/// A document path that need not exist, in the package's folder.
fn doc(name: &str) -> PathBuf {
    common::root().join("tests/lsp").join(name)
}

#[test]
fn diagnostics_follow_edits_with_their_version() {
    let mut c = Client::start(&schemas());
    let u = uri(&doc("typo.hier"));
    c.open(&u, "aggregation Case {\n    fields Subjet\n}\n");
    let p = c.diagnostics(&u);
    assert_eq!(p.version, Some(1));
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    let d = &p.diagnostics[0];
    assert_eq!(d.code, Some(NumberOrString::String("E012".into())));
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(d.range.start, Position::new(1, 11));
    assert_eq!(d.range.end, Position::new(1, 17));
    assert!(
        d.message.contains("did you mean `Subject`?"),
        "{}",
        d.message
    );
    let page = d.code_description.as_ref().expect("a link to E012's page");
    assert!(page.href.as_str().ends_with("docs/codes/E012.md"));
    // Type the missing `c`: incremental sync.
    c.edit(&u, 2, Position::new(1, 16), Position::new(1, 16), "c");
    let p = c.diagnostics(&u);
    assert_eq!(p.version, Some(2));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    // A full replacement.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 3 },
                "contentChanges": [{ "text": "aggregation Cas\n" }] }),
    );
    let p = c.diagnostics(&u);
    assert_eq!(p.version, Some(3));
    assert_eq!(
        p.diagnostics[0].code,
        Some(NumberOrString::String("E090".into()))
    );
    // Closing clears them.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": u } }),
    );
    assert!(c.diagnostics(&u).diagnostics.is_empty());
    assert_eq!(c.finish(true), 0);
}

#[test]
fn secondary_labels_are_related_information() {
    let mut c = Client::start(&schemas());
    let u = uri(&doc("twice.hier"));
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/err/E040_duplicate_mapping.hier"),
    )
    .unwrap();
    c.open(&u, &text);
    let p = c.diagnostics(&u);
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("E040".into())))
        .unwrap();
    let related = d.related_information.as_ref().expect("the first mapping");
    assert_eq!(related[0].location.uri, u);
    assert_eq!(related[0].location.range.start.line, 2);
    assert_eq!(c.finish(true), 0);
}

#[test]
fn lint_levels_come_from_the_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hierc.toml"),
        format!(
            "schemas = {:?}\n[lint]\nW101 = \"deny\"\n",
            schemas().display().to_string()
        ),
    )
    .unwrap();
    // No --schemas: the project's cache and levels.
    let mut c = Client::start_with(None, json!({}));
    let u = uri(&dir.path().join("case.hier"));
    c.open(&u, "aggregation case\n");
    let p = c.diagnostics(&u);
    let d = &p.diagnostics[0];
    assert_eq!(d.code, Some(NumberOrString::String("W101".into())));
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR), "denied");
    // The project file changes: the open document is checked again.
    std::fs::write(
        dir.path().join("hierc.toml"),
        format!(
            "schemas = {:?}\n[lint]\nW101 = \"allow\"\n",
            schemas().display().to_string()
        ),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&dir.path().join("hierc.toml")), "type": 2 }] }),
    );
    let p = c.diagnostics(&u);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(c.finish(true), 0);
}

#[test]
fn a_new_schema_in_the_cache_rechecks_without_being_told() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("schemas");
    std::fs::create_dir(&cache).unwrap();
    let mut c = Client::start_with(None, json!({}));
    let u = uri(&dir.path().join("case.hier"));
    c.open(&u, "aggregation Case\n");
    let p = c.diagnostics(&u);
    assert_eq!(
        p.diagnostics[0].code,
        Some(NumberOrString::String("E090".into()))
    );
    // As a pull does: the file appears in the folder.
    std::fs::copy(
        schemas().join("Case.schema.json"),
        cache.join("Case.schema.json"),
    )
    .unwrap();
    let p = c.diagnostics(&u);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(c.finish(true), 0);
}

#[test]
fn watched_files_are_registered_when_the_client_can() {
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut c = Client::start_with(Some(schemas()), caps);
    c.ok(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///none.hier" } }),
    );
    let r = c
        .server_requests
        .iter()
        .find(|r| r.method == "client/registerCapability")
        .expect("a registration");
    let text = r.params.to_string();
    assert!(
        text.contains("hierc.toml") && text.contains("*.schema.json"),
        "{text}"
    );
    assert_eq!(c.finish(true), 0);
}

#[test]
fn the_protocol_edges() {
    let mut c = Client::start(&schemas());
    let r = c.request("textDocument/semanticTokens/full", json!({}));
    assert_eq!(
        r.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let r = c.request("textDocument/hover", json!({ "nonsense": 1 }));
    assert_eq!(
        r.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // A document that is not open: nothing, not an error.
    let none = c.at(
        "textDocument/hover",
        &uri(&doc("closed.hier")),
        Position::new(0, 0),
    );
    assert_eq!(none, Value::Null);
    // Unknown notifications are ignored.
    c.notify("$/unknown", json!({}));
    let r = c.request("shutdown", Value::Null);
    assert!(r.is_ok());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(
        r.unwrap_err().code,
        lsp_server::ErrorCode::InvalidRequest as i32
    );
    c.notify("exit", Value::Null);
}

#[test]
fn exit_status_is_0_after_shutdown_else_1() {
    assert_eq!(Client::start(&schemas()).finish(true), 0);
    assert_eq!(Client::start(&schemas()).finish(false), 1);
}

/// A document with a cursor marker `|`, opened; the cursor's position.
fn opened(c: &Client, name: &str, marked: &str) -> (lsp_types::Uri, Position, String) {
    let offset = marked.find('|').expect("a cursor marker");
    let text = marked.replacen('|', "", 1);
    let u = uri(&doc(name));
    c.open(&u, &text);
    (u, position(&text, offset), text)
}

#[test]
fn hover_names_objects_fields_relationships_and_core_fields() {
    let mut c = Client::start(&schemas());
    let cases = [
        ("aggregation Ca|se\n", "**Case** `Case`"),
        (
            "aggregation Case {\n  fields Sub|ject\n}\n",
            "`Case.Subject`: `string(255)`",
        ),
        (
            "aggregation Case {\n  Author = Own|er.Name\n}\n",
            "relationship of `Case` through its lookup `OwnerId`",
        ),
        (
            "aggregation Case {\n  Author = Owner.Na|me\n}\n",
            "`Group.Name`",
        ),
        (
            "aggregation Case {\n  Tit|le = Subject\n}\n",
            "**Title**: RecordPoint core field",
        ),
        (
            "aggregation Case {\n  Location = @Record|Url\n}\n",
            "**@RecordUrl**",
        ),
        (
            "aggregation Case\nCase > EmailMess|age\n",
            "child of `Case` through `EmailMessage.ParentId`",
        ),
        (
            "aggregation Case {\n  ref Contact|Id { Name }\n}\n",
            "references `Contact`",
        ),
        (
            "aggregation Case {\n  ref ContactId { Em|ail }\n}\n",
            "`Contact.Email`",
        ),
    ];
    for (i, (marked, expected)) in cases.iter().enumerate() {
        let (u, pos, _) = opened(&c, &format!("hover{i}.hier"), marked);
        let h = c.at("textDocument/hover", &u, pos);
        let value = h["contents"]["value"].as_str().unwrap_or_default();
        assert!(value.contains(expected), "{marked:?}: {value}");
    }
    assert_eq!(c.finish(true), 0);
}

#[test]
fn definition_opens_the_describe_or_the_parent_statement() {
    let mut c = Client::start(&schemas());
    let (u, pos, _) = opened(
        &c,
        "def.hier",
        "aggregation Case {\n  fields Sub|ject\n}\nCase > EmailMessage\n",
    );
    let loc = c.at("textDocument/definition", &u, pos);
    assert!(loc["uri"]
        .as_str()
        .unwrap()
        .ends_with("tests/fixtures/schemas/Case.schema.json"));
    let schema = std::fs::read_to_string(schemas().join("Case.schema.json")).unwrap();
    let line = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(
        schema.lines().nth(line).unwrap().trim(),
        "\"name\": \"Subject\","
    );
    // The object: its top-level `name`.
    let loc = c.at("textDocument/definition", &u, Position::new(0, 13));
    let line = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(
        schema.lines().nth(line).unwrap().trim(),
        "\"name\": \"Case\","
    );
    // A record's parent: the aggregation statement.
    let loc = c.at("textDocument/definition", &u, Position::new(3, 1));
    assert_eq!(loc["uri"].as_str(), Some(u.as_str()));
    assert_eq!(loc["range"]["start"], json!({ "line": 0, "character": 0 }));
    assert_eq!(c.finish(true), 0);
}

#[test]
fn formatting_is_hierc_fmt() {
    let mut c = Client::start(&schemas());
    for path in common::root().join("tests/fixtures/ok").read_dir().unwrap() {
        let path = path.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let u = uri(&doc(&path.file_name().unwrap().to_string_lossy()));
        c.open(&u, &text);
        let edits = c.ok(
            "textDocument/formatting",
            json!({
                "textDocument": { "uri": u }, "options": { "tabSize": 4, "insertSpaces": true }
            }),
        );
        let source = hierc::source::SourceFile::new("x", text.clone());
        let expected = hierc::fmt::format(&source).unwrap();
        let formatted = match edits.as_array().unwrap().as_slice() {
            [] => text.clone(),
            [edit] => {
                assert_eq!(edit["range"]["start"], json!({ "line": 0, "character": 0 }));
                edit["newText"].as_str().unwrap().to_string()
            }
            more => panic!("one edit expected: {more:?}"),
        };
        assert_eq!(formatted, expected, "{}", path.display());
    }
    // A file that does not parse is not formatted.
    let u = uri(&doc("broken.hier"));
    c.open(&u, "aggregation {\n");
    let edits = c.ok(
        "textDocument/formatting",
        json!({
            "textDocument": { "uri": u }, "options": { "tabSize": 4, "insertSpaces": true }
        }),
    );
    assert_eq!(edits, Value::Null);
    assert_eq!(c.finish(true), 0);
}

/// `textDocument/codeAction` for a range of `u`, of the kinds in `only`
/// (all when `null`).
fn code_actions(
    c: &mut Client,
    u: &lsp_types::Uri,
    start: Position,
    end: Position,
    only: Value,
) -> Vec<Value> {
    let r = c.ok(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": { "start": start, "end": end },
                "context": { "diagnostics": [], "only": only } }),
    );
    r.as_array().expect("a list of actions").clone()
}

/// The edits of an action to `u`.
fn edits_of<'a>(action: &'a Value, u: &lsp_types::Uri) -> &'a Value {
    &action["edit"]["changes"][u.as_str()]
}

#[test]
fn a_quick_fix_per_fix_the_safe_ones_preferred() {
    let mut c = Client::start(&schemas());
    let u = uri(&doc("quickfix.hier"));
    let text = "aggregation Case {\n    fields Subjet\n}\n";
    c.open(&u, text);
    assert_eq!(c.diagnostics(&u).diagnostics.len(), 1);
    // The cursor inside `Subjet`.
    let at = Position::new(1, 13);
    let actions = code_actions(&mut c, &u, at, at, json!(["quickfix"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert!(
        fix["title"].as_str().unwrap().contains("`Subject`"),
        "{fix}"
    );
    // The diagnostic it resolves, as published.
    assert_eq!(fix["diagnostics"][0]["code"], "E012");
    assert_eq!(
        fix["diagnostics"][0]["range"],
        json!({ "start": { "line": 1, "character": 11 }, "end": { "line": 1, "character": 17 } })
    );
    let fixed = apply_edits(text, edits_of(fix, &u));
    assert_eq!(fixed, "aggregation Case {\n    fields Subject\n}\n");
    // The editor applies it: nothing is left.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    assert!(c.diagnostics(&u).diagnostics.is_empty());
    assert!(code_actions(&mut c, &u, at, at, Value::Null).is_empty());

    // Away from the finding: no quick fix.
    let u = uri(&doc("elsewhere.hier"));
    c.open(&u, text);
    c.diagnostics(&u);
    let line0 = Position::new(0, 3);
    assert!(code_actions(&mut c, &u, line0, line0, json!(["quickfix"])).is_empty());
    // A selection over the whole file holds it.
    let all = code_actions(
        &mut c,
        &u,
        Position::new(0, 0),
        Position::new(3, 0),
        json!(["quickfix"]),
    );
    assert_eq!(all.len(), 1);

    // An unsafe fix is offered, not preferred, and not in the fix-all.
    let u = uri(&doc("unsafe.hier"));
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/err/E028_missing_default.hier"),
    )
    .unwrap();
    c.open(&u, &text);
    c.diagnostics(&u);
    let start = Position::new(0, 0);
    let end = position(&text, text.len());
    let actions = code_actions(&mut c, &u, start, end, Value::Null);
    assert_eq!(actions.len(), 1, "{actions:?}");
    let fix = &actions[0];
    assert_eq!(fix["diagnostics"][0]["code"], "E028");
    assert_eq!(fix["isPreferred"], false);
    assert!(
        fix["title"].as_str().unwrap().ends_with("(unsafe)"),
        "{fix}"
    );
    assert!(apply_edits(&text, edits_of(fix, &u)).contains("Case > Note__c { Title = Body__c }"));
    assert_eq!(c.finish(true), 0);
}

#[test]
fn fix_all_applies_every_safe_fix_as_check_fix_does() {
    let mut c = Client::start(&schemas());
    let u = uri(&doc("fixall.hier"));
    // W101 (`case`), E012 (`Subjet`) and W102 (`Status` twice).
    let text = "aggregation case {\n    fields Subjet, Status, Status\n}\n# the end\n";
    c.open(&u, text);
    assert_eq!(c.diagnostics(&u).diagnostics.len(), 3);
    let at = Position::new(0, 0);
    for only in [
        json!(["source.fixAll"]),
        json!(["source"]),
        json!(["source.fixAll.hierc"]),
    ] {
        let actions = code_actions(&mut c, &u, at, at, only.clone());
        assert_eq!(actions.len(), 1, "{only}: {actions:?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.hierc");
    }
    let actions = code_actions(&mut c, &u, at, at, json!(["source.fixAll"]));
    let all = &actions[0];
    assert_eq!(all["title"], "hierc: apply 3 safe fixes");
    let fixed = apply_edits(text, edits_of(all, &u));
    assert_eq!(
        fixed,
        "aggregation Case {\n    fields Subject, Status\n}\n# the end\n"
    );
    // Only the lines that change are edited.
    for edit in edits_of(all, &u).as_array().unwrap() {
        assert!(
            edit["range"]["end"]["line"].as_u64().unwrap() <= 2,
            "{edit}"
        );
    }
    // The same text as `hierc check --fix` writes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fixall.hier");
    std::fs::write(&file, text).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"))
        .args(["check", "--fix", "--schemas"])
        .arg(schemas())
        .arg(&file)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    // Asked for quick fixes only: no fix-all.
    let end = Position::new(4, 0);
    let quick = code_actions(&mut c, &u, at, end, json!(["quickfix"]));
    assert_eq!(quick.len(), 3);
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"));
    // A file with no safe fix offers none; nor one that does not parse.
    for (name, text) in [
        ("clean.hier", "aggregation Case {\n    fields Subject\n}\n"),
        ("broken.hier", "aggregation case {\n    fields Subjet,\n"),
    ] {
        let u = uri(&doc(name));
        c.open(&u, text);
        c.diagnostics(&u);
        let actions = code_actions(&mut c, &u, at, at, json!(["source.fixAll"]));
        assert!(actions.is_empty(), "{name}: {actions:?}");
    }
    assert_eq!(c.finish(true), 0);
}

#[test]
fn symbols_and_folding() {
    let mut c = Client::start(&schemas());
    let text = std::fs::read_to_string(common::root().join("examples/case.hier")).unwrap();
    let u = uri(&doc("case.hier"));
    c.open(&u, &text);
    let symbols = c.ok(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    let names: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let children: Vec<&str> = s["children"]
                .as_array()
                .map(|c| c.iter().map(|c| c["name"].as_str().unwrap()).collect())
                .unwrap_or_default();
            format!("{} [{}]", s["name"].as_str().unwrap(), children.join("; "))
        })
        .collect();
    assert_eq!(
        names,
        [
            "Case [ref ContactId; ref AccountId; ref AssetId; ref MasterRecordId; ref ParentId]",
            "Case > Attachment []",
            "Case > Case []",
            "Case > EmailMessage []",
        ]
    );
    let folds = c.ok(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": u } }),
    );
    let lines: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, [(4, 12), (16, 19)]);
    assert_eq!(c.finish(true), 0);
}

/// The items offered at the cursor of each file in `tests/lsp/completion/`
/// (mostly broken text, as mid-edit): the first ones, with their detail,
/// and how many in all.
#[test]
fn completion_at_cursor_markers() {
    let mut c = Client::start(&schemas());
    let dir = common::root().join("tests/lsp/completion");
    let mut paths: Vec<PathBuf> = dir
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hier"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30);
    for path in paths {
        let marked = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (u, pos, text) = opened(&c, &format!("{name}.hier"), &marked);
        let result = c.at("textDocument/completion", &u, pos);
        let items = result.as_array().cloned().unwrap_or_default();
        let mut report = format!("{marked}\n---\n{} items\n", items.len());
        for item in items.iter().take(15) {
            let edit = &item["textEdit"];
            let start = edit["range"]["start"]["character"].as_u64().unwrap();
            let end = edit["range"]["end"]["character"].as_u64().unwrap();
            // Every item replaces the word at the cursor, on its line.
            assert_eq!(edit["range"]["start"]["line"], json!(pos.line));
            assert!(start <= pos.character as u64 && pos.character as u64 <= end);
            report.push_str(&format!(
                "{} [{}] {}{}\n",
                item["label"].as_str().unwrap(),
                item["detail"].as_str().unwrap_or_default(),
                edit["newText"].as_str().unwrap(),
                if item["documentation"].is_null() {
                    ""
                } else {
                    " (doc)"
                },
            ));
        }
        let _ = text;
        common::insta_settings()
            .bind(|| insta::assert_snapshot!(format!("completion_{name}"), report));
    }
    assert_eq!(c.finish(true), 0);
}

/// Every fixture and example typed in one character at a time: after each
/// keystroke the server publishes the new version's diagnostics, and
/// answers completion, hover and code actions without an error.
#[test]
fn every_prefix_of_every_file_typed_in() {
    let mut c = Client::start(&schemas());
    let mut files = Vec::new();
    for dir in [
        "examples",
        "tests/fixtures/ok",
        "tests/fixtures/err",
        "tests/syntax",
        "tests/lsp/completion",
    ] {
        for e in common::root().join(dir).read_dir().unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "hier") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut keystrokes = 0usize;
    for (n, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let u = uri(&doc(&format!("typed{n}.hier")));
        c.open(&u, "");
        c.diagnostics(&u);
        let mut version = 1;
        let mut at = 0;
        for (i, ch) in text.char_indices() {
            version += 1;
            let here = position(&text, i);
            c.edit(&u, version, here, here, &ch.to_string());
            at = i + ch.len_utf8();
            let published = c.diagnostics(&u);
            assert_eq!(published.version, Some(version), "{}", path.display());
            let cursor = position(&text, at);
            // Hover and code actions (for the whole text typed) at every
            // third keystroke, to keep the test short.
            let methods: &[&str] = if keystrokes.is_multiple_of(3) {
                &[
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/codeAction",
                ]
            } else {
                &["textDocument/completion"]
            };
            for method in methods {
                let params = if *method == "textDocument/codeAction" {
                    let whole = position(&text[..at], at);
                    json!({ "textDocument": { "uri": u },
                            "range": { "start": { "line": 0, "character": 0 }, "end": whole },
                            "context": { "diagnostics": [] } })
                } else {
                    json!({ "textDocument": { "uri": u }, "position": cursor })
                };
                let r = c.request(method, params);
                assert!(r.is_ok(), "{method} after {:?}: {r:?}", &text[..at]);
            }
            keystrokes += 1;
        }
        assert_eq!(at, text.len());
        let r = c.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": u } }),
        );
        assert!(r.is_ok(), "{}", path.display());
        c.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": u } }),
        );
        c.diagnostics(&u);
    }
    assert!(keystrokes > 10_000, "{keystrokes}");
    assert_eq!(c.finish(true), 0);
}

/// The real binary over pipes: standard output holds LSP messages and
/// nothing else, and the exit status says whether `shutdown` came first.
mod binary {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};

    use serde_json::{json, Value};

    fn frame(message: &Value) -> Vec<u8> {
        let body = message.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Runs `hierc lsp`, writes `messages` and closes its input; its exit
    /// status and the messages it wrote.
    fn session(messages: &[Value]) -> (Option<i32>, Vec<Value>, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hierc"))
            .arg("lsp")
            .arg("--schemas")
            .arg(super::schemas())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        for m in messages {
            stdin.write_all(&frame(m)).unwrap();
        }
        drop(stdin);
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut replies = Vec::new();
        loop {
            let mut header = String::new();
            if out.read_line(&mut header).unwrap() == 0 {
                break;
            }
            let len: usize = header
                .strip_prefix("Content-Length: ")
                .unwrap_or_else(|| panic!("not a header: {header:?}"))
                .trim()
                .parse()
                .unwrap();
            let mut blank = String::new();
            out.read_line(&mut blank).unwrap();
            assert_eq!(blank, "\r\n");
            let mut body = vec![0; len];
            out.read_exact(&mut body).unwrap();
            replies.push(serde_json::from_slice(&body).unwrap());
        }
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (child.wait().unwrap().code(), replies, err)
    }

    fn init() -> Value {
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": { "processId": null, "rootUri": null, "capabilities": {} } })
    }

    fn note(method: &str, params: Value) -> Value {
        json!({ "jsonrpc": "2.0", "method": method, "params": params })
    }

    #[test]
    fn shutdown_then_exit_is_status_0() {
        let (code, replies, _) = session(&[
            init(),
            note("initialized", json!({})),
            note(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": "file:///tmp/hierc-lsp-test/a.hier",
                    "languageId": "hier", "version": 1, "text": "aggregation Case {\n fields Subjet\n}\n" } }),
            ),
            json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
            note("exit", Value::Null),
        ]);
        assert_eq!(code, Some(0));
        let capabilities = &replies[0]["result"]["capabilities"];
        assert!(capabilities["completionProvider"].is_object());
        assert_eq!(
            capabilities["codeActionProvider"]["codeActionKinds"],
            json!(["quickfix", "source.fixAll.hierc"])
        );
        let published = replies
            .iter()
            .find(|r| r["method"] == "textDocument/publishDiagnostics")
            .expect("diagnostics");
        assert_eq!(published["params"]["diagnostics"][0]["code"], "E012");
        assert!(replies
            .iter()
            .any(|r| r["id"] == 2 && r["result"].is_null()));
    }

    #[test]
    fn exit_without_shutdown_or_end_of_input_is_status_1() {
        let (code, _, _) = session(&[
            init(),
            note("initialized", json!({})),
            note("exit", Value::Null),
        ]);
        assert_eq!(code, Some(1));
        let (code, _, err) = session(&[init()]);
        assert_eq!(code, Some(1));
        assert!(err.contains("without `exit`"), "{err}");
    }
}
