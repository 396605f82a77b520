#!/usr/bin/env bash
# The VS Code extension's checks, as .ci/run runs them:
#   1. npm ci from the committed package-lock.json;
#   2. the Node tests (node --test): the grammar on every example, fixture and
#      docs block, the client's glue, the manifest, and the real `hierc lsp`
#      started as the extension starts it (HIERC_BIN, else target/debug/hierc;
#      HIERC_REQUIRE_LSP=1 makes a hierc without `lsp` a failure);
#   3. the grammar's scope assertions (vscode-tmgrammar-test, test/grammar/);
#   4. the token snapshots of examples/*.hier (vscode-tmgrammar-snap, kept in
#      test/snapshots/); `--update-snapshots` rewrites them, for review;
#   5. the .vsix, built with @vscode/vsce, and its contents checked.
#
# Skips, saying so, when Node.js (20 or later) or npm is missing or npm ci
# cannot install; HIERC_REQUIRE_NODE=1 (set by .ci/run) makes that a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
update=0
[ "${1:-}" = "--update-snapshots" ] && update=1

skip() {
    if [ "${HIERC_REQUIRE_NODE:-}" = 1 ]; then
        echo "vscode: FAILED (HIERC_REQUIRE_NODE=1): $*" >&2
        exit 1
    fi
    echo "vscode: SKIPPED: $*"
    exit 0
}

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "Node.js $(node --version) is older than 20"

cd "$here"
npm ci --no-audit --no-fund --loglevel=error >/dev/null || skip "npm ci could not install the packages"

# The hierc whose `lsp` the handshake test starts.
if [ -z "${HIERC_BIN:-}" ] && command -v cargo >/dev/null 2>&1; then
    cargo build --locked -q --manifest-path "$root/Cargo.toml"
    target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
        node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
    export HIERC_BIN="$target_dir/debug/hierc"
fi

echo "vscode: node tests"
node --test test/*.test.js

echo "vscode: grammar scope tests"
npx --no-install vscode-tmgrammar-test --compact "test/grammar/*.hiertest"

echo "vscode: grammar snapshots of examples/*.hier"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/snap"
missing=()
for example in "$root"/examples/*.hier; do
    name="$(basename "$example")"
    cp "$example" "$work/snap/$name"
    if [ -f "test/snapshots/$name.snap" ]; then
        cp "test/snapshots/$name.snap" "$work/snap/"
    else
        missing+=("$name")
    fi
done
for snap in test/snapshots/*.snap; do
    [ -e "$snap" ] || continue
    name="$(basename "$snap" .snap)"
    if [ ! -f "$root/examples/$name" ]; then
        if [ "$update" = 1 ]; then rm "$snap"; else
            echo "vscode: $snap has no example examples/$name: remove it (--update-snapshots)" >&2
            exit 1
        fi
    fi
done
if [ "$update" = 1 ]; then
    npx --no-install vscode-tmgrammar-snap --updateSnapshot "$work/snap/*.hier" >/dev/null
    cp "$work"/snap/*.snap test/snapshots/
    echo "vscode: snapshots written to editors/vscode/test/snapshots/: review them with git diff"
else
    if [ ${#missing[@]} -gt 0 ]; then
        echo "vscode: no snapshot for ${missing[*]}: run bash editors/vscode/scripts/ci.sh --update-snapshots and review" >&2
        exit 1
    fi
    npx --no-install vscode-tmgrammar-snap "$work/snap/*.hier"
fi

echo "vscode: package the .vsix"
version="$(node -p 'require("./package.json").version')"
vsix="$work/hier-$version.vsix"
npx --no-install vsce package --skip-license --allow-missing-repository -o "$vsix" >/dev/null
python3 - "$vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/language-configuration.json",
        "extension/syntaxes/hier.tmLanguage.json", "extension/src/extension.js",
        "extension/src/server.js", "extension/node_modules/vscode-languageclient/package.json"]
lacking = [n for n in need if n not in names]
extra = sorted(n for n in names if n.startswith(("extension/test/", "extension/scripts/",
        "extension/node_modules/@vscode/", "extension/node_modules/vscode-tmgrammar-test/")))
if lacking or extra:
    sys.exit(f"vscode: the .vsix lacks {lacking} or holds {extra[:5]}")
print(f"vscode: {sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} files")
PY
if [ -n "${HIERC_VSIX_OUT:-}" ]; then
    cp "$vsix" "$HIERC_VSIX_OUT"
    echo "vscode: copied to $HIERC_VSIX_OUT"
fi
