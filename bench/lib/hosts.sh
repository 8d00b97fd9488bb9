# Sourced by the bench scripts that run a silo and a gateway of their own (bench/run-initiate.sh,
# bench/run-processing-e2e.sh). Expects SRC_ROOT, SILO_PORT, SILO_GATEWAY_PORT, SILO_HTTP_PORT, GATEWAY_PORT and
# PG_PORT to be set, and the stack's settings in the environment; keeps the started processes in `pids`.

pids=()

# Starts the Release silo; extra NAME=VALUE settings follow the log path. Sets SILO_PID.
bench_start_silo() { # log [NAME=VALUE ...]
  local log="$1"
  shift
  env Orleans__Endpoints__SiloPort="$SILO_PORT" Orleans__Endpoints__GatewayPort="$SILO_GATEWAY_PORT" \
    Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1 "$@" \
    dotnet "$SRC_ROOT/src/Silo/bin/Release/net10.0/BuildPeer.Silo.dll" --urls "http://127.0.0.1:$SILO_HTTP_PORT" \
    --contentRoot "$SRC_ROOT/src/Silo/bin/Release/net10.0" >"$log" 2>&1 &
  pids+=($!)
  SILO_PID=$!
  bench_wait_ready silo "http://127.0.0.1:$SILO_HTTP_PORT/health/ready" "$log"
}

# Starts the Release gateway; extra NAME=VALUE settings follow the log path. Sets GATEWAY_PID.
bench_start_gateway() { # log [NAME=VALUE ...]
  local log="$1"
  shift
  env "$@" dotnet "$SRC_ROOT/src/Gateway/bin/Release/net10.0/BuildPeer.Gateway.dll" --urls "http://127.0.0.1:$GATEWAY_PORT" \
    --contentRoot "$SRC_ROOT/src/Gateway/bin/Release/net10.0" >"$log" 2>&1 &
  pids+=($!)
  GATEWAY_PID=$!
  bench_wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT/health/ready" "$log"
}

bench_wait_ready() { # name url log
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "$2"; then echo "[bench] $1 ready"; return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "[bench] $1 did not become ready; last lines of $3:" >&2
  tail -n 40 "$3" >&2
  exit 1
}

bench_stop_hosts() {
  if ((${#pids[@]} > 0)); then
    echo "[bench] stopping silo and gateway"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}

# Deletes what a run left in the shared database: its grains' state and reminders, its cluster's membership, its
# tenant's rows. More SQL for the run's own leftovers may follow as the third argument.
bench_delete_run_rows() { # service-id tenant [extra-sql]
  PGPASSWORD=buildpeer psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U buildpeer -d buildpeer -v ON_ERROR_STOP=1 \
    -v svc="$1" -v tenant="$2" >/dev/null <<SQL || echo "[bench] clean-up failed" >&2
DELETE FROM orleansreminderstable WHERE serviceid = :'svc';
DELETE FROM orleansstorage WHERE serviceid = :'svc';
DELETE FROM uploads WHERE tenant_id = :'tenant';
DELETE FROM project_members WHERE tenant_id = :'tenant';
DELETE FROM projects WHERE tenant_id = :'tenant';
DELETE FROM tenants WHERE id = :'tenant';
DELETE FROM orleansmembershiptable WHERE deploymentid = :'svc';
DELETE FROM orleansmembershipversiontable WHERE deploymentid = :'svc';
${3:-}
SQL
}
