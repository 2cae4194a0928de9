/**
 * The API listener's HTTP/1.1 connection on a real socket on 127.0.0.1, driven with raw bytes:
 * keep-alive, pipelining in order, chunked bodies, HTTP/1.0, Expect, bad input, body limits,
 * streamed answers, HEAD, half-closed clients, idle connections.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import net, { type AddressInfo } from "node:net";
import type { Dispatch } from "../dispatch.js";
import type { HttpRequest } from "../http-types.js";
import { serveConnection } from "./connection.js";

const seen: HttpRequest[] = [];
/** Echoes method, url, a header and the body; `/slow` answers after the next one would have, `/stream` streams. */
const dispatch: Dispatch = (req, respond) => {
  seen.push(req);
  const body = JSON.stringify({ method: req.method, url: req.url, x: req.headers["x-a"] ?? null, body: req.body.toString("utf8") });
  if (req.url === "/slow") setTimeout(() => respond({ status: 200, headers: { "content-type": "application/json" }, body }), 30);
  else if (req.url === "/stream")
    respond({
      status: 200,
      headers: { "content-type": "text/plain" },
      body: "",
      stream: async (write) => {
        write(Buffer.from("héllo "));
        await new Promise((r) => setImmediate(r));
        write(Buffer.from("world"));
      },
    });
  else if (req.url === "/bad-header") respond({ status: 200, headers: { "x-bad": "a\r\nb" }, body: "" });
  else if (req.url === "/throws") throw new Error("dispatcher bug");
  else if (req.url === "/twice") {
    respond({ status: 200, headers: {}, body: "first" });
    respond({ status: 200, headers: {}, body: "second" });
  }
  else respond({ status: 200, headers: { "content-type": "application/json", "x-amzn-RequestId": "r-1" }, body });
};

let server: net.Server;
let port: number;
const writeErrors: string[] = [];

before(async () => {
  server = net.createServer({ allowHalfOpen: true }, (s) =>
    serveConnection(s, dispatch, { maxBodyBytes: 64, onFailure: (req, e) => writeErrors.push(`${req.url}: ${String(e)}`) }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** Sends `parts` (one write each, a turn of the event loop apart) and reads until the server closes or `until` holds. */
async function exchange(parts: string[], until?: (text: string) => boolean, end = false): Promise<{ text: string; closed: boolean }> {
  const socket = net.connect(port, "127.0.0.1");
  let text = "";
  let closed = false;
  const done = new Promise<void>((resolve) => {
    socket.on("data", (d) => {
      text += d.toString("utf8");
      if (until?.(text)) resolve();
    });
    socket.on("close", () => {
      closed = true;
      resolve();
    });
  });
  await new Promise<void>((r) => socket.once("connect", r));
  for (const p of parts) {
    socket.write(p);
    await new Promise((r) => setImmediate(r));
  }
  if (end) socket.end();
  await done;
  socket.destroy();
  return { text, closed };
}

const answers = (text: string) => text.split("HTTP/1.1 ").slice(1);
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
const post = (url: string, body: string, extra = "") => `POST ${url} HTTP/1.1\r\nHost: h\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test("keep-alive: two requests on one connection, each answered with its length, Date and keep-alive", async () => {
  const { text, closed } = await exchange([post("/a", "one"), post("/b", "two")], (t) => answers(t).length === 2 && t.endsWith("}"));
  assert.equal(closed, false);
  const [a, b] = answers(text);
  assert.match(a!, /^200 OK\r\n/);
  assert.match(a!, /\r\nx-amzn-RequestId: r-1\r\n/);
  assert.match(a!, /\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
  assert.match(a!, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n/);
  assert.deepEqual(bodyOf(a!), { method: "POST", url: "/a", x: null, body: "one" });
  const length = Number(/Content-Length: (\d+)/.exec(b!)![1]);
  assert.equal(Buffer.byteLength(b!.slice(b!.indexOf("\r\n\r\n") + 4)), length);
  assert.equal(bodyOf(b!).body, "two");
});

test("pipelined requests are answered in the order they came, a slow first one included", async () => {
  const { text } = await exchange([post("/slow", "1") + post("/fast", "2") + post("/fast", "3")], (t) => answers(t).length === 3 && t.endsWith("}"));
  assert.deepEqual(
    answers(text).map((a) => bodyOf(a).body),
    ["1", "2", "3"],
  );
});

test("a chunked request body is joined; a body sent in pieces arrives whole; repeated headers are joined", async () => {
  const chunked = "POST /c HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nX-A: 2\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
  const { text } = await exchange([chunked.slice(0, 20), chunked.slice(20, 70), chunked.slice(70)], (t) => t.endsWith("}"));
  assert.deepEqual(bodyOf(answers(text)[0]!), { method: "POST", url: "/c", x: "1, 2", body: "abcde" });
});

test("HTTP/1.0 without keep-alive: answered, then the connection is closed", async () => {
  const { text, closed } = await exchange(["GET /old HTTP/1.0\r\n\r\n"]);
  assert.equal(closed, true);
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(text, /\r\nConnection: close\r\n/);
  assert.equal(bodyOf(text).url, "/old");
});

test("Connection: close is honoured after the answer", async () => {
  const { closed, text } = await exchange([post("/x", "", "Connection: close\r\n")]);
  assert.equal(closed, true);
  assert.equal(answers(text).length, 1);
});

test("Expect: 100-continue gets the interim answer before the body is sent; another expectation gets 417", async () => {
  const head = "POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
  const { text } = await exchange([head, "ok"], (t) => t.endsWith("}"));
  assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  const refused = await exchange(["POST /e HTTP/1.1\r\nHost: h\r\nExpect: something\r\nContent-Length: 0\r\n\r\n"]);
  assert.match(refused.text, /^HTTP\/1\.1 417 /);
  assert.equal(refused.closed, true);
});

test("bad HTTP gets 400 and the connection is closed; nothing is dispatched", async () => {
  const before = seen.length;
  const { text, closed } = await exchange(["NOT HTTP AT ALL\r\n\r\n"]);
  assert.match(text, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.equal(closed, true);
  assert.equal(seen.length, before);
});

test("answers owed before a bad request are still given, in order", async () => {
  const { text, closed } = await exchange([post("/slow", "first") + "BAD\r\n\r\n"]);
  assert.equal(closed, true);
  const [a, b] = answers(text);
  assert.equal(bodyOf(a!).body, "first");
  assert.match(b!, /^400 /);
});

test("a body over the limit gets 413 and the connection is closed, without dispatching", async () => {
  const before = seen.length;
  const { text, closed } = await exchange([post("/big", "x".repeat(100))]);
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /Request body too large/);
  assert.equal(closed, true);
  assert.equal(seen.length, before);
});

test("a streamed answer is sent chunked and ends with the last chunk; the connection stays open", async () => {
  const { text, closed } = await exchange(["GET /stream HTTP/1.1\r\nHost: h\r\n\r\n"], (t) => t.endsWith("0\r\n\r\n"));
  assert.equal(closed, false);
  assert.match(text, /\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nhéllo \r\n5\r\nworld\r\n0\r\n\r\n$/);
});

test("HEAD gets the head with its length and no body", async () => {
  const { text } = await exchange(["HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n" + post("/after", "z")], (t) => answers(t).length === 2 && t.endsWith("}"));
  const [h, next] = answers(text);
  assert.match(h!, /Content-Length: \d+\r\n\r\n$/);
  assert.equal(bodyOf(next!).body, "z");
});

test("a client that ends its side after sending still gets its answer, then the connection closes", async () => {
  const { text, closed } = await exchange([post("/slow", "bye")], undefined, true);
  assert.equal(closed, true);
  assert.equal(bodyOf(answers(text)[0]!).body, "bye");
});

test("an answer with a line break in a header is not sent: the connection closes and the error is reported", async () => {
  const { text, closed } = await exchange(["GET /bad-header HTTP/1.1\r\nHost: h\r\n\r\n"]);
  assert.equal(closed, true);
  assert.equal(text, "");
  assert.match(writeErrors.at(-1)!, /^\/bad-header: .*line break/);
});

test("a dispatcher that throws closes the connection and is reported; one that answers twice has its second answer dropped", async () => {
  const thrown = await exchange(["GET /throws HTTP/1.1\r\nHost: h\r\n\r\n"]);
  assert.equal(thrown.closed, true);
  assert.equal(thrown.text, "");
  assert.match(writeErrors.at(-1)!, /^\/throws: Error: dispatcher bug/);
  const twice = await exchange(["GET /twice HTTP/1.1\r\nHost: h\r\n\r\n" + post("/after", "z")], (t) => t.endsWith("}"));
  const [first, next] = answers(twice.text);
  assert.match(first!, /\r\n\r\nfirst$/);
  assert.equal(bodyOf(next!).body, "z");
  assert.doesNotMatch(twice.text, /second/);
});

test("headers sent in many small pieces arrive whole", async () => {
  const request = `POST /p HTTP/1.1\r\nHost: h\r\n${Array.from({ length: 40 }, (_, i) => `X-H${i}: ${"v".repeat(50)}\r\n`).join("")}X-A: last\r\nContent-Length: 1\r\n\r\nq`;
  const parts: string[] = [];
  for (let i = 0; i < request.length; i += 97) parts.push(request.slice(i, i + 97));
  const { text } = await exchange(parts, (t) => t.endsWith("}"));
  assert.deepEqual(bodyOf(answers(text)[0]!), { method: "POST", url: "/p", x: "last", body: "q" });
  assert.equal(seen.at(-1)!.headers["x-h39"], "v".repeat(50));
});

test("a flood of pipelined requests (more than are queued before reading stops) is answered whole and in order", async () => {
  const n = 100;
  const requests = post("/slow", "0") + Array.from({ length: n - 1 }, (_, i) => post("/fast", String(i + 1))).join("");
  const { text } = await exchange([requests], (t) => answers(t).length === n && t.endsWith("}"));
  assert.deepEqual(
    answers(text).map((a) => bodyOf(a).body),
    Array.from({ length: n }, (_, i) => String(i)),
  );
});
