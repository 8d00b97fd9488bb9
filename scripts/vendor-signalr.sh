#!/usr/bin/env bash
# Vendors the SignalR JavaScript client into the uploader page, so running the service needs no npm or build step:
#   scripts/vendor-signalr.sh [version]
# Takes dist/browser/signalr.min.js from the npm package @microsoft/signalr, puts its licence above it and drops the
# source-map comment (the map is not shipped). Run it again to move to another version; commit the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${1:-10.0.11}"
TARGET="$ROOT/src/Gateway/wwwroot/vendor/signalr.min.js"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "@microsoft/signalr@$VERSION" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$(dirname "$TARGET")"
{
  echo "/*! @microsoft/signalr $VERSION (dist/browser/signalr.min.js), vendored by scripts/vendor-signalr.sh."
  echo " * Licensed to the .NET Foundation under one or more agreements."
  echo " * The .NET Foundation licenses this file to you under the MIT license. */"
  grep -v '^//# sourceMappingURL=' "$WORK/package/dist/browser/signalr.min.js"
} >"$TARGET"
echo "wrote $TARGET"
