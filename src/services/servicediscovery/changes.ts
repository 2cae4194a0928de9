/**
 * Change notification for the DNS server: every write that changes what DNS answers calls
 * `discoveryChanged(store)` after its transaction; the DNS zone cache of that store reloads.
 * Keyed by the Store object, so servers in one process don't hear each other.
 */
import type { Store } from "../../store/store.js";

const listeners = new WeakMap<Store, Set<() => void>>();

export function onDiscoveryChanged(store: Store, fn: () => void): () => void {
  let set = listeners.get(store);
  if (!set) listeners.set(store, (set = new Set()));
  set.add(fn);
  return () => set!.delete(fn);
}

export function discoveryChanged(store: Store): void {
  for (const fn of listeners.get(store) ?? []) fn();
}
