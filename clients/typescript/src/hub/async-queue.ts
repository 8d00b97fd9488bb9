/** Values pushed by callbacks (hub events), read in order by one async loop until it fails or its signal aborts. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  /** Ends the reading loop with `error` once the values before it are read; the first failure wins. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake?.();
  }

  async *read(signal: AbortSignal): AsyncGenerator<T> {
    while (true) {
      while (this.items.length > 0) yield this.items.shift()!;
      if (this.failure) throw this.failure.error;
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
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
