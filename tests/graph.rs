//! `hierc graph`: the Mermaid and DOT of the examples, pinned; every example
//! rendered by Graphviz's `dot` when it is installed (CI sets
//! `HIERC_REQUIRE_DOT=1`, which makes its absence a failure); names that
//! would break either language, shown as they are.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{hierc_env as hierc_in, scratch_project as project, Run};
use hierc::config::{Binary, Config};

fn hierc(args: &[&str]) -> Run {
    hierc_in(&common::root(), args, &[])
}

fn snapshot(name: &str, run: &Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

fn compiled(path: &Path) -> Config {
    let (report, config) = common::compile_report(path);
    config.unwrap_or_else(|| panic!("{} must compile:\n{report}", path.display()))
}

fn examples() -> Vec<std::path::PathBuf> {
    let mut list: Vec<_> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hier"))
        .collect();
    list.sort();
    assert!(list.len() >= 5, "the examples are there");
    list
}

#[test]
fn mermaid_of_the_case_example() {
    let run = hierc(&["graph", "examples/case.hier", "--format", "mermaid"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("flowchart TD\n"), "no code fences");
    snapshot("mermaid_case", &run);
    // Mermaid is the default.
    assert_eq!(hierc(&["graph", "examples/case.hier"]).stdout, run.stdout);
}

#[test]
fn dot_of_the_case_example() {
    let run = hierc(&["graph", "examples/case.hier", "--format", "dot"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("digraph "));
    snapshot("dot_case", &run);
}

#[test]
fn the_command_prints_what_the_library_draws() {
    for path in examples() {
        let name = common::relative(&path);
        let config = compiled(&path);
        let run = hierc(&["graph", &name, "--format", "dot"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, hierc::draw::graph::dot(&config), "{name}");
        let run = hierc(&["graph", &name]);
        assert_eq!(run.stdout, hierc::draw::graph::mermaid(&config), "{name}");
    }
}

#[test]
fn a_broken_file_draws_nothing_and_exits_1() {
    let dir = project(&[("x.hier", "Case > Nope\n")]);
    for format in ["mermaid", "dot"] {
        let run = hierc_in(dir.path(), &["graph", "x.hier", "--format", format], &[]);
        assert_eq!(run.code, 1);
        assert_eq!(run.stdout, "");
        assert!(run.stderr.contains("x.hier"), "{}", run.stderr);
    }
}

#[test]
fn a_missing_file_or_an_unknown_format_exits_2() {
    let run = hierc(&["graph", "examples/nowhere.hier"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("E092"), "{}", run.stderr);
    let run = hierc(&["graph", "examples/case.hier", "--format", "svg"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("mermaid"), "{}", run.stderr);
}

// ---------------------------------------------------------------- Graphviz

/// Whether Graphviz's `dot` can be run. Without it the caller skips, unless
/// `HIERC_REQUIRE_DOT=1` (CI) makes that a failure.
fn dot_available() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let required = std::env::var("HIERC_REQUIRE_DOT").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "HIERC_REQUIRE_DOT=1 but Graphviz's `dot` is not installed (apt-get install graphviz)"
        );
        eprintln!(
            "skipped: Graphviz's `dot` is not installed (set HIERC_REQUIRE_DOT=1 to require it)"
        );
    }
    found
}

/// `dot -Tsvg` of a DOT text: the SVG, or the failure with dot's messages.
fn render_svg(dot: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("piped");
    let text = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    writer.join().expect("writer").map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() || !stderr.is_empty() {
        return Err(format!("dot exited with {}: {stderr}", out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// The text of an SVG's `<text>` elements, entities decoded.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(xml_unescape(&t[start..end]))
        })
        .collect()
}

fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let entity = &after[..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..=i + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The object each node shows first, in the order the graph lists them.
fn node_objects(config: &Config) -> Vec<String> {
    let agg = &config.aggregation;
    let mut objects = vec![agg.object.clone()];
    if agg.self_record_enabled {
        objects.push(agg.object.clone());
    }
    objects.extend(agg.references.iter().map(|r| r.object.clone()));
    for r in &agg.records {
        objects.push(r.object.clone());
        objects.extend(r.references.iter().map(|x| x.object.clone()));
        objects.extend(r.binaries.iter().map(|_| r.object.clone()));
    }
    objects
}

#[test]
fn dot_renders_every_example() {
    if !dot_available() {
        return;
    }
    for path in examples() {
        let config = compiled(&path);
        let name = common::relative(&path);
        let svg =
            render_svg(&hierc::draw::graph::dot(&config)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(svg.contains("<svg"), "{name}");
        let objects = node_objects(&config);
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            objects.len(),
            "{name}"
        );
        let texts = svg_texts(&svg);
        for object in objects {
            assert!(
                texts.iter().any(|t| t == &object),
                "{name}: no node shows {object}:\n{svg}"
            );
        }
    }
}

/// Every text of the graph, hostile to Mermaid, DOT, HTML and XML.
const NASTY: &str =
    "q\"b\\\"c\\ #quot; #35; <b>&amp; &#92;N `x` [y] (z) {w} |v| ;%% \\N\\l\\G ]]> end";

/// The case example with every name and literal made hostile.
fn hostile() -> Config {
    let mut config = compiled(&common::root().join("examples/case.hier"));
    let nasty = |s: &mut String| s.push_str(NASTY);
    config.connector_name = Some(NASTY.to_string());
    let agg = &mut config.aggregation;
    nasty(&mut agg.object);
    let mut refs: Vec<_> = agg.references.iter_mut().collect();
    for r in &mut agg.records {
        nasty(&mut r.object);
        nasty(&mut r.relationship.field);
        nasty(&mut r.relationship.name);
        for b in &mut r.binaries {
            if let Binary::Field {
                field, mime_type, ..
            } = b
            {
                nasty(field);
                if let Some(m) = mime_type {
                    nasty(m);
                }
            }
        }
        refs.extend(r.references.iter_mut());
    }
    for r in refs {
        nasty(&mut r.object);
        nasty(&mut r.field);
        nasty(&mut r.metadata_prefix);
        r.fields.iter_mut().for_each(|f| nasty(&mut f.name));
    }
    config
}

#[test]
fn dot_shows_hostile_names_as_they_are() {
    if !dot_available() {
        return;
    }
    let config = hostile();
    let svg = render_svg(&hierc::draw::graph::dot(&config)).unwrap_or_else(|e| panic!("{e}"));
    let objects = node_objects(&config);
    assert_eq!(svg.matches("class=\"node\"").count(), objects.len());
    let texts = svg_texts(&svg);
    for object in &objects {
        assert!(texts.contains(object), "no node shows {object:?}:\n{svg}");
    }
    // Edge labels: the relationship fields and names, the lookups.
    for r in &config.aggregation.records {
        let label = format!("{} ({})", r.relationship.field, r.relationship.name);
        assert!(texts.contains(&label), "no edge shows {label:?}:\n{svg}");
    }
    for r in &config.aggregation.references {
        assert!(texts.contains(&r.field), "no edge shows {:?}", r.field);
    }
    // The connector's name, quoted as the language writes it.
    let connector = format!("connector {}", hierc::fmt::quote(NASTY));
    assert!(texts.contains(&connector), "{svg}");
}

#[test]
fn mermaid_of_hostile_names_keeps_one_statement_a_line() {
    let text = hierc::draw::graph::mermaid(&hostile());
    let plain = hierc::draw::graph::mermaid(&compiled(&common::root().join("examples/case.hier")));
    assert_eq!(text.lines().count(), plain.lines().count());
    for (line, plain) in text.lines().zip(plain.lines()) {
        // The same statement, its quotes in the same places.
        let head = |l: &str| l.split('"').next().unwrap_or("").to_string();
        assert_eq!(head(line), head(plain));
        assert_eq!(
            line.matches('"').count(),
            plain.matches('"').count(),
            "{line}"
        );
    }
}
