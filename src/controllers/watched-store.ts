/**
 * A Store that tells listeners after each write transaction commits: the "store change
 * notifications" controllers are woken by. The notice carries no data (level-triggered: a
 * controller re-reads what it needs), and a write that fails notifies no one.
 */
import type { Store, StoreTx } from "../store/store.js";

export class WatchedStore implements Store {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly inner: Store) {}

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.inner.read(fn);
  }

  async write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const result = await this.inner.write(fn);
    this.notify();
    return result;
  }

  /**
   * A write that tells no one: for a controller whose transaction may turn out to change nothing
   * (it would otherwise wake itself forever). It calls `notify()` when it did change something.
   */
  writeQuietly<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.inner.write(fn);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
