/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS chose it for a listener that was then
 * closed). For a process that must come back on the same port after a restart, so that clients and
 * agents pointed at it reconnect.
 */
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
