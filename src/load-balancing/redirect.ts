/**
 * ALB redirects, pure: the Location a RedirectConfig gives for a request. `#{protocol}`,
 * `#{host}`, `#{port}`, `#{path}` (without its leading slash) and `#{query}` are the request's own.
 * An http redirect to port 80 (or https to 443) leaves the port out.
 */
export interface RedirectConfig {
  Protocol?: string;
  Port?: string;
  Host?: string;
  Path?: string;
  Query?: string;
}

export interface RedirectRequest {
  protocol: "http" | "https";
  host: string;
  port: number;
  path: string;
  query: string;
}

export function redirectLocation(c: RedirectConfig, r: RedirectRequest): string {
  const fill = (s: string) =>
    s.replace(/#\{(protocol|host|port|path|query)\}/g, (_, k: string) =>
      k === "protocol" ? r.protocol : k === "host" ? r.host : k === "port" ? String(r.port) : k === "path" ? r.path.replace(/^\//, "") : r.query,
    );
  const protocol = fill(c.Protocol ?? "#{protocol}").toLowerCase();
  const host = fill(c.Host ?? "#{host}");
  const port = fill(c.Port ?? "#{port}");
  const path = fill(c.Path ?? "/#{path}");
  const query = fill(c.Query ?? "#{query}");
  const defaultPort = (protocol === "http" && port === "80") || (protocol === "https" && port === "443");
  return `${protocol}://${host}${defaultPort ? "" : `:${port}`}${path.startsWith("/") ? path : `/${path}`}${query ? `?${query}` : ""}`;
}
