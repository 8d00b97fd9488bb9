import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBlob, UploadClient } from '../../dist/index.js';

test('an upload the caller initiated is sent with its own URLs, with no initiate and no re-signing', async () => {
  const requests = [];
  const fetch = async (url, init) => {
    requests.push(`${init.method} ${url}`);
    if (init.method === 'PUT') return new Response(null, { status: 200, headers: { ETag: `"etag-${requests.length}"` } });
    return Response.json({ uploadId: 'u1', status: 'UPLOADED' });
  };
  const client = new UploadClient({ baseUrl: 'https://gateway.test', tenantId: 'acme', token: 't', fetch });
  const ticket = {
    uploadId: 'u1', method: 'MULTIPART', partSize: 5, expiresAt: new Date(Date.now() + 3600000).toISOString(),
    parts: [{ partNumber: 1, url: 'https://storage.test/p1' }, { partNumber: 2, url: 'https://storage.test/p2' }],
  };

  const result = await client.upload(fromBlob(new Blob(['0123456789']), 'plan.dwg'),
    { projectId: 'site', initiated: ticket, waitForResult: false, partConcurrency: 1 });

  assert.equal(result.uploadId, 'u1');
  assert.equal(result.status, 'UPLOADED');
  assert.deepEqual(requests, ['PUT https://storage.test/p1', 'PUT https://storage.test/p2', 'POST https://gateway.test/api/uploads/u1/complete']);
});
