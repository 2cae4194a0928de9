/**
 * Resource types whose real effect is outside berth's scope (IAM, EC2 networking, CDK metadata,
 * Application Auto Scaling until it exists): recorded with realistic physical ids, ARNs and
 * GetAtt attributes so that whole templates deploy. A change of a naming property replaces;
 * any other change is recorded in place.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Json, JsonObject } from "../template/types.js";
import { replacesOn, type ProviderContext, type ResourceProvider, type ResourceState } from "./types.js";

const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
const upper = (n: number) => {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(n), (b) => abc[b % abc.length]).join("");
};

type Make = (p: JsonObject, ctx: ProviderContext) => ResourceState;

function recorded(type: string, make: Make, opts: { nameProps?: string[]; capability?: ResourceProvider["capability"] } = {}): ResourceProvider {
  return {
    type,
    capability: opts.capability,
    async create(p, ctx) {
      return make(p, ctx);
    },
    requiresReplacement: replacesOn(...(opts.nameProps ?? [])),
    async update(current, _before, after, ctx) {
      // Ids stay; attributes that come from properties follow them.
      const again = make(after, ctx);
      return { physicalId: current.physicalId, attributes: { ...again.attributes, ...pick(current.attributes, ID_ATTRIBUTES) } };
    },
    async delete() {},
  };
}

const ID_ATTRIBUTES = ["Arn", "RoleId", "PolicyId", "VpcId", "SubnetId", "GroupId", "Id", "AllocationId", "PublicIp", "DefaultSecurityGroup", "DefaultNetworkAcl", "NetworkAclAssociationId", "InternetGatewayId", "RouteTableId", "NatGatewayId", "PolicyArn"];
const pick = (o: Record<string, Json>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]!]));

const iamCapability = (nameProp: string): ResourceProvider["capability"] => (p) => (p && p[nameProp] !== undefined ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
const acct = (ctx: ProviderContext) => ctx.request.accountId;
const region = (ctx: ProviderContext) => ctx.request.region;
const path = (p: JsonObject) => (typeof p.Path === "string" ? p.Path : "/");
const str = (v: Json | undefined, dflt: string) => (typeof v === "string" ? v : dflt);

export const recordedProviders: ResourceProvider[] = [
  recorded("AWS::IAM::Role", (p, ctx) => {
    const name = str(p.RoleName, ctx.generateName(64));
    return { physicalId: name, attributes: { Arn: `arn:aws:iam::${acct(ctx)}:role${path(p)}${name}`, RoleId: `AROA${upper(17)}` } };
  }, { nameProps: ["RoleName", "Path"], capability: iamCapability("RoleName") }),
  recorded("AWS::IAM::Policy", (p, ctx) => {
    const id = `${ctx.stackName.slice(0, 5)}-${ctx.logicalId.slice(0, 5)}-${upper(12)}`;
    return { physicalId: id, attributes: { Id: id } };
  }, { capability: () => "CAPABILITY_IAM" }),
  recorded("AWS::IAM::ManagedPolicy", (p, ctx) => {
    const name = str(p.ManagedPolicyName, ctx.generateName(128));
    const arn = `arn:aws:iam::${acct(ctx)}:policy${path(p)}${name}`;
    return { physicalId: arn, attributes: { PolicyArn: arn, PolicyId: `ANPA${upper(17)}`, AttachmentCount: 0, CreateDate: new Date().toISOString(), DefaultVersionId: "v1", IsAttachable: true, PermissionsBoundaryUsageCount: 0, UpdateDate: new Date().toISOString() } };
  }, { nameProps: ["ManagedPolicyName", "Path"], capability: iamCapability("ManagedPolicyName") }),
  recorded("AWS::IAM::InstanceProfile", (p, ctx) => {
    const name = str(p.InstanceProfileName, ctx.generateName(128));
    return { physicalId: name, attributes: { Arn: `arn:aws:iam::${acct(ctx)}:instance-profile${path(p)}${name}` } };
  }, { nameProps: ["InstanceProfileName", "Path"], capability: iamCapability("InstanceProfileName") }),
  recorded("AWS::EC2::VPC", (p) => {
    const id = `vpc-${hex(17)}`;
    return { physicalId: id, attributes: { VpcId: id, CidrBlock: str(p.CidrBlock, "10.0.0.0/16"), CidrBlockAssociations: [`vpc-cidr-assoc-${hex(17)}`], DefaultNetworkAcl: `acl-${hex(17)}`, DefaultSecurityGroup: `sg-${hex(17)}`, Ipv6CidrBlocks: [] } };
  }, { nameProps: ["CidrBlock"] }),
  recorded("AWS::EC2::Subnet", (p, ctx) => {
    const id = `subnet-${hex(17)}`;
    return { physicalId: id, attributes: { SubnetId: id, VpcId: str(p.VpcId, ""), CidrBlock: str(p.CidrBlock, ""), AvailabilityZone: str(p.AvailabilityZone, `${region(ctx)}a`), AvailabilityZoneId: "use1-az1", NetworkAclAssociationId: `aclassoc-${hex(17)}`, Ipv6CidrBlocks: [], OutpostArn: "" } };
  }, { nameProps: ["VpcId", "CidrBlock", "AvailabilityZone"] }),
  recorded("AWS::EC2::SecurityGroup", (p) => {
    const id = `sg-${hex(17)}`;
    return { physicalId: id, attributes: { GroupId: id, VpcId: str(p.VpcId, "") } };
  }, { nameProps: ["GroupName", "GroupDescription", "VpcId"] }),
  recorded("AWS::EC2::SecurityGroupIngress", () => ({ physicalId: `sgr-${hex(17)}`, attributes: { Id: `sgr-${hex(17)}` } }), { nameProps: ["GroupId", "IpProtocol", "FromPort", "ToPort", "CidrIp", "SourceSecurityGroupId"] }),
  recorded("AWS::EC2::SecurityGroupEgress", () => ({ physicalId: `sgr-${hex(17)}`, attributes: { Id: `sgr-${hex(17)}` } }), { nameProps: ["GroupId", "IpProtocol", "FromPort", "ToPort", "CidrIp", "DestinationSecurityGroupId"] }),
  recorded("AWS::EC2::InternetGateway", () => {
    const id = `igw-${hex(17)}`;
    return { physicalId: id, attributes: { InternetGatewayId: id } };
  }),
  recorded("AWS::EC2::VPCGatewayAttachment", (p) => ({ physicalId: `IGW|${str(p.VpcId, "")}`, attributes: {} }), { nameProps: ["VpcId", "InternetGatewayId"] }),
  recorded("AWS::EC2::RouteTable", () => {
    const id = `rtb-${hex(17)}`;
    return { physicalId: id, attributes: { RouteTableId: id } };
  }, { nameProps: ["VpcId"] }),
  recorded("AWS::EC2::Route", (p) => ({ physicalId: `${str(p.RouteTableId, "")}|${str(p.DestinationCidrBlock, "")}`, attributes: {} }), { nameProps: ["RouteTableId", "DestinationCidrBlock"] }),
  recorded("AWS::EC2::SubnetRouteTableAssociation", () => {
    const id = `rtbassoc-${hex(17)}`;
    return { physicalId: id, attributes: { Id: id } };
  }, { nameProps: ["SubnetId", "RouteTableId"] }),
  recorded("AWS::EC2::NatGateway", () => {
    const id = `nat-${hex(17)}`;
    return { physicalId: id, attributes: { NatGatewayId: id } };
  }, { nameProps: ["SubnetId", "AllocationId"] }),
  // A documentation-range address (RFC 5737): recorded, never connected to.
  recorded("AWS::EC2::EIP", () => {
    const ip = `192.0.2.${1 + (randomBytes(1)[0]! % 254)}`;
    return { physicalId: ip, attributes: { AllocationId: `eipalloc-${hex(17)}`, PublicIp: ip } };
  }),
  recorded("AWS::CDK::Metadata", () => ({ physicalId: randomUUID(), attributes: {} })),
  recorded("AWS::ApplicationAutoScaling::ScalableTarget", (p) => ({
    physicalId: `${str(p.ResourceId, "")}|${str(p.ScalableDimension, "")}|${str(p.ServiceNamespace, "")}`,
    attributes: { Id: `${str(p.ResourceId, "")}|${str(p.ScalableDimension, "")}|${str(p.ServiceNamespace, "")}` },
  }), { nameProps: ["ResourceId", "ScalableDimension", "ServiceNamespace"] }),
  recorded("AWS::ApplicationAutoScaling::ScalingPolicy", (p, ctx) => {
    const arn = `arn:aws:autoscaling:${region(ctx)}:${acct(ctx)}:scalingPolicy:${randomUUID()}:resource/${str(p.ResourceId, "")}:policyName/${str(p.PolicyName, ctx.logicalId)}`;
    return { physicalId: arn, attributes: { Arn: arn } };
  }, { nameProps: ["PolicyName", "ResourceId", "ScalingTargetId"] }),
];
