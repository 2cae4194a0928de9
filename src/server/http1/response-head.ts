/** The head of an HTTP/1.1 answer, as one string: status line, the answer's headers, Date and Connection. */
import { STATUS_CODES } from "node:http";

/** Seconds an idle keep-alive connection is kept (told to clients in Keep-Alive: timeout=N). */
export const KEEP_ALIVE_SECONDS = 65;

let dateSecond = -1;
let dateText = "";

/** The Date header's value, made once per second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

const statusLines = new Map<number, string>();

function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "unknown"}\r\n`;
    statusLines.set(status, line);
  }
  return line;
}

/** A header name or value that would break the head (CR, LF or NUL): a bug in berth, never sent. */
const UNSAFE = /[\r\n\0]/;

export class UnsafeHeaderError extends Error {}

/**
 * The head for `status` with `headers`, plus Date, Connection (and Keep-Alive) and, when
 * `length` is given, Content-Length (else Transfer-Encoding: chunked). Headers the caller gives
 * for these are replaced.
 */
export function responseHead(status: number, headers: Record<string, string>, keepAlive: boolean, length: number | undefined): string {
  let head = statusLine(status);
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (lower === "content-length" || lower === "connection" || lower === "transfer-encoding" || lower === "date" || lower === "keep-alive") continue;
    const value = headers[name]!;
    if (UNSAFE.test(name) || UNSAFE.test(value)) throw new UnsafeHeaderError(`header ${JSON.stringify(name)} has a line break or NUL`);
    head += `${name}: ${value}\r\n`;
  }
  head += `Date: ${httpDate()}\r\n`;
  head += keepAlive ? `Connection: keep-alive\r\nKeep-Alive: timeout=${KEEP_ALIVE_SECONDS}\r\n` : "Connection: close\r\n";
  head += length === undefined ? "Transfer-Encoding: chunked\r\n\r\n" : `Content-Length: ${length}\r\n\r\n`;
  return head;
}
