import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../../errors.js";
import { checkServicePlatform, FORCE_NEEDED, isManaged, launchOfDoc, providersForStart, resolveServiceLaunch, updatedLaunch } from "./service-launch.js";
import { checkTaskDefinitionLaunch } from "./validate.js";

const refused = (fn: () => unknown, code: string, message: RegExp | string) =>
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code && (typeof message === "string" ? e.message === message : message.test(e.message)));
const cluster = { capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [] };
const withDefault = { ...cluster, defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] };
const spot = [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }];

test("a service's launch: its strategy, else its launch type, else the cluster's default strategy, else EC2", () => {
  assert.deepEqual(resolveServiceLaunch({ launchType: "FARGATE" }, withDefault, "REPLICA"), { launchType: "FARGATE" });
  assert.deepEqual(resolveServiceLaunch({ launchType: "EC2" }, withDefault, "REPLICA"), { launchType: "EC2" });
  assert.deepEqual(resolveServiceLaunch({}, cluster, "REPLICA"), { launchType: "EC2" });
  assert.deepEqual(resolveServiceLaunch({}, withDefault, "REPLICA"), { capacityProviderStrategy: spot });
  assert.deepEqual(resolveServiceLaunch({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 2 }] }, withDefault, "REPLICA"), {
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 2, base: 0 }],
  });
  assert.equal(isManaged({ launchType: "EC2" }), false);
  assert.equal(isManaged({ launchType: "FARGATE" }), true);
  assert.equal(isManaged({ capacityProviderStrategy: spot }), true);
});

test("a launch type with a strategy, a provider not on the cluster, and other launch types are refused", () => {
  refused(
    () => resolveServiceLaunch({ launchType: "FARGATE", capacityProviderStrategy: spot }, cluster, "REPLICA"),
    "InvalidParameterException",
    "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
  );
  refused(() => resolveServiceLaunch({ capacityProviderStrategy: spot }, { capacityProviders: ["FARGATE"] }, "REPLICA"), "InvalidParameterException", /not associated with the cluster/);
  refused(() => resolveServiceLaunch({ launchType: "EXTERNAL" }, cluster, "REPLICA"), "InvalidParameterException", /does not run EXTERNAL/);
});

test("DAEMON is refused with a strategy (the cluster's default too) and with FARGATE; EC2 DAEMON stays possible", () => {
  const daemonStrategy = "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy.";
  refused(() => resolveServiceLaunch({ capacityProviderStrategy: spot }, cluster, "DAEMON"), "InvalidParameterException", daemonStrategy);
  refused(() => resolveServiceLaunch({}, withDefault, "DAEMON"), "InvalidParameterException", daemonStrategy);
  refused(() => resolveServiceLaunch({ launchType: "FARGATE" }, cluster, "DAEMON"), "InvalidParameterException", /DAEMON scheduling strategy is not supported with FARGATE/);
  assert.deepEqual(resolveServiceLaunch({ launchType: "EC2" }, withDefault, "DAEMON"), { launchType: "EC2" });
});

test("Fargate services: LATEST by default, shown as asked and run as 1.4.0; placement refused; EC2 takes no platform version", () => {
  assert.deepEqual(checkServicePlatform({ launchType: "FARGATE" }, {}), { platformVersion: "LATEST", resolvedPlatformVersion: "1.4.0", platformFamily: "Linux" });
  assert.deepEqual(checkServicePlatform({ capacityProviderStrategy: spot }, { platformVersion: "1.3.0" }), { platformVersion: "1.3.0", resolvedPlatformVersion: "1.3.0", platformFamily: "Linux" });
  refused(() => checkServicePlatform({ launchType: "FARGATE" }, { platformVersion: "2.0.0" }), "PlatformUnknownException", "The specified platform version doesn't exist.");
  refused(
    () => checkServicePlatform({ launchType: "FARGATE" }, { placementConstraints: [{ type: "distinctInstance" }] }),
    "InvalidParameterException",
    "Placement constraints are not supported with FARGATE launch type.",
  );
  refused(() => checkServicePlatform({ capacityProviderStrategy: spot }, { placementStrategy: [{ type: "random" }] }), "InvalidParameterException", "Placement strategies are not supported with FARGATE launch type.");
  assert.equal(checkServicePlatform({ launchType: "EC2" }, { placementStrategy: [{ type: "random" }] }), undefined);
  refused(() => checkServicePlatform({ launchType: "EC2" }, { platformVersion: "LATEST" }), "InvalidParameterException", "The platform version must be null when specifying an EC2 launch type.");
});

test("the task definition must suit the launch: compatibility, awsvpc and a Fargate size", () => {
  const fargate = checkServicePlatform({ launchType: "FARGATE" }, {});
  const base = { networkMode: "awsvpc" as const, containerDefinitions: [{ name: "web" }], cpu: "256", memory: "512" };
  checkTaskDefinitionLaunch({ ...base, compatibilities: ["EC2", "FARGATE"] }, { launchType: "FARGATE" }, fargate);
  refused(() => checkTaskDefinitionLaunch({ ...base, compatibilities: ["EC2"] }, { launchType: "FARGATE" }, fargate), "InvalidParameterException", "Task definition does not support launch_type FARGATE.");
  refused(() => checkTaskDefinitionLaunch({ ...base, compatibilities: ["FARGATE"] }, { launchType: "EC2" }, undefined), "InvalidParameterException", "Task definition does not support launch_type EC2.");
  refused(() => checkTaskDefinitionLaunch({ ...base, networkMode: "bridge" }, { capacityProviderStrategy: spot }, fargate), "InvalidParameterException", "Task definition does not support launch_type FARGATE.");
  refused(() => checkTaskDefinitionLaunch({ ...base, cpu: "1024", memory: "1024" }, { launchType: "FARGATE" }, fargate), "ClientException", /No Fargate configuration exists/);
});

test("UpdateService: a changed strategy needs forceNewDeployment; the same one is no change; an empty list goes back to FARGATE", () => {
  const two = [{ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 3 }];
  assert.deepEqual(updatedLaunch({ launchType: "FARGATE" }, undefined, false, cluster, "REPLICA"), { launch: { launchType: "FARGATE" }, changed: false });
  refused(() => updatedLaunch({ launchType: "FARGATE" }, two, false, cluster, "REPLICA"), "InvalidParameterException", FORCE_NEEDED);
  refused(() => updatedLaunch({ launchType: "EC2" }, two, false, cluster, "REPLICA"), "InvalidParameterException", FORCE_NEEDED);
  refused(() => updatedLaunch({ capacityProviderStrategy: spot }, two, false, cluster, "REPLICA"), "InvalidParameterException", FORCE_NEEDED);
  const switched = updatedLaunch({ launchType: "EC2" }, two, true, cluster, "REPLICA");
  assert.equal(switched.changed, true);
  assert.deepEqual(switched.launch.capacityProviderStrategy, [
    { capacityProvider: "FARGATE", weight: 1, base: 0 },
    { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
  ]);
  assert.deepEqual(updatedLaunch({ capacityProviderStrategy: spot }, [{ capacityProvider: "FARGATE_SPOT", weight: 1 }], false, cluster, "REPLICA"), { launch: { capacityProviderStrategy: spot }, changed: false });
  assert.deepEqual(updatedLaunch({ launchType: "FARGATE" }, [], false, cluster, "REPLICA"), { launch: { launchType: "FARGATE" }, changed: false });
  refused(() => updatedLaunch({ capacityProviderStrategy: spot }, [], false, cluster, "REPLICA"), "InvalidParameterException", FORCE_NEEDED);
  assert.deepEqual(updatedLaunch({ capacityProviderStrategy: spot }, [], true, cluster, "REPLICA"), { launch: { launchType: "FARGATE" }, changed: true });
  refused(() => updatedLaunch({ launchType: "FARGATE" }, [{ capacityProvider: "OTHER", weight: 1 }], true, cluster, "REPLICA"), "InvalidParameterException", /not associated/);
});

test("a stored service's launch", () => {
  assert.deepEqual(launchOfDoc({ launchType: "EC2" }), { launchType: "EC2" });
  assert.deepEqual(launchOfDoc({ launchType: "FARGATE" }), { launchType: "FARGATE" });
  assert.deepEqual(launchOfDoc({ capacityProviderStrategy: spot }), { capacityProviderStrategy: spot });
});

test("new tasks' providers bring the live tasks toward the strategy", () => {
  const strategy = [
    { capacityProvider: "FARGATE", weight: 1, base: 0 },
    { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
  ];
  const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, p) => ({ ...m, [p]: (m[p] ?? 0) + 1 }), {});
  assert.deepEqual(count(providersForStart(strategy, {}, 4)), { FARGATE: 1, FARGATE_SPOT: 3 });
  assert.deepEqual(providersForStart(strategy, { FARGATE: 1 }, 3), ["FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
  // One SPOT task replaced: a SPOT task again.
  assert.deepEqual(providersForStart(strategy, { FARGATE: 1, FARGATE_SPOT: 2 }, 1), ["FARGATE_SPOT"]);
  // Too many of one already: the rest go where the shares are short.
  assert.deepEqual(providersForStart(strategy, { FARGATE: 3 }, 1), ["FARGATE_SPOT"]);
  const based = [{ capacityProvider: "FARGATE", weight: 0, base: 2 }, { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }];
  assert.deepEqual(providersForStart(based, {}, 3), ["FARGATE", "FARGATE", "FARGATE_SPOT"]);
  assert.deepEqual(providersForStart(based, { FARGATE_SPOT: 1 }, 2), ["FARGATE", "FARGATE"]);
  assert.deepEqual(providersForStart(strategy, {}, 0), []);
});
