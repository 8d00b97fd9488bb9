#!/usr/bin/env bash
# Regenerates docs/api/openapi.json, the committed API contract, from the gateway (no stack needed), for review:
#   scripts/openapi.sh && git diff docs/api/openapi.json
# The unit test OpenApiContractTests fails whenever the gateway's document and this file differ.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$ROOT/tests/UnitTests/UnitTests.csproj" -c Release -nologo -v quiet
BUILDPEER_UPDATE_OPENAPI=1 dotnet test "$ROOT/tests/UnitTests/UnitTests.csproj" -c Release --no-build -nologo \
  --filter "FullyQualifiedName~BuildPeer.UnitTests.ApiReference.OpenApiContractTests"
echo "[openapi] wrote docs/api/openapi.json"
