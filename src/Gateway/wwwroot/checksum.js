// The optional checksumSha256 of initiate: the service recomputes SHA-256 while it scans the file and fails the
// upload if they differ, so bytes damaged on the way are never taken for the real file.

/**
 * SubtleCrypto hashes a whole buffer at once and has no incremental form, so a file is read into memory to be
 * hashed. Above this size the page skips the checksum rather than hold hundreds of MiB in memory; the service
 * still records the SHA-256 it computes itself.
 */
export const CHECKSUM_MAX_BYTES = 32 * 1024 * 1024;

/** Base64 SHA-256 of the file, or null when it is too large or the page is not a secure context (no SubtleCrypto). */
export async function sha256Base64(file) {
  if (!globalThis.crypto?.subtle || file.size > CHECKSUM_MAX_BYTES) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return btoa(String.fromCharCode(...digest));
}
