//! The documentation stays in step with the code.

mod common;

use hierc::diagnostics::Code;

#[test]
fn the_diagnostics_page_lists_every_code() {
    let page = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    for c in Code::ALL {
        let row = format!(
            "| [{0}](codes/{0}.md) | `{1}` | {2} |",
            c.as_str(),
            c.name(),
            c.summary()
        );
        assert!(
            page.contains(&row),
            "docs/diagnostics.md lacks the row:\n{row}"
        );
    }
}

#[test]
fn the_readme_gives_the_two_setup_commands() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let first_screen: String = readme.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(first_screen.contains("cargo run --release -- build examples/case.hier"));
    assert!(first_screen.contains("cargo test"));
}

#[test]
fn the_format_page_shows_the_real_output() {
    let page = std::fs::read_to_string(common::root().join("docs/format.md")).unwrap();
    let (_, config) = common::compile_report(&common::root().join("examples/oneline.hier"));
    let json = hierc::config::to_json(&config.unwrap());
    assert!(
        page.contains(&json),
        "docs/format.md must show the output of examples/oneline.hier"
    );
}

fn case_config() -> hierc::config::Config {
    let (report, config) = common::compile_report(&common::root().join("examples/case.hier"));
    config.unwrap_or_else(|| panic!("examples/case.hier must compile:\n{report}"))
}

#[test]
fn the_pictured_graph_is_the_current_output() {
    let root = common::root();
    let dot = std::fs::read_to_string(root.join("docs/img/case.dot")).unwrap();
    assert!(
        dot == hierc::draw::graph::dot(&case_config()),
        "docs/img/case.dot is stale: regenerate it and docs/img/case.svg as docs/graph.md says"
    );
    // The SVG is rendered from it: one node each.
    let svg = std::fs::read_to_string(root.join("docs/img/case.svg")).unwrap();
    let nodes = dot.lines().filter(|l| l.contains("[label=<")).count();
    assert_eq!(
        svg.matches("class=\"node\"").count(),
        nodes,
        "docs/img/case.svg is stale: render it from docs/img/case.dot"
    );
}

#[test]
fn the_graph_page_shows_the_real_mermaid() {
    let page = std::fs::read_to_string(common::root().join("docs/graph.md")).unwrap();
    let block = format!(
        "```mermaid\n{}```\n",
        hierc::draw::graph::mermaid(&case_config())
    );
    assert!(
        page.contains(&block),
        "docs/graph.md must show the Mermaid of examples/case.hier"
    );
    assert!(
        page.contains("](img/case.svg)"),
        "docs/graph.md shows the picture"
    );
}

/// Every command (and every `schema` subcommand) has a row in the README's
/// command table.
#[test]
fn the_readme_documents_every_command() {
    use clap::CommandFactory;
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| `hierc "))
        .collect();
    let cli = hierc::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        let mut names: Vec<String> = sub
            .get_subcommands()
            .map(|s| format!("hierc {name} {}", s.get_name()))
            .collect();
        if names.is_empty() {
            names.push(format!("hierc {name}"));
        }
        for n in names {
            let written = rows.iter().any(|r| {
                r.contains(&format!("`{n} "))
                    || r.contains(&format!("`{n}`"))
                    || r.contains(&format!("`{n}\\"))
            });
            if !written {
                missing.push(n);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "README.md's command table lacks {missing:?}"
    );
}

/// Every code that `hierc validate` shares with the compiler (a code with a
/// fixture in tests/fixtures/configs/err that is below E050, or a warning)
/// has a page that shows the mistake in a config, before its Notes (or its
/// "See also" line), with JSON examples that parse.
#[test]
fn codes_shared_with_validate_show_a_config() {
    const HEADING: &str = "## In a config (hierc validate)";
    let mut codes = std::collections::BTreeSet::new();
    let dir = common::root().join("tests/fixtures/configs/err");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let code = Code::parse(&name[..4]).unwrap_or_else(|| panic!("{name} names no code"));
        if code.is_warning() || code.as_str() < "E050" {
            codes.insert(code.as_str());
        }
    }
    assert!(
        codes.contains("E012") && codes.contains("W101"),
        "{codes:?}"
    );
    let mut missing = Vec::new();
    for c in codes {
        let page = Code::parse(c).unwrap().explain();
        let Some(at) = page.find(&format!("\n{HEADING}\n")) else {
            missing.push(c);
            continue;
        };
        let end = page[at + 1..]
            .find("\n## ")
            .map_or(page.len(), |i| at + 1 + i);
        let section = &page[at..end];
        let next = page
            .find("\n## Notes\n")
            .or_else(|| page.find("\nSee also"));
        assert!(
            next.is_some_and(|n| at < n),
            "docs/codes/{c}.md: `{HEADING}` goes before `## Notes` (or the \"See also\" line)"
        );
        let blocks: Vec<&str> = section
            .split("```json\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap_or_default())
            .collect();
        assert!(
            !blocks.is_empty(),
            "docs/codes/{c}.md: `{HEADING}` shows no JSON"
        );
        for block in blocks {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(block) {
                panic!("docs/codes/{c}.md: this JSON does not parse ({e}):\n{block}");
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no `{HEADING}` section on the pages of {missing:?}"
    );
}
