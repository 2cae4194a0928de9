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
    for (const l of this.listeners) l();
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
