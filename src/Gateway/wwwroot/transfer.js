// The fetch the SDK's storage PUTs go through on this page. XMLHttpRequest rather than fetch: only it reports upload
// progress, which the rows show while a part (or a whole photo) is on its way.

/** How long a transfer may go without progress before it counts as lost (a dead network rarely says so itself). */
const STALL_MS = 45000;

/**
 * A PUT of `init.body` with `init.headers` (exactly those signed into the URL), answered the way fetch answers:
 * a Response with the status and the ETag, a TypeError when no answer came (network down, stalled, or refused by
 * CORS), the signal's reason when `init.signal` aborts. `onProgress` gets the bytes sent so far.
 */
export function storageFetch(url, init, onProgress) {
  const signal = init.signal;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
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

    xhr.open(init.method, url);
    for (const [name, value] of Object.entries(init.headers || {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      rearm();
      onProgress(event.loaded);
    };
    xhr.onload = () => {
      settle();
      const empty = [101, 204, 205, 304].includes(xhr.status);
      const etag = xhr.getResponseHeader('ETag');
      resolve(new Response(empty ? null : xhr.responseText, { status: xhr.status, headers: etag ? { ETag: etag } : {} }));
    };
    xhr.onerror = () => {
      settle();
      reject(new TypeError('Storage could not be reached (network down, or the bucket has no CORS rule for this page).'));
    };
    xhr.onabort = () => {
      settle();
      if (stalled) reject(new TypeError('The transfer stalled.'));
      else reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    rearm();
    xhr.send(init.body);
  });
}
