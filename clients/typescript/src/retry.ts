import { systemClock, type Clock } from './clock.js';

/** How many times and how long to wait between tries. */
export interface RetryOptions {
  /** Retries after the first try (5 by default). */
  maxRetries?: number;
  /** The first backoff step in milliseconds (500 by default); each retry doubles it. */
  baseDelayMs?: number;
  /** No step grows beyond this (30 s by default). */
  maxDelayMs?: number;
  /** A number in [0, 1); Math.random by default, fixed in tests. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: the wait before retry n is uniform in [0, min(max, base * 2^(n-1))), so
 * parallel parts that failed together do not come back together.
 */
export class RetryPolicy {
  readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: RetryOptions = {}) {
    this.maxRetries = options.maxRetries ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** The wait in milliseconds before retry number `retry` (1 for the first). */
  delayBefore(retry: number): number {
    if (!Number.isInteger(retry) || retry < 1) throw new RangeError('retry counts from 1');
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(retry - 1, 30));
    return Math.floor(step * this.random());
  }
}

/** What to do with an answer from storage or the gateway. */
export type Verdict = 'ok' | 'stored' | 'retry' | 'resign' | 'fail';

/** Answers a later try may get right: no answer at all, time-outs, throttling and server faults. */
export function isTransient(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * Classifies a storage PUT's answer. An expired URL (storage says so, or our clock is past its expiry) is signed
 * again; 412 on a conditional single PUT means an earlier try of ours already stored the object (write-once).
 */
export function classifyStorageAnswer(status: number, expired: boolean, conditional: boolean): Verdict {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 412 && conditional) return 'stored';
  if (status === 403 && expired) return 'resign';
  return isTransient(status) ? 'retry' : 'fail';
}

/** Waits `ms` on `clock`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal, clock: Clock = systemClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
