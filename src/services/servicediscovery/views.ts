/** Store records → Cloud Map's wire shapes (Namespace, NamespaceSummary, Service, ServiceSummary). */
import type { CloudMapNamespaceRecord, CloudMapServiceRecord } from "../../store/store.js";

export function namespaceView(n: CloudMapNamespaceRecord, accountId: string, serviceCount: number) {
  return {
    Id: n.id,
    Arn: n.arn,
    ResourceOwner: accountId,
    Name: n.name,
    Type: n.type,
    ...(n.doc.Description !== undefined && { Description: n.doc.Description }),
    ServiceCount: serviceCount,
    Properties: n.doc.Properties,
    CreateDate: new Date(n.createdAt),
    ...(n.creatorRequestId !== undefined && { CreatorRequestId: n.creatorRequestId }),
  };
}

export function namespaceSummary(n: CloudMapNamespaceRecord, accountId: string, serviceCount: number) {
  const { CreatorRequestId: _c, ...summary } = namespaceView(n, accountId, serviceCount) as ReturnType<typeof namespaceView> & { CreatorRequestId?: string };
  return summary;
}

/** The Service shape; `doc` holds Description, DnsConfig, HealthCheckConfig, HealthCheckCustomConfig and Type. */
export function serviceView(s: CloudMapServiceRecord, accountId: string, instanceCount: number) {
  const d = s.doc;
  return {
    Id: s.id,
    Arn: s.arn,
    ResourceOwner: accountId,
    Name: s.name,
    NamespaceId: s.namespaceId,
    ...(d.Description !== undefined && { Description: d.Description }),
    InstanceCount: instanceCount,
    ...(d.DnsConfig !== undefined && { DnsConfig: d.DnsConfig }),
    Type: d.Type,
    ...(d.HealthCheckConfig !== undefined && { HealthCheckConfig: d.HealthCheckConfig }),
    ...(d.HealthCheckCustomConfig !== undefined && { HealthCheckCustomConfig: d.HealthCheckCustomConfig }),
    CreateDate: new Date(s.createdAt),
    ...(s.creatorRequestId !== undefined && { CreatorRequestId: s.creatorRequestId }),
    CreatedByAccount: accountId,
  };
}

export function serviceSummary(s: CloudMapServiceRecord, accountId: string, instanceCount: number) {
  const { CreatorRequestId: _c, NamespaceId: _n, ...summary } = serviceView(s, accountId, instanceCount) as ReturnType<typeof serviceView> & {
    CreatorRequestId?: string;
  };
  return summary;
}
