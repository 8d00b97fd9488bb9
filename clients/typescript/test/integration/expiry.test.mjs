import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromFile } from '../../dist/node/index.js';
import { client, fileIn, projectId, recordingFetch } from './environment.mjs';

const urlLifetimeMs = Number(process.env.BUILDPEER_URL_LIFETIME_MS ?? '3000');

test('a single PUT whose URL expired is signed again through the gateway and sent', async () => {
  // The first PUT is held until its URL has expired, so storage itself refuses it.
  const recording = recordingFetch(async (exchange, all) => {
    if (exchange.storage && all.filter((each) => each.storage).length === 1) {
      await new Promise((resolve) => setTimeout(resolve, urlLifetimeMs + 1500));
    }
  });
  // This host consumes no storage events, so the upload stays PENDING once its bytes are in.
  const result = await client({ fetch: recording.fetcher, retry: { maxRetries: 0 } })
    .upload(await fromFile(fileIn('photo.jpg')), { projectId, waitForResult: false });

  assert.deepEqual(recording.storagePuts().map((each) => each.status), [403, 200]);
  assert.equal(recording.exchanges.filter((each) => each.path?.endsWith('/url')).length, 1);
  assert.equal(recording.exchanges.filter((each) => each.path?.endsWith('/initiate')).length, 1);
  assert.equal(result.urlRefreshes, 1);
  assert.equal(result.retries, 0);
});
