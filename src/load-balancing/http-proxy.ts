/**
 * An HTTP listener: evaluates the listener's rules and carries out the chosen action. Forwarding
 * goes through one keep-alive upstream pool (http.Agent) shared by every listener, adds
 * X-Forwarded-For/-Proto/-Port and X-Amzn-Trace-Id, and answers with ALB's own 502 (target refused
 * or reset the connection), 503 (no target) or 504 (target silent past the idle timeout), never a hang.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { matchRule, type RequestFacts } from "./rule-match.js";
import { redirectLocation } from "./redirect.js";
import { sendElbError, sendFixed } from "./responses.js";
import type { ListenerView, TargetView } from "./view.js";
import type { ActionWire } from "../services/elbv2/records.js";

/** What a listener asks of the data plane for a forward. */
export interface Forwarding {
  /**
   * The target for the next request to this target group (undefined when it has none), and the
   * sticky-session cookie to set, if the group is sticky. `client` carries what stickiness reads.
   */
  pick(targetGroupArn: string, client: { cookie?: string; sourceIp: string }): { target?: TargetView; setCookie?: string };
  /** Track a request in flight to a target (returns the function that ends it). */
  begin(target: TargetView): () => void;
  /** The weighted target group choice. */
  chooseGroup(action: ActionWire): string | undefined;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"]);

export const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, scheduling: "lifo" });
/** HTTPS target groups: ALB does not verify its targets' certificates. */
export const upstreamTlsAgent = new https.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, scheduling: "lifo", rejectUnauthorized: false });

function facts(req: IncomingMessage): RequestFacts {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const query: [string, string][] = q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1))];
  return {
    method: req.method ?? "GET",
    host: req.headers.host ?? "",
    path: q < 0 ? url : url.slice(0, q),
    query,
    headers: req.headers,
    sourceIp: req.socket.remoteAddress ?? "",
  };
}

// Random bytes for trace ids, drawn 256 ids at a time (one randomBytes call per id costs more than the rest of the id).
let pool = randomBytes(12 * 256);
let poolAt = 0;

function traceId(): string {
  if (poolAt + 12 > pool.length) {
    pool = randomBytes(12 * 256);
    poolAt = 0;
  }
  const id = pool.toString("hex", poolAt, poolAt + 12);
  poolAt += 12;
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${id}`;
}

function forwardHeaders(req: IncomingMessage, listener: ListenerView): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
  const client = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const xff = req.headers["x-forwarded-for"];
  out["x-forwarded-for"] = xff ? `${xff}, ${client}` : client;
  out["x-forwarded-proto"] = "http";
  out["x-forwarded-port"] = String(listener.port);
  out["x-amzn-trace-id"] ??= traceId();
  return out;
}

function forward(req: IncomingMessage, res: ServerResponse, listener: ListenerView, target: TargetView, done: () => void, setCookie: string | undefined, retried = false): void {
  let finished = false;
  const end = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const up = (target.tls ? https : http).request({
    host: target.address,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: forwardHeaders(req, listener),
    agent: target.tls ? upstreamTlsAgent : upstreamAgent,
  });
  up.setTimeout(listener.idleTimeoutSeconds * 1000, () => up.destroy(Object.assign(new Error("upstream idle timeout"), { code: "ETIMEDOUT" })));
  up.on("response", (ur) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(ur.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    if (setCookie) headers["set-cookie"] = [...((headers["set-cookie"] as string[] | undefined) ?? []), setCookie];
    res.writeHead(ur.statusCode ?? 502, headers);
    ur.pipe(res);
    ur.on("end", end);
    ur.on("error", () => (end(), res.destroy()));
    res.on("close", () => {
      if (!ur.complete) ur.destroy();
      end();
    });
  });
  up.on("error", (err: NodeJS.ErrnoException) => {
    // A pooled connection the target had already closed: try once more on a fresh one.
    if (!retried && !hasBody && (up as unknown as { reusedSocket?: boolean }).reusedSocket && (err.code === "ECONNRESET" || err.message === "socket hang up") && !res.headersSent) {
      forward(req, res, listener, target, done, setCookie, true);
      finished = true;
      return;
    }
    end();
    sendElbError(res, err.code === "ETIMEDOUT" ? 504 : 502);
  });
  if (hasBody && !retried) req.pipe(up);
  else up.end();
  req.on("aborted", () => up.destroy());
}

/** The request handler of one HTTP listener; `current()` returns its latest view. */
export function httpHandler(current: () => ListenerView, fwd: Forwarding) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const listener = current();
    const f = facts(req);
    const rule = matchRule(listener.rules, f);
    const action = rule?.actions.find((a) => a.Type === "forward" || a.Type === "fixed-response" || a.Type === "redirect");
    if (!action) return sendElbError(res, 503);
    if (action.Type === "fixed-response") {
      const c = action.FixedResponseConfig!;
      req.resume();
      return sendFixed(res, Number(c.StatusCode), c.ContentType, c.MessageBody);
    }
    if (action.Type === "redirect") {
      const c = action.RedirectConfig!;
      const q = (req.url ?? "").indexOf("?");
      const location = redirectLocation(c, { protocol: "http", host: f.host.split(":")[0]!, port: listener.port, path: f.path, query: q < 0 ? "" : (req.url ?? "").slice(q + 1) });
      req.resume();
      res.writeHead(c.StatusCode === "HTTP_301" ? 301 : 302, { server: "awselb/2.0", location, "content-type": "text/html", "content-length": 0 });
      return void res.end();
    }
    const group = fwd.chooseGroup(action);
    const picked = group ? fwd.pick(group, { cookie: req.headers.cookie, sourceIp: f.sourceIp }) : {};
    if (!picked.target) {
      req.resume();
      return sendElbError(res, 503);
    }
    forward(req, res, listener, picked.target, fwd.begin(picked.target), picked.setCookie);
  };
}

/**
 * Connection upgrades (WebSocket): the rules choose the target as for any request; the request
 * head goes to the target as sent (with X-Forwarded-*), then both sockets are piped.
 */
export function upgradeHandler(current: () => ListenerView, fwd: Forwarding) {
  return (req: IncomingMessage, socket: net.Socket, head: Buffer): void => {
    const listener = current();
    const f = facts(req);
    const action = matchRule(listener.rules, f)?.actions.find((a) => a.Type === "forward");
    const group = action && fwd.chooseGroup(action);
    const target = group ? fwd.pick(group, { cookie: req.headers.cookie, sourceIp: f.sourceIp }).target : undefined;
    if (!target || target.tls) {
      socket.end("HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const done = fwd.begin(target);
    const up = net.connect({ host: target.address, port: target.port });
    const close = () => {
      socket.destroy();
      up.destroy();
      done();
    };
    up.once("connect", () => {
      const headers = forwardHeaders(req, listener);
      headers.connection = req.headers.connection ?? "Upgrade";
      headers.upgrade = req.headers.upgrade;
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) text += `${k}: ${one}\r\n`;
      up.write(`${text}\r\n`);
      if (head.length) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
    });
    up.on("error", () => {
      if (up.bytesRead === 0 && socket.writable) {
        // The target refused: ALB's 502, then the client's socket closes once it is written.
        up.destroy();
        done();
        socket.end("HTTP/1.1 502 Bad Gateway\r\nServer: awselb/2.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      close();
    });
    socket.on("error", close);
    up.on("close", () => {
      if (up.bytesRead > 0 || !socket.writable) close();
    });
    socket.on("close", close);
  };
}
