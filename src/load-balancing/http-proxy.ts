/**
 * An HTTP listener: evaluates the listener's rules and carries out the chosen action. Forwarding
 * goes through keep-alive upstream pools shared by every listener (raw-forward.ts's own for
 * body-less requests to plain-HTTP targets, node's http.Agent for the rest), adds
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
import { rawForward } from "./raw-forward.js";
import type { ListenerView, TargetView } from "./view.js";
import type { ActionWire } from "../services/elbv2/records.js";

/** What stickiness reads of a client: an HTTP request, or a TCP connection (no cookie). */
export type Client = { headers: { cookie?: string }; socket: { remoteAddress?: string } } | { headers?: undefined; remoteAddress?: string };

export const clientIp = (c: Client): string => (c.headers ? c.socket.remoteAddress : c.remoteAddress) ?? "";

/** What a listener asks of the data plane for a forward. */
export interface Forwarding {
  /**
   * The target for the next request to this target group (undefined when it has none), and the
   * sticky-session cookie to set, if the group is sticky. `client` carries what stickiness reads.
   */
  pick(targetGroupArn: string, client: Client): { target?: TargetView; setCookie?: string };
  /** Track a request in flight to a target (returns the function that ends it). */
  begin(target: TargetView): () => void;
  /** The weighted target group choice. */
  chooseGroup(action: ActionWire): string | undefined;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"]);

/** Hop-by-hop header names are 2 to 19 characters and start with c, k, p, t or u: most names are ruled out without lowercasing. */
function hopByHop(name: string): boolean {
  const c = name.charCodeAt(0) | 0x20;
  if (c !== 0x63 && c !== 0x6b && c !== 0x70 && c !== 0x74 && c !== 0x75) return false;
  return HOP_BY_HOP.has(name.toLowerCase());
}

const agentOptions = { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, scheduling: "lifo" as const };
export const upstreamAgent = new http.Agent(agentOptions);
/** HTTPS target groups: ALB does not verify its targets' certificates. */
export const upstreamTlsAgent = new https.Agent({ ...agentOptions, rejectUnauthorized: false });

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

/** The request's headers as sent (a flat name, value list), less hop-by-hop ones, plus X-Forwarded-* and a trace id. */
function forwardHeaders(req: IncomingMessage, listener: ListenerView): string[] {
  const raw = req.rawHeaders;
  const out: string[] = [];
  let xff: string | undefined;
  let traced = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (hopByHop(name)) continue;
    const c = name.charCodeAt(0) | 0x20;
    if (c === 0x78 /* x */) {
      const lower = name.toLowerCase();
      if (lower === "x-forwarded-for") {
        xff = xff === undefined ? raw[i + 1]! : `${xff}, ${raw[i + 1]!}`;
        continue;
      }
      if (lower === "x-forwarded-proto" || lower === "x-forwarded-port") continue;
      if (lower === "x-amzn-trace-id") traced = true;
    }
    out.push(name, raw[i + 1]!);
  }
  const remote = req.socket.remoteAddress ?? "";
  const client = remote.startsWith("::ffff:") ? remote.slice(7) : remote;
  out.push("X-Forwarded-For", xff ? `${xff}, ${client}` : client, "X-Forwarded-Proto", "http", "X-Forwarded-Port", listener.portText);
  if (!traced) out.push("X-Amzn-Trace-Id", traceId());
  return out;
}

/** The target's response headers (flat list) less hop-by-hop ones, with the sticky cookie added. */
function responseHeaders(ur: IncomingMessage, setCookie: string | undefined): string[] {
  return filterResponseHeaders(ur.rawHeaders, setCookie);
}

function filterResponseHeaders(raw: string[], setCookie: string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!hopByHop(raw[i]!)) out.push(raw[i]!, raw[i + 1]!);
  if (setCookie) out.push("Set-Cookie", setCookie);
  return out;
}

/**
 * One forwarded request. Its state lives on this object and its event handlers are methods shared
 * by every exchange (no closures per request); the response body is written through as it comes,
 * pausing the target's side while the client's is full.
 */
class Exchange {
  up!: http.ClientRequest;
  ur: IncomingMessage | undefined;
  finished = false;
  retried = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly listener: ListenerView,
    readonly target: TargetView,
    readonly done: () => void,
    readonly setCookie: string | undefined,
    readonly hasBody: boolean,
  ) {}

  send(): void {
    const { req, target } = this;
    const up = (target.tls ? https : http).request({
      host: target.address,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardHeaders(req, this.listener),
      agent: target.tls ? upstreamTlsAgent : upstreamAgent,
      // The load balancer's idle timeout, on the socket while this request holds it (no timer of its own).
      timeout: this.listener.idleTimeoutSeconds * 1000,
      // Targets' answers are read leniently, as ALB and nginx do: a CGI's bare-LF header lines
      // (busybox httpd) are not a 502. What the client gets is written by Node's server, well formed.
      insecureHTTPParser: true,
    });
    (up as unknown as { exchange: Exchange }).exchange = this;
    this.up = up;
    up.on("response", onResponse);
    up.on("error", onUpstreamError);
    up.on("timeout", onUpstreamTimeout);
    if (this.hasBody && !this.retried) req.pipe(up);
    else up.end();
  }

  end(): void {
    if (!this.finished) {
      this.finished = true;
      this.done();
    }
  }
}

function onResponse(this: http.ClientRequest, ur: IncomingMessage): void {
  const x = (this as unknown as { exchange: Exchange }).exchange;
  x.ur = ur;
  (ur as unknown as { exchange: Exchange }).exchange = x;
  (x.res as unknown as { exchange: Exchange }).exchange = x;
  x.res.writeHead(ur.statusCode ?? 502, responseHeaders(ur, x.setCookie));
  ur.on("data", onResponseData);
  ur.on("end", onResponseEnd);
  ur.on("error", onResponseError);
}

function onResponseData(this: IncomingMessage, chunk: Buffer): void {
  const x = (this as unknown as { exchange: Exchange }).exchange;
  if (!x.res.write(chunk)) {
    this.pause();
    x.res.once("drain", onClientDrain);
  }
}

function onClientDrain(this: ServerResponse): void {
  (this as unknown as { exchange: Exchange }).exchange.ur?.resume();
}

function onResponseEnd(this: IncomingMessage): void {
  const x = (this as unknown as { exchange: Exchange }).exchange;
  x.res.end();
  x.end();
}

function onResponseError(this: IncomingMessage): void {
  const x = (this as unknown as { exchange: Exchange }).exchange;
  x.end();
  x.res.destroy();
}

function onUpstreamTimeout(this: http.ClientRequest): void {
  this.destroy(Object.assign(new Error("upstream idle timeout"), { code: "ETIMEDOUT" }));
}

function onUpstreamError(this: http.ClientRequest, err: NodeJS.ErrnoException): void {
  const x = (this as unknown as { exchange: Exchange }).exchange;
  // Over already (the client went away and the request was destroyed for it): nothing to answer, no retry.
  if (x.finished) return;
  if (x.ur) {
    // The target's connection failed mid-response: the client's goes too.
    x.end();
    x.res.destroy();
    return;
  }
  // A pooled connection the target had already closed: try once more on a fresh one.
  if (!x.retried && !x.hasBody && this.reusedSocket && (err.code === "ECONNRESET" || err.message === "socket hang up") && !x.res.headersSent) {
    x.retried = true;
    x.send();
    return;
  }
  x.end();
  sendElbError(x.res, err.code === "ETIMEDOUT" ? 504 : 502);
}

/** The client went away: a response not yet complete from the target is abandoned. */
function onClientClose(this: ServerResponse): void {
  const x = (this as unknown as { exchange?: Exchange }).exchange;
  if (!x) return;
  const abandon = x.ur ? !x.ur.complete : !x.finished;
  x.end();
  if (abandon) x.up.destroy();
}

const plainResponseHeaders = (raw: string[]) => filterResponseHeaders(raw, undefined);

function forward(req: IncomingMessage, res: ServerResponse, listener: ListenerView, target: TargetView, done: () => void, setCookie: string | undefined): void {
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  if (!hasBody && !target.tls) {
    const headers = setCookie ? (raw: string[]) => filterResponseHeaders(raw, setCookie) : plainResponseHeaders;
    rawForward(req, res, target, forwardHeaders(req, listener), listener.idleTimeoutSeconds * 1000, headers, done);
    return;
  }
  const x = new Exchange(req, res, listener, target, done, setCookie, hasBody);
  (res as unknown as { exchange: Exchange }).exchange = x;
  res.on("close", onClientClose);
  x.send();
}

/** The action a rule carries out (its first forward, fixed-response or redirect). */
export const actionOf = (actions: readonly ActionWire[]): ActionWire | undefined => actions.find((a) => a.Type === "forward" || a.Type === "fixed-response" || a.Type === "redirect");

/** The request handler of one HTTP listener; `current()` returns its latest view. */
export function httpHandler(current: () => ListenerView, fwd: Forwarding) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const listener = current();
    const rules = listener.rules;
    // A listener with only its default rule needs none of the request's facts to choose.
    const f = rules.length === 1 && rules[0]!.priority === null ? undefined : facts(req);
    const rule = f ? matchRule(rules, f) : rules[0];
    const action = rule && (rule.action !== undefined ? rule.action : actionOf(rule.actions));
    if (!action) return sendElbError(res, 503);
    if (action.Type === "fixed-response") {
      const c = action.FixedResponseConfig!;
      req.resume();
      return sendFixed(res, Number(c.StatusCode), c.ContentType, c.MessageBody);
    }
    if (action.Type === "redirect") {
      const c = action.RedirectConfig!;
      const q = (req.url ?? "").indexOf("?");
      const { host, path } = f ?? facts(req);
      const location = redirectLocation(c, { protocol: "http", host: host.split(":")[0]!, port: listener.port, path, query: q < 0 ? "" : (req.url ?? "").slice(q + 1) });
      req.resume();
      res.writeHead(c.StatusCode === "HTTP_301" ? 301 : 302, { server: "awselb/2.0", location, "content-type": "text/html", "content-length": 0 });
      return void res.end();
    }
    const group = fwd.chooseGroup(action);
    const picked = group ? fwd.pick(group, req) : {};
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
    const target = group ? fwd.pick(group, req).target : undefined;
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
      headers.push("Connection", req.headers.connection ?? "Upgrade");
      if (req.headers.upgrade !== undefined) headers.push("Upgrade", req.headers.upgrade);
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
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
