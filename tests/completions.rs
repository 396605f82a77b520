//! `hierc completions SHELL` and `hierc man`: generated from the clap
//! definitions, so they name every command.

mod common;

fn hierc(args: &[&str]) -> common::Run {
    common::hierc_in(&common::root(), args)
}

const COMMANDS: [&str; 4] = ["build", "check", "validate", "explain"];

#[test]
fn every_shell_gets_a_script_naming_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = hierc(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for command in COMMANDS {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let run = hierc(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hierc.bash");
    std::fs::write(&script, &run.stdout).unwrap();
    let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
    else {
        eprintln!("no bash here: skipped");
        return;
    };
    assert!(status.success());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = hierc(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

#[test]
fn the_man_page_is_roff_naming_the_commands() {
    let run = hierc(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(".TH hierc 1"));
    for command in COMMANDS {
        assert!(run.stdout.contains(command), "the page lacks {command}");
    }
    let run = hierc(&["man", "validate"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(".TH hierc-validate 1"));
    assert!(
        run.stdout.contains("HIERC_SCHEMAS"),
        "global options are on every page"
    );
    let run = hierc(&["man", "biuld"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `build`?"));
}

/// Whether a program is installed; when it is not, a test that needs it
/// skips, unless `HIERC_REQUIRE_SHELLS=1` (set by CI) makes that a failure.
fn have(program: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("HIERC_REQUIRE_SHELLS").is_none(),
            "{program} is not installed, and HIERC_REQUIRE_SHELLS requires it"
        );
        eprintln!("no {program} here: skipped");
    }
    found
}

#[test]
fn zsh_offers_hier_and_json_files_where_commands_take_them() {
    let run = hierc(&["completions", "zsh"]);
    let script = &run.stdout;
    for line in [
        "'*::files -- The .hier files:_files -g \"*.hier\"'",
        "':config -- The connector_config.json:_files -g \"*.json\"'",
        "'*::configs -- The config files:_files -g \"*.json\"'",
        "_files -g \"*.(hier|json)\"'",
        "'*--from=[",
    ] {
        assert!(script.contains(line), "the zsh script lacks {line}");
    }
    // The schema cache is a folder; explain takes codes, completions shells.
    assert!(script.contains(":DIR:_files -/'"));
    assert!(
        script.contains("E012\\:\""),
        "explain's codes, with their summaries"
    );
    assert!(script.contains("W120\\:\""));
    assert!(script.contains("(bash elvish fish powershell zsh)"));
    let bash = hierc(&["completions", "bash"]).stdout;
    assert!(
        bash.contains("W120") && bash.contains("E012"),
        "bash completes the codes too"
    );
    if have("zsh") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("_hierc");
        std::fs::write(&file, script).unwrap();
        let status = std::process::Command::new("zsh")
            .arg("-n")
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success(), "zsh -n");
    }
}

/// fish answers a completion query without a terminal (`complete -C`), so
/// the script is run for real: in a folder with a .hier, a .json and a
/// .txt file.
#[test]
fn fish_completes_files_codes_and_shells() {
    if !have("fish") {
        return;
    }
    let run = hierc(&["completions", "fish"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hierc.fish");
    std::fs::write(&script, &run.stdout).unwrap();
    for name in ["a.hier", "b.json", "c.txt"] {
        std::fs::write(dir.path().join(name), "").unwrap();
    }
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_hierc"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |line: &str| -> Vec<String> {
        let out = std::process::Command::new("fish")
            .arg("--no-config")
            .arg("-c")
            .arg(format!("source {}; complete -C '{line}'", script.display()))
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    };
    // The files a command takes come first (fish lists the others after).
    assert_eq!(
        complete("hierc build ").first().map(String::as_str),
        Some("a.hier")
    );
    assert_eq!(
        complete("hierc validate ").first().map(String::as_str),
        Some("b.json")
    );
    assert_eq!(complete("hierc explain W12"), ["W120", "W121"]);
    assert!(complete("hierc explain E01").contains(&"E012".to_string()));
    assert_eq!(
        complete("hierc completions "),
        ["bash", "elvish", "fish", "powershell", "zsh"]
    );
}

#[test]
fn every_page_has_exit_status_and_environment() {
    for args in [&["man"][..], &["man", "check"], &["man", "schema", "pull"]] {
        let run = hierc(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("\n.SH \"EXIT STATUS\"\n"), "{args:?}");
        assert!(run.stdout.contains("\n.SH ENVIRONMENT\n"), "{args:?}");
        // Before VERSION, after the options.
        let exit = run.stdout.find(".SH \"EXIT STATUS\"").unwrap();
        assert!(run.stdout.find(".SH OPTIONS").unwrap() < exit);
        if let Some(version) = run.stdout.find(".SH VERSION") {
            assert!(exit < version);
        }
        assert_eq!(
            run.stdout.matches(".ie \\n(.g .ds Aq").count(),
            1,
            "one preamble"
        );
    }
    let run = hierc(&["man", "schema", "pull"]);
    assert!(
        run.stdout.contains(".TH hierc-schema-pull 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("HIERC_SF_CLIENT_SECRET"));
    let run = hierc(&["man", "schema", "pul"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `pull`?"),
        "{}",
        run.stderr
    );
}

/// Every environment variable the code reads is in the man page's
/// ENVIRONMENT section: found by reading the source for clap's `env = "X"`,
/// `std::env::var("X")`/`var_os("X")` and the colour rule's `var("X")` and
/// `non_empty("X")`.
#[test]
fn the_man_page_names_every_environment_variable_read() {
    let page = hierc(&["man"]).stdout;
    let section = &page[page.find(".SH ENVIRONMENT").unwrap()..];
    let section = &section[..section[4..].find(".SH").map_or(section.len(), |i| i + 4)];
    let mut names = std::collections::BTreeSet::new();
    let mut stack = vec![common::root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["env = \"", "var(\"", "var_os(\"", "non_empty(\""] {
                for (at, _) in text.match_indices(marker) {
                    let rest = &text[at + marker.len()..];
                    let name = &rest[..rest.find('"').unwrap()];
                    if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !name.is_empty()
                    {
                        names.insert(name.to_string());
                    }
                }
            }
        }
    }
    for must in [
        "HIERC_SCHEMAS",
        "HIERC_SF_TOKEN",
        "HIERC_SF_CLIENT_SECRET",
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "TERM",
        "COLUMNS",
    ] {
        assert!(
            names.contains(must),
            "the source reads {must}: the search is broken"
        );
    }
    for name in &names {
        assert!(section.contains(name.as_str()), "ENVIRONMENT lacks {name}");
    }
}

/// `--color never` wins over the environment, for `--help` too;
/// CLICOLOR_FORCE and FORCE_COLOR colour output that is not a terminal,
/// and NO_COLOR wins over them.
#[test]
fn colour_follows_the_flag_then_the_conventions() {
    let root = common::root();
    let esc = |run: &common::Run| run.stdout.contains('\u{1b}') || run.stderr.contains('\u{1b}');
    let run = |args: &[&str], env: &[(&str, &str)]| common::hierc_env(&root, args, env);
    assert!(!esc(&run(&["--help"], &[])), "a pipe is not coloured");
    assert!(esc(&run(&["--help"], &[("CLICOLOR_FORCE", "1")])));
    assert!(esc(&run(&["check", "--help"], &[("FORCE_COLOR", "1")])));
    assert!(!esc(&run(
        &["--color", "never", "--help"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!esc(&run(
        &["check", "--help", "--color=never"],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(esc(&run(&["--color", "always", "--help"], &[])));
    assert!(!esc(&run(
        &["--help"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    // Usage errors and diagnostics alike.
    assert!(esc(&run(&["--bogus"], &[("CLICOLOR_FORCE", "1")])));
    assert!(!esc(&run(
        &["--color", "never", "--bogus"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    let bad = ["check", "tests/fixtures/err/E012_unknown_field.hier"];
    assert!(esc(&run(&bad, &[("FORCE_COLOR", "1")])));
    assert!(!esc(&run(&bad, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")])));
}
