import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressTracker } from '../../dist/index.js';

test('acknowledged bytes never go backwards when a part is retried', () => {
  const seen = [];
  const tracker = new ProgressTracker(30, (progress) => seen.push(progress));
  tracker.phase('uploading', 'u1');
  tracker.sending(1, 8);
  tracker.sending(2, 5);
  tracker.acknowledge(1, 10);
  tracker.sending(2, 0); // part 2 failed and starts again
  tracker.acknowledge(2, 10);
  tracker.acknowledge(3, 10);

  const acknowledged = seen.map((progress) => progress.bytesAcknowledged);
  const sent = seen.map((progress) => progress.bytesSent);
  assert.deepEqual(acknowledged, [...acknowledged].sort((a, b) => a - b));
  assert.deepEqual(sent, [...sent].sort((a, b) => a - b));
  assert.equal(tracker.current.bytesAcknowledged, 30);
  assert.ok(seen.every((progress) => progress.bytesSent >= progress.bytesAcknowledged));
});

test('phases only move forward and repeats are not reported', () => {
  const phases = [];
  const tracker = new ProgressTracker(1, (progress) => phases.push(progress.phase));
  tracker.phase('initiating');
  tracker.phase('uploading');
  tracker.phase('uploading');
  tracker.phase('initiating');
  tracker.phase('completing');
  tracker.phase('done');
  assert.deepEqual(phases, ['initiating', 'uploading', 'completing', 'done']);
});

test('counts never exceed the file size', () => {
  const tracker = new ProgressTracker(10);
  tracker.acknowledge(1, 8);
  tracker.acknowledge(2, 8);
  assert.equal(tracker.current.bytesAcknowledged, 10);
});
