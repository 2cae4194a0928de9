/**
 * Cloud Map through other clients: Debian's aws CLI v2 (/usr/bin/aws, always --endpoint-url) and
 * botocore. DiscoverInstances carries the `data-` host prefix: botocore honours
 * AWS_DISABLE_HOST_PREFIX_INJECTION=true; Debian's CLI 2.9 has no such setting, so it needs
 * `data-<endpoint host>` to resolve to berth (README).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "./harness.js";
import { AWS_CLI, awsCliEnv, runAwsCli, type CliResult } from "../support/aws-cli.js";

const AWS = AWS_CLI;

describe("Cloud Map with the aws CLI and botocore", () => {
  let t: TestServer;
  let home: string;
  before(async () => {
    t = await startTestServer();
    home = mkdtempSync(path.join(os.tmpdir(), "berth-cloudmap-cli-"));
  });
  after(async () => {
    await t.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const baseEnv = () => awsCliEnv(home);

  function exec(file: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    return runAwsCli(home, args, env, file);
  }
  async function aws(...args: string[]): Promise<Record<string, unknown>> {
    const r = await exec(AWS, ["--endpoint-url", t.url, "--output", "json", "servicediscovery", ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  }

  test("namespace, service, instances and health through /usr/bin/aws servicediscovery", async () => {
    const created = (await aws("create-private-dns-namespace", "--name", "cli.local", "--vpc", "vpc-1")) as { OperationId: string };
    const op = (await aws("get-operation", "--operation-id", created.OperationId)) as { Operation: { Status: string; Targets: { NAMESPACE: string } } };
    assert.equal(op.Operation.Status, "SUCCESS");
    const svc = (await aws(
      "create-service",
      "--name",
      "web",
      "--namespace-id",
      op.Operation.Targets.NAMESPACE,
      "--dns-config",
      "DnsRecords=[{Type=A,TTL=10}]",
      "--health-check-custom-config",
      "FailureThreshold=1",
    )) as { Service: { Id: string; Type: string } };
    assert.equal(svc.Service.Type, "DNS_HTTP");
    await aws("register-instance", "--service-id", svc.Service.Id, "--instance-id", "i-1", "--attributes", "AWS_INSTANCE_IPV4=127.0.0.81");
    const list = (await aws("list-instances", "--service-id", svc.Service.Id)) as { Instances: { Id: string }[] };
    assert.deepEqual(list.Instances.map((i) => i.Id), ["i-1"]);
    await aws("update-instance-custom-health-status", "--service-id", svc.Service.Id, "--instance-id", "i-1", "--status", "UNHEALTHY");
    assert.deepEqual(await aws("get-instances-health-status", "--service-id", svc.Service.Id), { Status: { "i-1": "UNHEALTHY" } });
    const missing = await exec(AWS, ["--endpoint-url", t.url, "servicediscovery", "get-service", "--id", "srv-nothere00000000"]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ServiceNotFound/);
  });

  test("DiscoverInstances: botocore with AWS_DISABLE_HOST_PREFIX_INJECTION=true; the CLI 2.9 goes to data-<host>", async () => {
    await aws("create-http-namespace", "--name", "cli-http");
    const ns = (await aws("list-namespaces", "--filters", "Name=NAME,Values=cli-http,Condition=EQ")) as { Namespaces: { Id: string }[] };
    const svc = (await aws("create-service", "--name", "api", "--namespace-id", ns.Namespaces[0]!.Id)) as { Service: { Id: string } };
    await aws("register-instance", "--service-id", svc.Service.Id, "--instance-id", "i-1", "--attributes", "color=blue");
    const script = `import botocore.session, json, sys
c = botocore.session.get_session().create_client("servicediscovery", endpoint_url=sys.argv[1], region_name="us-east-1")
r = c.discover_instances(NamespaceName="cli-http", ServiceName="api")
print(json.dumps([i["InstanceId"] for i in r["Instances"]]))`;
    const py = await exec("python3", ["-c", script, t.url], { AWS_DISABLE_HOST_PREFIX_INJECTION: "true" });
    assert.equal(py.code, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), ["i-1"]);
    const cli = await exec(AWS, ["--endpoint-url", t.url, "servicediscovery", "discover-instances", "--namespace-name", "cli-http", "--service-name", "api"]);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /data-127\.0\.0\.1/);
  });
});
