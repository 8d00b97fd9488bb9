import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { UploadSource } from '../source.js';

/** A file on disk; each slice is read when it is sent, so a large file never sits in memory whole. */
export async function fromFile(path: string, name?: string): Promise<UploadSource> {
  const fullPath = resolve(path);
  const info = await stat(fullPath);
  return {
    name: name ?? basename(fullPath),
    size: info.size,
    identity: `${fullPath}:${info.size}:${Math.trunc(info.mtimeMs)}`,
    async slice(start, end) {
      const handle = await open(fullPath, 'r');
      try {
        const buffer = new Uint8Array(end - start);
        let read = 0;
        while (read < buffer.length) {
          const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
          if (bytesRead === 0) throw new Error(`${fullPath} is shorter than it was when the upload started.`);
          read += bytesRead;
        }
        return buffer;
      } finally {
        await handle.close();
      }
    },
  };
}
