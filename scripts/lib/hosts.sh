# Sourced by the scripts that run silos and gateways of their own (scripts/run.sh, bench/run-initiate.sh,
# bench/run-processing-e2e.sh): start the built hosts in the background, wait until they answer, stop them.
# Expects SRC_ROOT (the checkout whose build runs) and the stack's settings in the environment; HOSTS_TAG prefixes
# messages ("run", "bench"); BUILDPEER_CONFIGURATION picks the build (Release). Started processes are kept in `pids`,
# for hosts_stop and the callers' traps.

pids=()
HOSTS_TAG="${HOSTS_TAG:-hosts}"
HOSTS_BIN="bin/${BUILDPEER_CONFIGURATION:-Release}/net10.0"

# hosts_ports_free PORT...: fails, naming the port, when something already listens on one of them.
hosts_ports_free() {
  local port
  for port in "$@"; do
    if ss -Hltn "( sport = :$port )" | grep -q .; then
      echo "[$HOSTS_TAG] port $port is in use" >&2
      return 1
    fi
  done
}

# hosts_start_silo LOG HTTP_PORT SILO_PORT GATEWAY_PORT [NAME=VALUE ...]: starts the built silo in the background
# (its own Orleans silo and gateway ports, advertised on 127.0.0.1). Sets STARTED_PID; the process is `dotnet`
# itself, so a signal sent to that pid reaches the silo and nothing else.
hosts_start_silo() {
  local log="$1" http_port="$2" silo_port="$3" gateway_port="$4"
  shift 4
  env Orleans__Endpoints__SiloPort="$silo_port" Orleans__Endpoints__GatewayPort="$gateway_port" \
    Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1 "$@" \
    dotnet "$SRC_ROOT/src/Silo/$HOSTS_BIN/BuildPeer.Silo.dll" --urls "http://127.0.0.1:$http_port" \
    --contentRoot "$SRC_ROOT/src/Silo/$HOSTS_BIN" >"$log" 2>&1 &
  STARTED_PID=$!
  pids+=("$STARTED_PID")
}

# hosts_start_gateway LOG HTTP_PORT [NAME=VALUE ...]: starts the built gateway in the background. Sets STARTED_PID.
hosts_start_gateway() {
  local log="$1" http_port="$2"
  shift 2
  env "$@" dotnet "$SRC_ROOT/src/Gateway/$HOSTS_BIN/BuildPeer.Gateway.dll" --urls "http://127.0.0.1:$http_port" \
    --contentRoot "$SRC_ROOT/src/Gateway/$HOSTS_BIN" >"$log" 2>&1 &
  STARTED_PID=$!
  pids+=("$STARTED_PID")
}

# hosts_wait_ready NAME URL LOG PID: waits (60 s at most) until URL answers 2xx; on failure shows the end of LOG.
hosts_wait_ready() {
  local name="$1" url="$2" log="$3" pid="$4"
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "$url"; then
      echo "[$HOSTS_TAG] $name ready"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "[$HOSTS_TAG] $name did not become ready; last lines of $log:" >&2
  tail -n 40 "$log" >&2
  return 1
}

# hosts_stop: SIGTERM to every started process (graceful shutdown), then waits for them.
hosts_stop() {
  if ((${#pids[@]} > 0)); then
    echo "[$HOSTS_TAG] stopping ${#pids[@]} host process(es)"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
  fi
}
