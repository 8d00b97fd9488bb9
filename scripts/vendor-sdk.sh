#!/usr/bin/env bash
# Vendors the TypeScript SDK's browser build into the gateway, so pages load it with <script type="module"> from
# /vendor/buildpeer-uploads-client/ and running the service needs no npm or build step:
#   scripts/vendor-sdk.sh
# Installs and compiles clients/typescript, then writes its ES modules (without the Node-only ones, declarations
# and source maps) over src/Gateway/wwwroot/vendor/buildpeer-uploads-client. Run it after changing the SDK and commit
# the result: the SDK's unit tests fail while the copy is stale.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SDK="$ROOT/clients/typescript"
TARGET="$ROOT/src/Gateway/wwwroot/vendor/buildpeer-uploads-client"

cd "$SDK"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
node scripts/browser-build.mjs "$TARGET"
