// What happened, in order, with a way to wait for something to happen: tests wait for events, never for time.
export class EventLog {
  constructor() {
    this.entries = [];
    this.waiters = new Set();
  }

  push(entry) {
    this.entries.push(entry);
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves with the first entry (from the start) that satisfies `predicate`, now or when it comes. */
  until(predicate) {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.entries.find(predicate);
        if (found === undefined) return false;
        this.waiters.delete(check);
        resolve(found);
        return true;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Waits for the `n`th (1-based) entry equal to `entry`. */
  nth(entry, n = 1) {
    return this.until((each, index) => each === entry && this.count(entry, index + 1) === n);
  }

  /** How many entries (of the first `end`) equal `entry`. */
  count(entry, end = this.entries.length) {
    return this.entries.slice(0, end).filter((each) => each === entry).length;
  }
}
