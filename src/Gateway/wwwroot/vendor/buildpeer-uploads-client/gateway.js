// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { BuildPeerError, ProblemError } from './errors.js';
import { isTransient, RetryPolicy, sleep } from './retry.js';
/**
 * The gateway's upload endpoints. Every call here is safe to repeat (initiate carries an Idempotency-Key; complete,
 * re-sign and abort answer the same again), so transient failures are retried, waiting at least `Retry-After`.
 */
export class GatewayApi {
    options;
    baseUrl;
    fetch;
    retry;
    constructor(options) {
        this.options = options;
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
        this.retry = options.retry ?? new RetryPolicy();
    }
    initiate(projectId, files, idempotencyKey, signal) {
        return this.send('POST', 'api/uploads/initiate', { projectId, files }, signal, { 'Idempotency-Key': idempotencyKey });
    }
    refreshPartUrls(uploadId, partNumbers, signal) {
        return this.send('POST', `api/uploads/${uploadId}/parts`, { partNumbers }, signal);
    }
    refreshPutUrl(uploadId, signal) {
        return this.send('POST', `api/uploads/${uploadId}/url`, undefined, signal);
    }
    complete(uploadId, parts, signal) {
        return this.send('POST', `api/uploads/${uploadId}/complete`, { parts }, signal);
    }
    abort(uploadId, signal) {
        return this.send('POST', `api/uploads/${uploadId}/abort`, undefined, signal);
    }
    status(uploadId, signal) {
        return this.send('GET', `api/uploads/${uploadId}/status`, undefined, signal);
    }
    /** Opens a long-lived GET (the event stream); refusals are thrown as problems, the body is the caller's. */
    async open(path, signal) {
        const response = await this.fetch(this.url(path), {
            headers: { ...(await this.headers()), Accept: 'text/event-stream' }, signal,
        });
        if (!response.ok)
            throw await problemOf(response);
        return response;
    }
    async send(method, path, body, signal, extra = {}) {
        for (let retry = 0;; retry++) {
            let failure;
            try {
                const response = await this.fetch(this.url(path), {
                    method,
                    headers: { ...(await this.headers()), ...extra, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
                    body: body === undefined ? null : JSON.stringify(body),
                    signal,
                });
                if (response.ok)
                    return (await response.json());
                failure = await problemOf(response);
            }
            catch (error) {
                if (signal?.aborted || error instanceof BuildPeerError)
                    throw error;
                failure = new BuildPeerError('network_error', `No answer from the gateway: ${String(error)}`, 0, undefined, undefined, { cause: error });
            }
            if (!isTransient(failure.status) || retry >= this.retry.maxRetries)
                throw failure;
            const waitMs = Math.max(this.retry.delayBefore(retry + 1), (failure.retryAfterSeconds ?? 0) * 1000);
            await sleep(waitMs, signal);
        }
    }
    get tenantId() {
        return this.options.tenantId;
    }
    /** The gateway's URL of `path`, for transports that make their own connections (the hub). */
    urlOf(path) {
        return `${this.baseUrl}/${path}`;
    }
    /** The current bearer token. */
    async token() {
        return typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    }
    url(path) {
        return this.urlOf(path);
    }
    async headers() {
        return { Authorization: `Bearer ${await this.token()}`, 'X-Tenant-ID': this.options.tenantId, Accept: 'application/json' };
    }
}
/** The gateway's RFC 9457 answer as an error; a non-problem body still gives a typed error with the status. */
export async function problemOf(response) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
    const text = await response.text().catch(() => '');
    try {
        const problem = JSON.parse(text);
        if (problem && typeof problem.code === 'string')
            return new ProblemError(problem, response.status, retryAfterSeconds);
    }
    catch {
        // not JSON: a proxy's page, say
    }
    return new BuildPeerError(response.status >= 500 ? 'error' : 'unexpected_response', `The gateway answered ${response.status} ${response.statusText}.`, response.status, undefined, retryAfterSeconds);
}
