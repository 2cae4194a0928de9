/**
 * One conformance suite for `ContainerRuntime`, run against every implementation
 * (`docker-runtime.test.ts` on the real engine, `fake-runtime.test.ts` in memory). The containers
 * run the busybox commands below; the fake's test plays them through a `FakeBehaviour`.
 * Every container and network carries `berth.test=<random>` and is removed in `after`, pass or fail.
 * Tests wait for conditions (events, or polling with a deadline), never for a fixed time.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { isRuntimeError, type ContainerEvent, type ContainerRuntime } from "./runtime.js";

export const Commands = {
  exit: (code: number) => ["sh", "-c", `exit ${code}`],
  /** Runs until SIGTERM, then exits with `code`. */
  runUntilTerm: (code: number) => ["sh", "-c", `trap 'exit ${code}' TERM; sleep 300 & wait`],
  output: ["sh", "-c", "echo to-stdout; echo to-stderr >&2"],
  /** Holds 64 MiB in a shell variable: over a 16 MiB limit, the OOM killer ends it. */
  allocate64m: ["sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}"],
  httpd: (port: number) => ["sh", "-c", `echo berth-ok > /tmp/index.html && exec httpd -f -p ${port} -h /tmp`],
} satisfies Record<string, string[] | ((n: number) => string[])>;

export interface ConformanceTarget {
  name: string;
  /** Returns the runtime and an image present on it that runs `Commands`. */
  setup(): Promise<{ runtime: ContainerRuntime; image: string }>;
  /** Real sockets: published ports are checked by connecting to them. */
  realNetwork: boolean;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

function httpGet(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: "/", timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(res.statusCode === 200 ? body : undefined));
      res.on("error", () => resolve(undefined));
    });
    req.on("error", () => resolve(undefined));
    req.on("timeout", () => req.destroy());
  });
}

export function runtimeConformance(target: ConformanceTarget): void {
  describe(`ContainerRuntime conformance: ${target.name}`, () => {
    const run = randomBytes(6).toString("hex");
    const label = { "berth.test": run };
    const networks: string[] = [];
    let rt: ContainerRuntime;
    let image: string;
    const events: ContainerEvent[] = [];
    let closeEvents = () => {};

    before(async () => {
      ({ runtime: rt, image } = await target.setup());
      const sub = rt.events(label, (e) => events.push(e));
      closeEvents = () => sub.close();
      await sub.ready;
    });

    after(async () => {
      closeEvents();
      if (!rt) return;
      for (const c of await rt.listContainers(label)) await rt.removeContainer(c.id);
      for (const n of networks) await rt.removeNetwork(n);
      assert.deepEqual(await rt.listContainers(label), []);
    });

    const eventsOf = (id: string) => events.filter((e) => e.id === id);
    const waitEvent = (id: string, kind: ContainerEvent["kind"]) =>
      waitFor(`${kind} event of ${id.slice(0, 12)}`, () => eventsOf(id).find((e) => e.kind === kind));

    it("reports the engine's resources", async () => {
      const info = await rt.info();
      assert.ok(info.cpus >= 1 && info.memoryBytes > 0 && info.version && info.architecture && info.os === "linux");
    });

    it("runs a container to its exit code, with start then die events carrying it", async () => {
      const id = await rt.createContainer({ image, command: Commands.exit(3), labels: { ...label, case: "exit" } });
      const created = await rt.inspectContainer(id);
      assert.equal(created.status, "created");
      assert.equal(created.running, false);
      assert.equal(created.startedAt, undefined);
      await rt.startContainer(id);
      const die = await waitEvent(id, "die");
      assert.equal(die.kind === "die" && die.exitCode, 3);
      const kinds = eventsOf(id).map((e) => e.kind);
      assert.ok(kinds.indexOf("start") >= 0 && kinds.indexOf("start") < kinds.indexOf("die"), kinds.join(","));
      assert.equal(die.labels.case, "exit");
      const st = await rt.inspectContainer(id);
      assert.equal(st.status, "exited");
      assert.equal(st.exitCode, 3);
      assert.equal(st.oomKilled, false);
      // Both set; not ordered: for a process that exits at once, Docker 20.10 can record
      // FinishedAt a little before StartedAt (it stamps StartedAt after the exec returns).
      assert.ok(st.startedAt && st.finishedAt);
      assert.equal(st.labels.case, "exit");
      assert.equal(st.imageDigest, await rt.imageDigest(image));
      assert.match(st.imageDigest, /^sha256:[0-9a-f]{64}$/);
    });

    it("stops a running container with SIGTERM and reports the exit code its process chose", async () => {
      const id = await rt.createContainer({ image, command: Commands.runUntilTerm(7), labels: label });
      await rt.startContainer(id);
      await waitEvent(id, "start");
      const st = await rt.inspectContainer(id);
      assert.equal(st.status, "running");
      assert.equal(st.running, true);
      await rt.stopContainer(id, 10);
      const die = await waitEvent(id, "die");
      assert.equal(die.kind === "die" && die.exitCode, 7);
      assert.equal((await rt.inspectContainer(id)).exitCode, 7);
      await rt.stopContainer(id, 1); // stopping a stopped container is a no-op
    });

    it("lists containers by label, exited ones included", async () => {
      const a = await rt.createContainer({ image, command: Commands.exit(0), labels: { ...label, role: "a" } });
      const b = await rt.createContainer({ image, command: Commands.exit(0), labels: { ...label, role: "b" } });
      await rt.startContainer(a);
      await waitEvent(a, "die");
      // Docker 20.10 sends "die" before its list view (not inspect) records the exit: wait for it.
      const onlyA = await waitFor("list to show a exited", async () => {
        const l = await rt.listContainers({ ...label, role: "a" });
        return l[0]?.status === "exited" ? l : undefined;
      });
      assert.deepEqual(onlyA.map((c) => c.id), [a]);
      assert.equal(onlyA[0]!.labels.role, "a");
      const all = (await rt.listContainers(label)).map((c) => c.id);
      assert.ok(all.includes(a) && all.includes(b));
      assert.deepEqual(await rt.listContainers({ ...label, role: "nobody" }), []);
    });

    it("removes a container, running or not, and forgets it", async () => {
      const id = await rt.createContainer({ image, command: Commands.runUntilTerm(0), labels: { ...label, case: "rm" } });
      await rt.startContainer(id);
      await waitEvent(id, "start");
      await rt.removeContainer(id);
      await waitEvent(id, "destroy");
      await assert.rejects(rt.inspectContainer(id), (e) => isRuntimeError(e, "not-found"));
      await assert.rejects(rt.startContainer(id), (e) => isRuntimeError(e, "not-found"));
      assert.deepEqual(await rt.listContainers({ ...label, case: "rm" }), []);
      await rt.removeContainer(id); // already gone: a no-op
    });

    it("creates a labelled volume once, keeps it while a container uses it, then removes it by label", async () => {
      const name = `berth-conformance-${run}-vol`;
      const labels = { ...label, case: "volume" };
      await rt.ensureVolume({ name, labels });
      await rt.ensureVolume({ name, labels }); // idempotent
      const id = await rt.createContainer({ image, command: Commands.runUntilTerm(0), labels, mounts: [{ kind: "volume", source: name, target: "/data" }] });
      assert.deepEqual(await rt.removeVolumes(labels), [], "a volume in use stays");
      await rt.removeContainer(id);
      assert.deepEqual(await rt.removeVolumes(labels), [name]);
      assert.deepEqual(await rt.removeVolumes(labels), []);
    });

    it("fails a missing image with kind pull and the engine's message", async () => {
      // Registries on loopback ports where nothing listens: the engine fails at once, and no request leaves the machine.
      for (const ref of [`127.0.0.1:9/berth/missing-${run}:1`, `127.0.0.1:9/berth/missing-${run}@sha256:${"0".repeat(64)}`]) {
        await assert.rejects(rt.ensureImage(ref), (e) => {
          assert.ok(isRuntimeError(e, "pull"), String(e));
          assert.ok(e.message.length > 0 && !e.message.startsWith("(HTTP code"), e.message);
          return true;
        });
      }
      await rt.ensureImage(image); // present: no pull
      await assert.rejects(rt.imageDigest(`berth-missing-${run}:1`), (e) => isRuntimeError(e, "not-found"));
      await assert.rejects(
        rt.createContainer({ image: `berth-missing-${run}:1`, labels: label }),
        (e) => isRuntimeError(e, "create") && /no such image/i.test(e.message),
      );
    });

    it("publishes a container port on a loopback address with an ephemeral host port", async () => {
      const hostIp = `127.0.0.${2 + Math.floor(Math.random() * 250)}`;
      const id = await rt.createContainer({
        image,
        command: Commands.httpd(8080),
        labels: label,
        ports: [{ containerPort: 8080, protocol: "tcp", hostIp, hostPort: 0 }],
      });
      await rt.startContainer(id);
      const st = await rt.inspectContainer(id);
      assert.equal(st.ports.length, 1);
      const p = st.ports[0]!;
      assert.equal(p.containerPort, 8080);
      assert.equal(p.protocol, "tcp");
      assert.equal(p.hostIp, hostIp);
      assert.ok(p.hostPort > 0 && p.hostPort < 65536);
      assert.ok(st.ipAddresses.bridge, "an address on the bridge network");
      if (target.realNetwork) {
        const body = await waitFor(`http://${hostIp}:${p.hostPort}/`, () => httpGet(hostIp, p.hostPort));
        assert.equal(body.trim(), "berth-ok");
      }
    });

    it("puts a container on a user-defined network, reachable by alias", async () => {
      const name = `berth-test-${run}`;
      networks.push(name);
      const netId = await rt.ensureNetwork({ name, labels: label });
      assert.equal(await rt.ensureNetwork({ name, labels: label }), netId, "idempotent");
      const server = await rt.createContainer({
        image,
        command: Commands.httpd(80),
        labels: label,
        network: { kind: "network", name, aliases: ["web"] },
      });
      await rt.startContainer(server);
      const st = await rt.inspectContainer(server);
      assert.match(st.ipAddresses[name] ?? "", /^\d+\.\d+\.\d+\.\d+$/);
      if (target.realNetwork) {
        const client = await rt.createContainer({
          image,
          command: ["sh", "-c", "for i in $(seq 1 100); do nc web 80 </dev/null && exit 0; usleep 100000; done; exit 1"],
          labels: label,
          network: { kind: "network", name },
        });
        await rt.startContainer(client);
        const die = await waitEvent(client, "die");
        assert.equal(die.kind === "die" && die.exitCode, 0, "nc reached web:80");
      }
    });

    it("describes a network (labels, subnet, gateway), lists its containers in any state, and removes it once none runs", async () => {
      const name = `berth-test-${run}-b`;
      networks.push(name);
      const id = await rt.ensureNetwork({ name, labels: { ...label, kind: "b" } });
      const n = await rt.inspectNetwork(name);
      assert.equal(n.id, id);
      assert.equal(n.name, name);
      assert.equal(n.labels.kind, "b");
      assert.match(n.subnet ?? "", /^\d+\.\d+\.\d+\.\d+\/\d+$/);
      assert.match(n.gateway ?? "", /^\d+\.\d+\.\d+\.\d+$/);
      assert.deepEqual((await rt.listNetworks({ ...label, kind: "b" })).map((x) => x.name), [name]);
      assert.deepEqual(await rt.listNetworks({ ...label, kind: "nobody" }), []);
      const c = await rt.createContainer({ image, command: Commands.runUntilTerm(0), labels: label, network: { kind: "network", name } });
      assert.deepEqual((await rt.networkContainers(name)).map((x) => [x.id, x.status]), [[c, "created"]]);
      await rt.startContainer(c);
      await waitEvent(c, "start");
      assert.equal((await rt.inspectContainer(c)).createdAt instanceof Date, true);
      await assert.rejects(rt.removeNetwork(name), (e) => isRuntimeError(e) && /active endpoints/.test(e.message));
      await rt.stopContainer(c, 5);
      await waitEvent(c, "die");
      assert.deepEqual((await rt.networkContainers(name)).map((x) => x.id), [c], "an exited container still uses it");
      await rt.removeContainer(c);
      assert.deepEqual(await rt.networkContainers(name), []);
      await rt.removeNetwork(name);
      await assert.rejects(rt.inspectNetwork(name), (e) => isRuntimeError(e, "not-found"));
      assert.deepEqual(await rt.listNetworks({ ...label, kind: "b" }), []);
      await rt.removeNetwork(name); // absent: a no-op
    });

    it("gives one stats sample of a running container in Docker's stats JSON", async () => {
      const id = await rt.createContainer({ image, command: Commands.runUntilTerm(0), labels: label, memoryBytes: 64 * 1024 * 1024 });
      await rt.startContainer(id);
      await waitEvent(id, "start");
      const s = await rt.stats(id);
      for (const k of ["read", "preread", "cpu_stats", "precpu_stats", "memory_stats", "pids_stats"]) assert.ok(k in s, `stats has ${k}`);
      assert.equal(((s.memory_stats as { limit?: number }).limit), 64 * 1024 * 1024);
      await rt.removeContainer(id);
      await assert.rejects(rt.stats(id), (e) => isRuntimeError(e, "not-found"));
    });

    if (target.realNetwork) {
      it("a container on a user-defined network reaches a server on the host at the network's gateway address", async () => {
        const name = `berth-test-${run}-gw`;
        networks.push(name);
        await rt.ensureNetwork({ name, labels: label });
        const { gateway } = await rt.inspectNetwork(name);
        assert.ok(gateway);
        const server = http.createServer((_req, res) => res.end("from-host"));
        await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
        try {
          const port = (server.address() as { port: number }).port;
          const id = await rt.createContainer({
            image,
            command: ["sh", "-c", `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc ${gateway} ${port} | grep -q from-host`],
            labels: label,
            network: { kind: "network", name },
          });
          await rt.startContainer(id);
          const die = await waitEvent(id, "die");
          assert.equal(die.kind === "die" && die.exitCode, 0, "read the host's answer through the gateway");
          await rt.removeContainer(id);
        } finally {
          server.close();
        }
      });
    }

    it("reports a container killed over its memory limit as OOM-killed", async () => {
      const mib = 1024 * 1024;
      const id = await rt.createContainer({
        image,
        command: Commands.allocate64m,
        labels: label,
        memoryBytes: 16 * mib,
        memorySwapBytes: 16 * mib,
      });
      await rt.startContainer(id);
      const die = await waitEvent(id, "die");
      assert.equal(die.kind === "die" && die.exitCode, 137);
      const st = await rt.inspectContainer(id);
      assert.equal(st.oomKilled, true);
      await waitEvent(id, "oom");
    });

    it("runs a health check to healthy, with a health_status event", async () => {
      const id = await rt.createContainer({
        image,
        command: Commands.runUntilTerm(0),
        labels: label,
        healthcheck: { test: ["CMD-SHELL", "test -d /tmp"], intervalNs: 100e6, timeoutNs: 2e9, retries: 3, startPeriodNs: 0 },
      });
      await rt.startContainer(id);
      const ev = await waitEvent(id, "health_status");
      assert.equal(ev.kind === "health_status" && ev.health, "healthy");
      assert.equal((await rt.inspectContainer(id)).health, "healthy");
    });

    it("reads a container's log lines with their stream and timestamp", async () => {
      const before = new Date(Date.now() - 1000);
      const id = await rt.createContainer({ image, command: Commands.output, labels: label });
      await rt.startContainer(id);
      await waitEvent(id, "die");
      const lines = [];
      for await (const l of rt.logs(id)) lines.push(l);
      const byStream = Object.fromEntries(lines.map((l) => [l.stream, l.line]));
      assert.deepEqual(byStream, { stdout: "to-stdout", stderr: "to-stderr" });
      for (const l of lines) assert.ok(l.timestamp >= before && l.timestamp <= new Date(), String(l.timestamp));
      const later = [];
      for await (const l of rt.logs(id, { since: new Date(Date.now() + 60_000) })) later.push(l);
      assert.deepEqual(later, []);
    });
  });
}
