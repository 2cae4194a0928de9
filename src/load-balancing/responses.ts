/** The bodies ALB answers with itself (its own error pages), with `Server: awselb/2.0`. */
import type { ServerResponse } from "node:http";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  460: "",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

export function sendElbError(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const title = `${status} ${REASONS[status] ?? ""}`.trim();
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { server: "awselb/2.0", "content-type": "text/html", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export function sendFixed(res: ServerResponse, status: number, contentType: string | undefined, body: string | undefined): void {
  const text = body ?? "";
  res.writeHead(status, { server: "awselb/2.0", "content-type": contentType ?? "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
