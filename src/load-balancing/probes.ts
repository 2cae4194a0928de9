/**
 * Health-check probes on loopback: an HTTP or HTTPS GET of the path (certificates not verified, as
 * ELB), or a TCP connect, within the timeout. Targets' responses are parsed leniently, as ELB (and
 * the proxy, http-proxy.ts) does: CGI answers with bare-LF header lines (busybox httpd) are fine.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { CheckResult } from "./health-transition.js";
import { matcherAccepts } from "./health-transition.js";

export interface ProbeSpec {
  protocol: string;
  address: string;
  port: number;
  path: string;
  matcher: string;
  timeoutMs: number;
}

export function probe(spec: ProbeSpec): Promise<CheckResult> {
  return spec.protocol === "TCP" ? probeTcp(spec) : probeHttp(spec);
}

function probeHttp(spec: ProbeSpec): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: CheckResult) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const get = spec.protocol === "HTTPS" ? https.get : http.get;
    const req = get({ host: spec.address, port: spec.port, path: spec.path, agent: false, rejectUnauthorized: false, insecureHTTPParser: true, headers: { "user-agent": "ELB-HealthChecker/2.0", connection: "close" } }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      settle(matcherAccepts(spec.matcher, code) ? { kind: "ok" } : { kind: "code", code });
      req.destroy();
    });
    const timer = setTimeout(() => {
      settle({ kind: "timeout" });
      req.destroy();
    }, spec.timeoutMs);
    req.on("error", () => settle({ kind: "failed" }));
  });
}

function probeTcp(spec: ProbeSpec): Promise<CheckResult> {
  return new Promise((resolve) => {
    const s = net.connect({ host: spec.address, port: spec.port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ kind: "timeout" });
    }, spec.timeoutMs);
    s.once("connect", () => {
      clearTimeout(timer);
      s.destroy();
      resolve({ kind: "ok" });
    });
    s.once("error", () => {
      clearTimeout(timer);
      resolve({ kind: "failed" });
    });
  });
}
