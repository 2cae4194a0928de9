import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AwsError } from "../../../errors.js";
import { SqliteStore } from "../../../store/sqlite/sqlite-store.js";
import { buildZones } from "../../../dns/zones.js";
import { deregisterInstance, registerInstance, setCustomHealth } from "./registry.js";
import { ecsTaskInstance } from "./ecs-task.js";

test("the ECS integration's path: a task registered and deregistered in a transaction, seen by the DNS zones", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-cloudmap-"));
  const store = new SqliteStore(dir);
  const scope = { region: "us-east-1", now: new Date(1_700_000_000_000) };
  try {
    const arn = "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-aaaaaaaaaaaaaaaa";
    await store.write(async (tx) => {
      await tx.cloudMap.putNamespace({ region: "us-east-1", id: "ns-aaaaaaaaaaaaaaaa", arn: "arn:ns", name: "corp.local", type: "DNS_PRIVATE", createdAt: 0, doc: {} });
      await tx.cloudMap.putService({
        region: "us-east-1",
        id: "srv-aaaaaaaaaaaaaaaa",
        arn,
        namespaceId: "ns-aaaaaaaaaaaaaaaa",
        name: "api",
        createdAt: 0,
        revision: 1,
        doc: { Type: "DNS_HTTP", DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 10 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 } },
      });
    });
    const input = ecsTaskInstance({ registryArn: arn, taskId: "0123abcd", ipv4: "127.77.0.2", port: 8080, region: "us-east-1", availabilityZone: "us-east-1a", clusterName: "c", serviceName: "api", family: "api" });
    assert.deepEqual(input.Attributes, {
      AWS_INSTANCE_IPV4: "127.77.0.2",
      AWS_INSTANCE_PORT: "8080",
      AVAILABILITY_ZONE: "us-east-1a",
      REGION: "us-east-1",
      ECS_CLUSTER_NAME: "c",
      ECS_SERVICE_NAME: "api",
      ECS_TASK_DEFINITION_FAMILY: "api",
    });
    const opId = await store.write((tx) => registerInstance(tx, scope, input));
    assert.equal((await store.read((tx) => tx.cloudMap.getOperation("us-east-1", opId)))?.type, "REGISTER_INSTANCE");
    let zones = buildZones(await store.read((tx) => tx.cloudMap.dnsSnapshot()));
    assert.deepEqual(zones.names.get("api.corp.local")?.SRV?.values, [{ port: 8080, target: "0123abcd.api.corp.local" }]);
    assert.equal((await store.read((tx) => tx.cloudMap.getService("us-east-1", "srv-aaaaaaaaaaaaaaaa")))?.revision, 2);

    // An SRV service without a port: InvalidInput, nothing written.
    await assert.rejects(
      store.write((tx) => registerInstance(tx, scope, { ...input, InstanceId: "other", Attributes: { AWS_INSTANCE_IPV4: "127.77.0.3" } })),
      (e: unknown) => e instanceof AwsError && e.code === "InvalidInput",
    );
    await store.write((tx) => setCustomHealth(tx, scope, { ServiceId: arn, InstanceId: "0123abcd", Status: "UNHEALTHY" }));
    assert.equal((await store.read((tx) => tx.cloudMap.getInstance("srv-aaaaaaaaaaaaaaaa", "0123abcd")))?.health, "UNHEALTHY");
    await store.write((tx) => deregisterInstance(tx, scope, { ServiceId: arn, InstanceId: "0123abcd" }));
    zones = buildZones(await store.read((tx) => tx.cloudMap.dnsSnapshot()));
    assert.equal(zones.names.has("api.corp.local"), false);
    await assert.rejects(
      store.write((tx) => deregisterInstance(tx, scope, { ServiceId: arn, InstanceId: "0123abcd" })),
      (e: unknown) => e instanceof AwsError && e.code === "InstanceNotFound",
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
