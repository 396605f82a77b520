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
