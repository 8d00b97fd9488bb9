/** The bytes to upload, wherever they live: a browser File or Blob, a file on disk (see `fromFile` in ./node). */
export interface UploadSource {
  name: string;
  size: number;
  /** The content type, when known; otherwise it is derived from the extension. */
  type?: string;
  /** What identifies this content for resuming (name, size, modification time); the same file gives the same key. */
  identity: string;
  /** Bytes [start, end) as something fetch can send. */
  slice(start: number, end: number): Promise<Blob | Uint8Array>;
}

/** A browser File (or any Blob with a name). */
export function fromBlob(blob: Blob, name?: string): UploadSource {
  const file = blob as Blob & { name?: string; lastModified?: number };
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
const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', heif: 'image/heif',
  webp: 'image/webp', tif: 'image/tiff', tiff: 'image/tiff', pdf: 'application/pdf',
  dwg: 'application/octet-stream', dxf: 'application/octet-stream',
};

/** The content type to declare for `name`: by extension first, then what the platform reported. */
export function contentTypeOf(name: string, reported?: string): string {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  return (extension && CONTENT_TYPES[extension]) || reported || 'application/octet-stream';
}

/** SHA-256 of the whole source, base64, as initiate's `checksumSha256` (storage then verifies what it receives). */
export async function sha256Base64(source: UploadSource): Promise<string> {
  const bytes = await source.slice(0, source.size);
  const buffer = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer as Uint8Array<ArrayBuffer>));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}
