#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed inputs of each fuzz target, made
# from the repository's fixtures at run time (nothing is committed):
#   compile, fmt, import, lsp: every .hier file of the examples and
#                         fixtures, and the regression inputs in
#                         tests/fixtures/fuzz/ (for lsp, its .lsp files too);
#   validate:             the config fixtures, the built examples, and the
#                         regression configs.
# Inputs already in a corpus stay. Usage: bash fuzz/seed.sh [HIERC]
# (HIERC: a hierc binary for building the examples; default `cargo run`).
set -euo pipefail
cd "$(dirname "$0")/.."

hierc=("${1:-}")
[ -n "${1:-}" ] || hierc=(cargo run --locked -q --)

for target in compile fmt import lsp; do
  mkdir -p "fuzz/corpus/$target"
  for f in examples/*.hier tests/fixtures/ok/*.hier tests/fixtures/err/*.hier \
           tests/syntax/*.hier tests/fixtures/fuzz/*.hier; do
    [ -e "$f" ] && cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr / _)"
  done
done

for f in tests/fixtures/fuzz/*.lsp; do
  [ -e "$f" ] && cp "$f" "fuzz/corpus/lsp/$(echo "$f" | tr / _)"
done

mkdir -p fuzz/corpus/validate
for f in tests/fixtures/configs/ok/*.json tests/fixtures/configs/err/*.json tests/fixtures/fuzz/*.json; do
  [ -e "$f" ] && cp "$f" "fuzz/corpus/validate/$(echo "$f" | tr / _)"
done
for f in examples/*.hier; do
  "${hierc[@]}" build "$f" -o "fuzz/corpus/validate/$(basename "$f" .hier).json" 2>/dev/null
done
for target in compile fmt import validate lsp; do
  echo "fuzz/corpus/$target: $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
