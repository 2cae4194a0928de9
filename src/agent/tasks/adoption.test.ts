import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ContainerSummary } from "../runtime/runtime.js";
import { groupFound } from "./adoption.js";
import { LABEL_CONTAINER_NAME, LABEL_ROLE, LABEL_TASK_ARN } from "./labels.js";

const summary = (id: string, task: string | undefined, name: string, role: string, status: ContainerSummary["status"]): ContainerSummary => ({
  id,
  name: id,
  image: "busybox",
  status,
  labels: { ...(task !== undefined && { [LABEL_TASK_ARN]: task }), [LABEL_CONTAINER_NAME]: name, [LABEL_ROLE]: role },
});

describe("groupFound", () => {
  it("groups containers by task, keeps the pause container apart, and notes whether any still runs", () => {
    const found = groupFound([
      summary("1", "A", "web", "container", "running"),
      summary("2", "A", "", "pause", "running"),
      summary("3", "B", "job", "container", "exited"),
      summary("4", undefined, "x", "container", "running"),
    ]);
    assert.deepEqual([...found.keys()].sort(), ["A", "B"]);
    assert.deepEqual(Object.fromEntries(found.get("A")!.containers), { web: "1" });
    assert.equal(found.get("A")!.pauseId, "2");
    assert.equal(found.get("A")!.running, true);
    assert.deepEqual(Object.fromEntries(found.get("B")!.containers), { job: "3" });
    assert.equal(found.get("B")!.running, false);
  });
});
