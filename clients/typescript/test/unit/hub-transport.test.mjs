import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildPeerError, GatewayApi, HubTransport, waitForTerminal } from '../../dist/index.js';
import { FakeHub } from './support/fake-hub.mjs';

const gateway = new GatewayApi({ baseUrl: 'https://uploads.test/', tenantId: 'acme & co', token: () => 'token-1' });
const status = (uploadId, status, version, projectId = 'tower-7') => ({ uploadId, projectId, status, version });

/** A transport that only records that it was asked, then reports the upload finished. */
function fallback(seen) {
  return {
    name: 'fallback',
    async *watch(uploadId) {
      seen.push(uploadId);
      yield status(uploadId, 'COMPLETED', 99);
    },
  };
}

test('the upload is joined on the hub, its state and each change come once, and the hub is left at the end', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PENDING', 1) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder() });
  const seen = [];

  const ending = waitForTerminal('u1', [transport], new AbortController().signal, (update) => {
    seen.push(`${update.status} ${update.version}`);
    if (update.status === 'PENDING') {
      const connection = hub.connections[0];
      connection.emit('upload:status', status('u1', 'PROCESSING', 3));
      connection.emit('upload:status', status('u1', 'UPLOADED', 2)); // late and older: dropped
      connection.emit('upload:status', status('u2', 'COMPLETED', 9)); // another upload
      connection.emit('upload:status', status('u1', 'COMPLETED', 4));
      connection.emit('upload:completed', status('u1', 'COMPLETED', 4)); // the same change under its own name
    }
  });

  assert.equal((await ending).status, 'COMPLETED');
  assert.deepEqual(seen, ['PENDING 1', 'PROCESSING 3', 'COMPLETED 4']);
  assert.deepEqual(hub.urls, ['https://uploads.test/hubs/uploads?tenant=acme%20%26%20co']);
  assert.equal(await hub.accessTokenFactory(), 'token-1');
  assert.deepEqual(hub.calls, ['start', 'JoinUpload u1', 'LeaveUpload u1', 'stop']);
});

test('uploads of one project share one connection and one project join, left after the last', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder(), joinProject: true });
  const signal = new AbortController().signal;
  let firstDone;

  const first = waitForTerminal('u1', [transport], signal, (update) => { firstDone ??= update.status; }, { projectId: 'tower-7' });
  const second = waitForTerminal('u2', [transport], signal, undefined, { projectId: 'tower-7' });
  await new Promise((resolve) => setImmediate(resolve));
  hub.connections[0].emit('upload:status', status('u2', 'COMPLETED', 5));
  hub.connections[0].emit('upload:failed', status('u1', 'FAILED', 3));

  assert.equal((await second).status, 'COMPLETED');
  assert.equal((await first).status, 'FAILED');
  assert.equal(hub.connections.length, 1);
  assert.deepEqual(hub.calls, ['start', 'JoinProject tower-7', 'LeaveProject tower-7', 'stop']);
});

test('a change that came before its watcher started is handed to it first', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder(), joinProject: true });
  const signal = new AbortController().signal;
  const first = waitForTerminal('u1', [transport], signal, undefined, { projectId: 'tower-7' });
  await new Promise((resolve) => setImmediate(resolve));
  hub.connections[0].emit('upload:status', status('u2', 'COMPLETED', 4)); // u2's watcher is not there yet

  assert.equal((await waitForTerminal('u2', [transport], signal, undefined, { projectId: 'tower-7' })).status, 'COMPLETED');
  hub.connections[0].emit('upload:status', status('u1', 'COMPLETED', 3));
  await first;
});

test('a refused join fails with the hub\'s code and the next transport takes over', async () => {
  const hub = new FakeHub({ refuse: { u1: 'upload_not_found' } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder() });

  await assert.rejects(async () => {
    for await (const update of transport.watch('u1', new AbortController().signal)) assert.fail(update);
  }, (error) => error instanceof BuildPeerError && error.code === 'upload_not_found');

  const asked = [];
  assert.equal((await waitForTerminal('u1', [transport, fallback(asked)], new AbortController().signal)).status, 'COMPLETED');
  assert.deepEqual(asked, ['u1']);
  assert.deepEqual(hub.calls.filter((call) => call === 'stop').length, 2, 'each connection stops once nobody watches');
});

test('a dropped connection hands over to the next transport, and the next watch connects again', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder() });
  const asked = [];

  const ending = waitForTerminal('u1', [transport, fallback(asked)], new AbortController().signal, (update) => {
    if (update.status === 'PROCESSING') hub.connections[0].drop();
  });

  assert.equal((await ending).status, 'COMPLETED');
  assert.deepEqual(asked, ['u1']);
  hub.states.u1 = status('u1', 'COMPLETED', 3);
  assert.equal((await waitForTerminal('u1', [transport], new AbortController().signal)).status, 'COMPLETED');
  assert.equal(hub.connections.length, 2);
});

test('after an automatic reconnect every join is made again', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder() });

  const ending = waitForTerminal('u1', [transport], new AbortController().signal, (update) => {
    if (update.version === 2) {
      hub.states.u1 = status('u1', 'COMPLETED', 3); // the change came while the connection was away
      hub.connections[0].reconnect();
    }
  });

  assert.equal((await ending).status, 'COMPLETED');
  assert.deepEqual(hub.calls, ['start', 'JoinUpload u1', 'JoinUpload u1', 'LeaveUpload u1', 'stop']);
});

test('aborting the wait leaves the hub and stops the connection', async () => {
  const hub = new FakeHub({ states: { u1: status('u1', 'PROCESSING', 2) } });
  const transport = new HubTransport(gateway, { connection: () => hub.builder() });
  const stop = new AbortController();

  await assert.rejects(waitForTerminal('u1', [transport], stop.signal, () => stop.abort(new Error('tab closed'))), /tab closed/);

  assert.deepEqual(hub.calls, ['start', 'JoinUpload u1', 'LeaveUpload u1', 'stop']);
});
