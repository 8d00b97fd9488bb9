// Unfinished uploads kept in IndexedDB, so a reload or a killed tab loses no part storage acknowledged: picking the
// same file again resumes its upload. One record per tenant, user, project and file name; it goes once the bytes are all
// sent, or when the upload is given up.

import { fromBlob, sha256Base64 } from './vendor/buildpeer-uploads-client/index.js';

const DATABASE = 'buildpeer-uploader';
const STORE = 'uploads';
const EDGE_BYTES = 1024 * 1024;

/** The record of a file: a name is one file in a project, so another file picked under it is not mistaken for it. */
export function recordKey(tenant, user, projectId, name) {
  return [tenant, user, projectId, name].join('\n');
}

/**
 * The first and last MiB hashed: with size and modification time it tells a file edited or replaced under the same
 * name from the one the upload began with, without reading all of a large file again. SHA-256 where the page has
 * SubtleCrypto (secure contexts only), else FNV-1a, enough to notice a change.
 */
export async function fingerprint(file) {
  const head = file.slice(0, EDGE_BYTES);
  const tail = file.slice(Math.max(EDGE_BYTES, file.size - EDGE_BYTES));
  const edges = new Blob([head, tail]);
  const sha = await checksumOf(edges);
  if (sha) return sha;
  let hash = 0x811c9dc5;
  for (const byte of new Uint8Array(await edges.arrayBuffer())) hash = Math.imul(hash ^ byte, 0x01000193);
  return `fnv1a:${(hash >>> 0).toString(16)}`;
}

/** Base64 SHA-256 of the blob, or null where the page has no SubtleCrypto (only secure contexts have it). */
export function checksumOf(blob) {
  return globalThis.crypto?.subtle ? sha256Base64(fromBlob(blob)) : Promise.resolve(null);
}

/** Whether `file` (with its fingerprint) is the file the record was made for. */
export function isSameFile(record, file, print) {
  return record.size === file.size && record.lastModified === file.lastModified && record.fingerprint === print;
}

export class UploadStore {
  constructor() {
    this.opening = null;
  }

  open() {
    this.opening ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.opening;
  }

  /** One transaction; `action` gets the object store and returns a function that reads its result once committed. */
  async run(mode, action) {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const result = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result?.());
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  /** @returns {Promise<object[]>} every unfinished upload of this browser */
  all() {
    return this.run('readonly', (store) => {
      const request = store.getAll();
      return () => request.result;
    });
  }

  get(key) {
    return this.run('readonly', (store) => {
      const request = store.get(key);
      return () => request.result;
    });
  }

  /** Writes the record unless the key already holds another upload (the same file picked twice on one page). */
  save(record) {
    return this.run('readwrite', (store) => {
      const current = store.get(record.key);
      current.onsuccess = () => {
        if (!current.result || current.result.uploadId === record.uploadId) store.put(record);
      };
    });
  }

  /** Removes the record of `uploadId` (any record under the key when none is named). */
  delete(key, uploadId = null) {
    return this.run('readwrite', (store) => {
      const current = store.get(key);
      current.onsuccess = () => {
        if (current.result && (uploadId === null || current.result.uploadId === uploadId)) store.delete(key);
      };
    });
  }
}
