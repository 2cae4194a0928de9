/**
 * The CloudMapRepo part of the store conformance suite: every Store backend runs it (the SQLite
 * backend from sqlite-store.test.ts). The factory makes a fresh, empty store.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { CloudMapInstanceRecord, CloudMapNamespaceRecord, CloudMapServiceRecord, Store } from "./store.js";

const ns = (id: string, name: string, over: Partial<CloudMapNamespaceRecord> = {}): CloudMapNamespaceRecord => ({
  region: "us-east-1",
  id,
  arn: `arn:aws:servicediscovery:us-east-1:000000000000:namespace/${id}`,
  name,
  type: "DNS_PRIVATE",
  creatorRequestId: `req-${id}`,
  createdAt: 1000,
  doc: { Properties: { HttpProperties: { HttpName: name } } },
  ...over,
});
const svc = (id: string, namespaceId: string, name: string): CloudMapServiceRecord => ({
  region: "us-east-1",
  id,
  arn: `arn:aws:servicediscovery:us-east-1:000000000000:service/${id}`,
  namespaceId,
  name,
  createdAt: 1000,
  revision: 1,
  doc: { Type: "DNS_HTTP" },
});
const inst = (serviceId: string, id: string, over: Partial<CloudMapInstanceRecord> = {}): CloudMapInstanceRecord => ({
  region: "us-east-1",
  serviceId,
  id,
  attributes: { AWS_INSTANCE_IPV4: "127.0.0.1" },
  createdAt: 1000,
  ...over,
});

export function cloudMapConformance(name: string, make: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const { store, dispose } = await make();
    try {
      await fn(store);
    } finally {
      await dispose();
    }
  };

  describe(`Store conformance (Cloud Map): ${name}`, () => {
    test(
      "namespaces by id and by name, per region, listed by id; a name is unique in a region",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.cloudMap.putNamespace(ns("ns-b", "b.local"));
          await tx.cloudMap.putNamespace(ns("ns-a", "a.local", { type: "HTTP" }));
          await tx.cloudMap.putNamespace(ns("ns-c", "a.local", { region: "eu-west-1" }));
        });
        const got = await store.read((tx) => tx.cloudMap.getNamespace("us-east-1", "ns-b"));
        assert.deepEqual(got, ns("ns-b", "b.local"));
        assert.equal((await store.read((tx) => tx.cloudMap.namespaceByName("us-east-1", "a.local")))?.id, "ns-a");
        assert.equal((await store.read((tx) => tx.cloudMap.namespaceByName("eu-west-1", "a.local")))?.id, "ns-c");
        assert.deepEqual((await store.read((tx) => tx.cloudMap.listNamespaces("us-east-1", { limit: 10 }))).map((n) => n.id), ["ns-a", "ns-b"]);
        assert.deepEqual((await store.read((tx) => tx.cloudMap.listNamespaces("us-east-1", { after: "ns-a", limit: 10 }))).map((n) => n.id), ["ns-b"]);
        await assert.rejects(store.write((tx) => tx.cloudMap.putNamespace(ns("ns-z", "b.local"))));
        await store.write((tx) => tx.cloudMap.deleteNamespace("us-east-1", "ns-b"));
        assert.equal(await store.read((tx) => tx.cloudMap.getNamespace("us-east-1", "ns-b")), undefined);
      }),
    );

    test(
      "services and instances: by name, counts, revisions, instance upserts and deletes",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.cloudMap.putNamespace(ns("ns-a", "a.local"));
          await tx.cloudMap.putService(svc("srv-1", "ns-a", "web"));
          await tx.cloudMap.putService(svc("srv-2", "ns-a", "api"));
          await tx.cloudMap.putInstance(inst("srv-1", "i-2"));
          await tx.cloudMap.putInstance(inst("srv-1", "i-1", { health: "UNHEALTHY", creatorRequestId: "r" }));
        });
        assert.equal((await store.read((tx) => tx.cloudMap.serviceByName("us-east-1", "ns-a", "api")))?.id, "srv-2");
        assert.equal(await store.read((tx) => tx.cloudMap.countServices("us-east-1", "ns-a")), 2);
        assert.equal(await store.read((tx) => tx.cloudMap.countInstances("srv-1")), 2);
        assert.deepEqual(await store.read((tx) => tx.cloudMap.getInstance("srv-1", "i-1")), inst("srv-1", "i-1", { health: "UNHEALTHY", creatorRequestId: "r" }));
        await store.write(async (tx) => {
          await tx.cloudMap.putInstance(inst("srv-1", "i-1", { attributes: { AWS_INSTANCE_IPV4: "127.0.0.2" }, health: "HEALTHY" }));
          await tx.cloudMap.putService({ ...svc("srv-1", "ns-a", "web"), revision: 5 });
        });
        const i1 = await store.read((tx) => tx.cloudMap.getInstance("srv-1", "i-1"));
        assert.deepEqual([i1?.attributes.AWS_INSTANCE_IPV4, i1?.health], ["127.0.0.2", "HEALTHY"]);
        assert.equal((await store.read((tx) => tx.cloudMap.getService("us-east-1", "srv-1")))?.revision, 5);
        assert.deepEqual((await store.read((tx) => tx.cloudMap.listInstances("srv-1", { limit: 1 }))).map((i) => i.id), ["i-1"]);
        const snap = await store.read((tx) => tx.cloudMap.dnsSnapshot());
        assert.deepEqual([snap.namespaces.length, snap.services.length, snap.instances.length], [1, 2, 2]);
        await store.write((tx) => tx.cloudMap.deleteInstance("srv-1", "i-1"));
        assert.equal(await store.read((tx) => tx.cloudMap.countInstances("srv-1")), 1);
      }),
    );

    test(
      "operations by id and by CreatorRequestId, listed by id; HTTP namespaces stay out of the DNS snapshot",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.cloudMap.putNamespace(ns("ns-h", "h", { type: "HTTP" }));
          await tx.cloudMap.putService(svc("srv-h", "ns-h", "x"));
          await tx.cloudMap.putInstance(inst("srv-h", "i"));
          await tx.cloudMap.putOperation({ region: "us-east-1", id: "op-b", type: "CREATE_NAMESPACE", status: "SUCCESS", targets: { NAMESPACE: "ns-h" }, creatorRequestId: "req", createdAt: 1, updatedAt: 1 });
          await tx.cloudMap.putOperation({ region: "us-east-1", id: "op-a", type: "DELETE_NAMESPACE", status: "SUCCESS", targets: { NAMESPACE: "ns-h" }, createdAt: 2, updatedAt: 2 });
        });
        assert.deepEqual((await store.read((tx) => tx.cloudMap.getOperation("us-east-1", "op-b")))?.targets, { NAMESPACE: "ns-h" });
        assert.equal((await store.read((tx) => tx.cloudMap.operationByCreatorRequestId("us-east-1", "req")))?.id, "op-b");
        assert.equal(await store.read((tx) => tx.cloudMap.operationByCreatorRequestId("eu-west-1", "req")), undefined);
        assert.deepEqual((await store.read((tx) => tx.cloudMap.listOperations("us-east-1", { limit: 10 }))).map((o) => o.id), ["op-a", "op-b"]);
        const snap = await store.read((tx) => tx.cloudMap.dnsSnapshot());
        assert.deepEqual([snap.namespaces.length, snap.services.length, snap.instances.length], [0, 0, 0]);
      }),
    );
  });
}
