// The SDK's browser build: the compiler's ES modules from dist/ (relative imports with .js extensions, so
// `<script type="module">` loads them as they are), without the Node-only ./node folder, declarations and source maps.
//   node scripts/browser-build.mjs <folder>   writes them there, replacing what it held
// scripts/vendor-sdk.sh at the repository root vendors them into the gateway's page; test/unit/vendored.test.mjs
// fails when that copy is stale.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The build's files by their path relative to the folder ('/'-separated) and their text. */
export async function browserBuild(dist = join(root, 'dist')) {
  const { name, version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const header = `// ${name} ${version}, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.\n`;
  const files = new Map();
  for (const path of await listFiles(dist)) {
    const name = relative(dist, path).split(sep).join('/');
    if (!name.endsWith('.js') || name.startsWith('node/')) continue;
    const text = (await readFile(path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*\n?/m, '');
    files.set(name, header + text);
  }
  return files;
}

/** Every file under `folder`, recursively; none when it does not exist. */
export async function listFiles(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch((error) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: node scripts/browser-build.mjs <folder>');
  await rm(target, { recursive: true, force: true });
  for (const [name, text] of await browserBuild()) {
    await mkdir(dirname(join(target, name)), { recursive: true });
    await writeFile(join(target, name), text);
  }
  console.log(`wrote ${target}`);
}
