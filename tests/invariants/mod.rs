//! The invariants that the fuzz targets (`fuzz/`), the regression fixtures
//! of what fuzzing found (`tests/fuzz_regressions.rs`) and the property
//! tests (`tests/properties.rs`) check. Each function panics, saying what
//! broke, when its invariant does not hold for the input; an input it cannot
//! judge (not UTF-8, no config) passes.
//!
//! The fuzz crate includes this file by path, so that a crash found there
//! and its regression fixture here run exactly the same checks.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use hierc::config::{self, Binary, Config, CoreFieldMappings, Encoding, Mapping, MetadataField};
use hierc::diagnostics::render::{self, Style};
use hierc::diagnostics::{report, Diagnostic};
use hierc::import::RoundTrip;
use hierc::schema::Catalog;
use hierc::source::SourceFile;

/// The name every input is compiled under.
pub const NAME: &str = "fuzz.hier";

/// How many diagnostics of one input are drawn: rendering the thousandth
/// repeat of one mistake tells nothing new.
const RENDERED: usize = 20;

/// Compiling never panics; every label lies inside its source, on character
/// boundaries; every report format draws the diagnostics; a file compiles
/// exactly when it has no errors; the config it compiles to reads back from
/// its JSON and passes `validate`.
pub fn compile(text: &str, catalog: &Catalog) -> Option<Config> {
    let c = hierc::compile(SourceFile::new(NAME, text), catalog);
    diagnostics_hold(&c.diagnostics, &c.source);
    assert_eq!(
        c.config.is_some(),
        !c.has_errors(),
        "a config comes exactly when there is no error: {:#?}",
        c.diagnostics
    );
    let config = c.config?;
    let json = config::to_json(&config);
    let back = config::from_json(&json).expect("the written config reads back");
    assert_eq!(back, config, "the config changed through its JSON");
    let v = hierc::validate::validate(SourceFile::new("fuzz.json", json.as_str()), Some(catalog));
    let errors: Vec<_> = v.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "validate rejects what the compiler wrote:\n{json}\n{errors:#?}"
    );
    Some(config)
}

/// Validating never panics and its diagnostics hold as the compiler's do.
/// What `validate` accepts can be imported, and the import compiles to the
/// same config, up to what docs/format.md lets a config leave out ("What a
/// config may leave out").
pub fn validate(text: &str, catalog: &Catalog) {
    let v = hierc::validate::validate(SourceFile::new("fuzz.json", text), Some(catalog));
    diagnostics_hold(&v.diagnostics, &v.source);
    if v.has_errors() {
        return;
    }
    let config = v.config.expect("a config without errors was read");
    let imported = hierc::import::import(&config, catalog, NAME)
        .unwrap_or_else(|e| panic!("validate accepts a config that import rejects: {e}\n{text}"));
    let compiled = hierc::compile(SourceFile::new(NAME, imported.text.as_str()), catalog);
    let built = compiled.config.unwrap_or_else(|| {
        panic!(
            "the import of a config that validate accepts does not compile:\n{text}\n{}\n{:#?}",
            imported.text, compiled.diagnostics
        )
    });
    let case_differs = v.diagnostics.iter().any(|d| d.code.as_str() == "W101");
    assert!(
        agrees(&config, &built, case_differs),
        "the import of a config that validate accepts compiles to another:\n{text}\n{}\n{}",
        imported.text,
        config::to_json(&built)
    );
}

/// `built` is `given` with what a config may leave out filled in: an
/// `ApiVersion`; the fields of the core mappings in `Fields`, which come
/// first; a base64 binary's `MimeTypeField` and `FileNameField`; and, when
/// `names_case` (W101), names in the schema's spelling.
fn agrees(given: &Config, built: &Config, names_case: bool) -> bool {
    let mut expected = given.clone();
    if expected.api_version.is_none() {
        expected.api_version.clone_from(&built.api_version);
    }
    let agg = &mut expected.aggregation;
    fill_fields(
        &mut agg.fields,
        &agg.core_field_mappings,
        &built.aggregation.fields,
    );
    for (e, b) in agg.records.iter_mut().zip(&built.aggregation.records) {
        fill_fields(&mut e.fields, &e.core_field_mappings, &b.fields);
        for (eb, bb) in e.binaries.iter_mut().zip(&b.binaries) {
            if let (
                Binary::Field {
                    encoding: Encoding::Base64,
                    mime_type,
                    mime_type_field,
                    file_name_field,
                    ..
                },
                Binary::Field {
                    mime_type_field: built_mime,
                    file_name_field: built_name,
                    ..
                },
            ) = (eb, bb)
            {
                if mime_type.is_none() && mime_type_field.is_none() {
                    mime_type_field.clone_from(built_mime);
                }
                if file_name_field.is_none() {
                    file_name_field.clone_from(built_name);
                }
            }
        }
    }
    if names_case {
        config::to_json(&expected).to_lowercase() == config::to_json(built).to_lowercase()
    } else {
        expected == *built
    }
}

/// The plain fields of the core mappings first (as `built` has them), then
/// the other fields as given.
fn fill_fields(
    fields: &mut Vec<MetadataField>,
    mappings: &CoreFieldMappings,
    built: &[MetadataField],
) {
    let mut out: Vec<MetadataField> = Vec::new();
    for (_, m) in mappings.iter() {
        let Mapping::Field(name) = m else { continue };
        let found = built.iter().find(|f| f.name.eq_ignore_ascii_case(name));
        if let Some(f) = found {
            if !out.iter().any(|o| o.name == f.name) {
                out.push(f.clone());
            }
        }
    }
    for f in fields.drain(..) {
        if !out.iter().any(|o| o.name.eq_ignore_ascii_case(&f.name)) {
            out.push(f);
        }
    }
    *fields = out;
}

/// `fmt` is idempotent (formatting its output changes nothing) and never
/// changes what a file compiles to, nor which findings it has.
pub fn fmt(text: &str, catalog: &Catalog) {
    let source = SourceFile::new(NAME, text);
    let Ok(formatted) = hierc::fmt::format(&source) else {
        return;
    };
    let again = hierc::fmt::format(&SourceFile::new(NAME, formatted.as_str()))
        .unwrap_or_else(|e| panic!("fmt's output does not parse:\n{formatted}\n{e:#?}"));
    assert_eq!(
        again, formatted,
        "formatting twice differs from formatting once; the first was:\n{formatted}"
    );
    let before = hierc::compile(source, catalog);
    let after = hierc::compile(SourceFile::new(NAME, formatted.as_str()), catalog);
    assert_eq!(
        before.config, after.config,
        "fmt changed what the file compiles to; formatted:\n{formatted}"
    );
    assert_eq!(
        codes(&before.diagnostics),
        codes(&after.diagnostics),
        "fmt changed the findings; formatted:\n{formatted}"
    );
}

/// build → import → build gives the same config, and the imported text is
/// in the canonical layout.
pub fn import(text: &str, catalog: &Catalog) {
    let c = hierc::compile(SourceFile::new(NAME, text), catalog);
    let Some(config) = c.config else { return };
    let imported = hierc::import::import(&config, catalog, NAME)
        .unwrap_or_else(|e| panic!("import rejects a config that hierc wrote: {e}"));
    assert!(
        matches!(imported.round_trip, RoundTrip::Same),
        "the import does not compile back ({:?}):\n{}",
        imported.round_trip,
        imported.text
    );
    let rebuilt = hierc::compile(SourceFile::new(NAME, imported.text.as_str()), catalog);
    assert_eq!(
        rebuilt.config.as_ref(),
        Some(&config),
        "build → import → build differs; imported:\n{}",
        imported.text
    );
    let formatted = hierc::fmt::format(&SourceFile::new(NAME, imported.text.as_str()))
        .expect("the imported text parses");
    assert_eq!(
        formatted, imported.text,
        "the imported text is not in the canonical layout"
    );
}

/// The codes of the diagnostics, sorted, with their severities.
fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    let mut out: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
    out.sort_unstable();
    out
}

/// Every label inside its source on character boundaries, and every report
/// format drawing the first diagnostics.
fn diagnostics_hold(diags: &[Diagnostic], source: &Arc<SourceFile>) {
    for d in diags {
        let text = &d.source.as_ref().unwrap_or(source).text;
        for l in &d.labels {
            assert!(
                l.span.start <= l.span.end
                    && l.span.end <= text.len()
                    && text.is_char_boundary(l.span.start)
                    && text.is_char_boundary(l.span.end),
                "{}: span {:?} is not inside its text of {} bytes",
                d.code,
                l.span,
                text.len()
            );
        }
    }
    let first = &diags[..diags.len().min(RENDERED)];
    for d in first {
        render::human(d, Style::plain());
    }
    let base = Path::new("");
    report::json(first, base);
    report::sarif(first, base);
    report::github(first, base);
}

/// A catalog of `dir` with every describe already read, for fuzz targets
/// that clone it for each input (reading the describes again for each
/// would be most of the work).
pub fn warm_catalog(dir: &Path) -> Catalog {
    let catalog = Catalog::new(dir);
    let names: Vec<String> = catalog.names().iter().map(|n| n.to_string()).collect();
    for n in names {
        catalog.get(&n);
    }
    catalog
}

/// The language server (`hierc::lsp::serve`, as `hierc lsp` runs it) takes
/// any sequence of messages without a panic and stops at `exit`. Each line
/// of `text` that is a JSON-RPC message is sent as it is (any method, any
/// parameters); every other line is appended to an open document, sent as
/// a change, and asked about at its end (completion, hover, definition,
/// symbols, folding, code actions). After the lines: `shutdown`, `exit`.
pub fn lsp(text: &str, schemas: &Path) {
    use lsp_server::{Connection, Message, Notification, Request};
    use serde_json::json;
    let (server, client) = Connection::memory();
    let dir = schemas.to_path_buf();
    let thread = std::thread::spawn(move || hierc::lsp::serve(server, Some(dir)));
    let uri = "file:///fuzz/fuzz.hier";
    let mut next = 0;
    let mut request = |method: &str, params: serde_json::Value| {
        next += 1;
        Message::Request(Request::new(next.into(), method.to_string(), params))
    };
    let notification = |method: &str, params: serde_json::Value| {
        Message::Notification(Notification::new(method.to_string(), params))
    };
    let mut messages = vec![
        request(
            "initialize",
            json!({ "processId": null, "capabilities": {} }),
        ),
        notification("initialized", json!({})),
        notification(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "hier", "version": 0, "text": "" } }),
        ),
    ];
    let mut document = String::new();
    let mut raw = false;
    for (n, line) in text.split('\n').enumerate() {
        if let Ok(message) = serde_json::from_str::<Message>(line) {
            messages.push(message);
            raw = true;
            continue;
        }
        document.push_str(line);
        document.push('\n');
        let version = n + 1;
        messages.push(notification(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "text": document }] }),
        ));
        // The end of the line just added, in UTF-16 code units.
        let at = json!({ "line": document.lines().count().saturating_sub(1),
                         "character": line.encode_utf16().count() });
        let doc = json!({ "uri": uri });
        for method in [
            "textDocument/completion",
            "textDocument/hover",
            "textDocument/definition",
        ] {
            messages.push(request(
                method,
                json!({ "textDocument": doc, "position": at }),
            ));
        }
        messages.push(request(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ));
        messages.push(request(
            "textDocument/foldingRange",
            json!({ "textDocument": doc }),
        ));
        messages.push(request(
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": { "start": { "line": 0, "character": 0 }, "end": at },
                    "context": { "diagnostics": [] } }),
        ));
    }
    let shutdown = request("shutdown", serde_json::Value::Null);
    let Message::Request(Request {
        id: shutdown_id, ..
    }) = &shutdown
    else {
        unreachable!()
    };
    let shutdown_id = shutdown_id.clone();
    messages.push(shutdown);
    messages.push(notification("exit", serde_json::Value::Null));
    for m in messages {
        // A message of the input may have ended the server already.
        if client.sender.send(m).is_err() {
            break;
        }
    }
    drop(client.sender);
    let status = thread.join();
    assert!(status.is_ok(), "the language server panicked");
    // Without messages of the input's own, every request was answered and
    // the server stopped as asked.
    if !raw {
        assert_eq!(
            status.ok(),
            Some(0),
            "the server did not stop after shutdown and exit"
        );
        let answered = client
            .receiver
            .try_iter()
            .any(|m| matches!(m, Message::Response(r) if r.id == shutdown_id && r.response_result.is_ok()));
        assert!(answered, "shutdown was not answered");
    }
}
