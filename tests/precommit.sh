#!/usr/bin/env bash
# hierc without a Rust toolchain: the Python wheel, and the pre-commit hooks
# of .pre-commit-hooks.yaml run from it by the real pre-commit (from PyPI).
#
# 1. maturin builds the wheel (pyproject.toml, `bindings = "bin"`) with the
#    dev profile, reusing what `cargo test` built;
# 2. the wheel is installed into a fresh virtual environment, without an
#    index, and `hierc check` runs there on the examples with no cargo on
#    PATH;
# 3. in a scratch git repository, the hooks run as `language: python`, as
#    shipped, with the wheel as their dependency: pre-commit makes its own
#    environment and installs the wheel into it. A clean repository passes,
#    a finding fails hierc-check, an unformatted file is rewritten by
#    hierc-fmt and fails it once, a stale output fails hierc-build-check;
#    an untracked scratch file is not checked; a commit of a hand-edited
#    config alone, or of hierc.toml alone, runs hierc-build-check and fails.
# 4. The `rev:` of docs/ci.md is a revision of this repository (when it is
#    a full git checkout).
#    The manifest is checked with `pre-commit validate-manifest`.
#
# Needs maturin and pre-commit on PATH, or pip to install them; skips with a
# message when neither works (no network), unless HIERC_REQUIRE_WHEEL=1
# (set by CI), which makes that a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

skip() {
    if [ "${HIERC_REQUIRE_WHEEL:-}" = 1 ]; then
        echo "precommit: FAILED: $1, and HIERC_REQUIRE_WHEEL=1 requires it"
        exit 1
    fi
    echo "precommit: SKIPPED: $1"
    exit 0
}

tools="$(mktemp -d)"
wheels="$(mktemp -d)"
venv="$(mktemp -d)"
export PRE_COMMIT_HOME="$(mktemp -d)"
repo="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$tools" "$wheels" "$venv" "$PRE_COMMIT_HOME" "$repo" "$log"' EXIT

if ! command -v maturin >/dev/null 2>&1 || ! command -v pre-commit >/dev/null 2>&1; then
    echo "precommit: installing maturin and pre-commit from PyPI"
    python3 -m venv "$tools" || skip "python3 cannot make a virtual environment"
    "$tools/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.16,<2' pre-commit >/dev/null 2>&1 ||
        skip "maturin or pre-commit is not installed and pip cannot install them"
    export PATH="$tools/bin:$PATH"
fi

echo "precommit: building the wheel (maturin, dev profile)"
(cd "$root" && maturin build --locked --quiet --out "$wheels" >/dev/null)
wheel="$(ls "$wheels"/hierc-*.whl)"
echo "precommit: built $(basename "$wheel")"

# The wheel alone, in a fresh environment, with no cargo on PATH.
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
nocargo="$venv/bin:/usr/bin:/bin"
test "$(PATH="$nocargo" command -v hierc)" = "$venv/bin/hierc"
if PATH="$nocargo" command -v cargo >/dev/null 2>&1; then
    echo "precommit: FAILED: cargo is on the PATH meant to have none"
    exit 1
fi
(cd "$root" && env -u HIERC_SCHEMAS PATH="$nocargo" hierc check examples)
echo "precommit: ok: the wheel's hierc checks the examples without cargo"

unset HIERC_SCHEMAS
pre-commit validate-manifest "$root/.pre-commit-hooks.yaml"

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
    # Each hook as shipped, with the wheel as what pre-commit installs.
    sed -e 's/^/      /' -e "s|^      \(  language: python\)$|&\n        additional_dependencies: ['$wheel']|" "$root/.pre-commit-hooks.yaml"
} >.pre-commit-config.yaml
grep -q "additional_dependencies: \['$wheel'\]" .pre-commit-config.yaml
printf 'Case > EmailMessage <binary>\n' >good.hier
"$venv/bin/hierc" build good.hier
git add -A

passed=0
failed=0
expect() { # expect STATUS DESCRIPTION [staged]: run every hook on every file, or on the staged ones
    local want=$1 what=$2 got=0
    if [ "${3:-}" = staged ]; then
        pre-commit run >"$log" 2>&1 || got=$?
    else
        pre-commit run --all-files >"$log" 2>&1 || got=$?
    fi
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
"$venv/bin/hierc" build good.hier
git add -A
expect pass "the rebuilt output passes"

# An untracked scratch file with an error blocks no commit: the
# whole-repository hooks check what git tracks.
printf 'aggregation Case {\n    fields Subjet\n}\n' >scratch.hier
expect pass "an untracked scratch file is not checked"
grep -q "scratch" "$log" && { failed=$((failed + 1)); echo "precommit: FAILED: the log names scratch.hier"; }
rm scratch.hier

# A commit that changes only the generated config (by hand), or only
# hierc.toml, runs hierc-build-check too (on the staged files alone).
printf ' ' >>good.connector_config.json
git add good.connector_config.json
expect fail "a hand-edited connector_config.json fails hierc-build-check" staged
grep -q "hierc build --check.*Failed" "$log" || { failed=$((failed + 1)); echo "precommit: FAILED: hierc-build-check is what failed"; cat "$log"; }
git checkout -q HEAD -- good.connector_config.json 2>/dev/null || "$venv/bin/hierc" build good.hier
git add -A
printf '[output]\nsuffix = ".json"\n' >hierc.toml
git add hierc.toml
expect fail "a hierc.toml that moves the outputs fails hierc-build-check" staged
printf '' >hierc.toml
git add hierc.toml

# The revision docs/ci.md names is one of this repository.
rev="$(sed -n 's/^ *rev: \([^ ]*\).*/\1/p' "$root/docs/ci.md" | head -1)"
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    echo "precommit: skipped: $root is not a git checkout, so the rev of docs/ci.md ($rev) cannot be looked up"
elif [ "$(git -C "$root" rev-parse --is-shallow-repository)" = true ]; then
    echo "precommit: skipped: a shallow clone may lack the rev of docs/ci.md ($rev)"
elif git -C "$root" rev-parse -q --verify "$rev^{commit}" >/dev/null; then
    passed=$((passed + 1))
    echo "precommit: ok: docs/ci.md names rev $rev, a revision of this repository"
else
    failed=$((failed + 1))
    echo "precommit: FAILED: docs/ci.md names rev $rev, which this repository does not have"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
