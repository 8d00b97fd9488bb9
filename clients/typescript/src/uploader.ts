import { BuildPeerError, ProblemError, StorageError, UploadEndedError } from './errors.js';
import { GatewayApi, type GatewayOptions } from './gateway.js';
import { HubTransport, type HubTransportOptions } from './hub/hub-transport.js';
import { planParts, type PlannedPart } from './parts.js';
import { ProgressTracker, type UploadProgress } from './progress.js';
import { MemoryStateStore, type ResumeRecord, type UploadStateStore } from './resume.js';
import { classifyStorageAnswer, RetryPolicy, sleep, type RetryOptions } from './retry.js';
import { contentTypeOf, sha256Base64, type UploadSource } from './source.js';
import { PollingTransport, ServerSentEventsTransport, waitForTerminal, type StatusTransport, type StatusUpdate } from './status.js';
import { isExpired, putToStorage, type StorageAnswer } from './storage.js';
import type { InitiatedUpload } from './types.js';

export interface UploadClientOptions extends Omit<GatewayOptions, 'retry'> {
  /** Retries of storage PUTs and gateway calls: 5 with exponential backoff and full jitter by default. */
  retry?: RetryOptions;
  /** Parts of one multipart file in flight at once (4 by default). */
  partConcurrency?: number;
  /** Where resume records live: in memory by default; `JsonFileStateStore` from `./node` keeps them on disk. */
  stateStore?: UploadStateStore;
  /** Results over the gateway's SignalR hub first (then server-sent events, then polling), with the caller's client. */
  hub?: HubTransportOptions;
  /** How the result is awaited, replacing the default: [hub,] server-sent events, then polling. */
  statusTransports?: (gateway: GatewayApi) => StatusTransport[];
  /** Polling interval of the default fallback (2 s). */
  pollIntervalMs?: number;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
}

export interface UploadOptions {
  projectId: string;
  /** Declared content type; derived from the file name's extension by default. */
  contentType?: string;
  /** Send the file's SHA-256 so storage verifies the bytes (reads the file once more first). */
  checksum?: boolean;
  /** Makes initiate safe to repeat; a fresh random key by default. */
  idempotencyKey?: string;
  /**
   * This file's entry of an initiate the caller sent itself (a page initiating several files in one request): its
   * URLs are used as they are, and no initiate is sent.
   */
  initiated?: InitiatedUpload;
  /** Wait until the service has processed the file (true by default); false returns once storage holds it. */
  waitForResult?: boolean;
  partConcurrency?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Every status push or poll delivered while waiting for the result. */
  onStatus?: (update: StatusUpdate) => void;
  /** Aborting stops the transfer; what storage acknowledged stays in the state store for a later run. */
  signal?: AbortSignal;
}

export interface UploadResult {
  uploadId: string;
  /** COMPLETED when the result was awaited; otherwise the status once the bytes were stored. */
  status: string;
  thumbnailUrl: string | null;
  downloadUrl: string | null;
  /** True when this run continued an upload an earlier run had started. */
  resumed: boolean;
  /** Storage PUTs that stored bytes in this run (parts, or 1 for a single PUT). */
  partsSent: number;
  /** Fresh URLs asked for because storage said one had expired. */
  urlRefreshes: number;
  /** Retries after transient failures. */
  retries: number;
}

/** Where one transfer stands: its URLs and what this run did. */
interface Transfer {
  record: ResumeRecord;
  key: string;
  source: UploadSource;
  url: string | undefined;
  headers: Record<string, string>;
  partUrls: Map<number, string>;
  expiresAt: number;
  resumed: boolean;
  /** Set when an earlier run already got the bytes in (it stopped before forgetting its record): nothing to send. */
  storedStatus?: string;
  partsSent: number;
  urlRefreshes: number;
  retries: number;
  tracker: ProgressTracker;
  signal: AbortSignal;
}

/** Codes by which the gateway says an upload recorded for resuming cannot go on as it was. */
const STALE_RECORD_CODES = new Set(['upload_not_found', 'invalid_transition', 'not_multipart', 'not_single_put', 'not_upload_owner']);

/** Statuses past PENDING that hold no usable bytes: a recorded upload in one of them is started afresh. */
const GONE_STATUSES = new Set(['ABORTED', 'EXPIRED']);

/**
 * Uploads files to BuildPeer: initiate, then straight to storage with the presigned URLs (one PUT, or multipart with
 * parts in parallel), each PUT retried with backoff and signed again when its URL expired, then complete, and
 * (optionally) wait for the processed result by push with polling as the fallback.
 */
export class UploadClient {
  readonly gateway: GatewayApi;
  private readonly retry: RetryPolicy;
  private readonly fetch: typeof fetch;
  private readonly store: UploadStateStore;
  private readonly transports: StatusTransport[];
  private readonly now: () => number;

  constructor(private readonly options: UploadClientOptions) {
    this.retry = new RetryPolicy(options.retry);
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.gateway = new GatewayApi({ ...options, fetch: this.fetch, retry: this.retry });
    this.store = options.stateStore ?? new MemoryStateStore();
    this.transports = options.statusTransports?.(this.gateway) ?? [
      ...(options.hub ? [new HubTransport(this.gateway, options.hub)] : []),
      new ServerSentEventsTransport(this.gateway),
      new PollingTransport(this.gateway, options.pollIntervalMs),
    ];
    this.now = options.now ?? Date.now;
  }

  async upload(source: UploadSource, options: UploadOptions): Promise<UploadResult> {
    const signal = options.signal ?? new AbortController().signal;
    const tracker = new ProgressTracker(source.size, options.onProgress);
    const key = `${options.projectId}|${source.identity}`;
    const transfer = options.initiated
      ? await this.start(key, source, options.initiated, tracker, signal)
      : await this.resume(key, source, tracker, signal) ?? await this.initiate(key, source, options, tracker, signal);

    tracker.phase('uploading', transfer.record.uploadId);
    let status: string;
    if (transfer.storedStatus) {
      status = transfer.storedStatus;
      tracker.acknowledge(0, source.size);
    } else if (transfer.record.method === 'MULTIPART') {
      await this.sendParts(transfer, options.partConcurrency ?? this.options.partConcurrency ?? 4);
      tracker.phase('completing');
      status = (await this.gateway.complete(transfer.record.uploadId, [...transfer.record.parts]
        .sort((a, b) => a.partNumber - b.partNumber)
        .map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })), signal)).status;
    } else {
      await this.sendWhole(transfer);
      status = 'PENDING';
    }
    await this.store.delete(key);

    const result: UploadResult = {
      uploadId: transfer.record.uploadId, status, thumbnailUrl: null, downloadUrl: null, resumed: transfer.resumed,
      partsSent: transfer.partsSent, urlRefreshes: transfer.urlRefreshes, retries: transfer.retries,
    };
    if (options.waitForResult === false) return result;

    tracker.phase('processing');
    const end = await this.waitForResult(result.uploadId, { signal, projectId: options.projectId, onStatus: (update) => {
      tracker.phase('processing', undefined, update.status);
      options.onStatus?.(update);
    } });
    tracker.phase('done', undefined, end.status);
    return { ...result, status: end.status, thumbnailUrl: end.thumbnailUrl ?? null, downloadUrl: end.downloadUrl ?? null };
  }

  /**
   * Waits for COMPLETED; throws {@link UploadEndedError} with the upload's `errorCode` when it ends otherwise. The
   * upload's `projectId`, when given, lets a hub transport join the project rather than the upload.
   */
  async waitForResult(
    uploadId: string, options: { signal?: AbortSignal; projectId?: string; onStatus?: (update: StatusUpdate) => void } = {},
  ): Promise<StatusUpdate> {
    const end = await waitForTerminal(uploadId, this.transports, options.signal ?? new AbortController().signal, options.onStatus,
      { projectId: options.projectId });
    if (end.status !== 'COMPLETED') throw new UploadEndedError(uploadId, end.status, end.errorCode, end.error);
    return end;
  }

  /** Gives a PENDING upload up: storage is cleaned and the quota released. */
  abort(uploadId: string, signal?: AbortSignal): Promise<StatusUpdate> {
    return this.gateway.abort(uploadId, signal);
  }

  private async initiate(key: string, source: UploadSource, options: UploadOptions, tracker: ProgressTracker, signal: AbortSignal): Promise<Transfer> {
    if (options.checksum) tracker.phase('checksumming');
    const checksumSha256 = options.checksum ? await sha256Base64(source) : null;
    tracker.phase('initiating');
    const file = { filename: source.name, contentType: options.contentType ?? contentTypeOf(source.name, source.type), size: source.size, checksumSha256 };
    let ticket: InitiatedUpload;
    try {
      ticket = (await this.gateway.initiate(options.projectId, [file], options.idempotencyKey ?? crypto.randomUUID(), signal)).uploads[0]!;
    } catch (error) {
      throw fileRejection(error);
    }
    return this.start(key, source, ticket, tracker, signal);
  }

  /** Records a fresh upload for resuming and sets out to send it with the URLs initiate signed. */
  private async start(key: string, source: UploadSource, ticket: InitiatedUpload, tracker: ProgressTracker, signal: AbortSignal): Promise<Transfer> {
    const method = ticket.method === 'MULTIPART' ? 'MULTIPART' : 'PUT';
    const record: ResumeRecord = { uploadId: ticket.uploadId, method, size: source.size, parts: [] };
    if (method === 'MULTIPART') record.partSize = Number(ticket.partSize);
    await this.store.set(key, record);
    return this.transfer(key, source, record, false, tracker, signal, {
      url: ticket.url ?? undefined, headers: ticket.headers, expiresAt: ticket.expiresAt,
      parts: (ticket.parts ?? []).map((part) => ({ partNumber: Number(part.partNumber), url: part.url })),
    });
  }

  /** Continues what an earlier run recorded for the same file, or undefined when there is nothing to continue. */
  private async resume(key: string, source: UploadSource, tracker: ProgressTracker, signal: AbortSignal): Promise<Transfer | undefined> {
    const record = await this.store.get(key);
    if (!record || record.size !== source.size) return undefined;
    try {
      if (record.method === 'PUT') {
        const fresh = await this.gateway.refreshPutUrl(record.uploadId, signal);
        return this.transfer(key, source, record, true, tracker, signal, { ...fresh, parts: [] });
      }

      const done = new Set(record.parts.map((part) => part.partNumber));
      const missing = planParts(record.size, record.partSize!).filter((part) => !done.has(part.partNumber)).map((part) => part.partNumber);
      const fresh = missing.length > 0 ? await this.gateway.refreshPartUrls(record.uploadId, missing, signal) : undefined;
      const transfer = this.transfer(key, source, record, true, tracker, signal, {
        url: undefined, headers: {}, expiresAt: fresh?.expiresAt ?? new Date(this.now()).toISOString(),
        parts: (fresh?.parts ?? []).map((part) => ({ partNumber: Number(part.partNumber), url: part.url })),
      });
      for (const part of planParts(record.size, record.partSize!)) {
        if (done.has(part.partNumber)) tracker.acknowledge(part.partNumber, part.size);
      }
      return transfer;
    } catch (error) {
      if (!(error instanceof ProblemError) || !STALE_RECORD_CODES.has(error.code)) throw error;
      const status = error.code === 'invalid_transition' ? (await this.gateway.status(record.uploadId, signal)).status : undefined;
      if (status && !GONE_STATUSES.has(status)) {
        const stored = this.transfer(key, source, record, true, tracker, signal, { url: undefined, headers: {}, expiresAt: '', parts: [] });
        stored.storedStatus = status;
        return stored;
      }

      // Given up or expired: nothing to continue, so the file starts afresh.
      await this.store.delete(key);
      return undefined;
    }
  }

  private transfer(
    key: string, source: UploadSource, record: ResumeRecord, resumed: boolean, tracker: ProgressTracker, signal: AbortSignal,
    urls: { url: string | undefined; headers: Record<string, string>; expiresAt: string; parts: { partNumber: number; url: string }[] },
  ): Transfer {
    return {
      record, key, source, resumed, tracker, signal, url: urls.url, headers: urls.headers,
      partUrls: new Map(urls.parts.map((part) => [part.partNumber, part.url])), expiresAt: Date.parse(urls.expiresAt),
      partsSent: 0, urlRefreshes: 0, retries: 0,
    };
  }

  private async sendWhole(transfer: Transfer): Promise<void> {
    const body = await transfer.source.slice(0, transfer.source.size);
    // If-None-Match makes the PUT write-once: a 412 on our own retry means an earlier try already stored it.
    const conditional = Object.keys(transfer.headers).some((name) => name.toLowerCase() === 'if-none-match');
    await this.putWithRetries(transfer, transfer.signal, 1, transfer.source.size, conditional, () => ({ url: transfer.url!, headers: transfer.headers, body }), async () => {
      const fresh = await this.gateway.refreshPutUrl(transfer.record.uploadId, transfer.signal);
      transfer.url = fresh.url;
      transfer.headers = fresh.headers;
      transfer.expiresAt = Date.parse(fresh.expiresAt);
    });
  }

  private async sendParts(transfer: Transfer, concurrency: number): Promise<void> {
    const done = new Set(transfer.record.parts.map((part) => part.partNumber));
    const queue = planParts(transfer.record.size, transfer.record.partSize!).filter((part) => !done.has(part.partNumber));
    // One part failing for good stops its siblings; the caller's signal stops them all.
    const inner = new AbortController();
    const stop = () => inner.abort(transfer.signal.reason);
    transfer.signal.addEventListener('abort', stop, { once: true });
    try {
      const worker = async () => {
        for (let part = queue.shift(); part; part = queue.shift()) await this.sendPart(transfer, inner.signal, part);
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
    } catch (error) {
      inner.abort(error);
      throw transfer.signal.aborted ? transfer.signal.reason : error;
    } finally {
      transfer.signal.removeEventListener('abort', stop);
    }
  }

  private async sendPart(transfer: Transfer, signal: AbortSignal, part: PlannedPart): Promise<void> {
    const body = await transfer.source.slice(part.offset, part.offset + part.size);
    const etag = await this.putWithRetries(transfer, signal, part.partNumber, part.size, false,
      () => ({ url: transfer.partUrls.get(part.partNumber)!, headers: {}, body }),
      async () => {
        const fresh = await this.gateway.refreshPartUrls(transfer.record.uploadId, [part.partNumber], signal);
        for (const url of fresh.parts) transfer.partUrls.set(Number(url.partNumber), url.url);
        transfer.expiresAt = Date.parse(fresh.expiresAt);
      });
    if (!etag) {
      throw new StorageError(200, undefined, "Storage hid the part's ETag: the bucket's CORS rule must list ETag in ExposeHeaders.");
    }
    transfer.record.parts.push({ partNumber: part.partNumber, etag });
    await this.store.set(transfer.key, transfer.record);
  }

  /** One PUT until storage holds it: retried with backoff, signed again on expiry; resolves with the ETag. */
  private async putWithRetries(
    counters: Transfer, signal: AbortSignal, partNumber: number, size: number, conditional: boolean,
    request: () => { url: string; headers: Record<string, string>; body: Blob | Uint8Array },
    resign: () => Promise<void>,
  ): Promise<string | undefined> {
    let answer: StorageAnswer | undefined;
    for (let retry = 0; retry <= this.retry.maxRetries; retry++) {
      const { url, headers, body } = request();
      counters.tracker.sending(partNumber, 0);
      answer = await putToStorage(this.fetch, url, body, headers, signal);
      const verdict = classifyStorageAnswer(answer.status, isExpired(answer, counters.expiresAt, this.now()), conditional);
      if (verdict === 'ok' || verdict === 'stored') {
        counters.partsSent++;
        counters.tracker.acknowledge(partNumber, size);
        return answer.etag;
      }
      if (verdict === 'fail') break;
      if (verdict === 'resign') {
        // A fresh URL is not a failure: it does not use up a retry.
        counters.urlRefreshes++;
        retry--;
        if (counters.urlRefreshes > this.retry.maxRetries + 1) break;
        await resign();
      } else {
        counters.retries++;
        if (retry < this.retry.maxRetries) await sleep(this.retry.delayBefore(retry + 1), signal);
      }
    }
    throw new StorageError(answer!.status, answer!.code,
      `Storage refused part ${partNumber}: ${answer!.status} ${answer!.code ?? ''} ${answer!.message ?? ''}`.trim());
  }
}

/** A one-file initiate refused as `files_rejected` surfaces the file's own code (`file_type_not_allowed`, ...). */
function fileRejection(error: unknown): unknown {
  if (error instanceof ProblemError && error.code === 'files_rejected' && error.problem?.files?.length === 1) {
    const file = error.problem.files[0]!;
    return new BuildPeerError(file.code ?? error.code, file.detail ?? error.message, error.status, error.problem);
  }
  return error;
}
