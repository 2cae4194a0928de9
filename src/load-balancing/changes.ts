/**
 * Change notifications of load-balancing state, per store: the ELBv2 handlers (and the service
 * controller, through targets/registry.ts) call `notifyElbChange(store)` after their transaction
 * commits; the data plane listens and rebuilds its view. A lost wake-up costs only latency, as the
 * data plane also resyncs on a timer.
 */
import { EventEmitter } from "node:events";
import type { Store } from "../store/store.js";

const emitters = new WeakMap<Store, EventEmitter>();

function emitterOf(store: Store): EventEmitter {
  let e = emitters.get(store);
  if (!e) emitters.set(store, (e = new EventEmitter()));
  return e;
}

export function notifyElbChange(store: Store): void {
  emitterOf(store).emit("change");
}

export function onElbChange(store: Store, fn: () => void): () => void {
  const e = emitterOf(store);
  e.on("change", fn);
  return () => e.off("change", fn);
}
