#!/usr/bin/env bash
# Brings up the local stack (installing what is missing), then the silos and the gateways, and prints where they
# answer. Runs in the foreground: Ctrl-C stops the silos and the gateways; `scripts/stack.sh down` stops the stack.
#
#   scripts/run.sh [--silos N] [--gateways M] [--no-build] [--log-dir DIR] [--hosts-file FILE] [--exit-with PID]
#
#   --silos N (BUILDPEER_SILOS, 1)  --gateways M (BUILDPEER_GATEWAYS, 1): one cluster (same PostgreSQL membership,
#     same Orleans:ClusterId) of N silos and M gateways. HTTP ports form one block: the first gateway on
#     BUILDPEER_GATEWAY_PORT (5080), silo i on BUILDPEER_SILO_HTTP_PORT + i - 1 (5081, 5082, ...), the other
#     gateways after the silos; silo i's Orleans ports are BUILDPEER_SILO_PORT (11111) and
#     BUILDPEER_SILO_GATEWAY_PORT (30000) plus i - 1.
#   --no-build      run the build that is there (BUILDPEER_CONFIGURATION, Release)
#   --log-dir DIR   host logs (default: the stack's logs folder): silo.log, silo-2.log, ..., gateway.log, ...
#   --hosts-file F  once every host is ready, writes one line per host, tab-separated:
#                   role index pid http-url silo-port gateway-port log   (tests read it to find a silo to kill)
#   --exit-with PID stop everything when process PID is gone (a test that started this script and died)
# A silo or gateway that exits is reported; the others keep running while at least one silo and one gateway do.
# The cluster id is the silo's configuration (Orleans:ClusterId, "buildpeer-local"); Orleans__ClusterId overrides it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SILOS="${BUILDPEER_SILOS:-1}"
GATEWAYS="${BUILDPEER_GATEWAYS:-1}"
GATEWAY_PORT="${BUILDPEER_GATEWAY_PORT:-5080}"
SILO_HTTP_PORT="${BUILDPEER_SILO_HTTP_PORT:-5081}"
SILO_PORT="${BUILDPEER_SILO_PORT:-11111}"
SILO_GATEWAY_PORT="${BUILDPEER_SILO_GATEWAY_PORT:-30000}"
BUILD=1
LOG_DIR=""
HOSTS_FILE=""
EXIT_WITH=""

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while (($# > 0)); do
  case "$1" in
    --silos) SILOS="${2:?}"; shift 2 ;;
    --gateways) GATEWAYS="${2:?}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --log-dir) LOG_DIR="${2:?}"; shift 2 ;;
    --hosts-file) HOSTS_FILE="${2:?}"; shift 2 ;;
    --exit-with) EXIT_WITH="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "[run] unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$SILOS" =~ ^[1-9][0-9]?$ && "$GATEWAYS" =~ ^[1-9][0-9]?$ ]] || { echo "[run] --silos and --gateways take 1..99" >&2; exit 2; }

silo_http_port() { echo $((SILO_HTTP_PORT + $1 - 1)); }
gateway_http_port() { (($1 == 1)) && echo "$GATEWAY_PORT" || echo $((SILO_HTTP_PORT + SILOS + $1 - 2)); }
log_name() { (($2 == 1)) && echo "$1.log" || echo "$1-$2.log"; } # role index

SRC_ROOT="$ROOT"
HOSTS_TAG=run
# shellcheck source=scripts/lib/hosts.sh
source "$ROOT/scripts/lib/hosts.sh"
ports=()
for ((i = 1; i <= SILOS; i++)); do
  ports+=("$(silo_http_port "$i")" $((SILO_PORT + i - 1)) $((SILO_GATEWAY_PORT + i - 1)))
done
for ((j = 1; j <= GATEWAYS; j++)); do ports+=("$(gateway_http_port "$j")"); done
hosts_ports_free "${ports[@]}" || { echo "[run] stop what uses it, or move the BUILDPEER_*_PORT variables" >&2; exit 1; }

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
LOG_DIR="${LOG_DIR:-${BUILDPEER_STACK_DIR:-/tmp/buildpeer-stack}/logs}"
mkdir -p "$LOG_DIR"

if ((BUILD)); then
  echo "[run] building"
  dotnet build src/Silo/Silo.csproj -c "${BUILDPEER_CONFIGURATION:-Release}" -nologo -v quiet
  dotnet build src/Gateway/Gateway.csproj -c "${BUILDPEER_CONFIGURATION:-Release}" -nologo -v quiet
fi

declare -A name_of=() # pid -> "silo 2"
lines=()
stop() {
  trap - INT TERM EXIT
  hosts_stop
}
trap stop INT TERM EXIT

# Silos start side by side (they join one another through the membership table), then the gateways.
for ((i = 1; i <= SILOS; i++)); do
  hosts_start_silo "$LOG_DIR/$(log_name silo "$i")" "$(silo_http_port "$i")" $((SILO_PORT + i - 1)) $((SILO_GATEWAY_PORT + i - 1))
  name_of[$STARTED_PID]="silo $i"
  lines+=("$(printf 'silo\t%d\t%d\thttp://127.0.0.1:%d\t%d\t%d\t%s' "$i" "$STARTED_PID" "$(silo_http_port "$i")" \
    $((SILO_PORT + i - 1)) $((SILO_GATEWAY_PORT + i - 1)) "$LOG_DIR/$(log_name silo "$i")")")
done
for line in "${lines[@]}"; do
  IFS=$'\t' read -r _ i pid url _ _ log <<<"$line"
  hosts_wait_ready "silo $i" "$url/health/ready" "$log" "$pid" || exit 1
done
for ((j = 1; j <= GATEWAYS; j++)); do
  hosts_start_gateway "$LOG_DIR/$(log_name gateway "$j")" "$(gateway_http_port "$j")"
  name_of[$STARTED_PID]="gateway $j"
  lines+=("$(printf 'gateway\t%d\t%d\thttp://127.0.0.1:%d\t-\t-\t%s' "$j" "$STARTED_PID" "$(gateway_http_port "$j")" \
    "$LOG_DIR/$(log_name gateway "$j")")")
done
for line in "${lines[@]:SILOS}"; do
  IFS=$'\t' read -r _ j pid url _ _ log <<<"$line"
  hosts_wait_ready "gateway $j" "$url/health/ready" "$log" "$pid" || exit 1
done

if [[ -n "$HOSTS_FILE" ]]; then
  printf '%s\n' "${lines[@]}" >"$HOSTS_FILE.tmp" && mv "$HOSTS_FILE.tmp" "$HOSTS_FILE"
fi

cat <<EOT

BuildPeer Uploads is running.
  Uploader  http://127.0.0.1:$GATEWAY_PORT/   (open in a browser)
  API       http://127.0.0.1:$GATEWAY_PORT/api/uploads
  OpenAPI   http://127.0.0.1:$GATEWAY_PORT/openapi/v1.json
  Reference http://127.0.0.1:$GATEWAY_PORT/scalar   (the API in a browser; paste a token under Authentication)
  Health    http://127.0.0.1:$GATEWAY_PORT/health/ready   (silo: http://127.0.0.1:$SILO_HTTP_PORT/health/ready)
  Token     scripts/dev-token.sh --user alice --tenant acme
EOT
echo "  Hosts     (cluster ${Orleans__ClusterId:-buildpeer-local}; health at /health/live and /health/ready, metrics at /metrics)"
for line in "${lines[@]}"; do
  IFS=$'\t' read -r role index pid url silo_port gateway_port log <<<"$line"
  orleans=""
  [[ "$role" == silo ]] && orleans="  Orleans silo port $silo_port, gateway port $gateway_port"
  printf '    %-10s %-24s pid %-8s%s\n               log %s\n' "$role $index" "$url" "$pid" "$orleans" "$log"
done
echo "Ctrl-C stops the silos and the gateways."

# Losing a silo is what a cluster is for: report it and carry on while a silo and a gateway remain.
while :; do
  sleep 1
  silos_left=0 gateways_left=0 alive=()
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      alive+=("$pid")
      [[ "${name_of[$pid]}" == silo* ]] && silos_left=$((silos_left + 1)) || gateways_left=$((gateways_left + 1))
    else
      status=0
      wait "$pid" 2>/dev/null || status=$?
      echo "[run] ${name_of[$pid]} (pid $pid) exited with status $status" >&2
    fi
  done
  pids=("${alive[@]}")
  if ((silos_left == 0 || gateways_left == 0)); then
    echo "[run] no silo or no gateway left; see the logs above" >&2
    exit 1
  fi
  if [[ -n "$EXIT_WITH" ]] && ! kill -0 "$EXIT_WITH" 2>/dev/null; then
    echo "[run] process $EXIT_WITH is gone; stopping"
    exit 0
  fi
done
