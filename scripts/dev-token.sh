#!/usr/bin/env bash
# Prints a development JWT signed with the gateway's development key:
#   scripts/dev-token.sh --user alice --tenant acme [--tenant other] [--role uploader] [--hours 8]
# Roles: uploader (default); admin = tenant admin of every --tenant given (claims acme:admin, other:admin);
# acme:admin = tenant admin of acme only; operator = the service's operators (platform-wide).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --project "$ROOT/src/Gateway/Gateway.csproj" -c Release -v quiet -- dev-token "$@"
