import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { DockerRuntime } from "./docker-runtime.js";
import { RuntimeError } from "./runtime.js";
import { runtimeConformance } from "./runtime-conformance.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";

runtimeConformance({
  name: "Docker",
  realNetwork: true,
  async setup() {
    const runtime = new DockerRuntime();
    return { runtime, image: await ensureBusyboxImage(runtime.docker) };
  },
});

test("an image seen present and removed since is pulled again at create (here: a loopback registry that refuses)", async () => {
  const runtime = new DockerRuntime();
  const image = await ensureBusyboxImage(runtime.docker);
  const ref = `127.0.0.1:9/berth-cache-test:${randomBytes(4).toString("hex")}`;
  const [repo, tag] = [ref.slice(0, ref.lastIndexOf(":")), ref.slice(ref.lastIndexOf(":") + 1)];
  await runtime.docker.getImage(image).tag({ repo, tag });
  try {
    await runtime.ensureImage(ref); // present: remembered
    const id = await runtime.createContainer({ image: ref, command: ["true"], labels: { "berth.test": "image-cache" } });
    await runtime.removeContainer(id);
    await runtime.docker.getImage(ref).remove(); // untags; busybox's own tag keeps the image
    await assert.rejects(runtime.createContainer({ image: ref, command: ["true"], labels: { "berth.test": "image-cache" } }), (e: unknown) => {
      assert.ok(e instanceof RuntimeError);
      assert.equal(e.kind, "pull");
      return true;
    });
  } finally {
    await runtime.docker.getImage(ref).remove().catch(() => undefined);
    for (const c of await runtime.listContainers({ "berth.test": "image-cache" })) await runtime.removeContainer(c.id);
  }
});

test("a container's image digest is looked up once per image id, not on every inspect", async () => {
  const runtime = new DockerRuntime();
  const image = await ensureBusyboxImage(runtime.docker);
  const looked: string[] = [];
  const getImage = runtime.docker.getImage.bind(runtime.docker);
  runtime.docker.getImage = (name: string) => (looked.push(name), getImage(name));
  const id = await runtime.createContainer({ image, command: ["true"], labels: { "berth.test": "digest-cache" } });
  try {
    const first = await runtime.inspectContainer(id);
    const second = await runtime.inspectContainer(id);
    assert.equal(second.imageDigest, first.imageDigest);
    assert.equal(first.imageDigest, await runtime.imageDigest(image));
    assert.deepEqual(looked.filter((n) => n === first.imageId), [first.imageId], "one image inspect for two container inspects");
  } finally {
    await runtime.removeContainer(id);
  }
});
