#!/usr/bin/env bash
# The S3 emulator's CPU for what a photo asks of S3: BENCH_ROUNDS (150) rounds, BENCH_PARALLEL (4) at a time, of a
# presigned-style PUT of BENCH_SIZE (5,000,000) random bytes declaring its x-amz-checksum-sha256 (spooled and checked),
# a GET of it and two PUTs of 60 KB (the thumbnails), all SigV4-signed by curl. Into a bucket of its own (no event
# notifications: the end-to-end bench counts those) that the script creates and empties. Brings the local stack up;
# prints the emulator's CPU seconds (from /proc) for BENCH_REPEAT (3) runs of the rounds after one unmeasured run of 20.
#   BENCH_ROUNDS (150)  BENCH_PARALLEL (4)  BENCH_SIZE (5000000)  BENCH_REPEAT (3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${BENCH_ROUNDS:-150}"
PARALLEL="${BENCH_PARALLEL:-4}"
SIZE="${BENCH_SIZE:-5000000}"
REPEAT="${BENCH_REPEAT:-3}"
BUCKET=bench-emulator

bash scripts/stack.sh up >/dev/null
eval "$(bash scripts/stack.sh env)"
STACK_DIR="${BUILDPEER_STACK_DIR:-/tmp/buildpeer-stack}"
PID="$(cat "$STACK_DIR/aws-emulator.pid")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
head -c "$SIZE" /dev/urandom >"$WORK/photo"
head -c 60000 /dev/urandom >"$WORK/thumbnail"
SHA="$(openssl dgst -sha256 -binary "$WORK/photo" | base64)"
export AWS_ENDPOINT_URL_S3 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY WORK SHA BUCKET

s3() { # s3 ARGS...: one signed curl call; fails on an HTTP error
  curl -fsS -o /dev/null --aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:s3" \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
round() { # round RUN I: what one photo asks of S3
  local key="$AWS_ENDPOINT_URL_S3/$BUCKET/$1/$2"
  s3 -H "x-amz-checksum-sha256: $SHA" -T "$WORK/photo" "$key.jpg"
  s3 "$key.jpg"
  s3 -T "$WORK/thumbnail" "$key-800.jpg"
  s3 -T "$WORK/thumbnail" "$key-200.jpg"
}
export -f s3 round
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
run() { # run NAME ROUNDS
  seq 1 "$2" | xargs -P "$PARALLEL" -I{} bash -c "round $1 {}"
}

s3 -X PUT "$AWS_ENDPOINT_URL_S3/$BUCKET" 2>/dev/null || true
run warmup 20
hz="$(getconf CLK_TCK)"
echo "| run | emulator CPU s | ms a round | wall s |"
echo "|---|--:|--:|--:|"
for r in $(seq 1 "$REPEAT"); do
  c0="$(cpu_ticks)"; t0="$(date +%s%N)"
  run "run$r" "$ROUNDS"
  c1="$(cpu_ticks)"; t1="$(date +%s%N)"
  awk -v c=$((c1 - c0)) -v hz="$hz" -v n="$ROUNDS" -v t=$((t1 - t0)) -v r="$r" \
    'BEGIN { printf "| %d | %.2f | %.1f | %.1f |\n", r, c / hz, 1000 * c / hz / n, t / 1e9 }'
done
echo "($ROUNDS rounds of a $SIZE-byte PUT with its SHA-256, its GET and two 60 KB PUTs, $PARALLEL at a time; $(git rev-parse --short HEAD))"

# empty the bucket: s3rver keeps every object on disk
rm -rf "$STACK_DIR/s3/$BUCKET"
