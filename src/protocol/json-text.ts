/**
 * A response body a handler has already serialized for AWS JSON 1.1. Hot read paths answer
 * with one (built from cached fragments) to skip building and stringifying an object per
 * request. Only the JSON protocol accepts it.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON forms of recurring strings (ARNs listed again and again), bounded by clearing when full. */
const quoted = new Map<string, string>();
const MAX_QUOTED = 10_000;

function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    quoted.set(s, q);
  }
  return q;
}

/**
 * `JSON.stringify(strings)`, byte for byte. For lists that come back often, such as ARN pages,
 * each string's JSON form is remembered: V8's stringify checks every character, every time.
 */
export function stringListJson(strings: readonly string[]): string {
  let out = "[";
  for (let i = 0; i < strings.length; i++) out += i === 0 ? quote(strings[i]!) : `,${quote(strings[i]!)}`;
  return `${out}]`;
}
