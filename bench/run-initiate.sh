#!/usr/bin/env bash
# Open-loop bench of POST /api/uploads/initiate (two files a request) with its two ceilings measured in the same
# run: a bare Kestrel endpoint and a single-row PostgreSQL INSERT. Brings up the local stack, builds Release, starts
# a silo and a gateway of its own (own loopback ports, fresh cluster and service ids, SQS consumer off so it never
# takes another process's events), runs bench/InitiateBench, stops them, deletes the run's rows and prints the
# table (also saved as $BENCH_OUT_DIR/initiate-<run>.md, with the silo and gateway logs; /tmp/buildpeer-bench, outside
# the stack dir, which `scripts/stack.sh down` wipes).
#   BENCH_RATES (100,200,300,500)   BENCH_WARMUP (5)   BENCH_DURATION (15)   seconds per step
#   BENCH_PREWARM (60)  seconds of unmeasured load before a silo-backed target's first rate: the runtime's tiered JIT
#     compiles about 10 CPU-s of the silo's code and 6 of the gateway's in their first minute under load, which a
#     shorter prewarm leaves inside the measurement
#   BENCH_SETTLE_MAX (90)  before each step of those targets, at most this many seconds more of unmeasured load at
#     the step's rate, in 5 s chunks, until the hosts' tiered-compilation workers are quiet (under 2 % of a core):
#     at 1,000 req/s the JIT still took a fifth of the silo 40 s after the prewarm; 0 turns it off
#   BENCH_TARGETS (kestrel,postgres,initiate-spread,initiate)   initiate: all requests into one project (the
#     issue's set-up); initiate-spread: round-robin over BENCH_SPREAD_PROJECTS (50) projects
#   A target's higher rates are skipped once a rate misses 90% of its load or fails 1% of its requests. Order:
#   the ceilings, then the breakdown, then the initiate targets, so the steps that overload the silo come last.
#   The defaults take about 14 minutes (bounded by a timeout); BENCH_DURATION=10 BENCH_BREAKDOWN_RATES=
#   BENCH_PROBE_RESERVATIONS=0 gives a 7-minute run of the table alone.
#   BENCH_BREAKDOWN_RATES (300; empty: none)  rates of the grain-level breakdown of initiate, called without HTTP:
#   BENCH_BREAKDOWN_TARGETS (grain-ping,grain-upload,grain-initiate-spread; also grain-reserve, grain-initiate)
#   BENCH_PROBE_RESERVATIONS (6000; 0: none)  closed-loop probe: one project's reserve time as its reservations grow
#   BENCH_IDLE_WAIT (0)  seconds to follow the silo's and gateway's memory after the last step, nothing sent
#   BENCH_GATEWAY_PORT (5180)  BENCH_SILO_HTTP_PORT (5181)  BENCH_KESTREL_PORT (5182)
#   BENCH_SILO_PORT (11211)  BENCH_SILO_GATEWAY_PORT (30100)
#   BENCH_LOG_LEVEL   log level of the silo and gateway (their appsettings when unset)
#   BENCH_SERVICE_PG_OPTIONS  appended to the silo's and gateway's connection string, e.g. "No Reset On Close=true"
#   BENCH_KEEP_DATA=1 keep the run's projects, uploads, grain state and reminders in the database
#   BENCH_OUT_DIR (/tmp/buildpeer-bench)  reports and the silo and gateway logs
#   BENCH_SOURCE_ROOT  another checkout whose silo and gateway to build and run (a branch, an experiment)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RATES="${BENCH_RATES:-100,200,300,500}"
WARMUP="${BENCH_WARMUP:-5}"
DURATION="${BENCH_DURATION:-15}"
PREWARM="${BENCH_PREWARM:-60}"
SETTLE_MAX="${BENCH_SETTLE_MAX:-90}"
TARGETS="${BENCH_TARGETS:-kestrel,postgres,initiate-spread,initiate}"
SPREAD_PROJECTS="${BENCH_SPREAD_PROJECTS:-50}"
BREAKDOWN_RATES="${BENCH_BREAKDOWN_RATES-300}"
BREAKDOWN_TARGETS="${BENCH_BREAKDOWN_TARGETS:-grain-ping,grain-upload,grain-initiate-spread}"
PROBE_RESERVATIONS="${BENCH_PROBE_RESERVATIONS:-6000}"
IDLE_WAIT="${BENCH_IDLE_WAIT:-0}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5180}"
SILO_HTTP_PORT="${BENCH_SILO_HTTP_PORT:-5181}"
KESTREL_PORT="${BENCH_KESTREL_PORT:-5182}"
SILO_PORT="${BENCH_SILO_PORT:-11211}"
SILO_GATEWAY_PORT="${BENCH_SILO_GATEWAY_PORT:-30100}"
REQUEST_TIMEOUT=10
SRC_ROOT="$(cd "${BENCH_SOURCE_ROOT:-$ROOT}" && pwd)"
RUN_ID="$(date -u +%Y%m%d%H%M%S)"
SERVICE_ID="bench-$RUN_ID"
TENANT="bench-$RUN_ID"

# shellcheck source=bench/lib/hosts.sh
source "$ROOT/bench/lib/hosts.sh"
hosts_ports_free "$GATEWAY_PORT" "$SILO_HTTP_PORT" "$KESTREL_PORT" "$SILO_PORT" "$SILO_GATEWAY_PORT" || { echo "[bench] set the BENCH_*_PORT variables" >&2; exit 1; }

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"
STACK_DIR="${BUILDPEER_STACK_DIR:-/tmp/buildpeer-stack}"
STACK_DIR="${STACK_DIR%/}"
LOG_DIR="${BENCH_OUT_DIR:-/tmp/buildpeer-bench}"
mkdir -p "$LOG_DIR"
[[ "$ConnectionStrings__Postgres" =~ Port=([0-9]+) ]] && PG_PORT="${BASH_REMATCH[1]}" || PG_PORT=55432
POSTMASTER_PID="$(head -n 1 "$STACK_DIR/pgdata/postmaster.pid")"

echo "[bench] building (Release)"
dotnet build "$SRC_ROOT/src/Silo/Silo.csproj" -c Release -nologo -v quiet
dotnet build "$SRC_ROOT/src/Gateway/Gateway.csproj" -c Release -nologo -v quiet
dotnet build bench/InitiateBench/InitiateBench.csproj -c Release -nologo -v quiet

export ASPNETCORE_ENVIRONMENT=Development
SERVICE_PG="$ConnectionStrings__Postgres${BENCH_SERVICE_PG_OPTIONS:+;$BENCH_SERVICE_PG_OPTIONS}"
export Orleans__ClusterId="$SERVICE_ID" Orleans__ServiceId="$SERVICE_ID"
# The bench is one user of one tenant driving the service to its ceiling: per-user and per-tenant rate limits off.
export RateLimits__Enabled=false
if [[ -n "${BENCH_LOG_LEVEL:-}" ]]; then
  export Logging__LogLevel__Default="$BENCH_LOG_LEVEL"
fi

cleanup() {
  trap - INT TERM EXIT
  bench_stop_hosts
  if [[ "${BENCH_KEEP_DATA:-}" != 1 ]]; then
    echo "[bench] deleting the run's rows (service $SERVICE_ID, tenant $TENANT) and compacting their tables"
    # Every project write rewrites its whole state (TOASTed): give the space back, or the shared tables stay bloated.
    bench_delete_run_rows "$SERVICE_ID" "$TENANT" "DROP TABLE IF EXISTS \"bench_insert_$RUN_ID\";
SET lock_timeout = '5s';
VACUUM (FULL, ANALYZE) orleansstorage, uploads, upload_state, project_reservations, orleansreminderstable;"
  fi
}
trap cleanup INT TERM EXIT

SILO_LOG="$LOG_DIR/silo-$RUN_ID.log"
GATEWAY_LOG="$LOG_DIR/gateway-$RUN_ID.log"
bench_start_silo "$SILO_LOG" Sqs__Enabled=false ConnectionStrings__Postgres="$SERVICE_PG"
bench_start_gateway "$GATEWAY_LOG" ConnectionStrings__Postgres="$SERVICE_PG"

# Bounded: every step is warm-up + window + at most the request timeout to drain + set-up, plus start-up slack.
count() { [[ -z "$1" ]] && echo 0 || tr ',' '\n' <<<"$1" | grep -c .; }
steps=$(( $(count "$TARGETS") * $(count "$RATES") + $(count "$BREAKDOWN_TARGETS") * $(count "$BREAKDOWN_RATES") ))
targets=$(( $(count "$TARGETS") + $(count "$BREAKDOWN_TARGETS") ))
budget=$(( steps * (WARMUP + DURATION + REQUEST_TIMEOUT + 20 + SETTLE_MAX + 5) + targets * (PREWARM + 15) + 60 + (PROBE_RESERVATIONS > 0 ? 180 : 0) + IDLE_WAIT ))
echo "[bench] run $RUN_ID: $steps steps, at most $budget s"

REPORT="$LOG_DIR/initiate-$RUN_ID.md"
timeout --signal=INT --kill-after=60 "$budget" \
  dotnet bench/InitiateBench/bin/Release/net10.0/BuildPeer.InitiateBench.dll \
  --run-id "$RUN_ID" --rates "$RATES" --warmup "$WARMUP" --duration "$DURATION" --prewarm "$PREWARM" --settle-max "$SETTLE_MAX" --targets "$TARGETS" \
  --breakdown-rates "$BREAKDOWN_RATES" --breakdown-targets "$BREAKDOWN_TARGETS" --timeout "$REQUEST_TIMEOUT" \
  --probe-reservations "$PROBE_RESERVATIONS" --idle-wait "$IDLE_WAIT" --spread-projects "$SPREAD_PROJECTS" \
  --gateway "http://127.0.0.1:$GATEWAY_PORT/" --kestrel-port "$KESTREL_PORT" \
  --cluster-id "$SERVICE_ID" --service-id "$SERVICE_ID" --postgres "$ConnectionStrings__Postgres" \
  --pid "gateway=$GATEWAY_PID" --pid "silo=$SILO_PID" --postmaster-pid "$POSTMASTER_PID" --out "$REPORT" >/dev/null ||
  echo "[bench] the bench exited with status $? (124: stopped by the ${budget} s limit; the report has what was measured)" >&2

echo
cat "$REPORT" 2>/dev/null || echo "[bench] no report was written" >&2
echo "[bench] saved to $REPORT; logs: $SILO_LOG, $GATEWAY_LOG"
