import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEvents } from '../../dist/index.js';

function streamOf(...chunks) {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

test('events split across chunks, comments and CRLF are parsed per the standard', async () => {
  const events = [];
  for await (const event of readEvents(streamOf(': keep-alive\n\nevent: sta', 'tus\r\nid: a:1\r\ndata: {"x":1}\r', '\n\r\ndata: a\ndata: b\n\n'))) {
    events.push(event);
  }
  assert.deepEqual(events, [
    { event: 'status', id: 'a:1', data: '{"x":1}' },
    { event: 'message', id: undefined, data: 'a\nb' },
  ]);
});
