// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** The default store: resumes within one process (a retry after a network loss), forgets on exit. */
export class MemoryStateStore {
    records = new Map();
    get(key) {
        const record = this.records.get(key);
        return Promise.resolve(record && structuredClone(record));
    }
    set(key, record) {
        this.records.set(key, structuredClone(record));
        return Promise.resolve();
    }
    delete(key) {
        this.records.delete(key);
        return Promise.resolve();
    }
}
