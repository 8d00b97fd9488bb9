import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isResumeRecord, storedRecord, usableRecord } from '../../dist/browser/stored-record.js';

const hour = 60 * 60 * 1000;
const multipart = { uploadId: 'u1', method: 'MULTIPART', size: 12, partSize: 5, parts: [{ partNumber: 1, etag: '"a"' }] };

test('a row written within the maximum age gives its record back', () => {
  const row = storedRecord('p|plan.dwg:12:1', multipart, 1_000);
  assert.deepEqual(usableRecord(row, 1_000 + 24 * hour, 24 * hour), multipart);
});

test('a row older than the maximum age, or written in the future, is not resumed from', () => {
  const row = storedRecord('k', multipart, 10 * hour);
  assert.equal(usableRecord(row, 10 * hour + 24 * hour + 1, 24 * hour), undefined);
  assert.equal(usableRecord(row, 9 * hour, 24 * hour), undefined);
});

test('rows of another shape are not resumed from', () => {
  for (const row of [undefined, null, 'text', { record: multipart }, { savedAt: 1, record: { ...multipart, uploadId: 7 } }]) {
    assert.equal(usableRecord(row, 1, hour), undefined, JSON.stringify(row));
  }
});

test('a record is a single PUT without parts or a multipart with a part size and numbered parts', () => {
  assert.equal(isResumeRecord({ uploadId: 'u', method: 'PUT', size: 3, parts: [] }), true);
  assert.equal(isResumeRecord(multipart), true);
  assert.equal(isResumeRecord({ ...multipart, partSize: undefined }), false);
  assert.equal(isResumeRecord({ ...multipart, partSize: 0 }), false);
  assert.equal(isResumeRecord({ ...multipart, parts: [{ partNumber: 0, etag: '"a"' }] }), false);
  assert.equal(isResumeRecord({ ...multipart, parts: [{ partNumber: 1 }] }), false);
  assert.equal(isResumeRecord({ ...multipart, method: 'POST' }), false);
  assert.equal(isResumeRecord({ ...multipart, size: -1 }), false);
  assert.equal(isResumeRecord({ uploadId: 'u', method: 'PUT', size: 3, parts: [{ partNumber: 1, etag: '"a"' }] }), false);
});
