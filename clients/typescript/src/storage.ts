/** One storage PUT's answer: status 0 means none came (network down, or refused by CORS). */
export interface StorageAnswer {
  status: number;
  etag: string | undefined;
  /** S3's `<Code>` and `<Message>`, when it explained a refusal. */
  code: string | undefined;
  message: string | undefined;
}

/** PUTs `body` to a presigned URL with exactly the headers signed into it. Rejects only when `signal` aborts. */
export async function putToStorage(
  fetcher: typeof fetch, url: string, body: Blob | Uint8Array, headers: Record<string, string>, signal?: AbortSignal,
): Promise<StorageAnswer> {
  try {
    const response = await fetcher(url, { method: 'PUT', headers, body: body as BodyInit, signal });
    const text = response.ok ? '' : await response.text().catch(() => '');
    return {
      status: response.status,
      etag: response.headers.get('ETag') ?? undefined,
      code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
      message: /<Message>([^<]+)<\/Message>/.exec(text)?.[1],
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { status: 0, etag: undefined, code: undefined, message: String(error) };
  }
}

/** Whether storage refused because the URL expired: S3 says "Request has expired"; our own clock is the backstop. */
export function isExpired(answer: StorageAnswer, expiresAtMs: number, nowMs: number): boolean {
  return nowMs >= expiresAtMs || /expired/i.test(answer.message ?? '') || answer.code === 'ExpiredToken';
}
