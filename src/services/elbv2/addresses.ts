/**
 * Load balancers' addresses: each gets its own loopback address in 127.88.0.0/16 (awsvpc tasks use
 * 127.77.0.0/16), the lowest free one. Example: in use {127.88.0.1, 127.88.0.3} → 127.88.0.2.
 */
import { freeLoopbackAddress } from "../loopback-range.js";

export function freeLoadBalancerAddress(inUse: Iterable<string>): string | undefined {
  return freeLoopbackAddress("127.88", inUse);
}
