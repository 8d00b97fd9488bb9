// A small real HTTP server answering as the gateway does for the upload watch: project event streams
// (GET /api/projects/{id}/events, the push contract's `status` messages) and GET /api/uploads/{id}/status.
import { createServer } from 'node:http';
import { EventLog } from './events.mjs';

export async function startGateway() {
  const streams = new Map(); // projectId -> open responses
  const gateway = {
    /** Each upload's answer to a poll: a status body, or an HTTP status to refuse with. */
    statuses: new Map(),
    /** Projects whose event stream is refused, with the HTTP status. */
    refusedStreams: new Map(),
    /** 'open <project>', 'closed <project>', 'poll <upload>', in order. */
    log: new EventLog(),
    url: '',

    /** Sends a `status` message to every open stream of the upload's project. */
    push(status) {
      const message = `event: status\nid: ${status.uploadId}:${status.version}\ndata: ${JSON.stringify(status)}\n\n`;
      for (const response of streams.get(status.projectId) ?? []) response.write(message);
    },

    /** Ends every open stream of the project, as a proxy cutting idle connections would. */
    cut(projectId) {
      for (const response of streams.get(projectId) ?? []) response.destroy();
    },

    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://gateway').pathname;
    const stream = /^\/api\/projects\/([^/]+)\/events$/.exec(path);
    const poll = /^\/api\/uploads\/([^/]+)\/status$/.exec(path);
    if (stream) {
      const projectId = decodeURIComponent(stream[1]);
      const refusal = gateway.refusedStreams.get(projectId);
      if (refusal) return problem(response, refusal, refusal === 404 ? 'project_not_found' : 'forbidden');
      const open = streams.get(projectId) ?? new Set();
      streams.set(projectId, open);
      open.add(response);
      response.on('close', () => {
        open.delete(response);
        gateway.log.push(`closed ${projectId}`);
      });
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write(': open\n\n');
      gateway.log.push(`open ${projectId}`);
    } else if (poll) {
      const uploadId = decodeURIComponent(poll[1]);
      const answer = gateway.statuses.get(uploadId) ?? 404;
      gateway.log.push(`poll ${uploadId}`);
      if (typeof answer === 'number') return problem(response, answer, answer === 404 ? 'upload_not_found' : 'cluster_unavailable');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer));
    } else {
      problem(response, 404, 'not_found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${server.address().port}`;
  return gateway;
}

function problem(response, status, code) {
  response.writeHead(status, { 'Content-Type': 'application/problem+json' });
  response.end(JSON.stringify({ status, title: 'Refused', code }));
}
