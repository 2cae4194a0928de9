/**
 * awsvpc tasks' addresses: each live task gets its own loopback address in 127.77.0.0/16 (see
 * DESIGN.md, networking), reported as the ENI's private IPv4. Pure: the caller reads the
 * addresses in use in the same write transaction, so two RunTasks never get the same one.
 * Example: in use {127.77.0.1, 127.77.0.3} → 127.77.0.2.
 */
const PREFIX = "127.77";

/** The lowest free address (127.77.0.1 … 127.77.255.254), or undefined when all are taken. */
export function allocateAddress(inUse: Iterable<string>): string | undefined {
  const taken = new Set(inUse);
  for (let n = 1; n < 65535; n++) {
    const address = `${PREFIX}.${n >> 8}.${n & 255}`;
    if ((n & 255) === 0 || (n & 255) === 255) continue;
    if (!taken.has(address)) return address;
  }
  return undefined;
}
