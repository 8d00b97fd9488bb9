import { EventLog } from './events.mjs';

// An in-memory stand-in for the caller's SignalR client, answering joins as the gateway's hub does: the current
// state first (from `states`), then whatever the test emits.
export class FakeHub {
  constructor({ states = {}, refuse = {}, unavailable = false } = {}) {
    this.states = states;
    this.unavailable = unavailable;
    this.refuse = refuse;
    this.calls = [];
    this.log = new EventLog(); // the calls again, to wait for one
    this.urls = [];
    this.connections = [];
  }

  record(call) {
    this.calls.push(call);
    this.log.push(call);
  }

  builder() {
    const hub = this;
    return {
      withUrl(url, options) {
        hub.urls.push(url);
        hub.accessTokenFactory = options.accessTokenFactory;
        return this;
      },
      build() {
        const connection = hub.connection();
        hub.connections.push(connection);
        return connection;
      },
    };
  }

  connection() {
    const hub = this;
    const handlers = new Map();
    const closed = [];
    const reconnecting = [];
    const reconnected = [];
    return {
      emit(name, body) {
        for (const handler of handlers.get(name) ?? []) handler(body);
      },
      drop() {
        for (const callback of closed) callback(new Error('socket gone'));
      },
      reconnect() {
        for (const callback of reconnected) callback('new-id');
      },
      /** An automatic reconnect begins: the caller hears it, and reconnect() ends it. */
      interrupt() {
        for (const callback of reconnecting) callback(new Error('socket gone'));
      },
      start() {
        hub.record('start');
        return hub.unavailable ? Promise.reject(new Error('Failed to complete negotiation with the server: 404')) : Promise.resolve();
      },
      stop() {
        hub.record('stop');
        return Promise.resolve();
      },
      on(name, handler) {
        handlers.set(name, [...(handlers.get(name) ?? []), handler]);
      },
      onclose(callback) {
        closed.push(callback);
      },
      onreconnecting(callback) {
        reconnecting.push(callback);
      },
      onreconnected(callback) {
        reconnected.push(callback);
      },
      async invoke(method, id) {
        hub.record(`${method} ${id}`);
        if (hub.refuse[id]) throw new Error(`An unexpected error occurred invoking '${method}' on the server. HubException: ${hub.refuse[id]}: Refused.`);
        if (method.startsWith('Join')) {
          for (const state of Object.values(hub.states)) {
            if (state.uploadId === id || state.projectId === id) this.emit('upload:status', state);
          }
        }
      },
    };
  }
}
