import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonFileLogParser } from "./docker-json-file.js";
import { jsonLogFile } from "./docker-json-file-logs.js";

/** An entry as Docker's json-file driver writes it. */
const entry = (log: string, stream: "stdout" | "stderr", time: string) => `${JSON.stringify({ log, stream, time }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")}\n`;
const lines = (ls: { stream: string; ms: number; line: string }[]) => ls.map((l) => [l.stream, l.ms, l.line]);
const T = Date.parse("2024-05-01T10:00:00Z");

test("entries → lines with their stream and the milliseconds of their RFC 3339 nano time", () => {
  const p = new JsonFileLogParser(false);
  const data =
    entry("first\n", "stdout", "2024-05-01T10:00:00.123456789Z") +
    entry("on stderr é\n", "stderr", "2024-05-01T10:00:00.9Z") +
    entry('escapes "q" \\ <a>&\ttab\n', "stdout", "2024-05-01T10:00:01Z") +
    entry("\n", "stdout", "2024-05-01T10:00:01.05Z") +
    entry("carriage\r\n", "stdout", "2024-05-01T10:00:01.0501Z");
  assert.deepEqual(lines(p.push(Buffer.from(data))), [
    ["stdout", T + 123, "first"],
    ["stderr", T + 900, "on stderr é"],
    ["stdout", T + 1000, 'escapes "q" \\ <a>&\ttab'],
    ["stdout", T + 1050, ""],
    // Not a TTY: the program's "\r" is its own and stays.
    ["stdout", T + 1050, "carriage\r"],
  ]);
  assert.deepEqual(p.end(), []);
});

test("partial entries (Docker's 16 KB cut) are joined per stream and keep their first part's time", () => {
  const p = new JsonFileLogParser(false);
  const data =
    entry("long ", "stdout", "2024-05-01T10:00:00.100Z") +
    entry("err line\n", "stderr", "2024-05-01T10:00:00.200Z") +
    entry("line, \"cut\" ", "stdout", "2024-05-01T10:00:00.300Z") +
    entry("twice\n", "stdout", "2024-05-01T10:00:00.400Z") +
    entry("never ended", "stderr", "2024-05-01T10:00:00.500Z");
  assert.deepEqual(lines(p.push(Buffer.from(data))), [
    ["stderr", T + 200, "err line"],
    ["stdout", T + 100, 'long line, "cut" twice'],
  ]);
  assert.deepEqual(lines(p.end()), [["stderr", T + 500, "never ended"]]);
});

test("a TTY container's \\r\\n loses its \\r, even through escapes and partial entries", () => {
  const p = new JsonFileLogParser(true);
  const data =
    entry("tty line\r\n", "stdout", "2024-05-01T10:00:00.001Z") +
    entry("with \"quotes\"\r\n", "stdout", "2024-05-01T10:00:00.002Z") +
    entry("cut ", "stdout", "2024-05-01T10:00:00.003Z") +
    entry("end\r\n", "stdout", "2024-05-01T10:00:00.004Z");
  assert.deepEqual(lines(p.push(Buffer.from(data))), [
    ["stdout", T + 1, "tty line"],
    ["stdout", T + 2, 'with "quotes"'],
    ["stdout", T + 3, "cut end"],
  ]);
});

test("a torn last entry (being written) waits for the rest, cut anywhere, even inside a character", () => {
  const data = Buffer.from(entry("one\n", "stdout", "2024-05-01T10:00:00.001Z") + entry("twö\n", "stderr", "2024-05-01T10:00:00.002Z") + entry("three\n", "stdout", "2024-05-01T10:00:00.003Z"));
  for (let cut = 1; cut < data.length; cut++) {
    const p = new JsonFileLogParser(false);
    // The caller reuses its read buffer: the parser must have copied what it kept.
    const first = Buffer.from(data.subarray(0, cut));
    const got = lines(p.push(first));
    first.fill(0x78);
    got.push(...lines(p.push(Buffer.from(data.subarray(cut)))), ...lines(p.end()));
    assert.deepEqual(got, [
      ["stdout", T + 1, "one"],
      ["stderr", T + 2, "twö"],
      ["stdout", T + 3, "three"],
    ], `cut at ${cut}`);
  }
});

test("lines before `since` are left out; attrs and unusual key orders go through JSON.parse", () => {
  const p = new JsonFileLogParser(false, T + 2);
  const data =
    entry("old\n", "stdout", "2024-05-01T10:00:00.001Z") +
    `{"log":"labelled\\n","stream":"stdout","attrs":{"a":"b"},"time":"2024-05-01T10:00:00.002Z"}\n` +
    `{"time":"2024-05-01T10:00:00.003Z","stream":"stderr","log":"reordered\\n"}\n` +
    "not json\n";
  assert.deepEqual(lines(p.push(Buffer.from(data))), [
    ["stdout", T + 2, "labelled"],
    ["stderr", T + 3, "reordered"],
  ]);
});

test("the file is read directly only for json-file without rotation", () => {
  const c = (Type: string, Config: Record<string, string> = {}) => ({ LogPath: "/var/lib/docker/containers/x/x-json.log", HostConfig: { LogConfig: { Type, Config } } });
  assert.equal(jsonLogFile(c("json-file")), "/var/lib/docker/containers/x/x-json.log");
  assert.equal(jsonLogFile(c("json-file", { "max-size": "10m" })), undefined);
  assert.equal(jsonLogFile(c("json-file", { "max-file": "3" })), undefined);
  assert.equal(jsonLogFile(c("local")), undefined);
  assert.equal(jsonLogFile({ LogPath: "", HostConfig: { LogConfig: { Type: "json-file" } } }), undefined);
});
