import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BuildPeerError } from '../../dist/index.js';
import { fromFile, JsonFileStateStore } from '../../dist/node/index.js';
import { client, fileIn, projectId, recordingFetch } from './environment.mjs';

const MiB = 1024 * 1024;

test('a small file goes up in one PUT and is followed to COMPLETED', async () => {
  const recording = recordingFetch();
  const progress = [];
  const result = await client({ fetch: recording.fetcher }).upload(await fromFile(fileIn('photo.jpg')), {
    projectId, checksum: true, onProgress: (each) => progress.push(each),
  });

  assert.equal(result.status, 'COMPLETED');
  assert.ok(result.downloadUrl, 'a COMPLETED upload has a download link');
  assert.equal(recording.storagePuts().length, 1);
  // The result came by push: the event stream answered and nothing was polled.
  assert.equal(recording.exchanges.filter((each) => each.path?.endsWith('/events') && each.status === 200).length, 1);
  assert.equal(recording.exchanges.filter((each) => each.path?.endsWith('/status')).length, 0);
  assert.deepEqual(progress.map((each) => each.phase).filter((phase, i, all) => all.indexOf(phase) === i),
    ['checksumming', 'initiating', 'uploading', 'processing', 'done']);
  const acknowledged = progress.map((each) => each.bytesAcknowledged);
  assert.deepEqual(acknowledged, [...acknowledged].sort((a, b) => a - b));
  assert.equal(acknowledged.at(-1), progress[0].totalBytes);
});

test('a 12 MiB file goes up in parts sent in parallel and is completed', async () => {
  let inFlight = 0;
  let mostInFlight = 0;
  const recording = recordingFetch();
  const counting = async (url, init) => {
    const storage = init?.method === 'PUT';
    if (storage) mostInFlight = Math.max(mostInFlight, ++inFlight);
    try {
      return await recording.fetcher(url, init);
    } finally {
      if (storage) inFlight--;
    }
  };
  const result = await client({ fetch: counting }).upload(await fromFile(fileIn('plan.dwg')), { projectId, waitForResult: false });

  assert.notEqual(result.status, 'PENDING');
  assert.equal(result.partsSent, 3);
  assert.equal(recording.storagePuts().length, 3);
  assert.ok(mostInFlight > 1, `parts went one at a time (${mostInFlight})`);
  assert.equal(recording.exchanges.filter((each) => each.path?.endsWith('/complete')).length, 1);
});

test('an interrupted multipart upload resumes by sending only the parts storage has not acknowledged', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'buildpeer-sdk-'));
  try {
    const statePath = join(folder, 'state.json');
    const source = await fromFile(fileIn('plan.dwg'));
    const stop = new AbortController();
    const first = recordingFetch();
    await assert.rejects(client({ fetch: first.fetcher, stateStore: new JsonFileStateStore(statePath) }).upload(source, {
      projectId, waitForResult: false, partConcurrency: 1, signal: stop.signal,
      onProgress: (each) => { if (each.bytesAcknowledged >= 5 * MiB) stop.abort(); },
    }));
    assert.equal(first.storagePuts().filter((each) => each.status === 200).length, 1);
    const interrupted = await readFile(statePath, 'utf8');

    const second = recordingFetch();
    const result = await client({ fetch: second.fetcher, stateStore: new JsonFileStateStore(statePath) })
      .upload(await fromFile(fileIn('plan.dwg')), { projectId, waitForResult: false });

    assert.equal(result.resumed, true);
    assert.equal(result.partsSent, 2);
    assert.equal(second.storagePuts().length, 2);
    assert.equal(second.exchanges.filter((each) => each.path?.endsWith('/initiate')).length, 0);
    assert.notEqual(result.status, 'PENDING');

    // A run that stopped after completing but before forgetting its record: the next run sends nothing again.
    await writeFile(statePath, interrupted);
    const third = recordingFetch();
    const again = await client({ fetch: third.fetcher, stateStore: new JsonFileStateStore(statePath) })
      .upload(await fromFile(fileIn('plan.dwg')), { projectId, waitForResult: false });
    assert.equal(again.uploadId, result.uploadId);
    assert.equal(again.partsSent, 0);
    assert.equal(third.storagePuts().length, 0);
    assert.equal(third.exchanges.filter((each) => each.path?.endsWith('/initiate')).length, 0);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a refused file type surfaces the stable code file_type_not_allowed', async () => {
  await assert.rejects(client().upload(await fromFile(fileIn('setup.exe')), { projectId }), (error) => {
    assert.ok(error instanceof BuildPeerError);
    assert.equal(error.code, 'file_type_not_allowed');
    assert.equal(error.status, 422);
    return true;
  });
});
