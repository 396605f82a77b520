#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit
# tool (from PyPI) in a scratch git repository: a clean repository passes,
# a finding fails hierc-check, an unformatted file is rewritten by hierc-fmt
# and fails it once, a stale output fails hierc-build-check.
#
# The hooks run as `language: system` with the hierc just built on PATH: the
# shipped `language: rust` would make pre-commit compile hierc again with
# `cargo install`, which is slow and needs the crates. The manifest itself is
# checked with `pre-commit validate-manifest`.
#
# Needs pre-commit on PATH, or pip to install it; skips with a message when
# neither works (no network).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v pre-commit >/dev/null 2>&1; then
    echo "precommit: installing pre-commit from PyPI"
    if ! python3 -m pip install --quiet --disable-pip-version-check pre-commit >/dev/null 2>&1; then
        echo "precommit: SKIPPED: pre-commit is not installed and pip cannot install it"
        exit 0
    fi
    export PATH="$(python3 -m site --user-base)/bin:$PATH"
    command -v pre-commit >/dev/null 2>&1 || PATH="$(dirname "$(python3 -c 'import sys; print(sys.executable)')"):$PATH"
fi

cargo build --locked -q --manifest-path "$root/Cargo.toml"
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
export PATH="$target_dir/debug:$PATH"
export PRE_COMMIT_HOME="$(mktemp -d)"
unset HIERC_SCHEMAS

pre-commit validate-manifest "$root/.pre-commit-hooks.yaml"

repo="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$repo" "$PRE_COMMIT_HOME" "$log"' EXIT
cd "$repo"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cp -r "$root/examples/schemas" schemas
touch hierc.toml
{
    echo "repos:"
    echo "  - repo: local"
    echo "    hooks:"
    sed -e 's/^/      /' -e 's/language: rust/language: system/' "$root/.pre-commit-hooks.yaml"
} >.pre-commit-config.yaml
printf 'Case > EmailMessage <binary>\n' >good.hier
hierc build good.hier
git add -A

passed=0
failed=0
expect() { # expect STATUS DESCRIPTION: run every hook on every file
    local want=$1 what=$2 got=0
    pre-commit run --all-files >"$log" 2>&1 || got=$?
    if { [ "$want" = pass ] && [ "$got" = 0 ]; } || { [ "$want" = fail ] && [ "$got" != 0 ]; }; then
        passed=$((passed + 1))
        echo "precommit: ok: $what"
    else
        failed=$((failed + 1))
        echo "precommit: FAILED: $what (expected $want, exit $got)"
        cat "$log"
    fi
}

expect pass "a clean repository passes every hook"

printf 'aggregation Case {\n    fields Subjet\n}\n' >bad.hier
git add bad.hier
expect fail "a misspelt field fails hierc-check"
grep -q "E012" "$log" || { failed=$((failed + 1)); echo "precommit: FAILED: the log names E012"; }
git rm -q --cached bad.hier && rm bad.hier

printf 'Case   >   EmailMessage   <binary>\n' >good.hier
git add good.hier
expect fail "hierc-fmt rewrites an unformatted file and fails"
git add good.hier
expect pass "the rewritten file passes"

printf 'Case > Attachment <binary Body>\n' >good.hier
git add good.hier
expect fail "a stale connector_config.json fails hierc-build-check"
hierc build good.hier
git add -A
expect pass "the rebuilt output passes"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
