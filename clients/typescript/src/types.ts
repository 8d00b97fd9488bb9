// Wire types, named after the gateway's schemas in docs/api/openapi.json (src/generated/api.ts is generated from it).
import type { components } from './generated/api.js';

type Schemas = components['schemas'];

export type ProblemCode = Schemas['ProblemCode'];
export type Problem = Schemas['Problem'];
export type InitiateFile = Schemas['InitiateFile'];
export type InitiateResponse = Schemas['InitiateResponse'];
export type InitiatedUpload = Schemas['InitiatedUpload'];
export type PartUrlsResponse = Schemas['PartUrlsResponse'];
export type UploadStatusResponse = Schemas['UploadStatusResponse'];
export type UploadEvent = Schemas['UploadEvent'];
export type PutUrlResponse = Schemas['PutUrlResponse'];

/** The statuses after which an upload never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED']);

const RANKS: Readonly<Record<string, number>> = { PENDING: 0, UPLOADED: 1, PROCESSING: 2 };

/**
 * Where a status stands in an upload's life: PENDING < UPLOADED < PROCESSING < any terminal status. An upload never
 * moves back, so an answer of lower rank than one already seen is stale (a cache, a replica behind).
 */
export function statusRank(status: string): number {
  return TERMINAL_STATUSES.has(status) ? 3 : RANKS[status] ?? 0;
}
