// The gateway's SignalR hub (/hubs/uploads), the page's first choice for live status: one WebSocket for every
// project followed. The client library is vendor/signalr.min.js (see scripts/vendor-signalr.sh), loaded as a classic
// script before the modules; without it, or when the hub cannot be reached, the page falls back to event streams.

const PATH = '/hubs/uploads';

export class HubFeed {
  /**
   * @param {import('./api.js').Api} api
   * @param {(status: object) => void} onStatus       every upload:status, the event stream's body
   * @param {(projectId: string) => void} onLost      a joined project the caller may no longer follow
   * @param {(connected: boolean) => void} onState    the connection came (back) or went
   */
  constructor(api, onStatus, onLost, onState) {
    this.api = api;
    this.onStatus = onStatus;
    this.onLost = onLost;
    this.onState = onState;
    this.connection = null;
    this.starting = null;
    this.tenant = '';
    this.failed = false;
    this.joined = new Set();
  }

  static get available() {
    return typeof globalThis.signalR?.HubConnectionBuilder === 'function';
  }

  get connected() {
    return this.connection?.state === 'Connected';
  }

  /** Joins a project's uploads; false when the hub is not there or refused it (then use another transport). */
  async join(projectId) {
    if (this.failed || !(await this.start())) return false;
    try {
      await this.connection.invoke('JoinProject', projectId);
      this.joined.add(projectId);
      return true;
    } catch {
      return false;
    }
  }

  leave(projectId) {
    this.joined.delete(projectId);
    if (this.connected) this.connection.invoke('LeaveProject', projectId).catch(() => {});
  }

  stop() {
    this.joined.clear();
    const connection = this.connection;
    this.connection = null;
    this.starting = null;
    connection?.stop();
  }

  start() {
    const session = this.api.credentials();
    if (!session) return Promise.resolve(false);
    if (this.connection && this.tenant !== session.tenant) this.stop();
    if (this.starting) return this.starting;
    this.tenant = session.tenant;
    const signalR = globalThis.signalR;
    // A browser cannot put headers on a WebSocket: the token (access_token) and the tenant travel in the query string.
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${PATH}?tenant=${encodeURIComponent(session.tenant)}`, { accessTokenFactory: () => this.api.credentials()?.token ?? '' })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    connection.on('upload:status', (status) => this.onStatus(status));
    connection.on('upload:access-lost', (lost) => {
      if (lost.uploadId) return;
      this.joined.delete(lost.projectId);
      this.onLost(lost.projectId);
    });
    connection.onreconnecting(() => this.onState(false));
    connection.onreconnected(async () => {
      // Memberships belong to a connection: join again, and get the current state first.
      for (const projectId of [...this.joined]) {
        try {
          await connection.invoke('JoinProject', projectId);
        } catch {
          this.joined.delete(projectId);
          this.onLost(projectId);
        }
      }
      this.onState(true);
    });
    connection.onclose(() => {
      if (this.connection !== connection) return; // stopped on purpose
      this.connection = null;
      this.starting = null;
      this.failed = true;
      this.onState(false);
    });
    this.connection = connection;
    this.starting = connection.start().then(() => true, () => {
      this.failed = true;
      this.connection = null;
      return false;
    });
    return this.starting;
  }
}
