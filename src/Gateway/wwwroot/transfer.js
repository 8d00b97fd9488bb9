// One PUT of bytes to a presigned storage URL. XMLHttpRequest rather than fetch: only it reports upload progress.

/** How long a transfer may go without progress before it counts as lost (a dead network rarely says so itself). */
const STALL_MS = 45000;

/**
 * Sends `body` with `headers` (exactly those signed into the URL; the browser sends the body's length itself) and
 * resolves with `{ status, etag, code }`: status 0 means the request never got an answer (network down, stalled, or
 * refused by CORS). Rejects with an AbortError when `signal` aborts.
 */
export function put(url, body, { headers, onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    let stalled = false;
    let watchdog = 0;
    const rearm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stalled = true;
        xhr.abort();
      }, STALL_MS);
    };
    const onAbort = () => xhr.abort();
    const settle = () => {
      clearTimeout(watchdog);
      signal?.removeEventListener('abort', onAbort);
    };

    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      rearm();
      onProgress?.(event.loaded);
    };
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, etag: xhr.getResponseHeader('ETag'), code: storageErrorCode(xhr.responseText) });
    };
    xhr.onerror = () => {
      settle();
      resolve({ status: 0, etag: null, code: 'network_error' });
    };
    xhr.onabort = () => {
      settle();
      if (stalled) resolve({ status: 0, etag: null, code: 'stalled' });
      else reject(new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    rearm();
    xhr.send(body);
  });
}

/** S3 explains a refusal in XML: `<Error><Code>AccessDenied</Code>...`. */
function storageErrorCode(text) {
  const match = /<Code>([^<]+)<\/Code>/.exec(text || '');
  return match ? match[1] : null;
}
