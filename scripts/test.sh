#!/usr/bin/env bash
# Brings up the local stack (installing what is missing) and runs every test: the README's test command, and
# what CI runs through .ci/run. Prints "N passed, N failed" at the end and exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="$ROOT/artifacts/test-results"

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"

echo "[test] building (warnings are errors)"
dotnet build BuildPeer.Orleans.sln -c Release -nologo -v quiet

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
status=0
dotnet test BuildPeer.Orleans.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" 2>&1 \
  | tee "$RESULTS/console.log" || status=$?

# dotnet test prints no closing line CI recognises: total the TRX counters into one.
passed=0 failed=0 skipped=0
for trx in "$RESULTS"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed)))
  skipped=$((skipped + $(value notExecuted)))
done

# The console log of a big run scrolls the failures out of sight, and CI keeps only its end: name them again
# where the run ends, each with the start of its message.
if [[ $failed -ne 0 ]]; then
  echo "[test] failed:"
  awk '/^  Failed / { print; lines = 0; frames = 0; message = 0; stack = 0; next }
       /^  Error Message:/ { message = 1; next }
       /^  Stack Trace:/ { message = 0; stack = 1; next }
       /^  Standard Output Messages:/ { message = 0; stack = 0; next }
       message && lines < 3 { print "    " substr($0, 1, 300); lines++ }
       stack && frames < 2 { print "    " substr($0, 1, 300); frames++ }' "$RESULTS/console.log"
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
