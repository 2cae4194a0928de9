import { test } from "node:test";
import assert from "node:assert/strict";
import { checkContainerMemory, checkContainerNames, checkTaskTotals, normalizeContainer, normalizeHealthCheck, normalizePortMappings } from "./containers.js";

const isClient = (message: RegExp) => (e: Error) => e.name === "ClientException" && message.test(e.message);

test("ECS's defaults are filled and given members kept verbatim", () => {
  const out = normalizeContainer({ name: "web", image: "nginx", memory: 64, command: ["nginx"], ulimits: [{ name: "nofile", softLimit: 1, hardLimit: 2 }] }, "bridge");
  assert.deepEqual(out, {
    name: "web",
    image: "nginx",
    memory: 64,
    command: ["nginx"],
    ulimits: [{ name: "nofile", softLimit: 1, hardLimit: 2 }],
    cpu: 0,
    essential: true,
    portMappings: [],
    environment: [],
    mountPoints: [],
    volumesFrom: [],
  });
  assert.equal(normalizeContainer({ name: "w", image: "i", essential: false, cpu: 10 }, "bridge").essential, false);
});

test("names must be present, well-formed and unique; images present", () => {
  assert.throws(() => checkContainerNames([{ image: "x" }]), isClient(/^Container\.name should not be null or empty\.$/));
  assert.throws(() => checkContainerNames([{ name: "bad name", image: "x" }]), isClient(/^Container\.name contains invalid characters\.$/));
  assert.throws(() => checkContainerNames([{ name: "a", image: "" }]), isClient(/^Container\.image should not be null or empty\.$/));
  assert.throws(() => checkContainerNames([{ name: "a", image: "x" }, { name: "a", image: "y" }]), isClient(/Container names must be unique/));
});

test("without task memory a container needs memory or memoryReservation", () => {
  assert.throws(
    () => checkContainerMemory({ name: "web", image: "x" }, undefined),
    isClient(/^Invalid setting for container 'web'\. At least one of 'memory' or 'memoryReservation' must be specified\.$/),
  );
  checkContainerMemory({ name: "web", image: "x" }, 512);
  checkContainerMemory({ name: "web", image: "x", memoryReservation: 64 }, undefined);
});

test("memoryReservation may not exceed memory", () => {
  assert.throws(() => checkContainerMemory({ name: "web", image: "x", memory: 64, memoryReservation: 128 }, undefined), isClient(/'memory' must be greater than or equal to 'memoryReservation'/));
  checkContainerMemory({ name: "web", image: "x", memory: 64, memoryReservation: 64 }, undefined);
});

test("containers may not ask for more than the task has", () => {
  assert.throws(() => checkTaskTotals([{ name: "a", memory: 1024 }], undefined, 512), isClient(/'memory' setting for container is greater than for the task/));
  assert.throws(
    () => checkTaskTotals([{ name: "a", memoryReservation: 300 }, { name: "b", memory: 300 }], undefined, 512),
    isClient(/sum of all container 'memoryReservation' values/),
  );
  assert.throws(() => checkTaskTotals([{ name: "a", cpu: 200 }, { name: "b", cpu: 100 }], 256, undefined), isClient(/container 'cpu' values/));
  checkTaskTotals([{ name: "a", memoryReservation: 256, cpu: 128 }, { name: "b", memory: 256, cpu: 128 }], 256, 512);
});

test("awsvpc and host fill hostPort from containerPort and refuse a different one", () => {
  assert.deepEqual(normalizePortMappings("web", [{ containerPort: 80 }], "awsvpc"), [{ containerPort: 80, hostPort: 80, protocol: "tcp" }]);
  assert.deepEqual(normalizePortMappings("web", [{ containerPort: 53, protocol: "udp" }], "host"), [{ containerPort: 53, hostPort: 53, protocol: "udp" }]);
  assert.throws(
    () => normalizePortMappings("web", [{ containerPort: 80, hostPort: 8080 }], "awsvpc"),
    isClient(/^When networkMode=awsvpc, the host ports and container ports in port mappings must match\.$/),
  );
  assert.throws(() => normalizePortMappings("web", [{ containerPort: 80, hostPort: 8080 }], "host"), isClient(/When networkMode=host/));
});

test("bridge keeps hostPort as given (absent or 0 means dynamic) and adds the tcp protocol", () => {
  assert.deepEqual(normalizePortMappings("web", [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }, { containerPort: 82, hostPort: 8082 }], "bridge"), [
    { containerPort: 80, protocol: "tcp" },
    { containerPort: 81, hostPort: 0, protocol: "tcp" },
    { containerPort: 82, hostPort: 8082, protocol: "tcp" },
  ]);
});

test("none mode takes no port mappings, and ports must be in range", () => {
  assert.throws(() => normalizePortMappings("web", [{ containerPort: 80 }], "none"), isClient(/networkMode=none/));
  assert.throws(() => normalizePortMappings("web", [{ containerPort: 70000 }], "bridge"), isClient(/'containerPort' must be between 1 and 65535/));
});

test("health checks get ECS's defaults and are bounded", () => {
  assert.deepEqual(normalizeHealthCheck("web", { command: ["CMD", "true"] }), { command: ["CMD", "true"], interval: 30, timeout: 5, retries: 3 });
  assert.deepEqual(normalizeHealthCheck("web", { command: ["CMD-SHELL", "x"], interval: 5, timeout: 120, retries: 10, startPeriod: 0 }), {
    command: ["CMD-SHELL", "x"],
    interval: 5,
    timeout: 120,
    retries: 10,
    startPeriod: 0,
  });
  for (const [key, value] of [["interval", 4], ["interval", 301], ["timeout", 1], ["timeout", 121], ["retries", 0], ["retries", 11], ["startPeriod", -1], ["startPeriod", 301]] as const) {
    assert.throws(() => normalizeHealthCheck("web", { command: ["CMD", "true"], [key]: value }), isClient(new RegExp(`'${key}' must be between`)), `${key}=${value}`);
  }
  assert.throws(() => normalizeHealthCheck("web", { command: [] }), isClient(/'command' must not be empty/));
});
