import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JsonFileStateStore } from '../../dist/node/index.js';

test('parts acknowledged at the same time are all kept, and a new store reads them back', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'buildpeer-store-'));
  try {
    const path = join(folder, 'nested', 'state.json');
    const store = new JsonFileStateStore(path);
    const record = (parts) => ({ uploadId: 'u1', method: 'MULTIPART', size: 30, partSize: 10, parts });
    await Promise.all([
      store.set('a', record([{ partNumber: 1, etag: '"1"' }])),
      store.set('b', record([])),
      store.set('c', record([])),
    ]);
    await store.delete('c');

    const reread = new JsonFileStateStore(path);
    assert.deepEqual(await reread.get('a'), record([{ partNumber: 1, etag: '"1"' }]));
    assert.deepEqual(await reread.get('b'), record([]));
    assert.equal(await reread.get('c'), undefined);
    assert.deepEqual(Object.keys(JSON.parse(await readFile(path, 'utf8'))), ['a', 'b']);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a missing file is an empty store', async () => {
  assert.equal(await new JsonFileStateStore(join(tmpdir(), 'buildpeer-none', 'state.json')).get('x'), undefined);
});
