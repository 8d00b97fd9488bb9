// The page's queue of uploads: files wait, are initiated a few at a time (several in one request), are sent by the
// SDK (vendor/buildpeer-uploads-client: PUT or multipart parts with retries, re-signing, complete), and are then
// followed until the service has processed them.

import { ApiError } from './api.js';
import { checksumOf, fingerprint, isSameFile, recordKey } from './store.js';
import { UploadState } from './upload-state.js';
import { storageFetch } from './transfer.js';
import {
  contentTypeOf, fromBlob, RetryPolicy, sleep, TERMINAL_STATUSES, UploadClient,
} from './vendor/buildpeer-uploads-client/index.js';

const ACTIVE_FILES = 3; // files being initiated or sent at once
const PARTS_PER_FILE = 4; // parallel parts of one multipart file
const TRANSFERS = 6; // PUTs in flight in all: what a browser opens to one HTTP/1.1 host anyway
const MAX_ATTEMPTS = 6; // per API call of the page's own, for refusals that may pass
const IN_FLIGHT_RETRY_MS = 5000;
const RETRY = new RetryPolicy({ baseDelayMs: 500, maxDelayMs: 15000 }); // between tries of the page's own API calls
/**
 * The optional checksumSha256 of initiate (the service fails the upload if the bytes it scans differ). SubtleCrypto
 * hashes a whole buffer at once, so above this size the page sends none rather than hold hundreds of MiB in memory;
 * the service still records the SHA-256 it computes itself.
 */
const CHECKSUM_MAX_BYTES = 32 * 1024 * 1024;

/** Phases of an upload on this page; the server's own status is kept apart in `status`. */
export const Phase = Object.freeze({
  Queued: 'queued', Preparing: 'preparing', Uploading: 'uploading', Paused: 'paused', Completing: 'completing',
  Sent: 'sent', Done: 'done', Failed: 'failed', Cancelled: 'cancelled',
});

const ACTIVE = new Set([Phase.Preparing, Phase.Uploading, Phase.Completing]);
const FINISHED = new Set([Phase.Done, Phase.Failed, Phase.Cancelled]);

let nextKey = 1;

export class Upload {
  /** @param {{ projectId: string, tenant: string, user: string }} target where the file goes, and for whom */
  constructor(file, { projectId, tenant, user }) {
    this.key = nextKey++;
    this.file = file;
    this.name = file.name;
    this.size = file.size;
    this.contentType = contentTypeOf(file.name, file.type);
    this.projectId = projectId;
    this.tenant = tenant;
    this.user = user;
    this.phase = Phase.Queued;
    this.status = null; // the server's wire status once known
    this.error = null; // { code, message }
    this.note = ''; // why it waits
    this.uploadId = null;
    this.method = null;
    this.ticket = null; // initiate's answer for this file, until the SDK sends with its URLs
    this.parts = []; // { partNumber, size, etag }
    this.sent = 0; // bytes shown as sent: never goes down
    this.inFlight = new Map(); // part number (1 for a single PUT) -> bytes of its current attempt
    this.details = null; // GET /api/uploads/{id} once COMPLETED
    this.thumbnailUrl = null;
    this.controller = null;
    this.notBefore = 0;
    this.solo = false;
    this.pauseRequested = false;
    this.cancelRequested = false;
    this.transferring = false; // while the SDK sends: set once it got its URLs (see upload-state.js)
    this.partSize = 0;
    this.fingerprint = null; // kept with the unfinished upload (store.js) to know the file again after a reload
    this.saving = Promise.resolve(); // writes of its record, one after the other
  }

  get storeKey() {
    return recordKey(this.tenant, this.user, this.projectId, this.name);
  }

  /** What a reload needs to go on: never the URLs, which expire; the parts storage acknowledged, with their ETags. */
  toRecord() {
    return {
      key: this.storeKey, tenant: this.tenant, user: this.user, projectId: this.projectId,
      name: this.name, size: this.size, lastModified: this.file.lastModified, fingerprint: this.fingerprint,
      uploadId: this.uploadId, method: this.method, partSize: this.partSize, state: this.phase,
      parts: this.parts.map((part) => ({ partNumber: part.partNumber, etag: part.etag })),
    };
  }

  get percent() {
    return this.size > 0 ? Math.floor((this.sent * 100) / this.size) : 0;
  }

  get finished() {
    return FINISHED.has(this.phase);
  }

  /** Done parts count whole, parts on their way by what they sent; the shown figure only ever grows. */
  recount() {
    let bytes = 0;
    if (this.method === 'MULTIPART') {
      for (const part of this.parts) bytes += part.etag ? part.size : this.inFlight.get(part.partNumber) ?? 0;
    } else {
      bytes = this.inFlight.get(1) ?? 0;
    }
    this.sent = Math.max(this.sent, Math.min(bytes, this.size));
  }

  /** A multipart upload's parts, as initiate planned them; `stored` holds the ETags storage acknowledged. */
  planParts(count, stored = []) {
    const etags = new Map(stored.map((part) => [part.partNumber, part.etag]));
    this.parts = Array.from({ length: count }, (_, index) => {
      const offset = index * this.partSize;
      return { partNumber: index + 1, size: Math.min(this.partSize, this.size - offset), etag: etags.get(index + 1) ?? null };
    });
  }
}

/** A fair semaphore: the browser would queue extra requests anyway, but then progress and stall timers would lie. */
class Limiter {
  constructor(size) {
    this.free = size;
    this.waiting = [];
  }

  async acquire(signal) {
    signal?.throwIfAborted();
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise((resolve, reject) => {
      const entry = { resolve, reject };
      this.waiting.push(entry);
      signal?.addEventListener('abort', () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) {
          this.waiting.splice(index, 1);
          reject(new DOMException('Aborted', 'AbortError'));
        }
      }, { once: true });
    });
  }

  release() {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.free++;
  }
}

export class Uploader {
  /**
   * @param {import('./api.js').Api} api
   * @param {import('./live.js').LiveStatus} live
   * @param {{ onChange: (upload: Upload) => void, onRemove: (upload: Upload) => void, onStored?: () => void, announce: (text: string) => void }} view
   * @param {import('./store.js').UploadStore | null} store  unfinished uploads across reloads; null without IndexedDB
   */
  constructor(api, live, view, store = null) {
    this.api = api;
    this.live = live;
    this.view = view;
    this.store = store;
    this.uploads = [];
    this.transfers = new Limiter(TRANSFERS);
    this.held = false; // while the token is refused nothing new starts
  }

  add(files, target) {
    const added = [...files].map((file) => new Upload(file, target));
    this.uploads.push(...added);
    added.forEach((upload) => this.changed(upload));
    if (this.store) {
      for (const upload of added) {
        upload.phase = Phase.Preparing; // until the store says whether an earlier page's upload of it goes on
        this.restore(upload);
      }
    }
    this.pump();
    return added;
  }

  /** Takes up the unfinished upload of the same file from an earlier page: only parts not acknowledged are sent. */
  async restore(upload) {
    let record = null;
    try {
      upload.fingerprint = await fingerprint(upload.file);
      record = await this.store.get(upload.storeKey);
    } catch {
      record = null; // an unreadable store only costs the resume
    }
    // The same file picked twice on this page: the second one is a new upload of its own.
    if (record && this.uploads.some((other) => other.uploadId === record.uploadId)) record = null;
    if (record && !isSameFile(record, upload.file, upload.fingerprint)) {
      upload.pauseRequested = upload.cancelRequested = false;
      this.fail(upload, 'file_changed', 'This is not the file whose upload stopped under this name (its size, date ' +
        'or content differ). Discard that unfinished upload to send this file.', false);
      this.pump();
      return;
    }
    const state = record ? await this.serverState(record.uploadId) : null;
    upload.phase = Phase.Queued;
    if (record && (state === 'PENDING' || state === null)) {
      this.adopt(upload, record); // still open, or not known now: re-signing its URLs will tell
    } else if (record) {
      this.store.delete(record.key, record.uploadId).catch(() => {});
      this.view.onStored?.();
      upload.pauseRequested = upload.cancelRequested = false;
      if (['UPLOADED', 'PROCESSING', 'COMPLETED'].includes(state)) {
        // It all arrived before the page went: followed like any upload sent from this page.
        this.adopt(upload, record);
        upload.phase = Phase.Sent;
        upload.sent = upload.size;
        upload.status = state;
        this.view.announce(`${upload.name} had already arrived; it is followed again.`);
        this.live.expectChanges(upload.uploadId);
        this.changed(upload);
      } else {
        this.fail(upload, 'upload_closed', `Its unfinished upload cannot be resumed: ${describeClosed(state)}. ` +
          'Choose the file again to send it anew.', false);
      }
      this.pump();
      return;
    }
    if (upload.cancelRequested) {
      upload.cancelRequested = false;
      this.cancel(upload);
    } else if (upload.pauseRequested) {
      upload.pauseRequested = false;
      upload.phase = Phase.Paused;
    }
    this.changed(upload);
    this.pump();
  }

  /** Whether this page has the stored upload already, or is still looking for it. */
  holds(record) {
    return this.uploads.some((upload) => upload.uploadId === record.uploadId
      || (!upload.uploadId && upload.phase === Phase.Preparing && upload.storeKey === record.key));
  }

  /** The server's status of an upload: 'UNKNOWN' when it has no such upload, null when it cannot say now. */
  async serverState(uploadId) {
    try {
      return (await this.call(() => this.api.status(uploadId))).status;
    } catch (error) {
      return error.status === 404 ? 'UNKNOWN' : null;
    }
  }

  /** The stored upload becomes this one's: no URL is kept, so the SDK signs each missing part (or the PUT) again. */
  adopt(upload, record) {
    upload.uploadId = record.uploadId;
    upload.method = record.method;
    upload.partSize = record.partSize;
    upload.ticket = null;
    upload.planParts(record.parts.length, record.parts.filter((part) => part.etag));
    upload.recount();
    this.live.follow(upload.uploadId, upload.projectId);
    this.view.announce(`${upload.name} resumes where it stopped.`);
  }

  /** Writes what storage acknowledged so far, in order; a failed write only costs the resume after a reload. */
  remember(upload) {
    const record = upload.toRecord();
    this.persist(upload, () => this.store.save(record));
  }

  /** Drops the record of an upload that finished or was given up. */
  forget(upload) {
    this.persist(upload, () => this.store.delete(upload.storeKey, upload.uploadId));
  }

  persist(upload, write) {
    if (!this.store || !upload.uploadId) return;
    upload.saving = upload.saving.then(write).catch(() => {}).then(() => this.view.onStored?.());
  }

  get busy() {
    return this.uploads.some((upload) => !upload.finished && upload.phase !== Phase.Sent);
  }

  hold() {
    this.held = true;
  }

  release() {
    this.held = false;
    this.pump();
  }

  pause(upload) {
    if (upload.phase === Phase.Preparing) {
      upload.pauseRequested = true;
    } else if (upload.phase === Phase.Queued || upload.phase === Phase.Uploading) {
      upload.phase = Phase.Paused;
      upload.controller?.abort();
    }
    this.changed(upload);
    this.pump();
  }

  resume(upload) {
    upload.pauseRequested = false;
    if (upload.phase !== Phase.Paused) return;
    upload.phase = Phase.Queued;
    upload.error = null;
    this.changed(upload);
    this.pump();
  }

  /** A transfer that failed goes again: the parts storage acknowledged stay, only the rest are sent. */
  retry(upload) {
    if (upload.phase !== Phase.Failed || !upload.retryable) return;
    upload.retryable = false;
    upload.phase = Phase.Queued;
    upload.error = null;
    this.live.follow(upload.uploadId, upload.projectId);
    this.changed(upload);
    this.pump();
  }

  cancel(upload) {
    if (upload.phase === Phase.Preparing) {
      upload.cancelRequested = true;
      this.changed(upload);
      return;
    }
    const retryable = upload.phase === Phase.Failed && upload.retryable;
    if (![Phase.Queued, Phase.Uploading, Phase.Paused].includes(upload.phase) && !retryable) return;
    upload.retryable = false;
    upload.phase = Phase.Cancelled;
    upload.controller?.abort();
    this.giveUp(upload);
    this.changed(upload);
    this.pump();
  }

  pauseAll() {
    // Held while pausing, or each pause would start the next queued file only for the loop to pause it too.
    const held = this.held;
    this.held = true;
    this.uploads.forEach((upload) => this.pause(upload));
    this.held = held;
  }

  resumeAll() {
    this.uploads.forEach((upload) => this.resume(upload));
  }

  clearFinished() {
    for (const upload of this.uploads.filter((each) => each.finished)) {
      if (upload.retryable) this.giveUp(upload); // no Retry once the row is gone: free the project's quota now
      this.view.onRemove(upload);
    }
    this.uploads = this.uploads.filter((upload) => !upload.finished);
  }

  /** A status from the push stream or a poll, already de-duplicated and ordered by the SDK's upload watch (live.js). */
  applyStatus(status) {
    const upload = this.uploads.find((each) => each.uploadId === status.uploadId);
    if (!upload || upload.finished) return;
    upload.status = status.status;
    if (status.thumbnailUrl) upload.thumbnailUrl = status.thumbnailUrl;
    if (status.status === 'COMPLETED') {
      this.finish(upload);
    } else if (TERMINAL_STATUSES.has(status.status)) {
      upload.controller?.abort();
      const code = status.errorCode || status.status.toLowerCase();
      this.fail(upload, code, status.error || describeTerminal(status.status), false);
    }
    this.changed(upload);
  }

  // ---------------------------------------------------------------------------------------------------------

  changed(upload) {
    this.view.onChange(upload);
  }

  pump() {
    if (this.held) return;
    let free = ACTIVE_FILES - this.uploads.filter((upload) => ACTIVE.has(upload.phase)).length;
    // Resumed files already hold their URLs: they go first and need no initiate.
    for (const upload of this.uploads) {
      if (free <= 0) return;
      if (upload.phase === Phase.Queued && upload.uploadId) {
        free--;
        this.send(upload);
      }
    }
    const now = Date.now();
    const ready = this.uploads.filter((upload) => upload.phase === Phase.Queued && !upload.uploadId && upload.notBefore <= now);
    if (free <= 0 || ready.length === 0) return;
    const first = ready[0];
    const batch = first.solo ? [first] : ready.filter((upload) => upload.projectId === first.projectId && !upload.solo).slice(0, free);
    this.initiate(batch);
  }

  async initiate(batch) {
    for (const upload of batch) {
      upload.phase = Phase.Preparing;
      upload.error = null;
      upload.note = '';
      this.changed(upload);
    }
    try {
      const files = await Promise.all(batch.map(async (upload) => ({
        filename: upload.name,
        contentType: upload.contentType,
        size: upload.size,
        checksumSha256: upload.size <= CHECKSUM_MAX_BYTES ? await checksumOf(upload.file).catch(() => null) : null,
      })));
      const key = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      const response = await this.call(() => this.api.initiate(batch[0].projectId, files, key));
      response.uploads.forEach((ticket, index) => this.accept(batch[index], ticket));
    } catch (error) {
      this.refuse(batch, error);
    }
    this.pump();
  }

  accept(upload, ticket) {
    upload.uploadId = ticket.uploadId;
    upload.method = ticket.method;
    upload.ticket = ticket;
    upload.partSize = ticket.partSize ?? 0;
    if (ticket.method === 'MULTIPART') upload.planParts(ticket.parts.length);
    this.live.follow(upload.uploadId, upload.projectId);
    upload.phase = Phase.Queued;
    this.remember(upload);
    if (upload.cancelRequested) {
      this.cancel(upload);
    } else if (upload.pauseRequested) {
      upload.pauseRequested = false;
      upload.phase = Phase.Paused;
      this.changed(upload);
    } else {
      this.send(upload);
    }
  }

  refuse(batch, error) {
    const back = (upload) => {
      upload.phase = upload.pauseRequested ? Phase.Paused : Phase.Queued;
      upload.pauseRequested = false;
      this.changed(upload);
    };
    if (error.code === 'files_rejected') {
      // Nothing was reserved: the files named are refused, the others go again.
      const refused = new Map((error.problem.files || []).map((file) => [file.index, file]));
      batch.forEach((upload, index) => {
        const rejection = refused.get(index);
        if (rejection) this.fail(upload, rejection.code, rejection.detail, false);
        else back(upload);
      });
    } else if (error.code === 'quota_in_flight_exceeded') {
      batch.forEach((upload) => {
        upload.notBefore = Date.now() + IN_FLIGHT_RETRY_MS;
        upload.note = 'Waiting: the project has too many uploads in flight.';
        back(upload);
      });
      setTimeout(() => this.pump(), IN_FLIGHT_RETRY_MS);
    } else if (error.status === 401) {
      batch.forEach(back); // held until the user signs in again
    } else if (batch.length > 1 && error.status === 409) {
      // Room for the whole request ran out: some of the files may still fit on their own.
      batch.forEach((upload) => {
        upload.solo = true;
        back(upload);
      });
    } else {
      batch.forEach((upload) => this.fail(upload, error.code || 'initiate_failed', messageOf(error), false));
    }
  }

  async send(upload) {
    const controller = new AbortController();
    upload.controller = controller;
    upload.phase = Phase.Uploading;
    upload.error = null;
    this.changed(upload);
    const initiated = upload.ticket ?? undefined;
    upload.ticket = null; // its URLs serve the first run only: a later one has the SDK sign again what is missing
    try {
      await this.clientFor(upload).upload(fromBlob(upload.file), {
        projectId: upload.projectId,
        contentType: upload.contentType,
        initiated,
        waitForResult: false, // the page follows every upload at once (live.js)
        partConcurrency: PARTS_PER_FILE,
        signal: controller.signal,
        onProgress: (progress) => this.progressed(upload, progress),
      });
      if (upload.finished) return; // a pushed terminal status overtook the last acknowledgement
      upload.sent = upload.size;
      upload.inFlight.clear();
      upload.phase = Phase.Sent;
      this.forget(upload);
      this.changed(upload);
      this.view.announce(`${upload.name} uploaded; processing.`);
      this.live.follow(upload.uploadId, upload.projectId); // again: a sign-out in between stops all following
      this.live.expectChanges(upload.uploadId);
    } catch (error) {
      if (controller.signal.aborted || upload.finished) return; // paused or cancelled: the phase says which
      if (error.status === 401) {
        this.api.onUnauthorized(error);
        upload.phase = Phase.Paused;
        upload.error = { code: error.code, message: 'Sign in again, then resume.' };
        this.changed(upload);
      } else if (error.code === 'invalid_transition') {
        // Re-signing was refused: the upload expired or was aborted meanwhile, and takes no more bytes.
        this.fail(upload, error.code, 'Its upload is no longer open on the server (it expired or was cancelled). ' +
          'Choose the file again to send it anew.', false);
      } else {
        // The upload stays open on the service, so Retry can send what is left; Cancel gives it up.
        this.fail(upload, error.code || 'upload_failed', messageOf(error), false, true);
      }
    } finally {
      upload.transferring = false;
      if (upload.controller === controller) upload.controller = null;
      this.pump();
    }
  }

  /**
   * The SDK for one upload: the signed-in token, the page's resume record of the upload (upload-state.js), and its
   * storage PUTs through the page, which limits them across files and shows the bytes of each as they go.
   */
  clientFor(upload) {
    return new UploadClient({
      baseUrl: location.origin,
      tenantId: upload.tenant,
      token: () => this.api.credentials()?.token ?? '',
      fetch: (url, init) => (init?.method === 'PUT' ? this.put(upload, url, init) : fetch(url, init)),
      stateStore: new UploadState(upload, () => this.acknowledged(upload)),
      statusTransports: () => [],
    });
  }

  progressed(upload, progress) {
    if (upload.phase !== Phase.Uploading) return;
    if (progress.phase === 'uploading') upload.transferring = true;
    if (progress.phase === 'completing') {
      upload.phase = Phase.Completing;
      this.changed(upload);
    }
  }

  /** Storage acknowledged a part: its ETag is kept, so a reload or Retry does not send it again. */
  acknowledged(upload) {
    for (const part of upload.parts) if (part.etag) upload.inFlight.delete(part.partNumber);
    upload.recount();
    this.remember(upload);
    this.changed(upload);
  }

  async put(upload, url, init) {
    await this.transfers.acquire(init.signal);
    const partNumber = Number(new URL(url).searchParams.get('partNumber') ?? 1);
    try {
      upload.inFlight.set(partNumber, 0);
      return await storageFetch(url, init, (loaded) => {
        upload.inFlight.set(partNumber, loaded);
        upload.recount();
        this.changed(upload);
      });
    } finally {
      this.transfers.release();
    }
  }

  /** An API call, tried again while the failure is the network's or the cluster's. */
  async call(request, signal) {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await request();
      } catch (error) {
        if (!(error instanceof ApiError) || !error.transient || attempt >= MAX_ATTEMPTS - 1) throw error;
        await sleep(RETRY.delayBefore(attempt + 1), signal);
      }
    }
  }

  async finish(upload) {
    upload.phase = Phase.Done;
    upload.sent = upload.size;
    this.view.announce(`${upload.name} is ready.`);
    try {
      upload.details = await this.call(() => this.api.details(upload.uploadId));
      upload.thumbnailUrl = upload.details.thumbnailUrl || upload.thumbnailUrl;
    } catch {
      upload.details = null; // the status already said COMPLETED; the facts are a bonus
    }
    this.changed(upload);
  }

  fail(upload, code, message, giveUp, retryable = false) {
    upload.phase = Phase.Failed;
    upload.retryable = retryable;
    if (!retryable) this.forget(upload); // a retryable one stays: Retry, or a later page, sends what is left
    upload.error = { code, message };
    if (giveUp) this.giveUp(upload);
    else if (upload.uploadId) this.live.unfollow(upload.uploadId);
    this.changed(upload);
    this.view.announce(`${upload.name} failed: ${message}`);
  }

  /** The file will not be sent: the service is told at once, so the project's quota is free again now. */
  giveUp(upload) {
    if (!upload.uploadId) return;
    this.forget(upload);
    this.live.unfollow(upload.uploadId);
    this.api.abort(upload.uploadId).catch(() => {});
  }
}

function messageOf(error) {
  return error.detail && error.detail !== error.message ? `${error.message} ${error.detail}` : error.message;
}

/** Why a stored upload cannot go on, from the server's status of it (or UNKNOWN when the server has none). */
export function describeClosed(state) {
  return state === 'UNKNOWN' ? 'the server no longer knows it' : `it is ${state.toLowerCase()} on the server`;
}

function describeTerminal(status) {
  return {
    FAILED: 'Processing failed.',
    QUARANTINED: 'A virus was found; the file is quarantined.',
    EXPIRED: 'The upload expired before the file arrived.',
    ABORTED: 'The upload was cancelled.',
  }[status] || status;
}
