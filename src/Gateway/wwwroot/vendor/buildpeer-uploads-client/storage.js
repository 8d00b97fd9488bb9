// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** PUTs `body` to a presigned URL with exactly the headers signed into it. Rejects only when `signal` aborts. */
export async function putToStorage(fetcher, url, body, headers, signal) {
    try {
        const response = await fetcher(url, { method: 'PUT', headers, body: body, signal });
        const text = response.ok ? '' : await response.text().catch(() => '');
        return {
            status: response.status,
            etag: response.headers.get('ETag') ?? undefined,
            code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
            message: /<Message>([^<]+)<\/Message>/.exec(text)?.[1],
        };
    }
    catch (error) {
        if (signal?.aborted)
            throw signal.reason;
        return { status: 0, etag: undefined, code: undefined, message: String(error) };
    }
}
/** Whether storage refused because the URL expired: S3 says "Request has expired"; our own clock is the backstop. */
export function isExpired(answer, expiresAtMs, nowMs) {
    return nowMs >= expiresAtMs || /expired/i.test(answer.message ?? '') || answer.code === 'ExpiredToken';
}
