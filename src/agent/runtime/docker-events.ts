/**
 * A reconnecting subscription to Docker's event stream (GET /events), narrowed to container events
 * of interest and to containers whose labels match. Each connection asks for events `since` the last
 * one seen (the first, since the moment of subscribing), so a dropped stream loses nothing the
 * engine still remembers; events at the resume instant that were already delivered are skipped.
 */
import type Docker from "dockerode";
import type { ContainerEvent, Subscription } from "./runtime.js";

interface DockerEventMessage {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

const ACTIONS = ["create", "start", "die", "oom", "health_status", "destroy"];
/** Attributes Docker mixes into a container event beside its labels. */
const NOT_LABELS = new Set(["image", "name", "exitCode", "signal", "execDuration"]);

export function labelFilters(labelFilter: Record<string, string>): string[] {
  return Object.entries(labelFilter).map(([k, v]) => `${k}=${v}`);
}

export function parseEvent(m: DockerEventMessage): ContainerEvent | undefined {
  if (m.Type !== "container" || !m.Action || !m.Actor?.ID) return undefined;
  const attrs = m.Actor.Attributes ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (!NOT_LABELS.has(k)) labels[k] = v;
  const id = m.Actor.ID;
  const time = new Date(m.timeNano !== undefined ? Math.floor(m.timeNano / 1e6) : (m.time ?? 0) * 1000);
  const base = { id, time, labels };
  const action = m.Action;
  if (action === "die") return { kind: "die", ...base, exitCode: Number(attrs.exitCode ?? -1) };
  if (action.startsWith("health_status")) {
    const h = action.slice("health_status".length).replace(/^:\s*/, "");
    if (h === "healthy" || h === "unhealthy") return { kind: "health_status", ...base, health: h };
    return undefined;
  }
  if (action === "create" || action === "start" || action === "oom" || action === "destroy") {
    return { kind: action, ...base };
  }
  return undefined;
}

export function subscribeEvents(
  docker: Docker,
  labelFilter: Record<string, string>,
  onEvent: (e: ContainerEvent) => void,
  opts: { retryMs?: number } = {},
): Subscription {
  const retryMs = opts.retryMs ?? 500;
  let closed = false;
  let stream: NodeJS.ReadableStream & { destroy?: () => void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Resume point, in nanoseconds since the epoch, and the keys already delivered at that instant.
  let sinceNano = BigInt(Date.now()) * 1_000_000n;
  let seenAtSince = new Set<string>();
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const since = () => `${sinceNano / 1_000_000_000n}.${String(sinceNano % 1_000_000_000n).padStart(9, "0")}`;

  const deliver = (line: string) => {
    const m = JSON.parse(line) as DockerEventMessage;
    // timeNano (~1.7e18) is beyond a double's exact integers: read it from the text.
    const exact = /"timeNano":\s*(\d+)/.exec(line)?.[1];
    const nano = exact !== undefined ? BigInt(exact) : BigInt(m.time ?? 0) * 1_000_000_000n;
    const key = `${m.Actor?.ID}/${m.Action}/${nano}`;
    if (nano < sinceNano || (nano === sinceNano && seenAtSince.has(key))) return;
    if (nano > sinceNano) {
      sinceNano = nano;
      seenAtSince = new Set();
    }
    seenAtSince.add(key);
    const e = parseEvent(m);
    if (e) onEvent(e);
  };

  const reconnect = () => {
    stream = undefined;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect();
    }, retryMs);
    timer.unref?.();
  };

  const connect = () => {
    if (closed) return;
    const filters: Record<string, string[]> = { type: ["container"], event: ACTIONS };
    const labels = labelFilters(labelFilter);
    if (labels.length) filters.label = labels;
    docker.getEvents({ since: since() as unknown as number, filters: JSON.stringify(filters) as never }, (err, s) => {
      if (err || !s) return reconnect();
      markReady();
      if (closed) return (s as { destroy?: () => void }).destroy?.();
      stream = s as typeof stream;
      let buf = "";
      s.on("data", (chunk: Buffer) => {
        buf += chunk.toString("utf8");
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          try {
            deliver(line);
          } catch {
            // A malformed line is skipped; the stream goes on.
          }
        }
      });
      s.on("error", () => reconnect());
      s.on("end", () => reconnect());
      s.on("close", () => reconnect());
    });
  };

  connect();
  return {
    ready,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stream?.destroy?.();
      stream = undefined;
    },
  };
}
