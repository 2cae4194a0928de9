/** AWS_ENDPOINT_URL points an unmodified SDK client at berth with no code change. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateClusterCommand, ECSClient } from "@aws-sdk/client-ecs";
import { useTestServer } from "./harness.js";

const env = useTestServer();

test("an SDK client configured only by environment variables reaches berth", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: env.server.url, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-west-2" });
  const ecs = new ECSClient({ maxAttempts: 1 });
  try {
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: "from-env" }));
    assert.equal(cluster?.clusterArn, "arn:aws:ecs:us-west-2:000000000000:cluster/from-env");
  } finally {
    ecs.destroy();
    for (const k of ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
});
