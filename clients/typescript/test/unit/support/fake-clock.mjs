// A clock for the SDK's Clock option: time moves only when a test fires a timer, so waits of seconds take none.
export class FakeClock {
  constructor() {
    this.time = 0;
    this.timers = new Set();
    this.waiters = new Set();
  }

  now() {
    return this.time;
  }

  setTimeout(callback, ms) {
    const timer = { callback, ms, due: this.time + ms };
    this.timers.add(timer);
    for (const wake of this.waiters) wake();
    return timer;
  }

  clearTimeout(timer) {
    this.timers.delete(timer);
  }

  /** The timer of `ms` set and not yet run, once there is one (the watch sets its timers after I/O). */
  async pending(ms) {
    while (true) {
      const timer = [...this.timers].find((each) => each.ms === ms);
      if (timer) return timer;
      await new Promise((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }

  /** Waits for a timer of `ms`, moves the time to when it is due and runs it. */
  async fire(ms) {
    const timer = await this.pending(ms);
    this.timers.delete(timer);
    this.time = Math.max(this.time, timer.due);
    timer.callback();
  }
}
