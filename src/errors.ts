/**
 * AwsError: the one error type a handler throws for a client-visible failure.
 * `code` is the wire error code (`ClusterNotFoundException`, `ValidationError`, ...); the protocol
 * layer renders it in its own shape. Anything else thrown becomes a logged ServerException.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Extra members of the error shape (e.g. ConflictException's resourceIds). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = code;
  }

  /** `Sender` for client faults, `Receiver` for server ones (AWS Query's <Type>). */
  get faultType(): "Sender" | "Receiver" {
    return this.status >= 500 ? "Receiver" : "Sender";
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
