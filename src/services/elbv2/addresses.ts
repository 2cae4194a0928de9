/**
 * Load balancers' addresses: each gets its own loopback address in 127.88.0.0/16 (awsvpc tasks use
 * 127.77.0.0/16), the lowest free one. Example: in use {127.88.0.1, 127.88.0.3} → 127.88.0.2.
 */
const PREFIX = "127.88";

export function freeLoadBalancerAddress(inUse: Iterable<string>): string | undefined {
  const taken = new Set(inUse);
  for (let i = 1; i < 65535; i++) {
    const a = `${PREFIX}.${i >> 8}.${i & 255}`;
    if ((i & 255) === 0 || (i & 255) === 255) continue;
    if (!taken.has(a)) return a;
  }
  return undefined;
}
