#!/usr/bin/env bash
# Brings up the local stack (installing what is missing), then the silo and the gateway, and prints where they
# answer. Runs in the foreground: Ctrl-C stops the silo and the gateway; `scripts/stack.sh down` stops the stack.
#   BUILDPEER_GATEWAY_PORT (5080)  BUILDPEER_SILO_HTTP_PORT (5081)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GATEWAY_PORT="${BUILDPEER_GATEWAY_PORT:-5080}"
SILO_HTTP_PORT="${BUILDPEER_SILO_HTTP_PORT:-5081}"

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
LOG_DIR="${BUILDPEER_STACK_DIR:-/tmp/buildpeer-stack}/logs"
mkdir -p "$LOG_DIR"

echo "[run] building"
dotnet build src/Silo/Silo.csproj -c Release -nologo -v quiet
dotnet build src/Gateway/Gateway.csproj -c Release -nologo -v quiet

pids=()
stop() {
  trap - INT TERM EXIT
  echo "[run] stopping silo and gateway"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_ready() { # name url log
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "$2"; then echo "[run] $1 ready"; return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "[run] $1 did not become ready; last lines of $3:" >&2
  tail -n 40 "$3" >&2
  exit 1
}

dotnet src/Silo/bin/Release/net10.0/BuildPeer.Silo.dll --urls "http://127.0.0.1:$SILO_HTTP_PORT" \
  --contentRoot "$ROOT/src/Silo/bin/Release/net10.0" >"$LOG_DIR/silo.log" 2>&1 &
pids+=($!)
wait_ready silo "http://127.0.0.1:$SILO_HTTP_PORT/health/ready" "$LOG_DIR/silo.log"

dotnet src/Gateway/bin/Release/net10.0/BuildPeer.Gateway.dll --urls "http://127.0.0.1:$GATEWAY_PORT" \
  --contentRoot "$ROOT/src/Gateway/bin/Release/net10.0" >"$LOG_DIR/gateway.log" 2>&1 &
pids+=($!)
wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT/health/ready" "$LOG_DIR/gateway.log"

cat <<EOT

BuildPeer Uploads is running.
  Uploader  http://127.0.0.1:$GATEWAY_PORT/   (open in a browser)
  API       http://127.0.0.1:$GATEWAY_PORT/api/uploads
  OpenAPI   http://127.0.0.1:$GATEWAY_PORT/openapi/v1.json
  Health    http://127.0.0.1:$GATEWAY_PORT/health/ready   (silo: http://127.0.0.1:$SILO_HTTP_PORT/health/ready)
  Logs      $LOG_DIR/silo.log, $LOG_DIR/gateway.log
  Token     scripts/dev-token.sh --user alice --tenant acme
Ctrl-C stops the silo and the gateway.
EOT
wait -n "${pids[@]}"
echo "[run] a process exited; see the logs above" >&2
