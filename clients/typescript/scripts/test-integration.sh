#!/usr/bin/env bash
# Installs (npm ci), builds (tsc) and runs the SDK's unit tests and the given integration test files against the
# gateway named in the environment (see test/integration/environment.mjs). Run by TypeScriptSdkTests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
node --test --test-concurrency=1 "$@"
