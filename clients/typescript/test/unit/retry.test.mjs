import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyStorageAnswer, isTransient, RetryPolicy } from '../../dist/index.js';

test('backoff doubles per retry up to the cap, scaled by full jitter', () => {
  const top = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((retry) => top.delayBefore(retry)), [99, 199, 399, 799, 999, 999]);

  const bottom = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
  assert.equal(bottom.delayBefore(3), 0);

  const half = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
  assert.equal(half.delayBefore(2), 100);
});

test('a huge retry number stays at the cap rather than overflowing', () => {
  const policy = new RetryPolicy({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.5 });
  assert.equal(policy.delayBefore(1000), 15_000);
  assert.throws(() => policy.delayBefore(0), RangeError);
});

test('five retries by default', () => {
  assert.equal(new RetryPolicy().maxRetries, 5);
});

test('time-outs, throttling, server faults and no answer are transient; refusals are not', () => {
  for (const status of [0, 408, 429, 500, 502, 503, 504]) assert.equal(isTransient(status), true, String(status));
  for (const status of [400, 401, 403, 404, 409, 412, 422]) assert.equal(isTransient(status), false, String(status));
});

test('storage answers are classified', () => {
  assert.equal(classifyStorageAnswer(200, false, false), 'ok');
  assert.equal(classifyStorageAnswer(412, false, true), 'stored', 'write-once: our own earlier try stored it');
  assert.equal(classifyStorageAnswer(412, false, false), 'fail');
  assert.equal(classifyStorageAnswer(403, true, false), 'resign');
  assert.equal(classifyStorageAnswer(403, false, false), 'fail');
  assert.equal(classifyStorageAnswer(503, false, false), 'retry');
  assert.equal(classifyStorageAnswer(0, false, false), 'retry');
  assert.equal(classifyStorageAnswer(400, false, false), 'fail');
});
