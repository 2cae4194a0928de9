/**
 * Fargate services through the SDK on a server with no agent, so no managed capacity at all (no
 * container is started): the scheduler's capacity event, ListServices' launchType filter, a
 * platformVersion update making a new deployment, and a strategy switched back to the launch type.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { useTestServer } from "./harness.js";

const env = useTestServer();
const cluster = "fargate-api";
const network = { awsvpcConfiguration: { subnets: ["subnet-local"] } };

async function describe(name: string): Promise<Service> {
  return (await env.ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services![0]!;
}

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never happened; last seen: ${JSON.stringify(last, null, 1)?.slice(0, 3000)}`);
}

async function setup(): Promise<string> {
  await env.ecs.send(new CreateClusterCommand({ clusterName: cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }));
  const td = await env.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "fargate-api",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "main", image: "127.0.0.1:9/nothing:1" }],
    }),
  );
  return td.taskDefinition!.taskDefinitionArn!;
}

test("with no managed capacity a Fargate service starts nothing and says so in ECS's words", async () => {
  const td = await setup();
  await env.ecs.send(new CreateServiceCommand({ cluster, serviceName: "nocap", taskDefinition: td, desiredCount: 2, launchType: "FARGATE", networkConfiguration: network }));
  const s = await waitFor("the capacity event", () => describe("nocap"), (x) => (x.events ?? []).length > 0);
  assert.equal(
    s.events![0]!.message,
    "(service nocap) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. For more information, see the Troubleshooting section.",
  );
  assert.equal(s.runningCount, 0);
  assert.equal(s.pendingCount, 0);
  assert.deepEqual((await env.ecs.send(new ListTasksCommand({ cluster, serviceName: "nocap" }))).taskArns, []);
});

test("ListServices filters FARGATE services by launch type", async () => {
  const ec2 = await env.ecs.send(
    new RegisterTaskDefinitionCommand({ family: "fargate-api-ec2", containerDefinitions: [{ name: "main", image: "127.0.0.1:9/nothing:1", memory: 16 }] }),
  );
  await env.ecs.send(new CreateServiceCommand({ cluster, serviceName: "on-ec2", taskDefinition: ec2.taskDefinition!.taskDefinitionArn!, desiredCount: 0 }));
  const fargate = await env.ecs.send(new ListServicesCommand({ cluster, launchType: "FARGATE" }));
  assert.deepEqual(fargate.serviceArns, ["arn:aws:ecs:us-east-1:000000000000:service/fargate-api/nocap"]);
  const onEc2 = await env.ecs.send(new ListServicesCommand({ cluster, launchType: "EC2" }));
  assert.deepEqual(onEc2.serviceArns, ["arn:aws:ecs:us-east-1:000000000000:service/fargate-api/on-ec2"]);
});

test("a platformVersion update makes a new deployment on that version; unchanged platform, no new deployment", async () => {
  const before = await describe("nocap");
  const same = await env.ecs.send(new UpdateServiceCommand({ cluster, service: "nocap", desiredCount: 0 }));
  assert.equal(same.service!.deployments!.length, 1);
  assert.equal(same.service!.platformVersion, "LATEST");
  const updated = await env.ecs.send(new UpdateServiceCommand({ cluster, service: "nocap", platformVersion: "1.3.0" }));
  assert.equal(updated.service!.platformVersion, "1.3.0");
  assert.equal(updated.service!.deployments![0]!.platformVersion, "1.3.0");
  assert.notEqual(updated.service!.deployments![0]!.id, before.deployments![0]!.id);
});

test("a capacity provider strategy switched back with an empty list (and forceNewDeployment) runs on the FARGATE launch type", async () => {
  const td = (await describe("nocap")).taskDefinition!;
  const created = await env.ecs.send(
    new CreateServiceCommand({ cluster, serviceName: "spot", taskDefinition: td, desiredCount: 0, capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 1, weight: 1 }], networkConfiguration: network }),
  );
  assert.deepEqual(created.service!.capacityProviderStrategy, [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 1 }]);
  const back = await env.ecs.send(new UpdateServiceCommand({ cluster, service: "spot", capacityProviderStrategy: [], forceNewDeployment: true }));
  assert.equal(back.service!.launchType, "FARGATE");
  assert.equal(back.service!.capacityProviderStrategy, undefined);
  assert.equal(back.service!.deployments![0]!.launchType, "FARGATE");
  assert.equal(back.service!.deployments![0]!.capacityProviderStrategy, undefined);
  assert.ok(back.service!.deployments!.length >= 1);
});
