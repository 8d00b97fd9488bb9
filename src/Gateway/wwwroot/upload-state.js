// The SDK's resume store for one upload of the page. The page keeps its own IndexedDB record of each unfinished
// upload (store.js: who sent it and the file's fingerprint too, for the "Unfinished uploads" list), so this store
// only hands the SDK the parts storage acknowledged and passes each new one back to the page.

/** The server no longer takes bytes for the upload (expired, aborted or unknown); the page tells the user. */
class UploadClosed extends Error {
  constructor() {
    super('Its upload is no longer open on the server.');
    this.code = 'invalid_transition';
  }
}

export class UploadState {
  /**
   * @param {import('./uploader.js').Upload} upload
   * @param {() => void} onAcknowledged  called once the upload's parts hold the ETags storage acknowledged
   */
  constructor(upload, onAcknowledged) {
    this.upload = upload;
    this.onAcknowledged = onAcknowledged;
  }

  get() {
    const { uploadId, method, size, partSize, parts } = this.upload;
    if (method !== 'MULTIPART') return Promise.resolve({ uploadId, method: 'PUT', size, parts: [] });
    const stored = parts.filter((part) => part.etag).map(({ partNumber, etag }) => ({ partNumber, etag }));
    return Promise.resolve({ uploadId, method, size, partSize, parts: stored });
  }

  set(_key, record) {
    for (const stored of record.parts) {
      const part = this.upload.parts.find((each) => each.partNumber === stored.partNumber);
      if (part) part.etag = stored.etag;
    }
    this.onAcknowledged();
    return Promise.resolve();
  }

  /**
   * The SDK forgets the record once the bytes are in; before it sends anything it does so only when the server
   * closed the upload meanwhile, and would then start the file afresh as another upload: that is the user's call.
   */
  delete() {
    return this.upload.transferring ? Promise.resolve() : Promise.reject(new UploadClosed());
  }
}
