//! A fake Salesforce CLI: a POSIX sh script named `sf` that answers
//! `org auth show-access-token` and `org display` for one alias, as the
//! real CLI does with `--json`, and logs its arguments to `sf-calls.log`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::org::ORG_ID;

/// The username of the fake CLI's org.
pub const USERNAME: &str = "integration@example.com";
/// What current CLIs (plugin-org 5.11+) print in place of the token.
pub const REDACTED: &str = "[REDACTED] Use 'sf org auth show-access-token' to view";
/// The log of invocations, one line each, in the install folder.
pub const LOG: &str = "sf-calls.log";

/// Which CLI the fake plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SfMode {
    /// A current CLI: `org auth show-access-token` gives the token and
    /// `org display` redacts it (unless `SF_TEMP_SHOW_SECRETS=true`).
    Normal,
    /// An old CLI: no `org auth show-access-token`; `org display` shows the
    /// token, with the CLI's security warning.
    OldCli,
    /// No `org auth show-access-token`, and `org display` redacts the token.
    Redacted,
    /// Every command fails with NoAuthorizationFound.
    Error,
}

/// Writes an executable `sf` into `dir` and returns `dir`, to be put first
/// on `PATH`.
pub fn install(dir: &Path, alias: &str, instance_url: &str, token: &str, mode: SfMode) -> PathBuf {
    let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).expect("JSON");
    let token_json = pretty(json!({
        "status": 0,
        "result": {
            "accessToken": token,
            "instanceUrl": instance_url,
            "username": USERNAME,
            "alias": alias,
        },
        "warnings": [],
    }));
    let display = |access_token: &str, warnings: Vec<&str>| {
        pretty(json!({
            "status": 0,
            "result": {
                "id": ORG_ID,
                "apiVersion": "62.0",
                "accessToken": access_token,
                "instanceUrl": instance_url,
                "username": USERNAME,
                "clientId": "PlatformCLI",
                "connectedStatus": "Connected",
                "alias": alias,
            },
            "warnings": warnings,
        }))
    };
    let display_clear = display(
        token,
        vec![
            "This command will expose sensitive information that allows for subsequent activity \
             using your current authenticated session. Sharing this information is equivalent to \
             logging someone in under the current credential, resulting in unintended access and \
             escalation of privilege. For additional information, please review the authorization \
             section of the https://developer.salesforce.com/docs/atlas.en-us.sfdx_setup.meta/\
             sfdx_setup/sfdx_setup_auth_web_flow.htm.",
        ],
    );
    let display_redacted = display(REDACTED, vec![]);
    let (mode_name, display_default) = match mode {
        SfMode::Normal => ("normal", &display_redacted),
        SfMode::OldCli => ("old", &display_clear),
        SfMode::Redacted => ("redacted", &display_redacted),
        SfMode::Error => ("error", &display_redacted),
    };
    let log = dir.join(LOG);
    let script = format!(
        r#"#!/bin/sh
# A fake `sf` for hierc's tests (tests/common/fake_sf.rs).
[ -n "$HIERC_FAKE_SF_PROBE" ] && exit 0
printf '%s\n' "$*" >> {log}
mode={mode}
cmd=
target=
json=0
while [ $# -gt 0 ]; do
  case "$1" in
    --target-org|-o|--targetusername|-u)
      if [ $# -ge 2 ]; then target=$2; shift; fi ;;
    --target-org=*) target=${{1#--target-org=}} ;;
    --json) json=1 ;;
    --version) echo '@salesforce/cli/2.99.0 fake'; exit 0 ;;
    -*) ;;
    *) cmd="$cmd${{cmd:+ }}$1" ;;
  esac
  shift
done

json_escape() {{ printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }}

fail() {{ # NAME MESSAGE
  if [ $json = 1 ]; then
    printf '{{\n  "status": 1,\n  "name": "%s",\n  "message": "%s",\n  "exitCode": 1\n}}\n' "$1" "$(json_escape "$2")"
  else
    printf 'Error (%s): %s\n' "$1" "$2" >&2
  fi
  exit 1
}}

not_a_command() {{
  fail Error "$cmd is not a sf command."
}}

check_target() {{
  if [ -z "$target" ]; then
    fail NoDefaultEnvError "No default environment found. Use -o or --target-org to specify an environment."
  fi
  if [ "$target" != {alias} ]; then
    fail NoAuthorizationFound "No authorization information found for $target."
  fi
}}

show() {{ # JSON TOKEN
  if [ $json = 1 ]; then
    printf '%s\n' "$1"
  else
    printf 'Access Token  %s\nInstance Url  %s\nUsername      %s\n' "$2" {url} {username}
  fi
  exit 0
}}

if [ $mode = error ]; then
  fail NoAuthorizationFound "No authorization information found for $target."
fi
case "$cmd" in
  "org auth show-access-token")
    [ $mode = normal ] || not_a_command
    check_target
    show {token_json} {token} ;;
  "org display"|"force org display"|"force:org:display")
    check_target
    if [ $mode = normal ] && [ "$SF_TEMP_SHOW_SECRETS" = true ]; then
      show {display_shown} {token}
    elif [ $mode = old ]; then
      show {display_default} {token}
    else
      show {display_default} {redacted}
    fi ;;
  *) not_a_command ;;
esac
"#,
        log = sq(&log.to_string_lossy()),
        mode = mode_name,
        alias = sq(alias),
        url = sq(instance_url),
        username = sq(USERNAME),
        token = sq(token),
        redacted = sq(REDACTED),
        token_json = sq(&token_json),
        display_shown = sq(&display(token, vec![])),
        display_default = sq(display_default),
    );
    let path = dir.join("sf");
    std::fs::write(&path, script).expect("write the fake sf");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("make the fake sf executable");
        settle(&path);
    }
    dir.to_path_buf()
}

/// Waits until the script can be run. While it was open for writing,
/// another test thread may have forked a child that still holds that file
/// descriptor until it execs; running the script meanwhile fails with
/// ETXTBSY ("text file busy"). Once one run succeeds, no writer is left.
#[cfg(unix)]
fn settle(path: &Path) {
    for _ in 0..200 {
        match std::process::Command::new(path)
            .env("HIERC_FAKE_SF_PROBE", "1")
            .status()
        {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            Ok(_) => return,
            Err(e) => panic!("the fake sf cannot run: {e}"),
        }
    }
    panic!("the fake sf stayed busy (ETXTBSY)");
}

/// The arguments of each call so far, one string per call.
pub fn calls(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(LOG))
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// `s` as one single-quoted sh word.
fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
