/**
 * The zones the DNS server answers from, kept in memory: rebuilt from the store (dnsSnapshot →
 * buildZones) when a Cloud Map write says so (servicediscovery/changes.ts), coalesced, and at a
 * periodic resync (writes by another server process sharing the store).
 */
import type { Store } from "../store/store.js";
import { onDiscoveryChanged } from "../services/servicediscovery/changes.js";
import { buildZones, emptyZones, type Zones } from "./zones.js";

export class ZoneCache {
  private current: Zones = emptyZones();
  private loading?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  /** Bumped after every reload: tests wait on it. */
  generation = 0;

  constructor(
    private readonly store: Store,
    private readonly resyncMs = 5_000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  get zones(): Zones {
    return this.current;
  }

  async start(): Promise<void> {
    this.unsubscribe = onDiscoveryChanged(this.store, () => void this.reload());
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.resyncMs);
    this.timer.unref();
  }

  /** Reload now (a reload already running is followed by one more). */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          this.current = buildZones(await this.store.read((tx) => tx.cloudMap.dnsSnapshot()));
          this.generation++;
        } while (this.again);
      } catch (e) {
        this.onError(e);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  close(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }
}
