/**
 * The json-file reader on a real engine: the same lines as the engine's log API (which a container
 * with rotation options still gets), partial entries joined, a TTY's "\r" dropped, `since`, and a
 * follow that ends once the container has stopped and its file is read.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DockerRuntime } from "./docker-runtime.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";
import { removeContainers } from "../../../test/support/remove-containers.js";
import type { TimedLine } from "./runtime.js";
import { openContainerLogs } from "./docker-log-socket.js";
import { demuxLogBatches } from "./docker-logs.js";

const runtime = new DockerRuntime();
const LABEL = "berth.test=json-file-logs";
let image: string;
before(async () => {
  image = await ensureBusyboxImage(runtime.docker);
});
after(async () => {
  await removeContainers(runtime.docker, await runtime.docker.listContainers({ all: true, filters: { label: [LABEL] } }));
});

/** 200 lines on stdout and stderr each, a 40,000-byte line (Docker cuts it at 16 KB), an unfinished last line. */
const SCRIPT = "usleep 200000; i=0; while [ $i -lt 200 ]; do echo out $i; echo err $i >&2; i=$((i+1)); done; head -c 40000 /dev/zero | tr '\\0' a; echo; printf 'no newline'";

async function run(tty: boolean, logOptions: Record<string, string>): Promise<{ id: string; followed: TimedLine[] }> {
  const c = await runtime.docker.createContainer({ Image: image, Tty: tty, Cmd: ["sh", "-c", SCRIPT], Labels: { "berth.test": "json-file-logs" }, HostConfig: { LogConfig: { Type: "json-file", Config: logOptions } } });
  await c.start();
  const followed: TimedLine[] = [];
  for await (const batch of runtime.logBatches(c.id, { follow: true })) followed.push(...batch);
  return { id: c.id, followed };
}

const text = (ls: TimedLine[]) => ls.map((l) => `${l.stream} ${l.line.length > 50 ? `${l.line.slice(0, 5)}…(${l.line.length})` : l.line}`);

test("a followed json-file gives what the engine's log API gives, and ends with the container", async () => {
  const file = await run(false, {});
  const api = await run(false, { "max-size": "10m" }); // rotation: read through the engine
  const expected = [...Array.from({ length: 200 }, (_, i) => [`stdout out ${i}`, `stderr err ${i}`]).flat(), "stdout aaaaa…(40000)", "stdout no newline"];
  assert.deepEqual(text(file.followed).sort(), [...expected].sort());
  // The engine's followed log API (20.10) leaves out a last line the container didn't finish; the file doesn't.
  assert.deepEqual(text(api.followed.filter((l) => l.line !== "no newline")).sort(), expected.filter((l) => l !== "stdout no newline").sort());
  // Same lines, same timestamps, same order as the engine's API on the same container.
  const viaApi: TimedLine[] = [];
  for await (const b of demuxLogBatches(await openContainerLogs(await (runtime.docker.modem as unknown as { getSocketPath: () => Promise<string> }).getSocketPath(), file.id, "stdout=1&stderr=1&timestamps=1&follow=0"))) viaApi.push(...b);
  assert.deepEqual(file.followed, viaApi);
  const again: TimedLine[] = [];
  for await (const b of runtime.logBatches(file.id)) again.push(...b);
  assert.deepEqual(again, file.followed, "the file read again (not followed) gives the same lines");
  const since = file.followed[150]!.ms;
  const later: TimedLine[] = [];
  for await (const b of runtime.logBatches(file.id, { since: new Date(since) })) later.push(...b);
  assert.deepEqual(later, file.followed.filter((l) => l.ms >= since));
});

test("a TTY container's json-file: its lines without the terminal's \\r, the cut line joined", async () => {
  const { followed } = await run(true, {});
  const expected = [...Array.from({ length: 200 }, (_, i) => [`stdout out ${i}`, `stdout err ${i}`]).flat(), "stdout aaaaa…(40000)", "stdout no newline"];
  assert.deepEqual(text(followed).sort(), [...expected].sort());
});
