import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { browserBuild, listFiles } from '../../scripts/browser-build.mjs';

const vendored = fileURLToPath(new URL('../../../../src/Gateway/wwwroot/vendor/buildpeer-uploads-client', import.meta.url));

// The gateway serves a copy of the browser build: it must be what the committed sources compile to.
test('the browser build vendored into the gateway is up to date with the sources', async () => {
  const expected = await browserBuild();
  const stale = 'src/Gateway/wwwroot/vendor/buildpeer-uploads-client is stale: run scripts/vendor-sdk.sh.';
  const present = (await listFiles(vendored)).map((path) => relative(vendored, path).split(sep).join('/'));
  assert.deepEqual(present, [...expected.keys()].sort(), stale);
  for (const [name, text] of expected) assert.equal(await readFile(join(vendored, name), 'utf8'), text, `${name}: ${stale}`);
});
