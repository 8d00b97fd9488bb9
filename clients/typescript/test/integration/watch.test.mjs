import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { GatewayApi, TERMINAL_STATUSES, UploadWatch } from '../../dist/index.js';
import { fromFile } from '../../dist/node/index.js';
import { client, fileIn, gatewayUrl, projectId, tenantId, token } from './environment.mjs';

test('two uploads of a project are followed to COMPLETED through one watch on the project event stream', { timeout: 120_000 }, async () => {
  const ended = new Map();
  const modes = [];
  let pushed;
  let allEnded;
  const connected = new Promise((resolve) => { pushed = resolve; });
  const finished = new Promise((resolve) => { allEnded = resolve; });
  const gateway = new GatewayApi({ baseUrl: gatewayUrl, tenantId, token });
  const watch = new UploadWatch(gateway, {
    pollIntervalMs: 500,
    onStatus: (update) => {
      if (TERMINAL_STATUSES.has(update.status)) ended.set(update.uploadId, update);
      if (ended.size === 2) allEnded();
    },
    onMode: (mode, via) => {
      modes.push(via ? `${mode} ${via}` : mode);
      if (mode === 'push') pushed();
    },
  });
  try {
    const names = ['site-1.jpg', 'site-2.jpg'];
    const sources = await Promise.all(names.map((name) => fromFile(fileIn('photo.jpg'), name)));
    const files = sources.map((source) => ({ filename: source.name, contentType: 'image/jpeg', size: source.size }));
    // Initiated first and followed before any byte is sent: no change can come before the project's stream is open.
    const { uploads } = await gateway.initiate(projectId, files, randomUUID());
    for (const upload of uploads) watch.follow(upload.uploadId, projectId);
    await connected;

    await Promise.all(uploads.map(async (initiated, index) => {
      await client().upload(sources[index], { projectId, initiated, waitForResult: false });
      watch.expectChanges(initiated.uploadId);
    }));
    await finished;

    for (const upload of uploads) {
      const end = ended.get(upload.uploadId);
      assert.equal(end.status, 'COMPLETED', JSON.stringify(end));
      assert.ok(end.downloadUrl, 'a COMPLETED upload has a download link');
    }
    assert.equal(modes[0], 'push sse');
    assert.equal(modes.at(-1), 'idle', 'nothing is followed once both ended');
  } finally {
    watch.close();
  }
});
