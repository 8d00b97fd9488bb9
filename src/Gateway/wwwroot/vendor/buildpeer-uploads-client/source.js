// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** A browser File (or any Blob with a name). */
export function fromBlob(blob, name) {
    const file = blob;
    const fileName = name ?? file.name ?? 'blob';
    return {
        name: fileName,
        size: blob.size,
        type: blob.type || undefined,
        identity: `${fileName}:${blob.size}:${file.lastModified ?? 0}`,
        slice: (start, end) => Promise.resolve(blob.slice(start, end)),
    };
}
// The gateway checks extension and content type together; browsers report nothing for HEIC or CAD files.
const CONTENT_TYPES = {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', heif: 'image/heif',
    webp: 'image/webp', tif: 'image/tiff', tiff: 'image/tiff', pdf: 'application/pdf',
    dwg: 'application/octet-stream', dxf: 'application/octet-stream',
};
/** The content type to declare for `name`: by extension first, then what the platform reported. */
export function contentTypeOf(name, reported) {
    const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
    return (extension && CONTENT_TYPES[extension]) || reported || 'application/octet-stream';
}
/** SHA-256 of the whole source, base64, as initiate's `checksumSha256` (storage then verifies what it receives). */
export async function sha256Base64(source) {
    const bytes = await source.slice(0, source.size);
    const buffer = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
    let binary = '';
    for (const byte of digest)
        binary += String.fromCharCode(byte);
    return btoa(binary);
}
