import { test } from "node:test";
import assert from "node:assert/strict";
import Docker from "dockerode";
import { openContainerLogs } from "./docker-log-socket.js";
import { demuxLogBatches } from "./docker-logs.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";

const SOCKET = "/var/run/docker.sock";

test("the raw HTTP/1.0 read gives the same frames as dockerode, whole, in order, through the end of a followed log", async () => {
  const docker = new Docker({ socketPath: SOCKET });
  const image = await ensureBusyboxImage(docker);
  const c = await docker.createContainer({ Image: image, Cmd: ["sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo out-$i; i=$((i+1)); done; echo err-line >&2"], Labels: { "berth.test": "log-socket" } });
  try {
    await c.start();
    const lines: string[] = [];
    // Followed from the start: the answer ends when the container has ended.
    for await (const batch of demuxLogBatches(await openContainerLogs(SOCKET, c.id, "stdout=1&stderr=1&timestamps=1&follow=1"))) for (const l of batch) lines.push(`${l.stream}:${l.line}`);
    // stdout and stderr are two pipes: their lines interleave as the engine read them.
    assert.deepEqual(lines.filter((l) => l.startsWith("stdout:")), Array.from({ length: 3000 }, (_, i) => `stdout:out-${i}`));
    assert.deepEqual(lines.filter((l) => !l.startsWith("stdout:")), ["stderr:err-line"]);
  } finally {
    await c.remove({ force: true });
  }
});

test("a missing container's log answers 404 as dockerode's errors do (statusCode, the engine's message)", async () => {
  await assert.rejects(openContainerLogs(SOCKET, "berth-no-such-container", "stdout=1&follow=0"), (e: unknown) => {
    const err = e as { statusCode?: number; json?: { message?: string } };
    assert.equal(err.statusCode, 404);
    assert.match(err.json?.message ?? "", /No such container/);
    return true;
  });
});
