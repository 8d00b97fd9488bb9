// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/**
 * How long a row is worth keeping: the gateway expires an unfinished upload about an hour and a quarter after its
 * last URL was signed, so after a day a record can only name an upload that is gone.
 */
export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export function storedRecord(key, record, now) {
    return { key, record, savedAt: now };
}
/**
 * The record a row holds, or undefined when the row is not worth resuming from: older than `maxAgeMs` (or from the
 * future: a clock set back), or not of the shape this SDK writes (another version's, or damaged). Rows this gives
 * undefined for are deleted when the store opens.
 */
export function usableRecord(row, now, maxAgeMs) {
    if (!isObject(row) || typeof row.savedAt !== 'number' || !isResumeRecord(row.record))
        return undefined;
    const age = now - row.savedAt;
    return age >= 0 && age <= maxAgeMs ? row.record : undefined;
}
export function isResumeRecord(value) {
    if (!isObject(value) || typeof value.uploadId !== 'string' || value.uploadId === '')
        return false;
    if (!isCount(value.size) || !Array.isArray(value.parts))
        return false;
    if (value.method === 'PUT')
        return value.parts.length === 0;
    return value.method === 'MULTIPART' && isCount(value.partSize) && value.partSize > 0
        && value.parts.every((part) => isObject(part) && isCount(part.partNumber) && part.partNumber > 0 && typeof part.etag === 'string');
}
function isObject(value) {
    return typeof value === 'object' && value !== null;
}
function isCount(value) {
    return Number.isSafeInteger(value) && value >= 0;
}
