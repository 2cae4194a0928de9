/** The transport-neutral request and response the dispatcher works on (no sockets needed). */
export interface HttpRequest {
  method: string;
  /** Path plus query string, as received. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
