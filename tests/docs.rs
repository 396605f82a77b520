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
