import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planParts } from '../../dist/index.js';

const MiB = 1024 * 1024;

test('a file is cut into full parts and a shorter last one', () => {
  assert.deepEqual(planParts(12 * MiB, 5 * MiB), [
    { partNumber: 1, offset: 0, size: 5 * MiB },
    { partNumber: 2, offset: 5 * MiB, size: 5 * MiB },
    { partNumber: 3, offset: 10 * MiB, size: 2 * MiB },
  ]);
});

test('an exact multiple has no empty last part', () => {
  assert.deepEqual(planParts(10 * MiB, 5 * MiB).map((part) => part.size), [5 * MiB, 5 * MiB]);
  assert.deepEqual(planParts(0, 5 * MiB), []);
});

test('nonsense sizes are refused', () => {
  assert.throws(() => planParts(-1, 5), RangeError);
  assert.throws(() => planParts(10, 0), RangeError);
  assert.throws(() => planParts(1.5, 1), RangeError);
});
