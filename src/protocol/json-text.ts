/**
 * A response body a handler has already serialized for AWS JSON 1.1. Hot read paths answer
 * with one (built from cached fragments) to skip building and stringifying an object per
 * request. Only the JSON protocol accepts it.
 */
export class JsonText {
  constructor(readonly text: string) {}
}
