// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** Values pushed by callbacks (hub events), read in order by one async loop until it fails or its signal aborts. */
export class AsyncQueue {
    items = [];
    failure;
    wake;
    push(item) {
        this.items.push(item);
        this.wake?.();
    }
    /** Ends the reading loop with `error` once the values before it are read; the first failure wins. */
    fail(error) {
        this.failure ??= { error };
        this.wake?.();
    }
    async *read(signal) {
        while (true) {
            while (this.items.length > 0)
                yield this.items.shift();
            if (this.failure)
                throw this.failure.error;
            signal.throwIfAborted();
            await new Promise((resolve) => {
                const done = () => {
                    this.wake = undefined;
                    signal.removeEventListener('abort', done);
                    resolve();
                };
                this.wake = done;
                signal.addEventListener('abort', done, { once: true });
            });
        }
    }
}
