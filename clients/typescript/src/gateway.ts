import { BuildPeerError, ProblemError } from './errors.js';
import { isTransient, RetryPolicy, sleep } from './retry.js';
import type {
  InitiateFile, InitiateResponse, PartUrlsResponse, Problem, PutUrlResponse, UploadStatusResponse,
} from './types.js';

export interface GatewayOptions {
  /** The gateway's base URL, e.g. `https://uploads.example.com`. */
  baseUrl: string;
  /** The tenant the caller acts in (`X-Tenant-ID`). */
  tenantId: string;
  /** A bearer token, or a function returning the current one (called before every request, so it may refresh). */
  token: string | (() => string | Promise<string>);
  /** fetch to use; the global one by default. */
  fetch?: typeof fetch;
  retry?: RetryPolicy;
}

/**
 * The gateway's upload endpoints. Every call here is safe to repeat (initiate carries an Idempotency-Key; complete,
 * re-sign and abort answer the same again), so transient failures are retried, waiting at least `Retry-After`.
 */
export class GatewayApi {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  readonly retry: RetryPolicy;

  constructor(private readonly options: GatewayOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.retry = options.retry ?? new RetryPolicy();
  }

  initiate(projectId: string, files: InitiateFile[], idempotencyKey: string, signal?: AbortSignal): Promise<InitiateResponse> {
    return this.send('POST', 'api/uploads/initiate', { projectId, files }, signal, { 'Idempotency-Key': idempotencyKey });
  }

  refreshPartUrls(uploadId: string, partNumbers: number[], signal?: AbortSignal): Promise<PartUrlsResponse> {
    return this.send('POST', `api/uploads/${uploadId}/parts`, { partNumbers }, signal);
  }

  refreshPutUrl(uploadId: string, signal?: AbortSignal): Promise<PutUrlResponse> {
    return this.send('POST', `api/uploads/${uploadId}/url`, undefined, signal);
  }

  complete(uploadId: string, parts: { PartNumber: number; ETag: string }[], signal?: AbortSignal): Promise<UploadStatusResponse> {
    return this.send('POST', `api/uploads/${uploadId}/complete`, { parts }, signal);
  }

  abort(uploadId: string, signal?: AbortSignal): Promise<UploadStatusResponse> {
    return this.send('POST', `api/uploads/${uploadId}/abort`, undefined, signal);
  }

  status(uploadId: string, signal?: AbortSignal): Promise<UploadStatusResponse> {
    return this.send('GET', `api/uploads/${uploadId}/status`, undefined, signal);
  }

  /** Opens a long-lived GET (the event stream); refusals are thrown as problems, the body is the caller's. */
  async open(path: string, signal?: AbortSignal): Promise<Response> {
    const response = await this.fetch(this.url(path), {
      headers: { ...(await this.headers()), Accept: 'text/event-stream' }, signal,
    });
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  private async send<T>(method: string, path: string, body: unknown, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<T> {
    for (let retry = 0; ; retry++) {
      let failure: BuildPeerError;
      try {
        const response = await this.fetch(this.url(path), {
          method,
          headers: { ...(await this.headers()), ...extra, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? null : JSON.stringify(body),
          signal,
        });
        if (response.ok) return (await response.json()) as T;
        failure = await problemOf(response);
      } catch (error) {
        if (signal?.aborted || error instanceof BuildPeerError) throw error;
        failure = new BuildPeerError('network_error', `No answer from the gateway: ${String(error)}`, 0, undefined, undefined, { cause: error });
      }
      if (!isTransient(failure.status) || retry >= this.retry.maxRetries) throw failure;
      const waitMs = Math.max(this.retry.delayBefore(retry + 1), (failure.retryAfterSeconds ?? 0) * 1000);
      await sleep(waitMs, signal);
    }
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  /** The gateway's URL of `path`, for transports that make their own connections (the hub). */
  urlOf(path: string): string {
    return `${this.baseUrl}/${path}`;
  }

  /** The current bearer token. */
  async token(): Promise<string> {
    return typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
  }

  private url(path: string): string {
    return this.urlOf(path);
  }

  private async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.token()}`, 'X-Tenant-ID': this.options.tenantId, Accept: 'application/json' };
  }
}

/** The gateway's RFC 9457 answer as an error; a non-problem body still gives a typed error with the status. */
export async function problemOf(response: Response): Promise<BuildPeerError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as Problem;
    if (problem && typeof problem.code === 'string') return new ProblemError(problem, response.status, retryAfterSeconds);
  } catch {
    // not JSON: a proxy's page, say
  }
  return new BuildPeerError(response.status >= 500 ? 'error' : 'unexpected_response',
    `The gateway answered ${response.status} ${response.statusText}.`, response.status, undefined, retryAfterSeconds);
}
