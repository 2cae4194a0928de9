/**
 * Cloud Map names from inside containers, with real Docker: containers on a Docker network get its
 * gateway as their DNS server (`--dns`); a DnsRelay on the gateway, port 53, passes queries to
 * berth's DNS server (its container view), which answers a task registered with its host-side
 * loopback address with the task's address on the network. One container calls another by
 * `<service>.<namespace>`; the host reaches the same service by the same name at its loopback
 * address. The network stands in for the cluster network the agent creates (branch `metadata`).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import Docker from "dockerode";
import * as SD from "@aws-sdk/client-servicediscovery";
import { TEST_CREDENTIALS, useTestServer } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { DnsRelay } from "../../src/dns/relay.js";

const env = useTestServer();
const docker = new Docker();
const suffix = randomBytes(4).toString("hex");
const HOST_ADDRESS = "127.0.0.77";
const LABELS = { "berth.test": "dns-containers" };

describe("Cloud Map names inside containers", { skip: process.getuid?.() !== 0 ? "the relay binds port 53: run as root" : false }, () => {
  let sd: SD.ServiceDiscoveryClient;
  let image: string;
  let network: Docker.Network;
  let gateway: string;
  let relay: DnsRelay;
  const containers: Docker.Container[] = [];
  let backendIp: string;

  async function run(name: string, cmd: string, extra: Partial<NonNullable<Docker.ContainerCreateOptions["HostConfig"]>> = {}, exposed?: Record<string, object>): Promise<Docker.Container> {
    const c = await docker.createContainer({
      name: `berth-dnstest-${suffix}-${name}`,
      Image: image,
      Cmd: ["sh", "-c", cmd],
      Tty: true,
      Labels: LABELS,
      ...(exposed && { ExposedPorts: exposed }),
      HostConfig: { NetworkMode: network.id, Dns: [gateway], ...extra },
    });
    containers.push(c);
    await c.start();
    return c;
  }

  before(async () => {
    image = await ensureBusyboxImage(docker);
    network = await docker.createNetwork({ Name: `berth-dnstest-${suffix}`, Driver: "bridge", Labels: LABELS });
    gateway = ((await network.inspect()) as { IPAM: { Config: { Gateway: string }[] } }).IPAM.Config[0]!.Gateway;
    const dns = env.server.server.dns!;
    relay = new DnsRelay({ host: dns.host, port: dns.containerPort });
    await relay.listen(gateway, 53);

    const backend = await run("web", "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www", {
      PortBindings: { "8080/tcp": [{ HostIp: HOST_ADDRESS, HostPort: "0" }] },
    }, { "8080/tcp": {} });
    const info = await backend.inspect();
    backendIp = info.NetworkSettings.Networks[network.id]?.IPAddress ?? Object.values(info.NetworkSettings.Networks)[0]!.IPAddress;
    // What the ECS integration will supply: a task's host-side address → its address on the network.
    dns.setContainerAddresses((ip) => (ip === HOST_ADDRESS ? backendIp : ip));

    sd = new SD.ServiceDiscoveryClient({ endpoint: env.server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true });
    const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: `cm${suffix}.test`, Vpc: "vpc-1" }));
    const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
    const { Service } = await sd.send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 5 }] } }));
    await sd.send(new SD.RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: "task-web", Attributes: { AWS_INSTANCE_IPV4: HOST_ADDRESS } }));
    // Wait until the DNS server has the registration.
    const deadline = Date.now() + 10_000;
    while (!dns.zones.zones.names.has(`web.cm${suffix}.test`)) {
      if (Date.now() > deadline) throw new Error("the DNS server never saw the registration");
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  after(async () => {
    for (const c of containers) await c.remove({ force: true }).catch(() => undefined);
    await network?.remove().catch(() => undefined);
    await relay?.close();
    env.server.server.dns?.setContainerAddresses(undefined);
    sd?.destroy();
  });

  async function output(c: Docker.Container): Promise<string> {
    const result = (await c.wait()) as { StatusCode: number };
    const logs = (await c.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    return `exit ${result.StatusCode}\n${logs.toString("utf8")}`;
  }

  test("a container resolves <service>.<namespace> and calls the other container by that name", async () => {
    const client = await run("client", `nslookup web.cm${suffix}.test; printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 web.cm${suffix}.test 8080`);
    const out = await output(client);
    assert.match(out, new RegExp(`Address:\\s*${backendIp.replace(/\./g, "\\.")}`), out);
    assert.match(out, /hello-from-web/, out);
  });

  test("names outside berth's namespaces are not resolved through berth (nothing forwarded)", async () => {
    const client = await run("outside", "nslookup example.com; echo done");
    const out = await output(client);
    assert.doesNotMatch(out, /Name:\s*example\.com/, out);
  });

  test("from the host, the same name resolves to the task's loopback address, which serves the same container", async () => {
    const { stdout } = await promisify(execFile)("dig", ["@127.0.0.1", "-p", String(env.server.server.dns!.port), "+short", `web.cm${suffix}.test`]);
    assert.equal(stdout.trim(), HOST_ADDRESS);
    const port = Number(((await containers[0]!.inspect()).NetworkSettings.Ports["8080/tcp"] as { HostPort: string }[])[0]!.HostPort);
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: HOST_ADDRESS, port, path: "/index.html" }, (res) => {
        let b = "";
        res.on("data", (d) => (b += d));
        res.on("end", () => resolve(b));
      }).on("error", reject);
    });
    assert.match(body, /hello-from-web/);
  });
});
