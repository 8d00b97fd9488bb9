// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/**
 * The parts of a file of `size` bytes cut into `partSize` pieces, the way the gateway numbered them: every part
 * `partSize` long except the last.
 */
export function planParts(size, partSize) {
    if (!Number.isSafeInteger(size) || size < 0)
        throw new RangeError('size must be a non-negative integer');
    if (!Number.isSafeInteger(partSize) || partSize < 1)
        throw new RangeError('partSize must be a positive integer');
    const parts = [];
    for (let offset = 0, partNumber = 1; offset < size; offset += partSize, partNumber++) {
        parts.push({ partNumber, offset, size: Math.min(partSize, size - offset) });
    }
    return parts;
}
