# Sourced by the bench scripts that run a silo and a gateway of their own (bench/run-initiate.sh,
# bench/run-processing-e2e.sh). Expects SRC_ROOT, SILO_PORT, SILO_GATEWAY_PORT, SILO_HTTP_PORT, GATEWAY_PORT and
# PG_PORT to be set, and the stack's settings in the environment. Starting, waiting and stopping are
# scripts/lib/hosts.sh's (shared with scripts/run.sh); this file binds them to the bench's one silo and gateway.

HOSTS_TAG=bench
BUILDPEER_CONFIGURATION=Release # what the bench scripts build
# shellcheck source=scripts/lib/hosts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/hosts.sh"

# Starts the Release silo and waits until it is ready; extra NAME=VALUE settings follow the log path. Sets SILO_PID.
bench_start_silo() { # log [NAME=VALUE ...]
  local log="$1"
  shift
  hosts_start_silo "$log" "$SILO_HTTP_PORT" "$SILO_PORT" "$SILO_GATEWAY_PORT" "$@"
  SILO_PID=$STARTED_PID
  hosts_wait_ready silo "http://127.0.0.1:$SILO_HTTP_PORT/health/ready" "$log" "$SILO_PID" || exit 1
}

# Starts the Release gateway and waits until it is ready; extra NAME=VALUE settings follow the log path. Sets GATEWAY_PID.
bench_start_gateway() { # log [NAME=VALUE ...]
  local log="$1"
  shift
  hosts_start_gateway "$log" "$GATEWAY_PORT" "$@"
  GATEWAY_PID=$STARTED_PID
  hosts_wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT/health/ready" "$log" "$GATEWAY_PID" || exit 1
}

bench_stop_hosts() { hosts_stop; }

# Deletes what a run left in the shared database: its grains' state and reminders, its cluster's membership, its
# tenant's rows. More SQL for the run's own leftovers may follow as the third argument.
bench_delete_run_rows() { # service-id tenant [extra-sql]
  PGPASSWORD=buildpeer psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U buildpeer -d buildpeer -v ON_ERROR_STOP=1 \
    -v svc="$1" -v tenant="$2" >/dev/null <<SQL || echo "[bench] clean-up failed" >&2
DELETE FROM orleansreminderstable WHERE serviceid = :'svc';
DELETE FROM orleansstorage WHERE serviceid = :'svc';
DELETE FROM upload_state WHERE service_id = :'svc';
DELETE FROM project_reservations WHERE tenant_id = :'tenant';
DELETE FROM project_quota WHERE tenant_id = :'tenant';
DELETE FROM uploads WHERE tenant_id = :'tenant';
DELETE FROM project_members WHERE tenant_id = :'tenant';
DELETE FROM projects WHERE tenant_id = :'tenant';
DELETE FROM tenants WHERE id = :'tenant';
DELETE FROM orleansmembershiptable WHERE deploymentid = :'svc';
DELETE FROM orleansmembershipversiontable WHERE deploymentid = :'svc';
${3:-}
SQL
}

# "tid ticks" for each tiered-compilation worker thread of the given processes: CPU ticks (1/100 s) it has used
# (/proc; a thread's name is cut to 15 characters there: ".NET Tiered Com"). The runtime recompiles hot methods on
# that thread, and ends it when idle: compare samples per thread, never their sums.
bench_tiered_jit_threads() { # pid...
  local pid task stat fields
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      [[ "$(cat "$task/comm" 2>/dev/null)" == ".NET Tiered"* ]] || continue
      stat="$(cat "$task/stat" 2>/dev/null)" || continue
      read -r -a fields <<<"${stat##*) }"
      echo "${task##*/} $((fields[11] + fields[12]))"
    done
  done
}

# Waits, at most $1 seconds, until the tiered-compilation workers of the other pids used under 2 % of a core over
# 5 s: what a warm-up queued for recompilation is done before the measured load. Prints how long it took.
bench_settle_tiered_jit() { # max-seconds pid...
  local max="$1" waited=0 before after used
  shift
  while ((waited < max)); do
    before="$(bench_tiered_jit_threads "$@")"
    sleep 5
    waited=$((waited + 5))
    after="$(bench_tiered_jit_threads "$@")"
    used="$(awk 'NR==FNR {seen[$1]=$2; next} {total += $2 - ($1 in seen ? seen[$1] : 0)} END {print total + 0}' \
      <(echo "$before") <(echo "$after"))"
    ((used < 10)) && break
  done
  echo "$waited"
}

# The runtime's JIT time so far (seconds, every thread) from a host's Prometheus endpoint; empty if unreachable.
bench_jit_seconds() { # metrics-url
  local metrics
  metrics="$(curl -fsS --max-time 5 "$1" 2>/dev/null)" || return 0
  awk '/^dotnet_jit_compilation_time_seconds_total/ && !found {print $2; found = 1}' <<<"$metrics"
}
