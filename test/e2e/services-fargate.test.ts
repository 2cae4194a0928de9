/**
 * Fargate services on real containers: `bin/berth server` with its embedded agent, which offers
 * managed capacity; the clusters here have no container instance at all. A FARGATE service reaches
 * desiredCount RUNNING with ECS's shapes, stopped and killed tasks are replaced, a rolling update
 * completes within its bounds, a capacityProviderStrategy service splits its tasks between FARGATE
 * and FARGATE_SPOT by weight, DeleteService removes everything, and ECS's refusals come back
 * through the SDK. Every container this file causes is removed in `after` (by family label).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
} from "@aws-sdk/client-ecs";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { useDockerServer } from "./docker-server.js";
import { rejectsWith } from "./harness.js";
import { request } from "./elbv2-support.js";
import { FARGATE_TASK, httpd, registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { createHttpLoadBalancer, targetHealth } from "./http-load-balancer.js";
import { serviceProbes, stable } from "./service-probes.js";
import { waitFor } from "./wait-for.js";

const prefix = `fgsvc-${randomBytes(4).toString("hex")}`;
const cluster = `${prefix}-cluster`;
const families: string[] = [];
const network = { awsvpcConfiguration: { subnets: ["subnet-local"] } };
let ecs: ECSClient;
let elb: E.ElasticLoadBalancingV2Client;
const fx = useDockerServer({
  name: "fargate-svc",
  args: ["--task-cleanup-wait", "1"],
  families,
  // The default cluster's too (the capacity-provider switch runs there): released only when no container uses it.
  clusters: [cluster, "default"],
  ready: (f) => {
    ecs = f.ecs();
    elb = f.elb();
  },
  setUp: async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }));
  },
});
const docker = fx.docker;
const { describe, serviceTasks } = serviceProbes(() => ecs, cluster);

/** A Fargate task definition: a long-running busybox container with a quick container health check. */
async function register(name: string, command = ["sleep", "3600"], extra: Partial<RegisterTaskDefinitionCommandInput> = {}): Promise<string> {
  const family = `${prefix}-${name}`;
  if (!families.includes(family)) families.push(family);
  return registerTaskDefinition(ecs, { family, ...FARGATE_TASK, containerDefinitions: [sleeper(fx.image(), { command })], ...extra });
}

const create = (input: Omit<CreateServiceCommandInput, "cluster">) => ecs.send(new CreateServiceCommand({ cluster, networkConfiguration: network, ...input }));

const live = async (service: string) => (await serviceTasks(service)).filter((t) => t.desiredStatus === "RUNNING" && t.lastStatus === "RUNNING");

test("a FARGATE service reaches desiredCount RUNNING on managed capacity, shown as ECS shows it", async () => {
  const name = `${prefix}-web`;
  const td = await register("web");
  const created = await create({ serviceName: name, taskDefinition: td, desiredCount: 2, launchType: "FARGATE" });
  const s0 = created.service!;
  assert.equal(s0.launchType, "FARGATE");
  assert.equal(s0.capacityProviderStrategy, undefined);
  assert.equal(s0.platformVersion, "LATEST");
  assert.equal(s0.platformFamily, "Linux");
  const d0 = s0.deployments![0]!;
  assert.equal(d0.launchType, "FARGATE");
  assert.equal(d0.platformVersion, "1.4.0");
  assert.equal(d0.platformFamily, "Linux");
  assert.deepEqual(d0.networkConfiguration, { awsvpcConfiguration: { subnets: ["subnet-local"] } });

  const s = await waitFor("steady state", () => describe(name), stable);
  assert.equal(s.runningCount, 2);
  const tasks = await live(name);
  assert.equal(tasks.length, 2);
  for (const t of tasks) {
    assert.equal(t.launchType, "FARGATE");
    assert.equal(t.containerInstanceArn, undefined);
    assert.equal(t.capacityProviderName, undefined);
    assert.equal(t.platformVersion, "1.4.0");
    assert.equal(t.startedBy, s.deployments![0]!.id);
    assert.equal(t.group, `service:${name}`);
    assert.match(t.attachments![0]!.details!.find((x) => x.name === "privateIPv4Address")!.value!, /^127\.77\./);
  }
  assert.ok(s.events!.some((e) => /has started 2 tasks/.test(e.message!)), s.events!.map((e) => e.message).join("\n"));
});

test("a Fargate service's task stopped with StopTask, or killed with docker kill, is replaced", async () => {
  const name = `${prefix}-web`;
  const before = await live(name);
  assert.equal(before.length, 2);
  await docker.getContainer(before[0]!.containers![0]!.runtimeId!).kill();
  await ecs.send(new StopTaskCommand({ cluster, task: before[1]!.taskArn! }));
  const olds = before.map((t) => t.taskArn);
  const after = await waitFor("two replacements RUNNING", () => live(name), (ts) => ts.length === 2 && ts.every((t) => !olds.includes(t.taskArn)));
  assert.ok(after.every((t) => t.launchType === "FARGATE" && t.containerInstanceArn === undefined));
  await waitFor("steady state", () => describe(name), stable);
  // The killed and the stopped task go on to STOPPED (so the next test counts only its own).
  await waitFor("the old tasks STOPPED", () => serviceTasks(name), (ts) => ts.filter((t) => olds.includes(t.taskArn)).every((t) => t.lastStatus === "STOPPED"), 30_000);
});

test("a rolling update of a Fargate service completes within its bounds", async () => {
  const name = `${prefix}-web`;
  const v2 = await register("web", ["sleep", "3601"]);
  let maxOccupied = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const tasks = await serviceTasks(name);
      maxOccupied = Math.max(maxOccupied, tasks.filter((t) => t.lastStatus !== "STOPPED").length);
    }
  })();
  await ecs.send(new UpdateServiceCommand({ cluster, service: name, taskDefinition: v2, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } }));
  const s = await waitFor("stable on v2", () => describe(name), (x) => stable(x) && x.taskDefinition === v2);
  watching = false;
  await watch;
  assert.ok(maxOccupied <= 2, `occupied ${maxOccupied} > 2`);
  assert.equal(s.deployments![0]!.platformVersion, "1.4.0");
  const tasks = await live(name);
  assert.equal(tasks.length, 2);
  assert.ok(tasks.every((t) => t.taskDefinitionArn === v2 && t.startedBy === s.deployments![0]!.id));
});

test("DeleteService stops a Fargate service's tasks, removes their containers, and the service goes INACTIVE", async () => {
  const name = `${prefix}-web`;
  const arns = (await live(name)).map((t) => t.taskArn!);
  await rejectsWith(ecs.send(new DeleteServiceCommand({ cluster, service: name })), "InvalidParameterException", /scaled above 0/);
  const deleted = await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  assert.equal(deleted.service?.status, "DRAINING");
  await waitFor("INACTIVE", () => describe(name), (s) => s.status === "INACTIVE");
  const tasks = await waitFor("tasks STOPPED", () => serviceTasks(name), (ts) => arns.every((a) => ts.find((t) => t.taskArn === a)?.lastStatus === "STOPPED"));
  assert.ok(tasks.filter((t) => arns.includes(t.taskArn!)).every((t) => t.stopCode === "ServiceSchedulerInitiated"));
  const standing = await waitFor(
    "containers gone",
    async () => (await docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-definition-family=${prefix}-web`] } })).length,
    (n) => n === 0,
  );
  assert.equal(standing, 0);
});

test("a capacityProviderStrategy service splits its tasks between FARGATE and FARGATE_SPOT by weight", async () => {
  const name = `${prefix}-spot`;
  const td = await register("spot");
  const strategy = [
    { capacityProvider: "FARGATE", weight: 1 },
    { capacityProvider: "FARGATE_SPOT", weight: 3 },
  ];
  const created = await create({ serviceName: name, taskDefinition: td, desiredCount: 4, capacityProviderStrategy: strategy });
  const shown = [
    { capacityProvider: "FARGATE", weight: 1, base: 0 },
    { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
  ];
  assert.equal(created.service!.launchType, undefined);
  assert.deepEqual(created.service!.capacityProviderStrategy, shown);
  assert.deepEqual(created.service!.deployments![0]!.capacityProviderStrategy, shown);
  assert.equal(created.service!.deployments![0]!.launchType, undefined);
  await waitFor("steady state", () => describe(name), stable);
  const tasks = await live(name);
  const by = (p: string) => tasks.filter((t) => t.capacityProviderName === p).length;
  assert.equal(by("FARGATE"), 1);
  assert.equal(by("FARGATE_SPOT"), 3);
  assert.ok(tasks.every((t) => t.launchType === "FARGATE"));

  // A stopped SPOT task is replaced by a SPOT task: the split holds.
  const spotTask = tasks.find((t) => t.capacityProviderName === "FARGATE_SPOT")!;
  await ecs.send(new StopTaskCommand({ cluster, task: spotTask.taskArn! }));
  const again = await waitFor("replaced", () => live(name), (ts) => ts.length === 4 && !ts.some((t) => t.taskArn === spotTask.taskArn));
  assert.equal(again.filter((t) => t.capacityProviderName === "FARGATE_SPOT").length, 3);

  // Changing the strategy needs forceNewDeployment; with it, a new deployment follows the new split.
  const onDemand = [{ capacityProvider: "FARGATE", weight: 1 }];
  await rejectsWith(
    ecs.send(new UpdateServiceCommand({ cluster, service: name, capacityProviderStrategy: onDemand })),
    "InvalidParameterException",
    /^When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment\.$/,
  );
  await ecs.send(new UpdateServiceCommand({ cluster, service: name, capacityProviderStrategy: onDemand, forceNewDeployment: true }));
  const s = await waitFor("stable on FARGATE only", () => describe(name), (x) => stable(x) && x.capacityProviderStrategy?.length === 1);
  assert.deepEqual(s.deployments![0]!.capacityProviderStrategy, [{ capacityProvider: "FARGATE", weight: 1, base: 0 }]);
  const after = await live(name);
  assert.equal(after.length, 4);
  assert.ok(after.every((t) => t.capacityProviderName === "FARGATE"));
  await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  await waitFor("INACTIVE", () => describe(name), (x) => x.status === "INACTIVE");
});

test("a Fargate service behind a load balancer: its tasks' awsvpc addresses registered as ip targets, healthy, reached; deregistered on delete", async () => {
  // Other berth servers on this engine allocate the same task addresses (127.77.0.1, ...): an uncommon port.
  const appPort = 18000 + Math.floor(Math.random() * 2000);
  const { address, port, tg } = await createHttpLoadBalancer(elb, {
    name: `${prefix}-alb`,
    targetGroupName: `${prefix}-tg`,
    targetType: "ip",
    port: appPort,
    healthCheckPath: "/index.html",
    deregistrationDelaySeconds: 1,
  });

  const family = `${prefix}-lb`;
  families.push(family);
  const web = httpd(fx.image(), "hostname > /www/index.html", { port: appPort, memory: undefined, extra: { portMappings: [{ containerPort: appPort }] } });
  const td = await registerTaskDefinition(ecs, { family, ...FARGATE_TASK, containerDefinitions: [web] });

  const name = `${prefix}-lb`;
  await create({
    serviceName: name,
    taskDefinition: td,
    desiredCount: 2,
    launchType: "FARGATE",
    loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: appPort }],
  });
  const healthOf = () => targetHealth(elb, tg);
  const healthy = await waitFor("two healthy targets", healthOf, (h) => h.length === 2 && h.every((d) => d.TargetHealth?.State === "healthy"));
  const addresses = (await live(name)).map((t) => t.attachments![0]!.details!.find((x) => x.name === "privateIPv4Address")!.value!);
  assert.deepEqual(healthy.map((d) => d.Target!.Id).sort(), [...addresses].sort());
  assert.ok(healthy.every((d) => d.Target!.Port === appPort));
  await waitFor("the deployment COMPLETED", () => describe(name), (s) => s.deployments?.[0]?.rolloutState === "COMPLETED");

  const seen = new Set<string>();
  await waitFor(
    "both tasks answering through the listener",
    async () => {
      const r = await request(address, port, "/index.html");
      assert.equal(r.status, 200);
      seen.add(r.body.trim());
      return seen.size;
    },
    (n) => n === 2,
  );

  await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  await waitFor("INACTIVE", () => describe(name), (s) => s.status === "INACTIVE");
  await waitFor("targets deregistered", healthOf, (h) => h.length === 0);
});

test("UpdateService moves an EC2 service to a FARGATE_SPOT strategy with forceNewDeployment: its tasks roll over from the container instance to managed capacity", async () => {
  // The embedded agent's container instance is in the default cluster; FARGATE_SPOT is associated with it here.
  await ecs.send(new PutClusterCapacityProvidersCommand({ cluster: "default", capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [] }));
  const td = await register("switch", ["sleep", "3600"], { requiresCompatibilities: ["EC2", "FARGATE"] });
  const name = `${prefix}-switch`;
  const inDefault = (s: string) => ecs.send(new DescribeServicesCommand({ cluster: "default", services: [s] })).then((r) => r.services![0]!);
  const tasksOf = async () => {
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: "default", serviceName: name }));
    return taskArns?.length ? ((await ecs.send(new DescribeTasksCommand({ cluster: "default", tasks: taskArns }))).tasks ?? []) : [];
  };
  await ecs.send(new CreateServiceCommand({ cluster: "default", serviceName: name, taskDefinition: td, desiredCount: 2, launchType: "EC2", networkConfiguration: network }));
  await waitFor("stable on EC2", () => inDefault(name), stable);
  const before = await tasksOf();
  assert.ok(before.every((t) => t.launchType === "EC2" && t.containerInstanceArn !== undefined));

  const spotOnly = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
  await rejectsWith(ecs.send(new UpdateServiceCommand({ cluster: "default", service: name, capacityProviderStrategy: spotOnly })), "InvalidParameterException", /you must force a new deployment\.$/);
  const updated = await ecs.send(new UpdateServiceCommand({ cluster: "default", service: name, capacityProviderStrategy: spotOnly, forceNewDeployment: true }));
  assert.equal(updated.service!.launchType, undefined);
  assert.equal(updated.service!.platformVersion, "LATEST");
  assert.equal(updated.service!.deployments!.length, 2);
  assert.equal(updated.service!.deployments![1]!.launchType, "EC2");
  const s = await waitFor("stable on FARGATE_SPOT", () => inDefault(name), (x) => stable(x) && x.deployments![0]!.capacityProviderStrategy !== undefined);
  assert.deepEqual(s.capacityProviderStrategy, [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
  const after = await waitFor("two Fargate tasks", tasksOf, (ts) => ts.length === 2);
  assert.ok(after.every((t) => t.launchType === "FARGATE" && t.capacityProviderName === "FARGATE_SPOT" && t.containerInstanceArn === undefined));
  await ecs.send(new DeleteServiceCommand({ cluster: "default", service: name, force: true }));
  await waitFor("INACTIVE", () => inDefault(name), (x) => x.status === "INACTIVE");
});

test("Fargate services: ECS's refusals through the SDK, and the cluster's default strategy when neither is given", async () => {
  const td = await register("refusals");
  // bridge: compatible with EC2 only (ECS works compatibilities out from what the definition meets).
  const ec2Only = await register("ec2only", ["sleep", "3600"], { requiresCompatibilities: ["EC2"], networkMode: "bridge" });
  const name = `${prefix}-refused`;
  const base = { serviceName: name, taskDefinition: td, desiredCount: 0, launchType: "FARGATE" as const };
  await rejectsWith(
    ecs.send(new CreateServiceCommand({ ...base, cluster })),
    "InvalidParameterException",
    /^Network Configuration must be provided when networkMode 'awsvpc' is specified\.$/,
  );
  await rejectsWith(create({ ...base, taskDefinition: ec2Only }), "InvalidParameterException", /^Task definition does not support launch_type FARGATE\.$/);
  await rejectsWith(create({ ...base, placementConstraints: [{ type: "distinctInstance" }] }), "InvalidParameterException", /^Placement constraints are not supported with FARGATE launch type\.$/);
  await rejectsWith(create({ ...base, placementStrategy: [{ type: "random" }] }), "InvalidParameterException", /^Placement strategies are not supported with FARGATE launch type\.$/);
  await rejectsWith(create({ ...base, platformVersion: "9.9.9" }), "PlatformUnknownException", /^The specified platform version doesn't exist\.$/);
  await rejectsWith(create({ ...base, schedulingStrategy: "DAEMON", desiredCount: undefined }), "InvalidParameterException", /DAEMON/);
  await rejectsWith(
    create({ ...base, launchType: undefined, capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }], schedulingStrategy: "DAEMON", desiredCount: undefined }),
    "InvalidParameterException",
    /^Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy\.$/,
  );
  await rejectsWith(
    create({ ...base, capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] }),
    "InvalidParameterException",
    /^Specifying both a launch type and capacity provider strategy is not supported\. Remove one and try again\.$/,
  );
  await rejectsWith(
    ecs.send(new CreateServiceCommand({ ...base, cluster, launchType: "EC2", taskDefinition: ec2Only, platformVersion: "LATEST" })),
    "InvalidParameterException",
    /^The platform version must be null when specifying an EC2 launch type\.$/,
  );
  const missing = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  assert.deepEqual(missing.failures?.map((f) => f.reason), ["MISSING"], "nothing was created");

  // Neither a launch type nor a strategy: the cluster's default strategy, copied onto the service.
  await ecs.send(
    new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }),
  );
  const created = await create({ serviceName: name, taskDefinition: td, desiredCount: 0 });
  assert.deepEqual(created.service!.capacityProviderStrategy, [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
  assert.equal(created.service!.launchType, undefined);
  await rejectsWith(
    ecs.send(new UpdateServiceCommand({ cluster, service: name, placementStrategy: [{ type: "binpack", field: "memory" }] })),
    "InvalidParameterException",
    /^Placement strategies are not supported with FARGATE launch type\.$/,
  );
  await rejectsWith(ecs.send(new UpdateServiceCommand({ cluster, service: name, taskDefinition: ec2Only })), "InvalidParameterException", /^Task definition does not support launch_type FARGATE\.$/);
  await ecs.send(new DeleteServiceCommand({ cluster, service: name }));
  await ecs.send(new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [] }));
});
