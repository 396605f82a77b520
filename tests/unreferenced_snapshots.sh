#!/usr/bin/env bash
# Fails when a snapshot in snapshots/ was not read by the test run whose
# references insta wrote to the file "$1" (INSTA_SNAPSHOT_REFERENCES_FILE):
# a leftover snapshot could keep a diagnostic code counted as exercised
# (tests/codes.rs) after the test that made it is gone. The equivalent of
# `cargo insta test --unreferenced=reject`, without cargo-insta.
set -euo pipefail
cd "$(dirname "$0")/.."
refs=${1:?usage: tests/unreferenced_snapshots.sh REFERENCES_FILE}
status=0
for snap in snapshots/*.snap; do
  if ! grep -q "/$(basename "$snap")\$" "$refs"; then
    echo "unreferenced snapshot: $snap (no test reads it; delete it)" >&2
    status=1
  fi
done
exit $status
