//! `hierc lsp` under real clients: Neovim's built-in client (Debian's
//! `neovim`), and the pytest-lsp suite in `tests/editors/` (a Python
//! virtual environment that `.ci/run` creates). Without them the tests pass
//! with a note, unless `HIERC_REQUIRE_NVIM=1` or `HIERC_REQUIRE_PYTEST_LSP=1`
//! (set by CI) makes that a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Whether `program --version` runs; else a skip, or a failure when
/// `require` is set to 1.
fn available(program: &Path, require: &str, what: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return true;
    }
    let required = std::env::var_os(require).is_some_and(|v| v == "1");
    assert!(
        !required,
        "{what} is not installed, and {require}=1 requires it"
    );
    eprintln!("note: {what} is not installed: its test of `hierc lsp` is skipped");
    false
}

/// Runs `cmd` to its end, killing it after `limit`; whether it succeeded.
fn run_with_limit(cmd: &mut Command, limit: Duration) -> bool {
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn neovim_shows_the_typo_as_e012_and_applies_its_quick_fix() {
    if !available(Path::new("nvim"), "HIERC_REQUIRE_NVIM", "Neovim (`nvim`)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.hier");
    std::fs::write(&file, "aggregation Case {\n    fields Subjet\n}\n").unwrap();
    let out = dir.path().join("diagnostics.txt");
    let ok = run_with_limit(
        Command::new("nvim")
            .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
            .arg(format!(
                "luafile {}",
                common::root().join("tests/editors/nvim.lua").display()
            ))
            .current_dir(dir.path())
            .env("HIERC_BIN", env!("CARGO_BIN_EXE_hierc"))
            .env("HIERC_NVIM_FILE", &file)
            .env("HIERC_NVIM_OUT", &out)
            .env(
                "HIERC_NVIM_SCHEMAS",
                common::root().join("tests/fixtures/schemas"),
            )
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
        Duration::from_secs(60),
    );
    assert!(ok, "nvim failed");
    let got = std::fs::read_to_string(&out).expect("nvim wrote the diagnostics");
    assert_eq!(
        got.trim(),
        "1:11 E012 `Case` has no field `Subjet`\n\
         quick fix: replace `Subjet` with `Subject`\n    fields Subject\n\
         left: 0"
    );
}

/// The pytest-lsp suite (`tests/editors/test_lsp.py`), run by the Python of
/// the virtual environment in `$HIERC_PYTEST_VENV` (default
/// `target/pytest-lsp-venv`, which `.ci/run` creates).
#[test]
fn pytest_lsp_suite() {
    let venv = std::env::var_os("HIERC_PYTEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("target/pytest-lsp-venv"));
    let python = venv.join("bin/python");
    let has_pytest_lsp = python.is_file()
        && Command::new(&python)
            .args(["-c", "import pytest_lsp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !has_pytest_lsp {
        let required = std::env::var_os("HIERC_REQUIRE_PYTEST_LSP").is_some_and(|v| v == "1");
        assert!(
            !required,
            "no virtual environment with pytest-lsp at {}, and HIERC_REQUIRE_PYTEST_LSP=1 requires it",
            venv.display()
        );
        eprintln!("note: pytest-lsp is not installed: the end-to-end client tests are skipped");
        return;
    }
    let ok = run_with_limit(
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .args(["-o", "asyncio_mode=auto"])
            .args(["-o", "asyncio_default_fixture_loop_scope=function"])
            .arg(common::root().join("tests/editors/test_lsp.py"))
            .current_dir(common::root())
            .env("HIERC_BIN", env!("CARGO_BIN_EXE_hierc"))
            .env("HIERC_ROOT", common::root()),
        Duration::from_secs(300),
    );
    assert!(ok, "the pytest-lsp suite failed (its output is above)");
}
