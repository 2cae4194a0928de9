/**
 * AWS::ServiceDiscovery::PrivateDnsNamespace and HttpNamespace: Ref is the namespace id; GetAtt
 * Id, Arn (and HostedZoneId for private DNS). Name (and Vpc) replace; Description and the SOA TTL
 * update in place (Update*Namespace), tags through TagResource/UntagResource.
 */
import { coerceNumbers } from "./camel.js";
import { cloudMap, deleteQuietly, namespaceOfOperation, requestId, retag, same, tagsOf } from "./cloudmap-common.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import type { JsonObject } from "../template/types.js";

const dnsProperties = (p: JsonObject) => (p.Properties !== undefined ? { Properties: coerceNumbers(p.Properties, new Set(["TTL"])) } : {});

function namespaceProvider(kind: "PrivateDns" | "Http"): ResourceProvider {
  const replaces = kind === "PrivateDns" ? replacesOn("Name", "Vpc") : replacesOn("Name");
  return {
    type: `AWS::ServiceDiscovery::${kind}Namespace`,
    async create(p, ctx) {
      const tags = tagsOf(p.Tags);
      const out = await cloudMap<{ OperationId: string }>(`Create${kind}Namespace`, {
        Name: p.Name,
        CreatorRequestId: requestId(),
        ...(p.Description !== undefined && { Description: String(p.Description) }),
        ...(kind === "PrivateDns" && { Vpc: p.Vpc, ...dnsProperties(p) }),
        ...(tags.length && { Tags: tags }),
      }, ctx);
      const ns = await namespaceOfOperation(out.OperationId, ctx);
      const hostedZone = ns.Properties?.DnsProperties?.HostedZoneId;
      return { physicalId: ns.Id, attributes: { Id: ns.Id, Arn: ns.Arn, ...(kind === "PrivateDns" && hostedZone && { HostedZoneId: hostedZone }) } };
    },
    requiresReplacement: replaces,
    async update(current, before, after, ctx) {
      if (!same(before.Description, after.Description) || !same(before.Properties, after.Properties)) {
        const namespace = kind === "PrivateDns"
          ? { Description: String(after.Description ?? ""), ...(dnsProperties(after).Properties !== undefined && { Properties: dnsProperties(after).Properties }) }
          : { Description: String(after.Description ?? "") };
        await cloudMap(`Update${kind}Namespace`, { Id: current.physicalId, UpdaterRequestId: requestId(), Namespace: namespace }, ctx);
      }
      await retag(String(current.attributes.Arn), before.Tags, after.Tags, ctx);
      return current;
    },
    async delete(current, _p, ctx) {
      await deleteQuietly("DeleteNamespace", current.physicalId, "NamespaceNotFound", ctx);
    },
  };
}

export const privateDnsNamespaceProvider = namespaceProvider("PrivateDns");
export const httpNamespaceProvider = namespaceProvider("Http");
