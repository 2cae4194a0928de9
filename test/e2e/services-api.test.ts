/**
 * The service actions end to end without Docker (no agent: services with desiredCount 0, or
 * tasks that cannot be placed): shapes, defaults, validation, errors, idempotency, pagination.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DeregisterTaskDefinitionCommand,
  ListServicesCommand,
  ListServiceDeploymentsCommand,
  DescribeServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";

const env = useTestServer();
const ACCOUNT = "000000000000";

async function setup(cluster: string): Promise<string> {
  await env.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const res = await env.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${cluster}-web`,
      containerDefinitions: [{ name: "web", image: "127.0.0.1:9/web:1", memory: 64, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return res.taskDefinition!.taskDefinitionArn!;
}

async function waitFor(what: string, probe: () => Promise<Service>, done: (s: Service) => boolean): Promise<Service> {
  const deadline = Date.now() + 20_000;
  let last: Service | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} never happened: ${JSON.stringify(last)}`);
}

test("CreateService answers ECS's Service shape with its defaults and a PRIMARY deployment", async () => {
  const td = await setup("shapes");
  const { service } = await env.ecs.send(new CreateServiceCommand({ cluster: "shapes", serviceName: "web", taskDefinition: "shapes-web", desiredCount: 0 }));
  assert.equal(service?.serviceArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shapes/web`);
  assert.equal(service?.clusterArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/shapes`);
  assert.equal(service?.taskDefinition, td);
  assert.equal(service?.status, "ACTIVE");
  assert.equal(service?.launchType, "EC2");
  assert.equal(service?.schedulingStrategy, "REPLICA");
  assert.deepEqual(service?.deploymentController, { type: "ECS" });
  assert.equal(service?.propagateTags, "NONE");
  assert.equal(service?.enableECSManagedTags, false);
  assert.deepEqual(service?.placementConstraints, []);
  assert.deepEqual([service?.runningCount, service?.pendingCount, service?.desiredCount], [0, 0, 0]);
  const d = service!.deployments![0]!;
  assert.match(d.id!, /^ecs-svc\/\d{19}$/);
  assert.deepEqual([d.status, d.taskDefinition, d.desiredCount, d.runningCount, d.pendingCount, d.failedTasks, d.rolloutState], ["PRIMARY", td, 0, 0, 0, 0, "IN_PROGRESS"]);
  assert.equal(d.rolloutStateReason, `ECS deployment ${d.id} in progress.`);
  const stable = await waitFor("COMPLETED", async () => (await env.ecs.send(new DescribeServicesCommand({ cluster: "shapes", services: ["web"] }))).services![0]!, (s) => s.deployments?.[0]?.rolloutState === "COMPLETED");
  assert.equal(stable.events?.[0]?.message, "(service web) has reached a steady state.");
  assert.equal(stable.events?.[1]?.message, `(service web) (deployment ${d.id}) deployment completed.`);
});

test("a second identical CreateService returns the service; a different one is not idempotent", async () => {
  await setup("idem");
  const input = { cluster: "idem", serviceName: "web", taskDefinition: "idem-web", desiredCount: 0 };
  const first = await env.ecs.send(new CreateServiceCommand(input));
  const again = await env.ecs.send(new CreateServiceCommand(input));
  assert.equal(again.service?.serviceArn, first.service?.serviceArn);
  assert.equal(again.service?.deployments?.[0]?.id, first.service?.deployments?.[0]?.id);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...input, desiredCount: 1 })), "InvalidParameterException", /^Creation of service was not idempotent\.$/);
});

test("CreateService refuses bad input with ECS's errors and creates nothing", async () => {
  await setup("bad");
  const base = { cluster: "bad", serviceName: "web", taskDefinition: "bad-web", desiredCount: 1 };
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, serviceName: "no spaces" })), "InvalidParameterException", /Invalid service name/);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, desiredCount: undefined })), "InvalidParameterException", /desiredCount/);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, taskDefinition: "nothing-here" })), "ClientException", /^Unable to describe task definition\.$/);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, cluster: "nowhere" })), "ClusterNotFoundException");
  await rejectsWith(
    env.ecs.send(new CreateServiceCommand({ ...base, loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1", containerName: "api", containerPort: 8080 }] })),
    "InvalidParameterException",
    /^The container api does not exist in the task definition\.$/,
  );
  await rejectsWith(
    env.ecs.send(new CreateServiceCommand({ ...base, loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1", containerName: "web", containerPort: 9090 }] })),
    "InvalidParameterException",
    /^The container web did not have a container port 9090 defined\.$/,
  );
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, launchType: "EC2", capacityProviderStrategy: [{ capacityProvider: "x" }] })), "InvalidParameterException", /both a launch type and capacity provider strategy/);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, placementStrategy: [{ type: "binpack", field: "disk" }] })), "InvalidParameterException", /binpack/);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, placementConstraints: [{ type: "memberOf", expression: "attribute:a ==" }] })), "InvalidParameterException");
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, deploymentConfiguration: { minimumHealthyPercent: 150 } })), "InvalidParameterException");
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ ...base, networkConfiguration: { awsvpcConfiguration: { subnets: ["s"] } } })), "InvalidParameterException", /not valid for the given networkMode/);
  const { serviceArns } = await env.ecs.send(new ListServicesCommand({ cluster: "bad" }));
  assert.deepEqual(serviceArns, []);
});

test("DescribeServices: MISSING failures with the built ARN, at most 10 names, tags only with include TAGS", async () => {
  await setup("desc");
  const { service } = await env.ecs.send(new CreateServiceCommand({ cluster: "desc", serviceName: "web", taskDefinition: "desc-web", desiredCount: 0, tags: [{ key: "team", value: "a" }] }));
  assert.deepEqual(service?.tags, [{ key: "team", value: "a" }]);
  const res = await env.ecs.send(new DescribeServicesCommand({ cluster: "desc", services: ["web", "ghost"] }));
  assert.equal(res.services?.length, 1);
  assert.equal(res.services?.[0]?.tags, undefined);
  assert.deepEqual(res.failures, [{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/desc/ghost`, reason: "MISSING" }]);
  const tagged = await env.ecs.send(new DescribeServicesCommand({ cluster: "desc", services: [service!.serviceArn!], include: ["TAGS"] }));
  assert.deepEqual(tagged.services?.[0]?.tags, [{ key: "team", value: "a" }]);
  await rejectsWith(env.ecs.send(new DescribeServicesCommand({ cluster: "desc", services: Array.from({ length: 11 }, (_, i) => `s${i}`) })), "InvalidParameterException");
  await env.ecs.send(new TagResourceCommand({ resourceArn: service!.serviceArn!, tags: [{ key: "more", value: "b" }] }));
  const { tags } = await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: service!.serviceArn! }));
  assert.deepEqual(tags, [{ key: "team", value: "a" }, { key: "more", value: "b" }]);
});

test("ListServices pages 10 at a time by default and filters by scheduling strategy", async () => {
  await setup("many");
  for (let i = 0; i < 12; i++) {
    await env.ecs.send(new CreateServiceCommand({ cluster: "many", serviceName: `s${String(i).padStart(2, "0")}`, taskDefinition: "many-web", desiredCount: 0 }));
  }
  const first = await env.ecs.send(new ListServicesCommand({ cluster: "many" }));
  assert.equal(first.serviceArns?.length, 10);
  const second = await env.ecs.send(new ListServicesCommand({ cluster: "many", nextToken: first.nextToken }));
  assert.equal(second.serviceArns?.length, 2);
  assert.equal(second.nextToken, undefined);
  const daemons = await env.ecs.send(new ListServicesCommand({ cluster: "many", schedulingStrategy: "DAEMON" }));
  assert.deepEqual(daemons.serviceArns, []);
  await rejectsWith(env.ecs.send(new DeleteClusterCommand({ cluster: "many" })), "ClusterContainsServicesException");
});

test("UpdateService and DeleteService: not found, not ACTIVE, scaled above 0, and the name reusable once INACTIVE", async () => {
  await setup("life");
  await rejectsWith(env.ecs.send(new UpdateServiceCommand({ cluster: "life", service: "ghost", desiredCount: 1 })), "ServiceNotFoundException", /^Service not found\.$/);
  await rejectsWith(env.ecs.send(new ListTasksCommand({ cluster: "life", serviceName: "ghost" })), "ServiceNotFoundException");
  await env.ecs.send(new CreateServiceCommand({ cluster: "life", serviceName: "web", taskDefinition: "life-web", desiredCount: 2 }));
  await rejectsWith(env.ecs.send(new DeleteServiceCommand({ cluster: "life", service: "web" })), "InvalidParameterException", /^The service cannot be stopped while it is scaled above 0\.$/);
  const updated = await env.ecs.send(new UpdateServiceCommand({ cluster: "life", service: "web", desiredCount: 0, deploymentConfiguration: { minimumHealthyPercent: 50 } }));
  assert.equal(updated.service?.desiredCount, 0);
  assert.equal(updated.service?.deployments?.length, 1, "desiredCount alone makes no deployment");
  assert.equal(updated.service?.deploymentConfiguration?.minimumHealthyPercent, 50);
  assert.equal(updated.service?.deploymentConfiguration?.maximumPercent, 200);
  const forced = await env.ecs.send(new UpdateServiceCommand({ cluster: "life", service: "web", forceNewDeployment: true }));
  assert.equal(forced.service?.deployments?.length, 2);
  assert.deepEqual(forced.service?.deployments?.map((d) => d.status), ["PRIMARY", "ACTIVE"]);
  const deleted = await env.ecs.send(new DeleteServiceCommand({ cluster: "life", service: "web" }));
  assert.equal(deleted.service?.status, "DRAINING");
  await waitFor("INACTIVE", async () => (await env.ecs.send(new DescribeServicesCommand({ cluster: "life", services: ["web"] }))).services![0]!, (s) => s.status === "INACTIVE");
  await rejectsWith(env.ecs.send(new UpdateServiceCommand({ cluster: "life", service: "web", desiredCount: 1 })), "ServiceNotActiveException", /^Service was not ACTIVE\.$/);
  assert.deepEqual((await env.ecs.send(new ListServicesCommand({ cluster: "life" }))).serviceArns, []);
  const again = await env.ecs.send(new CreateServiceCommand({ cluster: "life", serviceName: "web", taskDefinition: "life-web", desiredCount: 0 }));
  assert.equal(again.service?.status, "ACTIVE");
});

test("a service that cannot place its tasks says so in ECS's words", async () => {
  await setup("noplace");
  await env.ecs.send(new CreateServiceCommand({ cluster: "noplace", serviceName: "web", taskDefinition: "noplace-web", desiredCount: 1 }));
  const s = await waitFor("the event", async () => (await env.ecs.send(new DescribeServicesCommand({ cluster: "noplace", services: ["web"] }))).services![0]!, (x) => (x.events?.length ?? 0) > 0);
  assert.equal(
    s.events?.[0]?.message,
    "(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section.",
  );
  assert.equal(s.runningCount, 0);
  assert.equal(s.deployments?.[0]?.rolloutState, "IN_PROGRESS");
});

test("ListServiceDeployments and DescribeServiceDeployments show a service's deployments, newest first", async () => {
  await setup("history");
  const created = await env.ecs.send(new CreateServiceCommand({ cluster: "history", serviceName: "web", taskDefinition: "history-web", desiredCount: 0 }));
  const firstId = created.service!.deployments![0]!.id!;
  await waitFor("COMPLETED", async () => (await env.ecs.send(new DescribeServicesCommand({ cluster: "history", services: ["web"] }))).services![0]!, (s) => s.deployments?.[0]?.rolloutState === "COMPLETED");
  const forced = await env.ecs.send(new UpdateServiceCommand({ cluster: "history", service: "web", forceNewDeployment: true }));
  const secondId = forced.service!.deployments![0]!.id!;
  const { serviceDeployments } = await env.ecs.send(new ListServiceDeploymentsCommand({ cluster: "history", service: "web" }));
  const digits = (id: string) => id.slice("ecs-svc/".length);
  assert.deepEqual(
    serviceDeployments?.map((d) => d.serviceDeploymentArn),
    [secondId, firstId].map((id) => `arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/history/web/${digits(id)}`),
  );
  assert.equal(serviceDeployments?.[1]?.status, "SUCCESSFUL");
  const none = await env.ecs.send(new ListServiceDeploymentsCommand({ cluster: "history", service: "web", status: ["ROLLBACK_FAILED"] }));
  assert.deepEqual(none.serviceDeployments, []);
  const described = await env.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![1]!.serviceDeploymentArn!, `arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/history/web/1234567890123456789`] }),
  );
  const d = described.serviceDeployments![0]!;
  assert.equal(d.targetServiceRevision?.arn, `arn:aws:ecs:us-east-1:${ACCOUNT}:service-revision/history/web/${digits(firstId)}`);
  assert.deepEqual(d.deploymentCircuitBreaker, { status: "DISABLED", failureCount: 0, threshold: 0 });
  assert.equal(described.failures?.[0]?.reason, "MISSING");
  await rejectsWith(env.ecs.send(new ListServiceDeploymentsCommand({ cluster: "history", service: "ghost" })), "ServiceNotFoundException");
});

test("a service keeps its deregistered revision: it can still be updated and scaled, but not moved to an INACTIVE one", async () => {
  const td = await setup("dereg");
  await env.ecs.send(new CreateServiceCommand({ cluster: "dereg", serviceName: "web", taskDefinition: td, desiredCount: 0 }));
  await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: td }));
  const scaled = await env.ecs.send(new UpdateServiceCommand({ cluster: "dereg", service: "web", desiredCount: 1 }));
  assert.equal(scaled.service?.taskDefinition, td);
  await rejectsWith(env.ecs.send(new CreateServiceCommand({ cluster: "dereg", serviceName: "other", taskDefinition: td, desiredCount: 0 })), "ClientException", /^TaskDefinition is inactive$/);
  // No instance to place on: the event says why, not that the revision is inactive.
  const s = await waitFor("an event", async () => (await env.ecs.send(new DescribeServicesCommand({ cluster: "dereg", services: ["web"] }))).services![0]!, (x) => (x.events?.length ?? 0) > 0);
  assert.match(s.events![0]!.message!, /No Container Instances were found in your cluster/);
});
