// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { DEFAULT_MAX_AGE_MS, storedRecord, usableRecord } from './stored-record.js';
const STORE = 'resume';
/**
 * Resume records in the browser's IndexedDB, so a reloaded or reopened tab sends only the parts storage has not
 * acknowledged once the user picks the same file again. Each change is one transaction, resolved once committed:
 * parallel parts and other tabs never lose each other's writes. What is kept and for how long is decided in
 * ./stored-record.ts.
 */
export class IndexedDbStateStore {
    options;
    database;
    maxAgeMs;
    now;
    constructor(options = {}) {
        this.options = options;
        this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
        this.now = options.now ?? Date.now;
    }
    async get(key) {
        const row = await this.run('readonly', (store) => store.get(key));
        return usableRecord(row, this.now(), this.maxAgeMs);
    }
    async set(key, record) {
        await this.run('readwrite', (store) => store.put(storedRecord(key, record, this.now())));
    }
    async delete(key) {
        await this.run('readwrite', (store) => store.delete(key));
    }
    /** One request in a transaction of its own; resolves with its result once the transaction has committed. */
    async run(mode, request) {
        const database = await this.open();
        return new Promise((resolve, reject) => {
            const transaction = database.transaction(STORE, mode);
            const pending = request(transaction.objectStore(STORE));
            transaction.oncomplete = () => resolve(pending.result);
            transaction.onabort = () => reject(transaction.error ?? pending.error ?? new Error('The IndexedDB transaction was aborted.'));
        });
    }
    open() {
        this.database ??= new Promise((resolve, reject) => {
            const factory = this.options.indexedDB ?? globalThis.indexedDB;
            if (!factory)
                throw new Error('IndexedDB is not available here: pass another stateStore.');
            const opening = factory.open(this.options.databaseName ?? 'buildpeer-uploads', 1);
            opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'key' });
            opening.onsuccess = () => {
                const database = opening.result;
                // A tab opening a newer version waits until every other tab closes theirs: close, and open again when needed.
                const forget = () => {
                    database.close();
                    this.database = undefined;
                };
                database.onversionchange = forget;
                database.onclose = forget;
                resolve(database);
            };
            opening.onerror = () => reject(opening.error);
        }).then(async (database) => {
            await this.prune(database);
            return database;
        }, (error) => {
            this.database = undefined;
            throw error;
        });
        return this.database;
    }
    /** Deletes the rows not worth resuming from, so records of files never picked again do not pile up. */
    prune(database) {
        const now = this.now();
        return new Promise((resolve) => {
            const transaction = database.transaction(STORE, 'readwrite');
            const walking = transaction.objectStore(STORE).openCursor();
            walking.onsuccess = () => {
                const cursor = walking.result;
                if (!cursor)
                    return;
                if (!usableRecord(cursor.value, now, this.maxAgeMs))
                    cursor.delete();
                cursor.continue();
            };
            // Housekeeping only: a failure here must not stop an upload.
            transaction.oncomplete = () => resolve();
            transaction.onabort = () => resolve();
        });
    }
}
