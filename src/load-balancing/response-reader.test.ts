import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MalformedResponse, ResponseReader, type ResponseSink } from "./response-reader.js";

interface Seen {
  status?: number;
  headers?: string[];
  body: string;
  ended?: boolean;
  reusable?: boolean;
}

function sink(seen: Seen): ResponseSink {
  return {
    head: (status, headers) => Object.assign(seen, { status, headers }),
    body: (b) => void (seen.body += b.toString("latin1")),
    end: (reusable) => Object.assign(seen, { ended: true, reusable }),
  };
}

/** Feed `text` cut at the given offsets. */
function read(text: string, cuts: number[] = [], head = false, eof = false): Seen {
  const seen: Seen = { body: "" };
  const r = new ResponseReader(head);
  const buf = Buffer.from(text, "latin1");
  let at = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < buf.length)].sort((a, b) => a - b).concat(buf.length)) {
    r.feed(buf.subarray(at, c), sink(seen));
    at = c;
  }
  if (eof) r.eof(sink(seen));
  return seen;
}

test("Content-Length: head, body, end, reusable", () => {
  assert.deepEqual(read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"), {
    status: 200,
    headers: ["Content-Type", "text/plain", "Content-Length", "5"],
    body: "hello",
    ended: true,
    reusable: true,
  });
});

test("chunked bodies are de-chunked, with extensions and trailers", () => {
  const s = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n");
  assert.equal(s.body, "hello world");
  assert.deepEqual([s.ended, s.reusable], [true, true]);
});

test("bare-LF header lines (a CGI's) are accepted", () => {
  const s = read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\n\nfrom a cgi\n", [], false, true);
  assert.deepEqual([s.status, s.headers, s.body, s.ended, s.reusable], [200, ["Content-Type", "text/plain"], "from a cgi\n", true, false]);
});

test("no length and not chunked: the body runs to the close; ending early otherwise is malformed", () => {
  const s = read("HTTP/1.0 200 OK\r\n\r\nall of it", [], false, true);
  assert.deepEqual([s.body, s.ended, s.reusable], ["all of it", true, false]);
  const r = new ResponseReader(false);
  const seen: Seen = { body: "" };
  r.feed(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), sink(seen));
  assert.throws(() => r.eof(sink(seen)), MalformedResponse);
});

test("HEAD answers, 204 and 304 have no body; 1xx heads are skipped", () => {
  assert.deepEqual(read("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", [], true).ended, true);
  assert.deepEqual(read("HTTP/1.1 204 No Content\r\n\r\n").ended, true);
  assert.deepEqual(read("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n").ended, true);
  const s = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
  assert.deepEqual([s.status, s.body], [201, "ok"]);
});

test("Connection: close and HTTP/1.0 without keep-alive make the connection not reusable", () => {
  assert.equal(read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").reusable, false);
  assert.equal(read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusable, false);
  assert.equal(read("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").reusable, true);
});

test("malformed answers throw", () => {
  assert.throws(() => read("SSH-2.0-OpenSSH\r\n\r\n"), MalformedResponse);
  assert.throws(() => read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"), MalformedResponse);
  assert.throws(() => read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), MalformedResponse);
  assert.throws(() => read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), MalformedResponse);
});

test("property: however the bytes are cut, the same response comes out", () => {
  const texts = [
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\nX-A: 1\n\nnot here",
  ];
  fc.assert(
    fc.property(fc.constantFrom(...texts), fc.array(fc.nat(120), { maxLength: 8 }), (text, cuts) => {
      const eof = text.includes("not here");
      assert.deepEqual(read(text, cuts, false, eof), read(text, [], false, eof));
    }),
  );
});
