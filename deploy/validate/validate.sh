#!/usr/bin/env bash
# Renders each kustomize overlay of deploy/k8s and validates every object offline (no cluster needed):
#   deploy/validate/validate.sh                  all overlays; a line per overlay, exit 1 on any problem
#   deploy/validate/validate.sh --json OVERLAY   that overlay's objects as one JSON array (what tests/Deploy.Tests reads)
#   deploy/validate/validate.sh --compose FILE   a Compose file as JSON, anchors and merges resolved (no Docker needed)
# Needs kubectl (its built-in kustomize) and Node >= 20; installs the validators (package-lock.json) with npm ci.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S="$HERE/../k8s"
# shellcheck source=../npm-ci.sh
source "$HERE/../npm-ci.sh"

ensure_kubectl() {
  command -v kubectl >/dev/null 2>&1 && return 0
  echo "[validate] kubectl not found; installing the Debian package kubectl" >&2
  { apt-get update -q && apt-get install -y -q --no-install-recommends kubectl; } >&2 ||
    { echo "[validate] could not install kubectl: install it (any version with kustomize, 1.27+)" >&2; exit 1; }
}

render() { kubectl kustomize "$K8S/overlays/$1"; }

if [[ "${1:-}" == --compose ]]; then
  ensure_npm_ci "$HERE"
  node "$HERE/compose.mjs" "${2:?usage: validate.sh --compose FILE}"
  exit
fi

ensure_kubectl
ensure_npm_ci "$HERE"
if [[ "${1:-}" == --json ]]; then
  render "${2:?usage: validate.sh --json OVERLAY}" | node "$HERE/validate.mjs"
  exit
fi

status=0
for overlay in "$K8S"/overlays/*/; do
  overlay="$(basename "$overlay")"
  if count=$(render "$overlay" | node "$HERE/validate.mjs" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))'); then
    echo "[validate] $overlay: $count objects valid"
  else
    echo "[validate] $overlay: invalid (see above)" >&2
    status=1
  fi
done
exit $status
