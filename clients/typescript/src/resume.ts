/** What survives between runs for one file, so a second run sends only what storage has not acknowledged. */
export interface ResumeRecord {
  uploadId: string;
  method: 'PUT' | 'MULTIPART';
  size: number;
  partSize?: number;
  /** Parts storage acknowledged, with their ETags. */
  parts: { partNumber: number; etag: string }[];
}

/** Where resume records live; keys are opaque strings made of the project and the file's identity. */
export interface UploadStateStore {
  get(key: string): Promise<ResumeRecord | undefined>;
  set(key: string, record: ResumeRecord): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The default store: resumes within one process (a retry after a network loss), forgets on exit. */
export class MemoryStateStore implements UploadStateStore {
  private readonly records = new Map<string, ResumeRecord>();

  get(key: string): Promise<ResumeRecord | undefined> {
    const record = this.records.get(key);
    return Promise.resolve(record && structuredClone(record));
  }

  set(key: string, record: ResumeRecord): Promise<void> {
    this.records.set(key, structuredClone(record));
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.records.delete(key);
    return Promise.resolve();
  }
}
