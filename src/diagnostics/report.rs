//! Machine-readable reports: a JSON array of diagnostics, SARIF 2.1.0 for
//! GitHub code scanning, and GitHub Actions workflow commands. Each is one
//! document for a whole run, made from its diagnostics; file names are shown
//! relative to `base` (the current folder) when they lie under it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{Code, Diagnostic, Fix, Label, Severity};
use crate::source::{escape_controls, SourceFile, Span};
use crate::workspace::files;

/// The JSON Schema that SARIF documents name.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where hierc is documented: the `homepage` of `Cargo.toml`; empty, and
/// left out of SARIF logs, while it names none.
const INFORMATION_URI: &str = env!("CARGO_PKG_HOMEPAGE");

/// Where a span lies: 1-based lines and columns (columns in characters), the
/// end exclusive, and the bytes.
#[derive(Clone, Copy, Debug, Serialize)]
struct Place {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    span: Bytes,
}

/// A span in bytes.
#[derive(Clone, Copy, Debug, Serialize)]
struct Bytes {
    offset: usize,
    length: usize,
}

impl Place {
    fn new(source: &SourceFile, span: Span) -> Self {
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        Place {
            line,
            column,
            end_line,
            end_column,
            span: Bytes {
                offset: span.start,
                length: span.len(),
            },
        }
    }
}

/// The file a diagnostic is about, as shown.
fn file_name(d: &Diagnostic, base: &Path) -> Option<String> {
    d.source
        .as_deref()
        .map(|s| files::shown(Path::new(&s.name), base))
}

/// The place of one of a diagnostic's labels.
fn place(d: &Diagnostic, label: &Label) -> Option<Place> {
    d.source.as_deref().map(|s| Place::new(s, label.span))
}

/// The place of the main label.
fn primary(d: &Diagnostic) -> Option<Place> {
    d.labels.first().and_then(|l| place(d, l))
}

/// The other labels, with their places.
fn secondary(d: &Diagnostic) -> impl Iterator<Item = (&Label, Place)> {
    d.labels
        .iter()
        .skip(1)
        .filter_map(move |l| place(d, l).map(|p| (l, p)))
}

/// The message, then its help and notes one per line, as the human report's
/// footer writes them.
pub fn full_message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    for note in &d.notes {
        let _ = write!(text, "\nnote: {note}");
    }
    text
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `N errors, N warnings`.
pub fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Pretty JSON with a final newline.
fn document(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a report is plain JSON");
    text.push('\n');
    text
}

// --- JSON ---

/// One diagnostic in the JSON format. Without a place, the place fields are
/// null.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    span: Option<Bytes>,
    help: Option<&'a str>,
    notes: &'a [String],
    labels: Vec<JsonLabel<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

/// A secondary label.
#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    place: Place,
}

/// A fix: its edits of the diagnostic's file.
#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the place with `text`; an empty place inserts, an empty text
/// deletes.
#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    place: Place,
    text: &'a str,
}

/// A diagnostic's fixes with the places of their edits; none without a
/// source.
fn json_fixes(d: &Diagnostic) -> Vec<JsonFix<'_>> {
    let Some(source) = d.source.as_deref() else {
        return Vec::new();
    };
    d.fixes()
        .iter()
        .map(|f| JsonFix {
            title: &f.title,
            applicability: f.applicability.as_str(),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    place: Place::new(source, e.span),
                    text: &e.text,
                })
                .collect(),
        })
        .collect()
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, base: &Path) -> Self {
        let place = primary(d);
        JsonDiagnostic {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            message: &d.message,
            file: file_name(d, base),
            line: place.map(|p| p.line),
            column: place.map(|p| p.column),
            end_line: place.map(|p| p.end_line),
            end_column: place.map(|p| p.end_column),
            span: place.map(|p| p.span),
            help: d.help.as_deref(),
            notes: &d.notes,
            labels: secondary(d)
                .map(|(l, place)| JsonLabel {
                    message: &l.message,
                    place,
                })
                .collect(),
            fixes: json_fixes(d),
        }
    }
}

/// The diagnostics as a JSON array.
pub fn json(diagnostics: &[Diagnostic], base: &Path) -> String {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic::new(d, base))
        .collect();
    document(&list)
}

// --- SARIF ---

/// The diagnostics as a SARIF 2.1.0 log with one run, in the shape GitHub
/// code scanning reads: one rule per code used, one result per diagnostic.
pub fn sarif(diagnostics: &[Diagnostic], base: &Path) -> String {
    let rules: Vec<Code> = diagnostics
        .iter()
        .map(|d| d.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| sarif_result(d, &rules, base))
        .collect();
    document(&json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": sarif_driver(&rules) },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }))
}

fn sarif_driver(rules: &[Code]) -> Value {
    let mut driver = Map::new();
    driver.insert("name".into(), "hierc".into());
    driver.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    if !INFORMATION_URI.is_empty() {
        driver.insert("informationUri".into(), INFORMATION_URI.into());
    }
    driver.insert(
        "rules".into(),
        rules.iter().map(|&c| sarif_rule(c)).collect(),
    );
    Value::Object(driver)
}

fn sarif_rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "name": code.name(),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": code.description() },
        "help": { "text": code.explain(), "markdown": code.explain() },
        "defaultConfiguration": { "level": Severity::of(code).as_str() },
    })
}

/// A result. Every result has a location, as code scanning requires: a
/// diagnostic about a whole file (or a path that cannot be read) points at
/// the file without a region; one about no file at all (none is made so)
/// at the current folder.
fn sarif_result(d: &Diagnostic, rules: &[Code], base: &Path) -> Value {
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rules.binary_search(&d.code).expect("every code used has a rule"),
        "level": d.severity.as_str(),
        "message": { "text": full_message(d) },
    });
    let uri = file_name(d, base).map_or_else(|| "./".to_string(), |f| artifact_uri(&f));
    let region = primary(d).map(sarif_region);
    result["locations"] = json!([{ "physicalLocation": physical_location(&uri, region) }]);
    let related: Vec<Value> = secondary(d)
        .enumerate()
        .map(|(id, (label, place))| {
            json!({
                "id": id,
                "physicalLocation": physical_location(&uri, Some(sarif_region(place))),
                "message": { "text": label.message },
            })
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = related.into();
    }
    if let Some(source) = d.source.as_deref() {
        if !d.fixes().is_empty() {
            let fixes: Vec<Value> = d
                .fixes()
                .iter()
                .map(|f| sarif_fix(f, source, &uri))
                .collect();
            result["fixes"] = fixes.into();
        }
    }
    result
}

/// A fix as SARIF writes it: one artifact change to the diagnostic's file,
/// each edit a replacement of a region (empty to insert) with a text;
/// whether it is safe is a property.
fn sarif_fix(fix: &Fix, source: &SourceFile, uri: &str) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": sarif_region(Place::new(source, e.span)),
                "insertedContent": { "text": e.text },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.applicability.as_str() },
    })
}

fn physical_location(uri: &str, region: Option<Value>) -> Value {
    let mut location = json!({ "artifactLocation": { "uri": uri } });
    if let Some(region) = region {
        location["region"] = region;
    }
    location
}

fn sarif_region(p: Place) -> Value {
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
    })
}

/// A shown file name as a URI reference: a relative name stays relative, an
/// absolute one becomes a `file:` URI, and what a URI path cannot hold is
/// percent-encoded.
fn artifact_uri(name: &str) -> String {
    let mut encoded = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            encoded.push(char::from(b));
        } else {
            let _ = write!(encoded, "%{b:02X}");
        }
    }
    if name.starts_with('/') {
        format!("file://{encoded}")
    } else if Path::new(name).is_absolute() {
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

// --- GitHub Actions ---

/// The diagnostics as GitHub Actions workflow commands (`::error ...::`),
/// then as plain `FILE:LINE:COLUMN: CODE message` lines (Actions shows only
/// the first annotations of a step), then a summary line.
pub fn github(diagnostics: &[Diagnostic], base: &Path) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&annotation(d, base));
        out.push('\n');
    }
    for d in diagnostics {
        out.push_str(&plain(d, base));
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(out, "hierc: {}", counts(errors, diagnostics.len() - errors));
    out
}

/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
/// Columns are given only for a one-line span, as GitHub takes them.
fn annotation(d: &Diagnostic, base: &Path) -> String {
    let mut properties = Vec::new();
    if let Some(file) = file_name(d, base) {
        properties.push(("file", file));
    }
    if let Some(p) = primary(d) {
        let one_line = p.line == p.end_line;
        properties.push(("line", p.line.to_string()));
        if one_line {
            properties.push(("col", p.column.to_string()));
        }
        properties.push(("endLine", p.end_line.to_string()));
        if one_line {
            properties.push(("endColumn", p.end_column.to_string()));
        }
    }
    properties.push(("title", d.code.to_string()));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{} {}::{}",
        d.severity.as_str(),
        properties.join(","),
        escape_data(&full_message(d))
    )
}

/// `FILE:LINE:COLUMN: CODE message`, or less when there is no place or file:
/// one line, its control characters made visible, that never starts a
/// workflow command (`./` goes before a file named `::notice::x.hier`).
fn plain(d: &Diagnostic, base: &Path) -> String {
    let at = match (file_name(d, base), primary(d)) {
        (Some(file), Some(p)) => format!("{file}:{}:{}: ", p.line, p.column),
        (Some(file), None) => format!("{file}: "),
        (None, _) => String::new(),
    };
    let line = escape_controls(&format!("{at}{} {}", d.code, d.message)).replace('\n', "\u{240a}");
    if line.trim_start().starts_with("::") {
        format!("./{line}")
    } else {
        line
    }
}

/// A workflow command's message, escaped as the Actions toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the Actions toolkit does.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_data_is_escaped_like_the_toolkit() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn workflow_command_properties_also_escape_colons_and_commas() {
        assert_eq!(escape_property("C:\\x,y.hier"), "C%3A\\x%2Cy.hier");
        assert_eq!(escape_property("50%\n:,"), "50%25%0A%3A%2C");
    }

    #[test]
    fn annotations_carry_the_place_and_the_code() {
        let source = SourceFile::new("dir/a,b.hier", "aggregation Case\n  fields x\n");
        let d = Diagnostic::new(Code::E012, "`Case` has no field `x`")
            .label(Span::new(26, 27), "not a field")
            .help("100% sure")
            .in_source(source);
        assert_eq!(
            annotation(&d, Path::new("")),
            "::error file=dir/a%2Cb.hier,line=2,col=10,endLine=2,endColumn=11,title=E012\
             ::`Case` has no field `x`%0Ahelp: 100%25 sure"
        );
        assert_eq!(
            plain(&d, Path::new("")),
            "dir/a,b.hier:2:10: E012 `Case` has no field `x`"
        );
    }

    #[test]
    fn a_span_over_lines_has_no_columns_in_its_annotation() {
        let source = SourceFile::new("a.hier", "ab\ncd\n");
        let d = Diagnostic::new(Code::W102, "twice")
            .label(Span::new(1, 4), "")
            .in_source(source);
        assert_eq!(
            annotation(&d, Path::new("")),
            "::warning file=a.hier,line=1,endLine=2,title=W102::twice"
        );
    }

    #[test]
    fn a_diagnostic_without_a_place_points_at_its_file() {
        let d = Diagnostic::new(Code::E092, "cannot read `x`").in_source(SourceFile::new("x", ""));
        assert_eq!(
            annotation(&d, Path::new("")),
            "::error file=x,title=E092::cannot read `x`"
        );
        assert_eq!(plain(&d, Path::new("")), "x: E092 cannot read `x`");
        let log: Value = serde_json::from_str(&sarif(&[d], Path::new(""))).unwrap();
        let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(location, &json!({ "artifactLocation": { "uri": "x" } }));
        // Without a file (none is made so), the current folder.
        let d = Diagnostic::new(Code::E092, "cannot read `x`");
        assert_eq!(plain(&d, Path::new("")), "E092 cannot read `x`");
        let log: Value = serde_json::from_str(&sarif(&[d], Path::new(""))).unwrap();
        let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(location, &json!({ "artifactLocation": { "uri": "./" } }));
    }

    #[test]
    fn a_plain_line_never_starts_a_workflow_command() {
        let source = SourceFile::new("::notice::x.hier", "a\n");
        let d = Diagnostic::new(Code::E001, "bad\n::error::forged `\u{1b}[31m`")
            .label(Span::new(0, 1), "")
            .in_source(source);
        assert_eq!(
            plain(&d, Path::new("")),
            "./::notice::x.hier:1:1: E001 bad\u{240a}::error::forged `\u{241b}[31m`"
        );
        let text = github(&[d], Path::new(""));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("::error file=%3A%3Anotice%3A%3Ax.hier,"));
        assert!(lines[1..].iter().all(|l| !l.trim_start().starts_with("::")));
    }

    #[test]
    fn artifact_uris_are_relative_or_file_uris() {
        assert_eq!(artifact_uri("configs/case.hier"), "configs/case.hier");
        assert_eq!(
            artifact_uri("my configs/ä.hier"),
            "my%20configs/%C3%A4.hier"
        );
        assert_eq!(artifact_uri("a:b.hier"), "a%3Ab.hier");
        assert_eq!(artifact_uri("/srv/case.hier"), "file:///srv/case.hier");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(counts(1, 0), "1 error, 0 warnings");
        assert_eq!(counts(2, 1), "2 errors, 1 warning");
    }
}
