/**
 * awsvpc tasks' addresses: each live task gets its own loopback address in 127.77.0.0/16 (see
 * DESIGN.md, networking), reported as the ENI's private IPv4. Pure: the caller reads the addresses
 * in use in the same write transaction, so two RunTasks never get the same one.
 *
 * The search starts at an arbitrary point of the range (`start`; callers pass a random one, as a
 * subnet hands an ENI an arbitrary free address): a stopped task's address is not handed straight
 * to the next task (whose DNS names, targets and relay mappings would otherwise follow the old
 * task's for a moment), and two berth servers on one Docker engine rarely pick the same address.
 * Example: in use {127.77.0.1, 127.77.0.3}, start 1 → 127.77.0.2.
 */
import { RANGE_SIZE, freeLoopbackAddress } from "../../loopback-range.js";

export function allocateAddress(inUse: Iterable<string>, start = 1): string | undefined {
  return freeLoopbackAddress("127.77", inUse, start);
}

/** An arbitrary starting point for `allocateAddress`. */
export const randomStart = (): number => 1 + Math.floor(Math.random() * RANGE_SIZE);
