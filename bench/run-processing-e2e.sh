#!/usr/bin/env bash
# End to end, PUT to COMPLETED: BENCH_COUNT (200) photos of BENCH_SIZE (5,000,000) bytes at once. Brings the local
# stack up, builds Release, starts a silo and a gateway of its own (own loopback ports, fresh cluster and service ids)
# whose silo CONSUMES the SQS queue upload-events (the S3 emulator notifies only that queue), runs
# `bench/ProcessingBench e2e` (project via the admin API, initiate, concurrent PUTs to the presigned URLs, each upload
# followed to its end by push or polling (BENCH_FOLLOW), silo memory sampled from /proc), stops them, deletes the run's
# rows and prints the table (also saved as $BENCH_OUT_DIR/processing-e2e-<run>.md, with the silo and gateway logs).
#
# The queue is shared: any other silo consuming upload-events (the integration tests' main fixture, a silo started
# from another checkout) takes some of this run's events (those uploads stay PENDING), and this silo takes theirs.
# So the script waits (up to BENCH_QUIET_WAIT seconds, 300) until no such process runs, and refuses to start otherwise
# (BENCH_FORCE=1 runs anyway). Uploads still PENDING BENCH_STALL seconds after the last status change stop the run
# with that diagnosis instead of hanging.
#   BENCH_COUNT (200)  BENCH_SIZE (5000000; ≤ 5 MiB keeps a single PUT)  BENCH_CONCURRENCY (16 PUTs at a time)
#   BENCH_ONE_AT_A_TIME=1  each PUT waits until the previous upload is terminal (latency of a lone photo)
#   BENCH_FOLLOW (push)  push: GET api/projects/{id}/events, opened before the first PUT; uploads it has said nothing
#                        about for 60 s are asked for (GET …/status) every 60 s, a safety net only
#                        poll: GET …/status of every upload PUT and not terminal, every ≈ 250 ms (the former way)
#   BENCH_WARMUP (120)  photos sent through the same hosts first and not measured, so the figures are those of running
#                     hosts, as a silo in service meets a burst: parser workers started, and the runtime's tiered
#                     JIT done (a method is recompiled twice after about 30 calls each; 8 photos left ~6 CPU-s
#                     of it inside the measurement); 0 measures hosts started cold
#   BENCH_SETTLE_MAX (90)  after the warm-up, at most this many seconds for the hosts' tiered JIT to finish what
#                     the warm-up queued (until its workers use under 2 % of a core over 5 s); 0: no wait
#   BENCH_STALL (90)  BENCH_TIMEOUT (900) seconds   BENCH_WORKERS  Processing:Workers of the silo (default: one a core)
#   BENCH_GATEWAY_PORT (5190)  BENCH_SILO_HTTP_PORT (5191)  BENCH_SILO_PORT (11221)  BENCH_SILO_GATEWAY_PORT (30110)
#   BENCH_LOG_LEVEL   log level of the silo and gateway (their appsettings when unset)
#   BENCH_SILO_ENV    extra NAME=VALUE settings of the silo alone, space-separated (e.g. DOTNET_ runtime knobs)
#   BENCH_KEEP_DATA=1 keep the run's rows   BENCH_OUT_DIR (/tmp/buildpeer-bench)
#   BENCH_SOURCE_ROOT  another checkout whose silo and gateway to build and run
#   BENCH_HOSTS_BUILT=1  run the silo and gateway already in BENCH_SOURCE_ROOT/src/*/bin/Release/net10.0 without
#                      building them (a publish output, e.g. ReadyToRun)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNT="${BENCH_COUNT:-200}"
SIZE="${BENCH_SIZE:-5000000}"
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
FOLLOW="${BENCH_FOLLOW:-push}"
[[ "$FOLLOW" == push || "$FOLLOW" == poll ]] || { echo "[bench] BENCH_FOLLOW is push or poll, not '$FOLLOW'" >&2; exit 1; }
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5190}"
SILO_HTTP_PORT="${BENCH_SILO_HTTP_PORT:-5191}"
SILO_PORT="${BENCH_SILO_PORT:-11221}"
SILO_GATEWAY_PORT="${BENCH_SILO_GATEWAY_PORT:-30110}"
SRC_ROOT="$(cd "${BENCH_SOURCE_ROOT:-$ROOT}" && pwd)"
RUN_ID="$(date -u +%Y%m%d%H%M%S)"
SERVICE_ID="bench-e2e-$RUN_ID"
TENANT="bench-e2e-$RUN_ID"
LOG_DIR="${BENCH_OUT_DIR:-/tmp/buildpeer-bench}"
mkdir -p "$LOG_DIR/inputs"

# shellcheck source=bench/lib/hosts.sh
source "$ROOT/bench/lib/hosts.sh"
hosts_ports_free "$GATEWAY_PORT" "$SILO_HTTP_PORT" "$SILO_PORT" "$SILO_GATEWAY_PORT" || { echo "[bench] set the BENCH_*_PORT variables" >&2; exit 1; }

# Other consumers of upload-events: integration test hosts and silos (ours are not started yet).
other_consumers() { pgrep -af 'dotnet test .*IntegrationTests|IntegrationTests\.(dll|runtimeconfig)|testhost.*IntegrationTests|BuildPeer\.Silo\.dll|run --project .*src/Silo' | grep -v "^$$ " || true; }
waited=0
while [[ -n "$(other_consumers)" && "${BENCH_FORCE:-}" != 1 ]]; do
  if ((waited >= ${BENCH_QUIET_WAIT:-300})); then
    echo "[bench] other processes may consume the queue upload-events; not starting (BENCH_FORCE=1 to run anyway):" >&2
    other_consumers >&2
    exit 1
  fi
  ((waited == 0)) && { echo "[bench] waiting for these to end (they may consume upload-events):"; other_consumers; }
  sleep 5; waited=$((waited + 5))
done
OTHERS_BEFORE="$(other_consumers)"

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"
[[ "$ConnectionStrings__Postgres" =~ Port=([0-9]+) ]] && PG_PORT="${BASH_REMATCH[1]}" || PG_PORT=55432

echo "[bench] building (Release)"
if [[ "${BENCH_HOSTS_BUILT:-}" != 1 ]]; then
  dotnet build "$SRC_ROOT/src/Silo/Silo.csproj" -c Release -nologo -v quiet
  dotnet build "$SRC_ROOT/src/Gateway/Gateway.csproj" -c Release -nologo -v quiet
fi
dotnet build bench/ProcessingBench/ProcessingBench.csproj -c Release -nologo -v quiet

export ASPNETCORE_ENVIRONMENT=Development
export Orleans__ClusterId="$SERVICE_ID" Orleans__ServiceId="$SERVICE_ID"
# The bench is one user of one tenant driving the service to its ceiling: per-user and per-tenant rate limits off.
export RateLimits__Enabled=false
[[ -n "${BENCH_LOG_LEVEL:-}" ]] && export Logging__LogLevel__Default="$BENCH_LOG_LEVEL"
[[ -n "${BENCH_WORKERS:-}" ]] && export Processing__Workers="$BENCH_WORKERS"

cleanup() {
  trap - INT TERM EXIT
  bench_stop_hosts
  if [[ "${BENCH_KEEP_DATA:-}" != 1 ]]; then
    echo "[bench] deleting the run's rows (service $SERVICE_ID, tenant $TENANT)"
    bench_delete_run_rows "$SERVICE_ID" "$TENANT"
  fi
}
trap cleanup INT TERM EXIT

SILO_LOG="$LOG_DIR/silo-e2e-$RUN_ID.log"
GATEWAY_LOG="$LOG_DIR/gateway-e2e-$RUN_ID.log"
# BENCH_SILO_ENV is split into NAME=VALUE words on purpose
# shellcheck disable=SC2086
bench_start_silo "$SILO_LOG" Sqs__Enabled=true ${BENCH_SILO_ENV:-}
bench_start_gateway "$GATEWAY_LOG"

run_e2e() { # <run id> <count> <report>
  timeout --signal=INT --kill-after=60 "$(( ${BENCH_TIMEOUT:-900} + 300 ))" \
    dotnet bench/ProcessingBench/bin/Release/net10.0/BuildPeer.ProcessingBench.dll e2e \
    --run-id "$1" --tenant "$TENANT" --gateway "http://127.0.0.1:$GATEWAY_PORT/" --count "$2" --size "$SIZE" \
    --concurrency "$CONCURRENCY" --follow "$FOLLOW" --one-at-a-time "${BENCH_ONE_AT_A_TIME:-0}" --silo-pid "$SILO_PID" --stall-seconds "${BENCH_STALL:-90}" \
    --timeout-seconds "${BENCH_TIMEOUT:-900}" --work-dir "$LOG_DIR/inputs" --out "$3" >/dev/null
}

WARMUP="${BENCH_WARMUP:-120}"
SETTLE_MAX="${BENCH_SETTLE_MAX:-90}"
if ((WARMUP > 0)); then
  echo "[bench] warming the hosts up with $WARMUP photos (not measured)"
  run_e2e "$RUN_ID-warmup" "$WARMUP" "$LOG_DIR/processing-e2e-$RUN_ID-warmup.md"
fi
if ((SETTLE_MAX > 0)); then
  mapfile -t PARSER_PIDS < <(pgrep -P "$SILO_PID" || true) # the silo's parser workers
  echo "[bench] tiered JIT quiet after $(bench_settle_tiered_jit "$SETTLE_MAX" "$SILO_PID" "$GATEWAY_PID" "${PARSER_PIDS[@]}") s"
fi
JIT_BEFORE="$(bench_jit_seconds "http://127.0.0.1:$SILO_HTTP_PORT/metrics")"

REPORT="$LOG_DIR/processing-e2e-$RUN_ID.md"
# CPU seconds of every process before and after: where the machine's time went (silo, S3 emulator, clamd, ...).
cpu_snapshot() { ps -eo pid=,times=,args= | awk '{pid=$1; t=$2; $1=""; $2=""; sub(/^ +/, ""); print pid "\t" t "\t" substr($0, 1, 90)}'; }
CPU_BEFORE="$(cpu_snapshot)"
status=0
run_e2e "$RUN_ID" "$COUNT" "$REPORT" || status=$?

CPU_AFTER="$(cpu_snapshot)"
JIT_AFTER="$(bench_jit_seconds "http://127.0.0.1:$SILO_HTTP_PORT/metrics")"
OTHERS_AFTER="$(other_consumers | grep -v -e "^$SILO_PID " -e "^$GATEWAY_PID " || true)"
{
  echo
  echo "Source: \`$(git -C "$SRC_ROOT" rev-parse --short HEAD)\`; silo log: \`$SILO_LOG\`."
  if [[ -n "$OTHERS_BEFORE$OTHERS_AFTER" ]]; then
    echo "Other possible consumers of upload-events during the run: $(echo "$OTHERS_BEFORE $OTHERS_AFTER" | cut -c1-300)"
  fi
  echo
  echo "CPU seconds used during the bench, by process (top 8; the silo spent" \
    "$(awk -v a="${JIT_AFTER:-0}" -v b="${JIT_BEFORE:-0}" 'BEGIN {printf "%.1f", a - b}') s in the JIT, elapsed, so above its CPU on busy cores):"
  echo
  echo "| process | CPU s |"
  echo "|---|--:|"
  awk -F'\t' 'NR==FNR {before[$1]=$2; next} {d=$2-($1 in before ? before[$1] : 0); if (d >= 0.5) printf "%.0f\t| %s (pid %s) | %.0f |\n", d, $3, $1, d}' \
    <(echo "$CPU_BEFORE") <(echo "$CPU_AFTER") | sort -rn | head -n 8 | cut -f2-
  echo
  foreign="$(grep -c 'did not accept the event' "$SILO_LOG" || true)"
  if ((foreign > 0)); then
    echo "This silo received $foreign S3 event(s) of uploads it does not know (another cluster's: a consumer of upload-events was running)."
  fi
  # "level: Category[id]" then the message on the next line (an optional time prefix is dropped): one line each.
  problems="$(awk '/^([0-9:.]+ )?(fail|crit|warn): /{sub(/^[0-9:.]+ /, ""); head=$0; getline; sub(/^ +/, ""); print head " " $0}' "$SILO_LOG" |
    sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g; s/[0-9a-f]{32}/<id>/g' | cut -c1-300 | sort | uniq -c | sort -rn | head -n 15 || true)"
  if [[ -n "$problems" ]]; then
    echo
    echo "Silo log, warnings and errors (count, level, category, message):"
    echo '```'
    echo "$problems" | cut -c1-400
    echo '```'
  fi
} >>"$REPORT" 2>/dev/null || true
((status == 0)) || echo "[bench] the bench exited with status $status (3: stopped early, see the report)" >&2

echo
cat "$REPORT" 2>/dev/null || echo "[bench] no report was written" >&2
echo "[bench] saved to $REPORT; logs: $SILO_LOG, $GATEWAY_LOG"
