/**
 * A free address in a loopback /16 (`127.X.0.0/16`), skipping each /24's .0 and .255: awsvpc tasks
 * use 127.77/16 (ecs/task-records/addresses.ts), load balancers 127.88/16 (elbv2/addresses.ts).
 * Pure: the caller reads the addresses in use in the same write transaction. The search starts at
 * the `start`-th address and wraps around.
 * Example: prefix "127.77", in use {127.77.0.1, 127.77.0.3}, start 1 → 127.77.0.2.
 */
export const RANGE_SIZE = 65534;

export function freeLoopbackAddress(prefix: string, inUse: Iterable<string>, start = 1): string | undefined {
  const taken = new Set(inUse);
  const first = Math.min(Math.max(1, Math.floor(start)), RANGE_SIZE);
  for (let i = 0; i < RANGE_SIZE; i++) {
    const n = ((first - 1 + i) % RANGE_SIZE) + 1;
    if ((n & 255) === 0 || (n & 255) === 255) continue;
    const address = `${prefix}.${n >> 8}.${n & 255}`;
    if (!taken.has(address)) return address;
  }
  return undefined;
}
