/**
 * Durability: every write the server acknowledged is there after `kill -9` and a restart on
 * the same data directory.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
} from "@aws-sdk/client-ecs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-durability-"));
const running: ServerProcess[] = [];
after(async () => {
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  await Promise.all(running.map((s) => s.exited));
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (url: string) => new ECSClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

test("acknowledged writes survive kill -9 of the server", async () => {
  const first = await spawnServer(["--data-dir", dataDir]);
  running.push(first);
  const ecs = client(first.url);
  // Many concurrent writes; every one that is acknowledged must survive.
  const clusters = Array.from({ length: 25 }, (_, i) => `durable-${i}`);
  const created = await Promise.all(clusters.map((n) => ecs.send(new CreateClusterCommand({ clusterName: n }))));
  const tds = await Promise.all(
    Array.from({ length: 10 }, () => ecs.send(new RegisterTaskDefinitionCommand({ family: "durable", containerDefinitions: [{ name: "c", image: "busybox", memory: 16 }] }))),
  );
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "durable:3" }));
  await ecs.send(new TagResourceCommand({ resourceArn: created[0]!.cluster!.clusterArn!, tags: [{ key: "kept", value: "yes" }] }));
  ecs.destroy();
  first.child.kill("SIGKILL");
  assert.equal(await first.exited, "SIGKILL");

  const second = await spawnServer(["--data-dir", dataDir]);
  running.push(second);
  const again = client(second.url);
  const described = await again.send(new DescribeClustersCommand({ clusters }));
  assert.deepEqual(described.failures, []);
  assert.deepEqual(described.clusters!.map((c) => c.clusterName).sort(), [...clusters].sort());
  const revisions = tds.map((r) => r.taskDefinition!.revision!).sort((a, b) => a - b);
  assert.deepEqual(revisions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const latest = await again.send(new DescribeTaskDefinitionCommand({ taskDefinition: "durable" }));
  assert.equal(latest.taskDefinition?.revision, 10);
  const third = await again.send(new DescribeTaskDefinitionCommand({ taskDefinition: "durable:3" }));
  assert.equal(third.taskDefinition?.status, "INACTIVE");
  const tags = await again.send(new ListTagsForResourceCommand({ resourceArn: created[0]!.cluster!.clusterArn! }));
  assert.deepEqual(tags.tags, [{ key: "kept", value: "yes" }]);
  // Numbering continues where it stopped.
  const next = await again.send(new RegisterTaskDefinitionCommand({ family: "durable", containerDefinitions: [{ name: "c", image: "busybox", memory: 16 }] }));
  assert.equal(next.taskDefinition?.revision, 11);
  again.destroy();
  second.child.kill("SIGTERM");
  assert.equal(await second.exited, 0);
});
