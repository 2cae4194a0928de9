/**
 * Cloud Map (servicediscovery) through @aws-sdk/client-servicediscovery against a live server:
 * every action, its errors, operations, pagination, idempotency and tags. The SDK sends
 * DiscoverInstances to a `data-` host prefix; clients set `disableHostPrefix: true` (README).
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as SD from "@aws-sdk/client-servicediscovery";
import { rejectsWith, TEST_CREDENTIALS, useTestServer } from "./harness.js";

const env = useTestServer();

const clients: SD.ServiceDiscoveryClient[] = [];
function client(opts: Partial<SD.ServiceDiscoveryClientConfig> = {}): SD.ServiceDiscoveryClient {
  const c = new SD.ServiceDiscoveryClient({
    endpoint: env.server.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    disableHostPrefix: true,
    ...opts,
  });
  clients.push(c);
  return c;
}
let cached: SD.ServiceDiscoveryClient | undefined;
const sd = () => (cached ??= client());

after(() => clients.forEach((c) => c.destroy()));

async function namespaceOf(operationId: string): Promise<string> {
  const { Operation } = await sd().send(new SD.GetOperationCommand({ OperationId: operationId }));
  assert.equal(Operation?.Status, "SUCCESS");
  return Operation!.Targets!.NAMESPACE!;
}

async function privateNamespace(name: string, soaTtl?: number): Promise<string> {
  const { OperationId } = await sd().send(
    new SD.CreatePrivateDnsNamespaceCommand({ Name: name, Vpc: "vpc-0123", ...(soaTtl !== undefined && { Properties: { DnsProperties: { SOA: { TTL: soaTtl } } } }) }),
  );
  return namespaceOf(OperationId!);
}

describe("namespaces", () => {
  test("CreatePrivateDnsNamespace is an operation that succeeds; GetNamespace shows the namespace", async () => {
    const { OperationId } = await sd().send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "ns-a.local", Vpc: "vpc-1", Description: "first", CreatorRequestId: "req-a" }));
    const op = (await sd().send(new SD.GetOperationCommand({ OperationId }))).Operation!;
    assert.equal(op.Type, "CREATE_NAMESPACE");
    assert.equal(op.Status, "SUCCESS");
    assert.match(op.Targets!.NAMESPACE!, /^ns-[a-z0-9]{16}$/);
    assert.ok(op.CreateDate instanceof Date && op.UpdateDate instanceof Date);
    const ns = (await sd().send(new SD.GetNamespaceCommand({ Id: op.Targets!.NAMESPACE! }))).Namespace!;
    assert.equal(ns.Name, "ns-a.local");
    assert.equal(ns.Type, "DNS_PRIVATE");
    assert.equal(ns.Description, "first");
    assert.equal(ns.ServiceCount, 0);
    assert.equal(ns.CreatorRequestId, "req-a");
    assert.equal(ns.Arn, `arn:aws:servicediscovery:us-east-1:000000000000:namespace/${ns.Id}`);
    assert.equal(ns.Properties?.DnsProperties?.SOA?.TTL, 15);
    assert.match(ns.Properties?.DnsProperties?.HostedZoneId ?? "", /^Z[A-Z0-9]+$/);
    assert.equal(ns.Properties?.HttpProperties?.HttpName, "ns-a.local");
    // By ARN too.
    assert.equal((await sd().send(new SD.GetNamespaceCommand({ Id: ns.Arn }))).Namespace!.Id, ns.Id);
  });

  test("a retry with the same CreatorRequestId gets the same operation; another request for the name is NamespaceAlreadyExists", async () => {
    const first = await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "retry-ns", CreatorRequestId: "req-retry" }));
    const again = await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "retry-ns", CreatorRequestId: "req-retry" }));
    assert.equal(again.OperationId, first.OperationId);
    const id = await namespaceOf(first.OperationId!);
    await assert.rejects(sd().send(new SD.CreateHttpNamespaceCommand({ Name: "retry-ns", CreatorRequestId: "req-other" })), (e: SD.NamespaceAlreadyExists) => {
      assert.equal(e.name, "NamespaceAlreadyExists");
      assert.equal(e.NamespaceId, id);
      assert.equal(e.CreatorRequestId, "req-retry");
      return true;
    });
    // The name is unique across types.
    await rejectsWith(sd().send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "retry-ns", Vpc: "vpc-1" })), "NamespaceAlreadyExists");
    // The same CreatorRequestId for another name: DuplicateRequest naming the first operation.
    await assert.rejects(sd().send(new SD.CreateHttpNamespaceCommand({ Name: "retry-ns-2", CreatorRequestId: "req-retry" })), (e: SD.DuplicateRequest) => {
      assert.equal(e.name, "DuplicateRequest");
      assert.equal(e.DuplicateOperationId, first.OperationId);
      return true;
    });
  });

  test("public and HTTP namespaces; SOA TTL as given; a bad DNS name is InvalidInput", async () => {
    const pub = await sd().send(new SD.CreatePublicDnsNamespaceCommand({ Name: "pub.example.com", Properties: { DnsProperties: { SOA: { TTL: 60 } } } }));
    const pubNs = (await sd().send(new SD.GetNamespaceCommand({ Id: await namespaceOf(pub.OperationId!) }))).Namespace!;
    assert.equal(pubNs.Type, "DNS_PUBLIC");
    assert.equal(pubNs.Properties?.DnsProperties?.SOA?.TTL, 60);
    const http = await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "http-only" }));
    const httpNs = (await sd().send(new SD.GetNamespaceCommand({ Id: await namespaceOf(http.OperationId!) }))).Namespace!;
    assert.equal(httpNs.Type, "HTTP");
    assert.deepEqual(httpNs.Properties?.DnsProperties, {});
    assert.equal(httpNs.Properties?.HttpProperties?.HttpName, "http-only");
    await rejectsWith(sd().send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "bad..name", Vpc: "vpc-1" })), "InvalidInput");
    await rejectsWith(sd().send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "no-vpc" } as SD.CreatePrivateDnsNamespaceCommandInput)), "InvalidInput", /Vpc/);
    await rejectsWith(sd().send(new SD.GetNamespaceCommand({ Id: "ns-doesnotexist0000" })), "NamespaceNotFound");
  });

  test("ListNamespaces pages and filters by TYPE and NAME", async () => {
    await privateNamespace("list-1.local");
    await privateNamespace("list-2.local");
    const all = [];
    let NextToken: string | undefined;
    do {
      const page = await sd().send(new SD.ListNamespacesCommand({ MaxResults: 1, NextToken }));
      assert.ok(page.Namespaces!.length <= 1);
      all.push(...page.Namespaces!);
      NextToken = page.NextToken;
    } while (NextToken);
    assert.ok(all.some((n) => n.Name === "list-1.local") && all.some((n) => n.Name === "list-2.local"));
    assert.equal(new Set(all.map((n) => n.Id)).size, all.length);
    const http = await sd().send(new SD.ListNamespacesCommand({ Filters: [{ Name: "TYPE", Values: ["HTTP"], Condition: "EQ" }] }));
    assert.ok(http.Namespaces!.length > 0 && http.Namespaces!.every((n) => n.Type === "HTTP"));
    const byName = await sd().send(new SD.ListNamespacesCommand({ Filters: [{ Name: "NAME", Values: ["list-"], Condition: "BEGINS_WITH" }] }));
    assert.deepEqual(byName.Namespaces!.map((n) => n.Name).sort(), ["list-1.local", "list-2.local"]);
    await rejectsWith(sd().send(new SD.ListNamespacesCommand({ NextToken: "garbage" })), "InvalidInput");
    await rejectsWith(sd().send(new SD.ListNamespacesCommand({ MaxResults: 101 })), "InvalidInput");
  });

  test("UpdatePrivateDnsNamespace changes the description and SOA TTL; the wrong type is InvalidInput", async () => {
    const id = await privateNamespace("update.local");
    const { OperationId } = await sd().send(
      new SD.UpdatePrivateDnsNamespaceCommand({ Id: id, Namespace: { Description: "changed", Properties: { DnsProperties: { SOA: { TTL: 99 } } } } }),
    );
    assert.equal((await sd().send(new SD.GetOperationCommand({ OperationId }))).Operation!.Type, "UPDATE_NAMESPACE");
    const ns = (await sd().send(new SD.GetNamespaceCommand({ Id: id }))).Namespace!;
    assert.equal(ns.Description, "changed");
    assert.equal(ns.Properties?.DnsProperties?.SOA?.TTL, 99);
    await rejectsWith(sd().send(new SD.UpdateHttpNamespaceCommand({ Id: id, Namespace: { Description: "x" } })), "InvalidInput");
  });

  test("DeleteNamespace refuses while services exist (ResourceInUse), then deletes", async () => {
    const id = await privateNamespace("delete.local");
    const { Service } = await sd().send(new SD.CreateServiceCommand({ Name: "s", NamespaceId: id, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 5 }] } }));
    await rejectsWith(sd().send(new SD.DeleteNamespaceCommand({ Id: id })), "ResourceInUse");
    await sd().send(new SD.DeleteServiceCommand({ Id: Service!.Id }));
    const { OperationId } = await sd().send(new SD.DeleteNamespaceCommand({ Id: id }));
    assert.equal((await sd().send(new SD.GetOperationCommand({ OperationId }))).Operation!.Type, "DELETE_NAMESPACE");
    await rejectsWith(sd().send(new SD.GetNamespaceCommand({ Id: id })), "NamespaceNotFound");
    await rejectsWith(sd().send(new SD.DeleteNamespaceCommand({ Id: id })), "NamespaceNotFound");
  });
});

describe("services", () => {
  test("CreateService in a DNS namespace is DNS_HTTP with MULTIVALUE by default; GetService and ListServices show it", async () => {
    const nsId = await privateNamespace("svc.local");
    const { Service } = await sd().send(
      new SD.CreateServiceCommand({
        Name: "web",
        NamespaceId: nsId,
        Description: "d",
        DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }, { Type: "SRV", TTL: 20 }] },
        HealthCheckCustomConfig: {},
        CreatorRequestId: "svc-req",
      }),
    );
    assert.match(Service!.Id!, /^srv-[a-z0-9]{16}$/);
    assert.equal(Service!.Arn, `arn:aws:servicediscovery:us-east-1:000000000000:service/${Service!.Id}`);
    assert.equal(Service!.Type, "DNS_HTTP");
    assert.equal(Service!.NamespaceId, nsId);
    assert.equal(Service!.DnsConfig?.RoutingPolicy, "MULTIVALUE");
    assert.deepEqual(Service!.HealthCheckCustomConfig, { FailureThreshold: 1 });
    assert.equal(Service!.InstanceCount, 0);
    // A retry with the same CreatorRequestId returns the service; another is ServiceAlreadyExists.
    const again = await sd().send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, CreatorRequestId: "svc-req", DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } }));
    assert.equal(again.Service!.Id, Service!.Id);
    await assert.rejects(sd().send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } })), (e: SD.ServiceAlreadyExists) => {
      assert.equal(e.name, "ServiceAlreadyExists");
      assert.equal(e.ServiceId, Service!.Id);
      return true;
    });
    assert.equal((await sd().send(new SD.GetServiceCommand({ Id: Service!.Arn }))).Service!.Description, "d");
    const listed = await sd().send(new SD.ListServicesCommand({ Filters: [{ Name: "NAMESPACE_ID", Values: [nsId], Condition: "EQ" }] }));
    assert.deepEqual(listed.Services!.map((s) => s.Id), [Service!.Id]);
    assert.equal((await sd().send(new SD.GetNamespaceCommand({ Id: nsId }))).Namespace!.ServiceCount, 1);
  });

  test("CreateService rules: DnsConfig not in HTTP namespaces, HealthCheckConfig not in private ones, namespace must exist", async () => {
    const http = await namespaceOf((await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "rules-http" }))).OperationId!);
    const priv = await privateNamespace("rules.local");
    await rejectsWith(sd().send(new SD.CreateServiceCommand({ Name: "x", NamespaceId: http, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 1 }] } })), "InvalidInput");
    await rejectsWith(sd().send(new SD.CreateServiceCommand({ Name: "x", NamespaceId: priv, HealthCheckConfig: { Type: "HTTP" } })), "InvalidInput");
    await rejectsWith(sd().send(new SD.CreateServiceCommand({ Name: "x", NamespaceId: priv, DnsConfig: { DnsRecords: [{ Type: "CNAME", TTL: 1 }] } })), "InvalidInput");
    await rejectsWith(sd().send(new SD.CreateServiceCommand({ Name: "x", NamespaceId: "ns-nothere000000000" })), "NamespaceNotFound");
    const httpSvc = await sd().send(new SD.CreateServiceCommand({ Name: "api", NamespaceId: http }));
    assert.equal(httpSvc.Service!.Type, "HTTP");
    await rejectsWith(sd().send(new SD.GetServiceCommand({ Id: "srv-nothere00000000" })), "ServiceNotFound");
  });

  test("UpdateService changes TTLs as an operation; DeleteService refuses while instances are registered", async () => {
    const nsId = await privateNamespace("upd-svc.local");
    const { Service } = await sd().send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } }));
    const { OperationId } = await sd().send(new SD.UpdateServiceCommand({ Id: Service!.Id, Service: { Description: "new", DnsConfig: { DnsRecords: [{ Type: "A", TTL: 33 }] } } }));
    const op = (await sd().send(new SD.GetOperationCommand({ OperationId }))).Operation!;
    assert.equal(op.Type, "UPDATE_SERVICE");
    assert.equal(op.Targets!.SERVICE, Service!.Id);
    const got = (await sd().send(new SD.GetServiceCommand({ Id: Service!.Id }))).Service!;
    assert.equal(got.DnsConfig!.DnsRecords![0]!.TTL, 33);
    assert.equal(got.Description, "new");
    await rejectsWith(sd().send(new SD.UpdateServiceCommand({ Id: Service!.Id, Service: { DnsConfig: { DnsRecords: [{ Type: "SRV", TTL: 1 }] } } })), "InvalidInput");
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: "i-1", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.9" } }));
    await rejectsWith(sd().send(new SD.DeleteServiceCommand({ Id: Service!.Id })), "ResourceInUse");
    await sd().send(new SD.DeregisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: "i-1" }));
    await sd().send(new SD.DeleteServiceCommand({ Id: Service!.Id }));
    await rejectsWith(sd().send(new SD.GetServiceCommand({ Id: Service!.Id })), "ServiceNotFound");
  });

  test("service attributes: update, get, delete, at most 30", async () => {
    const nsId = await privateNamespace("attrs.local");
    const { Service } = await sd().send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } }));
    await sd().send(new SD.UpdateServiceAttributesCommand({ ServiceId: Service!.Id, Attributes: { a: "1", b: "2" } }));
    await sd().send(new SD.DeleteServiceAttributesCommand({ ServiceId: Service!.Id, Attributes: ["a"] }));
    const got = await sd().send(new SD.GetServiceAttributesCommand({ ServiceId: Service!.Id }));
    assert.deepEqual(got.ServiceAttributes, { ServiceArn: Service!.Arn, ResourceOwner: "000000000000", Attributes: { b: "2" } });
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "v"]));
    await rejectsWith(sd().send(new SD.UpdateServiceAttributesCommand({ ServiceId: Service!.Id, Attributes: many })), "ServiceAttributesLimitExceededException");
  });
});

describe("instances", () => {
  async function customService(ns: string) {
    const nsId = await privateNamespace(ns);
    const { Service } = await sd().send(
      new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }, { Type: "SRV", TTL: 10 }] }, HealthCheckCustomConfig: {} }),
    );
    return Service!;
  }

  test("RegisterInstance, GetInstance, ListInstances; the registration is an operation; attributes are checked", async () => {
    const s = await customService("inst.local");
    const { OperationId } = await sd().send(
      new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "task-1", CreatorRequestId: "reg-1", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.11", AWS_INSTANCE_PORT: "8080", color: "blue" } }),
    );
    const op = (await sd().send(new SD.GetOperationCommand({ OperationId }))).Operation!;
    assert.deepEqual([op.Type, op.Status, op.Targets], ["REGISTER_INSTANCE", "SUCCESS", { SERVICE: s.Id, INSTANCE: "task-1" }]);
    const got = await sd().send(new SD.GetInstanceCommand({ ServiceId: s.Id, InstanceId: "task-1" }));
    assert.deepEqual(got.Instance, { Id: "task-1", CreatorRequestId: "reg-1", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.11", AWS_INSTANCE_PORT: "8080", color: "blue" }, CreatedByAccount: "000000000000" });
    assert.equal(got.ResourceOwner, "000000000000");
    // Same CreatorRequestId, same instance: the same operation; for another instance: DuplicateRequest.
    const retry = await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "task-1", CreatorRequestId: "reg-1", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.11", AWS_INSTANCE_PORT: "8080" } }));
    assert.equal(retry.OperationId, OperationId);
    await rejectsWith(sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "task-2", CreatorRequestId: "reg-1", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.12", AWS_INSTANCE_PORT: "1" } })), "DuplicateRequest");
    await rejectsWith(sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "task-2", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.12" } })), "InvalidInput", /AWS_INSTANCE_PORT/);
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "task-2", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.12", AWS_INSTANCE_PORT: "8080" } }));
    const page1 = await sd().send(new SD.ListInstancesCommand({ ServiceId: s.Id, MaxResults: 1 }));
    const page2 = await sd().send(new SD.ListInstancesCommand({ ServiceId: s.Id, MaxResults: 1, NextToken: page1.NextToken }));
    assert.deepEqual([...page1.Instances!, ...page2.Instances!].map((i) => i.Id), ["task-1", "task-2"]);
    assert.equal(page2.NextToken, undefined);
    assert.equal((await sd().send(new SD.GetServiceCommand({ Id: s.Id }))).Service!.InstanceCount, 2);
    await rejectsWith(sd().send(new SD.GetInstanceCommand({ ServiceId: s.Id, InstanceId: "nope" })), "InstanceNotFound");
    await rejectsWith(sd().send(new SD.RegisterInstanceCommand({ ServiceId: "srv-nothere00000000", InstanceId: "x", Attributes: {} })), "ServiceNotFound");
  });

  test("custom health: AWS_INIT_HEALTH_STATUS, UpdateInstanceCustomHealthStatus, GetInstancesHealthStatus; UNKNOWN without a health check", async () => {
    const s = await customService("health.local");
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "a", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.21", AWS_INSTANCE_PORT: "80" } }));
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "b", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.22", AWS_INSTANCE_PORT: "80", AWS_INIT_HEALTH_STATUS: "UNHEALTHY" } }));
    assert.deepEqual((await sd().send(new SD.GetInstancesHealthStatusCommand({ ServiceId: s.Id }))).Status, { a: "HEALTHY", b: "UNHEALTHY" });
    await sd().send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: s.Id, InstanceId: "a", Status: "UNHEALTHY" }));
    await sd().send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: s.Id, InstanceId: "b", Status: "HEALTHY" }));
    assert.deepEqual((await sd().send(new SD.GetInstancesHealthStatusCommand({ ServiceId: s.Id, Instances: ["b"] }))).Status, { b: "HEALTHY" });
    await rejectsWith(sd().send(new SD.GetInstancesHealthStatusCommand({ ServiceId: s.Id, Instances: ["zzz"] })), "InstanceNotFound");
    await rejectsWith(sd().send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: s.Id, InstanceId: "zzz", Status: "HEALTHY" })), "InstanceNotFound");

    const nsId = await privateNamespace("nohealth.local");
    const plain = (await sd().send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } }))).Service!;
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: plain.Id, InstanceId: "a", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.23" } }));
    assert.deepEqual((await sd().send(new SD.GetInstancesHealthStatusCommand({ ServiceId: plain.Id }))).Status, { a: "UNKNOWN" });
    await rejectsWith(sd().send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: plain.Id, InstanceId: "a", Status: "HEALTHY" })), "CustomHealthNotFound");
  });

  test("DiscoverInstances: healthy instances by default, HealthStatus filters, query and optional parameters, the revision", async () => {
    const s = await customService("discover.local");
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "a", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.31", AWS_INSTANCE_PORT: "80", stage: "prod" } }));
    await sd().send(new SD.RegisterInstanceCommand({ ServiceId: s.Id, InstanceId: "b", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.32", AWS_INSTANCE_PORT: "80", stage: "dev", AWS_INIT_HEALTH_STATUS: "UNHEALTHY" } }));
    const ids = (r: SD.DiscoverInstancesCommandOutput) => r.Instances!.map((i) => i.InstanceId).sort();
    const def = await sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "web" }));
    assert.deepEqual(ids(def), ["a"]);
    assert.deepEqual(def.Instances![0], { InstanceId: "a", NamespaceName: "discover.local", ServiceName: "web", HealthStatus: "HEALTHY", Attributes: { AWS_INSTANCE_IPV4: "127.0.0.31", AWS_INSTANCE_PORT: "80", stage: "prod" } });
    assert.deepEqual(ids(await sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "web", HealthStatus: "ALL" }))), ["a", "b"]);
    assert.deepEqual(ids(await sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "web", HealthStatus: "UNHEALTHY" }))), ["b"]);
    assert.deepEqual(ids(await sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "web", HealthStatus: "ALL", QueryParameters: { stage: "dev" } }))), ["b"]);
    assert.deepEqual(ids(await sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "web", HealthStatus: "ALL", OptionalParameters: { stage: "qa" } }))), ["a", "b"]);
    const rev1 = (await sd().send(new SD.DiscoverInstancesRevisionCommand({ NamespaceName: "discover.local", ServiceName: "web" }))).InstancesRevision!;
    assert.equal(rev1, def.InstancesRevision);
    await sd().send(new SD.DeregisterInstanceCommand({ ServiceId: s.Id, InstanceId: "b" }));
    assert.ok((await sd().send(new SD.DiscoverInstancesRevisionCommand({ NamespaceName: "discover.local", ServiceName: "web" }))).InstancesRevision! > rev1);
    await rejectsWith(sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "nothere.local", ServiceName: "web" })), "NamespaceNotFound");
    await rejectsWith(sd().send(new SD.DiscoverInstancesCommand({ NamespaceName: "discover.local", ServiceName: "nothere" })), "ServiceNotFound");
    await rejectsWith(sd().send(new SD.DeregisterInstanceCommand({ ServiceId: s.Id, InstanceId: "b" })), "InstanceNotFound");
  });

  test("DiscoverInstances with the SDK's data- host prefix works when that name reaches berth (a hosts entry)", async () => {
    // Without disableHostPrefix the SDK calls data-127.0.0.1:<port>. Simulate a hosts-file entry:
    // connect to 127.0.0.1 after signing, keeping the prefixed Host header berth must accept.
    const prefixed = client({ disableHostPrefix: false });
    let host = "";
    prefixed.middlewareStack.addRelativeTo(
      ((next: (a: unknown) => Promise<unknown>) => async (args: { request: { hostname: string; headers: Record<string, string> } }) => {
        host = args.request.headers.host ?? args.request.hostname;
        args.request.hostname = "127.0.0.1";
        return next(args);
      }) as never,
      { relation: "after", toMiddleware: "httpSigningMiddleware", name: "berthHostsEntry" } as never,
    );
    await privateNamespace("prefix.local");
    await rejectsWith(prefixed.send(new SD.DiscoverInstancesCommand({ NamespaceName: "prefix.local", ServiceName: "web" })), "ServiceNotFound");
    assert.match(host, /^data-127\.0\.0\.1/);
  });
});

describe("operations and tags", () => {
  test("ListOperations filters by TYPE, STATUS and NAMESPACE_ID; GetOperation of an unknown id is OperationNotFound", async () => {
    const { OperationId } = await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "ops-ns" }));
    const nsId = await namespaceOf(OperationId!);
    const byNs = await sd().send(new SD.ListOperationsCommand({ Filters: [{ Name: "NAMESPACE_ID", Values: [nsId], Condition: "EQ" }] }));
    assert.deepEqual(byNs.Operations, [{ Id: OperationId, Status: "SUCCESS" }]);
    const creates = await sd().send(new SD.ListOperationsCommand({ Filters: [{ Name: "TYPE", Values: ["CREATE_NAMESPACE"] }, { Name: "STATUS", Values: ["SUCCESS", "FAIL"], Condition: "IN" }] }));
    assert.ok(creates.Operations!.some((o) => o.Id === OperationId));
    const now = Date.now() / 1000;
    const recent = await sd().send(new SD.ListOperationsCommand({ Filters: [{ Name: "UPDATE_DATE", Values: [String(now - 3600), String(now + 60)], Condition: "BETWEEN" }] }));
    assert.ok(recent.Operations!.some((o) => o.Id === OperationId));
    await rejectsWith(sd().send(new SD.GetOperationCommand({ OperationId: "nothere" })), "OperationNotFound");
  });

  test("tags on create, TagResource, UntagResource, ListTagsForResource; an unknown ARN is ResourceNotFoundException", async () => {
    const { OperationId } = await sd().send(new SD.CreateHttpNamespaceCommand({ Name: "tags-ns", Tags: [{ Key: "team", Value: "a" }] }));
    const ns = (await sd().send(new SD.GetNamespaceCommand({ Id: await namespaceOf(OperationId!) }))).Namespace!;
    await sd().send(new SD.TagResourceCommand({ ResourceARN: ns.Arn, Tags: [{ Key: "env", Value: "dev" }, { Key: "team", Value: "b" }] }));
    assert.deepEqual((await sd().send(new SD.ListTagsForResourceCommand({ ResourceARN: ns.Arn }))).Tags, [
      { Key: "team", Value: "b" },
      { Key: "env", Value: "dev" },
    ]);
    await sd().send(new SD.UntagResourceCommand({ ResourceARN: ns.Arn, TagKeys: ["team"] }));
    assert.deepEqual((await sd().send(new SD.ListTagsForResourceCommand({ ResourceARN: ns.Arn }))).Tags, [{ Key: "env", Value: "dev" }]);
    const { Service } = await sd().send(new SD.CreateServiceCommand({ Name: "s", NamespaceId: ns.Id, Tags: [{ Key: "k", Value: "v" }] }));
    assert.deepEqual((await sd().send(new SD.ListTagsForResourceCommand({ ResourceARN: Service!.Arn }))).Tags, [{ Key: "k", Value: "v" }]);
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await rejectsWith(sd().send(new SD.TagResourceCommand({ ResourceARN: ns.Arn, Tags: fifty })), "TooManyTagsException");
    await rejectsWith(sd().send(new SD.ListTagsForResourceCommand({ ResourceARN: ns.Arn!.replace(ns.Id!, "ns-nothere000000000") })), "ResourceNotFoundException");
  });
});
