import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayApi, RetryPolicy, UploadWatch } from '../../dist/index.js';
import { EventLog } from './support/events.mjs';
import { FakeClock } from './support/fake-clock.mjs';
import { FakeHub } from './support/fake-hub.mjs';
import { startGateway } from './support/gateway-server.mjs';

// The watch's waits, by their length (its defaults; the backoff's jitter is 0 unless a test says otherwise).
const POLL = 2000;
const STALE_CHECK = 15_000;
const RECONNECT = 1000;
const RECHECK = 60_000;

const status = (uploadId, status, version, projectId = 'p1') => ({ uploadId, projectId, status, version });

/** A watch on a real HTTP gateway stand-in and a fake clock; `seen` logs statuses, modes and uploads gone. */
async function watching(t, { hub, random = () => 0 } = {}) {
  const server = await startGateway();
  const clock = new FakeClock();
  const seen = new EventLog();
  const gateway = new GatewayApi({ baseUrl: server.url, tenantId: 'acme', token: 'token-1', retry: new RetryPolicy({ maxRetries: 0 }) });
  const watch = new UploadWatch(gateway, {
    clock,
    retry: new RetryPolicy({ baseDelayMs: 1000, random }),
    ...(hub ? { hub: { connection: () => hub.builder() } } : {}),
    onStatus: (update) => seen.push(`${update.uploadId} ${update.status}`),
    onMode: (mode, via) => seen.push(`mode ${mode}${via ? ` ${via}` : ''}`),
    onGone: (uploadId, error) => seen.push(`gone ${uploadId} ${error.code}`),
  });
  t.after(() => {
    watch.close();
    return server.close();
  });
  const statuses = () => seen.entries.filter((entry) => !entry.startsWith('mode ') && !entry.startsWith('gone '));
  const modes = () => seen.entries.filter((entry) => entry.startsWith('mode '));
  return { server, clock, seen, watch, statuses, modes };
}

test('pushed statuses come once each: older or repeated versions and other uploads are dropped', async (t) => {
  const { server, seen, watch, statuses } = await watching(t);
  watch.follow('u1', 'p1');
  watch.follow('u2', 'p1');
  await seen.until((entry) => entry === 'mode push sse');

  server.push(status('u1', 'PROCESSING', 2));
  server.push(status('u1', 'UPLOADED', 1)); // late and older
  server.push(status('u3', 'COMPLETED', 5)); // not followed
  server.push(status('u1', 'PROCESSING', 2)); // a repeat after a reconnect
  server.push(status('u1', 'COMPLETED', 3));
  server.push(status('u1', 'COMPLETED', 3));
  server.push(status('u2', 'PROCESSING', 1));
  await seen.until((entry) => entry === 'u2 PROCESSING');

  assert.deepEqual(statuses(), ['u1 PROCESSING', 'u1 COMPLETED', 'u2 PROCESSING']);
});

test('polls never go back in rank nor repeat a state, and a terminal status ends the following', async (t) => {
  const { server, clock, seen, watch, statuses, modes } = await watching(t);
  server.refusedStreams.set('p1', 404); // a gateway without the event stream
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');

  for (const [answer, delivered] of [['UPLOADED', true], ['PENDING', false], ['PROCESSING', true], ['PROCESSING', false], ['COMPLETED', true]]) {
    server.statuses.set('u1', { uploadId: 'u1', status: answer });
    await clock.fire(POLL);
    if (delivered) await seen.until((entry) => entry === `u1 ${answer}`);
    else await clock.pending(POLL); // the round is over
  }

  assert.deepEqual(statuses(), ['u1 UPLOADED', 'u1 PROCESSING', 'u1 COMPLETED']);
  assert.deepEqual(modes(), ['mode polling', 'mode idle']);
  assert.equal(server.log.count('poll u1'), 5);
  assert.equal(clock.timers.size, 0, 'nothing left to poll or reconnect');
});

test('failed polls back off, and an answered one brings the interval back', async (t) => {
  const { server, clock, seen, watch } = await watching(t, { random: () => 0.5 });
  server.refusedStreams.set('p1', 404);
  server.statuses.set('u1', 503);
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');

  await clock.fire(POLL);
  await clock.fire(POLL + 500); // half (the jitter) of the first step, 1 s
  await clock.pending(POLL + 1000); // half of the second, 2 s
  server.statuses.set('u1', { uploadId: 'u1', status: 'PROCESSING' });
  await clock.fire(POLL + 1000);
  await seen.until((entry) => entry === 'u1 PROCESSING');
  await clock.pending(POLL);

  assert.equal(server.log.count('poll u1'), 3);
});

test('a hub that refuses the project hands it to the event stream', async (t) => {
  const hub = new FakeHub({ refuse: { p1: 'forbidden' } });
  const { server, seen, watch, statuses, modes } = await watching(t, { hub });
  watch.follow('u1', 'p1');
  await seen.until((entry) => entry === 'mode push sse');

  server.push(status('u1', 'COMPLETED', 3));
  await seen.until((entry) => entry === 'u1 COMPLETED');

  assert.deepEqual(statuses(), ['u1 COMPLETED']);
  assert.deepEqual(modes(), ['mode push sse', 'mode idle']);
  await hub.log.until((call) => call === 'stop');
  assert.deepEqual(hub.calls, ['start', 'JoinProject p1', 'stop']);
});

test('a hub that cannot be reached hands the project to the event stream', async (t) => {
  const hub = new FakeHub({ unavailable: true });
  const { server, seen, watch } = await watching(t, { hub });
  watch.follow('u1', 'p1');

  await seen.until((entry) => entry === 'mode push sse');
  assert.equal(server.log.count('open p1'), 1);
  assert.deepEqual(hub.calls, ['start', 'stop']);
});

test('over the hub, the project is joined once, a reconnect shows as polling, and the last unfollow leaves it', async (t) => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2), u9: status('u9', 'PROCESSING', 7, 'p2') } });
  const { server, seen, watch, statuses, modes } = await watching(t, { hub });
  watch.follow('u1', 'p1');
  watch.follow('u2', 'p1');
  watch.expectChanges('u1');
  await seen.until((entry) => entry === 'u1 PROCESSING'); // the current state, sent on join

  const connection = hub.connections[0];
  connection.interrupt();
  await seen.nth('mode polling', 2);
  connection.reconnect(); // joins again, and the current state comes again: a repeat
  await seen.nth('mode push hub', 2);
  connection.emit('upload:status', status('u1', 'UPLOADED', 1));
  connection.emit('upload:status', status('u1', 'COMPLETED', 3));
  connection.emit('upload:completed', status('u1', 'COMPLETED', 3));
  connection.emit('upload:status', status('u2', 'PROCESSING', 2));
  await seen.until((entry) => entry === 'u2 PROCESSING');
  watch.unfollow('u2');
  await hub.log.until((call) => call === 'stop');

  assert.deepEqual(statuses(), ['u1 PROCESSING', 'u1 COMPLETED', 'u2 PROCESSING']);
  assert.deepEqual(modes(), ['mode polling', 'mode push hub', 'mode polling', 'mode push hub', 'mode idle']);
  assert.deepEqual(hub.calls, ['start', 'JoinProject p1', 'JoinProject p1', 'LeaveProject p1', 'stop']);
  assert.equal(server.log.entries.length, 0, 'no event stream, no poll');
});

test('a cut event stream falls back to polling, and push takes over again when the stream is back', async (t) => {
  const { server, clock, seen, watch, statuses, modes } = await watching(t);
  server.statuses.set('u1', { uploadId: 'u1', status: 'PROCESSING' });
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');
  await seen.until((entry) => entry === 'mode push sse');

  server.cut('p1');
  await seen.nth('mode polling', 2);
  await clock.fire(POLL);
  await seen.until((entry) => entry === 'u1 PROCESSING');
  await clock.fire(RECONNECT);
  await seen.nth('mode push sse', 2);
  server.push(status('u1', 'COMPLETED', 4));
  await seen.until((entry) => entry === 'u1 COMPLETED');

  assert.deepEqual(statuses(), ['u1 PROCESSING', 'u1 COMPLETED']);
  assert.deepEqual(modes(), ['mode polling', 'mode push sse', 'mode polling', 'mode push sse', 'mode idle']);
  assert.equal(server.log.count('open p1'), 2);
});

test('a project whose access was lost on the hub is polled, and an upload out of reach is reported gone', async (t) => {
  const hub = new FakeHub();
  const { server, clock, seen, watch, modes } = await watching(t, { hub });
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');
  await seen.until((entry) => entry === 'mode push hub');

  hub.connections[0].emit('upload:access-lost', { projectId: 'p1', uploadId: null, code: 'project_not_found' });
  await seen.nth('mode polling', 2);
  await clock.fire(POLL);
  await seen.until((entry) => entry === 'gone u1 upload_not_found');

  assert.deepEqual(modes(), ['mode polling', 'mode push hub', 'mode polling', 'mode idle']);
  assert.equal(server.log.count('open p1'), 0, 'the event stream would refuse it too');
  await hub.log.until((call) => call === 'stop');
  assert.deepEqual(hub.calls, ['start', 'JoinProject p1', 'stop']);
});

test('an event stream refused with 403 leaves the project to polling until push is tried again', async (t) => {
  const { server, clock, seen, watch, statuses } = await watching(t);
  server.refusedStreams.set('p1', 403);
  server.statuses.set('u1', { uploadId: 'u1', status: 'PROCESSING' });
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');
  await clock.fire(POLL);
  await seen.until((entry) => entry === 'u1 PROCESSING');

  server.refusedStreams.delete('p1');
  await clock.fire(RECHECK);
  await seen.until((entry) => entry === 'mode push sse');

  assert.deepEqual(statuses(), ['u1 PROCESSING']);
  assert.equal(server.log.count('open p1'), 1);
});

test('an upload not heard of for the stale interval is asked about once, though pushed', async (t) => {
  const { server, clock, seen, watch, statuses } = await watching(t);
  server.statuses.set('u1', { uploadId: 'u1', status: 'COMPLETED' });
  watch.follow('u1', 'p1');
  watch.expectChanges('u1');
  await seen.until((entry) => entry === 'mode push sse');

  await clock.fire(POLL); // set while the stream was connecting: nothing is due now that it is pushed
  await clock.fire(STALE_CHECK); // 17 s without news
  await clock.pending(STALE_CHECK);
  assert.equal(server.log.count('poll u1'), 0);
  await clock.fire(STALE_CHECK); // 32 s
  await seen.until((entry) => entry === 'u1 COMPLETED');

  assert.deepEqual(statuses(), ['u1 COMPLETED']);
  assert.equal(server.log.count('poll u1'), 1);
});

test('unfollowing the last upload of a project closes its event stream, and close ends the others', async (t) => {
  const { server, watch } = await watching(t);
  watch.follow('u1', 'p1');
  watch.follow('u2', 'p1');
  watch.follow('u3', 'p2');
  await server.log.nth('open p1');
  await server.log.nth('open p2');

  watch.unfollow('u1');
  watch.unfollow('u2');
  await server.log.nth('closed p1');
  assert.equal(server.log.count('closed p2'), 0);
  assert.equal(server.log.count('open p1'), 1);

  watch.close();
  await server.log.nth('closed p2');
  assert.throws(() => watch.follow('u4', 'p1'), /closed/);
});
