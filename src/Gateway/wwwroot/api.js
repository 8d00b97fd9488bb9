// The gateway's API as the page uses it. Every call carries the bearer token and the tenant; errors arrive as
// problem+json with a stable `code`, surfaced here as ApiError.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || (status === 0 ? 'The server cannot be reached.' : `The server answered ${status}.`));
    this.status = status;
    this.code = problem?.code || (status === 0 ? 'network_error' : 'error');
    this.detail = problem?.detail || '';
    this.problem = problem || {};
  }

  /** Worth trying again later: the network, the cluster or a proxy failed, not the request. */
  get transient() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export class Api {
  /** @param {() => {token: string, tenant: string} | null} credentials */
  constructor(credentials) {
    this.credentials = credentials;
    /** Called with the ApiError when the token was refused (expired, or signed by someone else). */
    this.onUnauthorized = () => {};
  }

  headers(extra = {}) {
    const session = this.credentials();
    const headers = { Accept: 'application/json', ...extra };
    if (session) {
      headers.Authorization = `Bearer ${session.token}`;
      headers['X-Tenant-ID'] = session.tenant;
    }
    return headers;
  }

  async request(method, path, body, extraHeaders = {}, signal = undefined) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(body === undefined ? extraHeaders : { 'Content-Type': 'application/json', ...extraHeaders }),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, null);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const failure = new ApiError(response.status, json);
      if (response.status === 401) this.onUnauthorized(failure);
      throw failure;
    }
    return json;
  }

  /** A page of the caller's projects by name; q filters by part of the name or id, after is the last page's nextCursor. */
  listProjects({ q = '', limit, after } = {}) {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (limit) query.set('limit', String(limit));
    if (after) query.set('after', after);
    const search = query.toString();
    return this.request('GET', search ? `/api/projects?${search}` : '/api/projects');
  }

  createProject(projectId, name) {
    return this.request('POST', '/api/projects', { projectId, name });
  }

  setMember(projectId, userId, role) {
    return this.request('PUT', `/api/projects/${encodeURIComponent(projectId)}/members/${encodeURIComponent(userId)}`, { role });
  }

  /** One request for many files; the Idempotency-Key makes a retry after a lost answer return the same uploads. */
  initiate(projectId, files, idempotencyKey) {
    return this.request('POST', '/api/uploads/initiate', { projectId, files }, { 'Idempotency-Key': idempotencyKey });
  }

  abort(uploadId) {
    return this.request('POST', `/api/uploads/${uploadId}/abort`, {});
  }

  status(uploadId) {
    return this.request('GET', `/api/uploads/${uploadId}/status`);
  }

  details(uploadId) {
    return this.request('GET', `/api/uploads/${uploadId}`);
  }

  /** Development only: the endpoint is not mapped in other environments, so a 404 says "no minting here". */
  mintDevToken(userId, tenant, role) {
    return this.request('POST', '/api/dev/token', { userId, tenants: [tenant], role });
  }
}
