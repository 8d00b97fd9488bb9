import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResumeRecord, UploadStateStore } from '../resume.js';

/**
 * Resume records in one JSON file, so a restarted process sends only the parts storage has not acknowledged.
 * Writes go to a temporary file first and are renamed over the old one: a crash never leaves half a file.
 */
export class JsonFileStateStore implements UploadStateStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async get(key: string): Promise<ResumeRecord | undefined> {
    await this.queue;
    return (await this.read())[key];
  }

  set(key: string, record: ResumeRecord): Promise<void> {
    return this.change((records) => { records[key] = record; });
  }

  delete(key: string): Promise<void> {
    return this.change((records) => { delete records[key]; });
  }

  /** Changes run one after another: parallel parts acknowledge at the same time. */
  private change(apply: (records: Record<string, ResumeRecord>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const records = await this.read();
      apply(records);
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(records, null, 2));
      await rename(temporary, this.path);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<string, ResumeRecord>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, ResumeRecord>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }
}
