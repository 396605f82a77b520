//! `hierc init` on a real terminal: the binary runs in a tmux pane, the
//! test types as a user would (filtering menus, toggling with space,
//! Ctrl-C) and reads the screen back with `capture-pane`.
//!
//! Every tmux command goes to a private server (`-S <tempdir>/tmux.sock`,
//! no configuration file), which is killed when the test ends, also when it
//! fails. Without tmux the tests pass with a note, unless
//! `HIERC_REQUIRE_TMUX=1` (set by CI) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one expected screen may take to appear.
const WAIT: Duration = Duration::from_secs(20);
/// How often the screen is read while waiting.
const POLL: Duration = Duration::from_millis(50);

fn hierc() -> &'static str {
    env!("CARGO_BIN_EXE_hierc")
}

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/schemas")
}

/// Whether tmux can be used; a failure when CI requires it.
fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let required = std::env::var_os("HIERC_REQUIRE_TMUX").is_some_and(|v| v == "1");
    assert!(
        !required,
        "tmux is not installed (or `tmux -V` fails), and HIERC_REQUIRE_TMUX=1 requires it"
    );
    eprintln!("note: tmux is not installed: the terminal tests of `hierc init` are skipped");
    false
}

/// A tmux server of its own with one session, running `hierc init` in
/// `work`; dropping it kills the server.
struct Pane {
    socket: PathBuf,
    name: String,
}

impl Pane {
    /// Starts `hierc --schemas <examples/schemas> init` in `work`, in a
    /// 120×40 pane, followed by `echo EXIT=<status>` and a pause that keeps
    /// the pane (and the status) on the screen.
    fn start(root: &Path, work: &Path, tag: &str) -> Pane {
        let pane = Pane {
            socket: root.join("tmux.sock"),
            name: format!("hierc-init-{}-{tag}", std::process::id()),
        };
        // The command is given as arguments, so tmux runs it without the
        // user's shell; `sh` runs the script.
        let script = "export TERM=xterm-256color; unset NO_COLOR HIERC_SCHEMAS COLUMNS LINES; \
                      \"$1\" --schemas \"$2\" init; echo \"EXIT=$?\"; exec sleep 30";
        let out = pane
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                &pane.name,
                "-x",
                "120",
                "-y",
                "40",
                "-c",
            ])
            .arg(work)
            .args(["/bin/sh", "-c", script, "sh", hierc()])
            .arg(schemas())
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        pane
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        // `-u`: UTF-8 (the menus draw arrows) whatever the locale.
        cmd.arg("-u")
            .arg("-f")
            .arg("/dev/null")
            .arg("-S")
            .arg(&self.socket)
            .env_remove("TMUX")
            .stdin(Stdio::null());
        cmd
    }

    /// The screen as text, wrapped lines joined, trailing blanks dropped.
    fn screen(&self) -> String {
        self.capture(&[])
    }

    fn capture(&self, extra: &[&str]) -> String {
        match self
            .tmux()
            .args(["capture-pane", "-p", "-J", "-t", &self.name])
            .args(extra)
            .output()
        {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim_end()
                .to_string(),
            Ok(out) => format!(
                "(capture-pane failed: {})",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => format!("(capture-pane failed: {e})"),
        }
    }

    /// Reads the screen until `done` holds; panics with the screen (and the
    /// scrollback) after `WAIT`, or as soon as `hierc` has exited when that
    /// is not what is awaited.
    fn wait(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            let exited = exit_status(&screen).is_some();
            if exited || start.elapsed() > WAIT {
                let why = if exited {
                    "hierc exited".to_string()
                } else {
                    format!("timed out after {WAIT:?}")
                };
                let full = self.capture(&["-S", "-"]);
                panic!("{why} while waiting for {what}; the pane, with its scrollback:\n{full}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the options of the menu being shown (the lines between the
    /// question and the help) to be `rows`, as drawn: `> ` marks the
    /// highlighted one, `[x]` a selected one.
    fn menu_is(&self, rows: &[&str]) -> String {
        self.wait(&format!("the menu {rows:?}"), |s| menu(s) == rows)
    }

    /// Waits for `text` on the screen.
    fn shows(&self, text: &str) -> String {
        self.wait(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Waits for the question being asked (the last line with inquire's
    /// `? ` prefix; once answered, the prefix is `> `) to be `question`.
    /// Consecutive questions differ, so this also means the previous
    /// answer was taken.
    fn asks(&self, question: &str) -> String {
        let line = format!("? {question}");
        self.wait(&format!("the question `{question}`"), |s| {
            s.lines()
                .rev()
                .find(|l| l.starts_with("? "))
                .is_some_and(|l| l.starts_with(&line))
        })
    }

    /// Sends keys by tmux name: `Enter`, `Space`, `C-c`.
    fn key(&self, key: &str) {
        self.send(&[key]);
    }

    /// Types `text` as it is.
    fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    fn send(&self, args: &[&str]) {
        let out = self
            .tmux()
            .args(["send-keys", "-t", &self.name])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux send-keys {args:?} failed: {}\nthe screen:\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.screen()
        );
    }

    /// Waits for `hierc` to exit and returns its status and the screen.
    fn exited(&self) -> (i32, String) {
        let screen = self.wait("hierc to exit (`EXIT=`)", |s| exit_status(s).is_some());
        let code = exit_status(&screen).unwrap();
        (code, screen)
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self
            .tmux()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The options shown under the question being asked.
fn menu(screen: &str) -> Vec<&str> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(start) = lines.iter().rposition(|l| l.starts_with("? ")) else {
        return Vec::new();
    };
    lines[start + 1..]
        .iter()
        .copied()
        .take_while(|l| !l.starts_with('['))
        .collect()
}

/// The status the pane's `echo EXIT=$?` printed.
fn exit_status(screen: &str) -> Option<i32> {
    screen
        .lines()
        .find_map(|l| l.strip_prefix("EXIT="))
        .and_then(|code| code.trim().parse().ok())
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A scratch folder: `work/` is the pane's current folder, the tmux socket
/// is beside it.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let work = root.path().join("work");
    std::fs::create_dir(&work).unwrap();
    (root, work)
}

/// Chooses one option of a multi-select by filtering: types `filter`,
/// waits for `option` to be the only row left, toggles it with space (which
/// toggles, not types, while filtering), and accepts.
fn toggle(pane: &Pane, filter: &str, option: &str) {
    pane.type_text(filter);
    pane.menu_is(&[&format!("> [ ] {option}")]);
    pane.key("Space");
    pane.menu_is(&[&format!("> [x] {option}")]);
    pane.key("Enter");
}

#[test]
fn the_walkthrough_on_a_terminal_writes_a_file_that_compiles() {
    if !tmux_available() {
        return;
    }
    let (root, work) = scratch();
    let pane = Pane::start(root.path(), &work, "walk");

    // A: the aggregation, by filtering the menu.
    pane.asks("Which object is the aggregation?");
    pane.type_text("Case");
    pane.menu_is(&["> Case"]);
    pane.key("Enter");
    pane.shows("> Which object is the aggregation? Case");

    // B: the defaults, and `Subject` toggled on while filtering.
    let screen = pane.asks("Which fields of `Case` become metadata?");
    assert!(
        screen.contains("[x] CaseNumber  Case Number (string)"),
        "the title candidate is preselected:\n{screen}"
    );
    toggle(&pane, "Subject", "Subject (string)");

    // C: the default core mappings.
    let screen = pane.asks("Keep these core mappings? (Y/n)");
    assert!(
        screen
            .lines()
            .any(|l| l.trim_start().starts_with("Title ") && l.ends_with("← CaseNumber")),
        "the defaults are shown:\n{screen}"
    );
    pane.key("Enter");

    // D: the self-record.
    pane.asks("Submit each `Case` as a record of itself? (Y/n)");
    pane.type_text("y");
    pane.key("Enter");

    // E: one reference, with the default field of its target.
    pane.asks("Which lookups of `Case` are references?");
    toggle(&pane, "ContactId", "ContactId → Contact");
    pane.asks("Which fields of `Contact` (through `ContactId`)?");
    pane.shows("[x] Name  Full Name (string)");
    pane.key("Enter");

    // F: one record, with its defaults.
    pane.asks("Which related objects of `Case` become records?");
    toggle(&pane, "Attachment", "Attachment via ParentId (Attachments)");
    pane.asks("Which fields of `Attachment` become metadata?");
    pane.key("Enter");
    pane.asks("Keep these core mappings? (Y/n)");
    pane.key("Enter");
    pane.asks("Which lookups of `Attachment` are references?");
    pane.key("Enter");
    pane.asks("Which binaries of `Attachment`?");
    pane.shows("[x] Body  file content (base64)");
    pane.key("Enter");

    // The summary, and the confirmation.
    let screen = pane.asks("Write `case.hier`? (Y/n)");
    assert!(
        screen.contains("    Case > Attachment <binary Body>"),
        "the summary shows the file:\n{screen}"
    );
    pane.type_text("y");
    pane.key("Enter");

    let (code, screen) = pane.exited();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("wrote `case.hier`"), "{screen}");
    assert_eq!(names(&work), ["case.hier"], "nothing else is left behind");

    let text = std::fs::read_to_string(work.join("case.hier")).unwrap();
    for expected in [
        "aggregation Case <self>",
        "fields Subject",
        "ref ContactId",
        "Case > Attachment <binary Body>",
    ] {
        assert!(text.contains(expected), "`{expected}` in:\n{text}");
    }
    let check = Command::new(hierc())
        .arg("--schemas")
        .arg(schemas())
        .args(["check", "case.hier"])
        .current_dir(&work)
        .env_remove("HIERC_SCHEMAS")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("hierc runs");
    assert!(
        check.status.success(),
        "`hierc check case.hier` failed ({}):\n{}\n--- the file ---\n{text}",
        check.status,
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn ctrl_c_on_a_terminal_cancels_and_writes_nothing() {
    if !tmux_available() {
        return;
    }
    let (root, work) = scratch();
    let pane = Pane::start(root.path(), &work, "cancel");

    pane.asks("Which object is the aggregation?");
    pane.type_text("Case");
    pane.menu_is(&["> Case"]);
    pane.key("Enter");
    pane.asks("Which fields of `Case` become metadata?");
    pane.key("C-c");

    let (code, screen) = pane.exited();
    assert!(screen.contains("cancelled: nothing written"), "{screen}");
    assert_eq!(code, 2, "{screen}");
    assert_eq!(names(&work), Vec::<String>::new(), "nothing is written");
}
