// The thumbnail step of bench/ProcessingBench done with Node's sharp, as the reference: decode once (shrink-on-load
// to the 800 box, EXIF orientation applied), the 800x800 "inside" thumbnail without enlargement, then a 200x200
// centre-cropped "cover" square from those pixels, both JPEG quality 80 with optimised Huffman tables and no
// metadata. This mirrors src/Grains/Processing/Images/VipsThumbnailer.cs.
//   node thumbnail.mjs <file> <iterations> [warmup]  ->  one JSON line on stdout (times in ms)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';

const [file, iterationsArg, warmupArg] = process.argv.slice(2);
if (!file || !iterationsArg) {
  console.error('usage: node thumbnail.mjs <file> <iterations> [warmup]');
  process.exit(2);
}
const iterations = Number.parseInt(iterationsArg, 10);
const warmup = Number.parseInt(warmupArg ?? '3', 10);

// As the C# side: no operation cache, libvips' default thread count (one per core).
sharp.cache(false);

async function once() {
  const { data, info } = await sharp(file, { failOn: 'truncated' })
    .rotate()
    .resize(800, 800, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const large = await sharp(data, raw).jpeg({ quality: 80, optimiseCoding: true }).toBuffer();
  const small = await sharp(data, raw)
    .resize(200, 200, { fit: 'cover', position: 'centre' })
    .jpeg({ quality: 80, optimiseCoding: true })
    .toBuffer();
  return large.length + small.length;
}

function quantile(sorted, q) {
  // Nearest rank, as ProcessingBench's Stats.
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

for (let i = 0; i < warmup; i++) {
  await once();
}
const samples = [];
let bytes = 0;
for (let i = 0; i < iterations; i++) {
  const started = performance.now();
  bytes = await once();
  samples.push(performance.now() - started);
}
const sorted = [...samples].sort((a, b) => a - b);
const versions = sharp.versions;
process.stdout.write(JSON.stringify({
  engine: `sharp ${versions.sharp} (libvips ${versions.vips})`,
  node: process.version,
  inputBytes: readFileSync(file).length,
  outputBytes: bytes,
  iterations,
  median: quantile(sorted, 0.5),
  p95: quantile(sorted, 0.95),
  min: sorted[0],
  max: sorted[sorted.length - 1],
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  samples,
}) + '\n');
