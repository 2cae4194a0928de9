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
  /** A streamed body instead (event streams): writes chunks until it settles; `signal` aborts when the client is gone. */
  stream?: (write: (chunk: Uint8Array) => void, signal: AbortSignal) => Promise<void>;
}
