import type { RequestContext } from "../../../server/service.js";
import { activeClusterOrDefault } from "../clusters/lookup.js";
import { registerInstance } from "../container-instances/register.js";
import { resourcesFromWire } from "../container-instances/resources.js";
import { containerInstanceView } from "../container-instances/view.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import type { Attribute, ContainerInstance, Resource, Tag, VersionInfo } from "../types.js";

export interface RegisterContainerInstanceRequest {
  cluster?: string;
  instanceIdentityDocument?: string;
  instanceIdentityDocumentSignature?: string;
  totalResources?: Partial<Resource>[];
  versionInfo?: VersionInfo;
  containerInstanceArn?: string;
  attributes?: Attribute[];
  platformDevices?: { id: string; type: string }[];
  tags?: Tag[];
}

export interface RegisterContainerInstanceResponse {
  containerInstance: ContainerInstance;
}

/** The EC2 instance id from an instance identity document (JSON with `instanceId`), if it has one. */
function identityInstanceId(document: string | undefined): string | undefined {
  if (!document) return undefined;
  try {
    const id = (JSON.parse(document) as { instanceId?: unknown }).instanceId;
    return typeof id === "string" && /^i-[0-9a-f]{8,17}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ECS's agent-facing registration, for clients that call it: registers (or, with
 * containerInstanceArn, re-registers) an instance with the given totalResources, attributes,
 * versionInfo and tags. No cluster means `default`, created on first use. The identity document
 * is not verified (berth has no EC2); its instanceId, when present, becomes ec2InstanceId.
 */
export async function registerContainerInstance(input: RegisterContainerInstanceRequest, ctx: RequestContext): Promise<RegisterContainerInstanceResponse> {
  const resources = resourcesFromWire(input.totalResources);
  const tags = normalizeTags(input.tags);
  validateTags(tags);
  const ec2InstanceId = identityInstanceId(input.instanceIdentityDocument);
  return ctx.store.write(async (tx) => {
    const cluster = await activeClusterOrDefault(tx, ctx, input.cluster);
    const record = await registerInstance(tx, ctx, {
      cluster,
      ...(input.containerInstanceArn !== undefined && { containerInstanceArn: input.containerInstanceArn }),
      ...(ec2InstanceId !== undefined && { ec2InstanceId }),
      resources,
      attributes: (input.attributes ?? []).map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })),
      versionInfo: input.versionInfo ?? {},
    });
    if (tags.length > 0) {
      checkTagLimit(await tx.tags.get(record.arn), tags);
      await tx.tags.put(record.arn, tags);
    }
    return { containerInstance: containerInstanceView(record, ctx.now) };
  });
}
