import type { ResumeRecord } from '../resume.js';

/** One row of the IndexedDB store: the record under its key, and when it was last written. */
export interface StoredRecord {
  key: string;
  record: ResumeRecord;
  /** Epoch milliseconds of the last write: every acknowledged part rewrites the row. */
  savedAt: number;
}

/**
 * How long a row is worth keeping: the gateway expires an unfinished upload about an hour and a quarter after its
 * last URL was signed, so after a day a record can only name an upload that is gone.
 */
export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function storedRecord(key: string, record: ResumeRecord, now: number): StoredRecord {
  return { key, record, savedAt: now };
}

/**
 * The record a row holds, or undefined when the row is not worth resuming from: older than `maxAgeMs` (or from the
 * future: a clock set back), or not of the shape this SDK writes (another version's, or damaged). Rows this gives
 * undefined for are deleted when the store opens.
 */
export function usableRecord(row: unknown, now: number, maxAgeMs: number): ResumeRecord | undefined {
  if (!isObject(row) || typeof row.savedAt !== 'number' || !isResumeRecord(row.record)) return undefined;
  const age = now - row.savedAt;
  return age >= 0 && age <= maxAgeMs ? row.record : undefined;
}

export function isResumeRecord(value: unknown): value is ResumeRecord {
  if (!isObject(value) || typeof value.uploadId !== 'string' || value.uploadId === '') return false;
  if (!isCount(value.size) || !Array.isArray(value.parts)) return false;
  if (value.method === 'PUT') return value.parts.length === 0;
  return value.method === 'MULTIPART' && isCount(value.partSize) && value.partSize > 0
    && value.parts.every((part) => isObject(part) && isCount(part.partNumber) && part.partNumber > 0 && typeof part.etag === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
