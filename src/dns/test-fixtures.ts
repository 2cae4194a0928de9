/** Registry records for the DNS tests. */
import type { CloudMapInstanceRecord, CloudMapNamespaceRecord, CloudMapServiceRecord } from "../store/store.js";

export const ns = (over: Partial<CloudMapNamespaceRecord> = {}): CloudMapNamespaceRecord => ({
  region: "us-east-1",
  id: "ns-1",
  arn: "arn:ns-1",
  name: "Local.Test",
  type: "DNS_PRIVATE",
  createdAt: 0,
  doc: { Properties: { DnsProperties: { SOA: { TTL: 30 } } } },
  ...over,
});
export const svc = (over: Partial<CloudMapServiceRecord> = {}, doc: Record<string, unknown> = {}): CloudMapServiceRecord => ({
  region: "us-east-1",
  id: "srv-1",
  arn: "arn:srv-1",
  namespaceId: "ns-1",
  name: "web",
  createdAt: 0,
  revision: 1,
  doc: { DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 10 }, { Type: "SRV", TTL: 20 }] }, ...doc },
  ...over,
});
export const inst = (id: string, ip: string, over: Partial<CloudMapInstanceRecord> = {}): CloudMapInstanceRecord => ({
  region: "us-east-1",
  serviceId: "srv-1",
  id,
  attributes: { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: "8080" },
  createdAt: 0,
  ...over,
});

