/** RegisterTargets, DeregisterTargets, DescribeTargetHealth: wire wraps of targets/registry.ts. */
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import { deregisterTargets as deregister, describeTargetHealth as describe, registerTargets as register, type TargetRef } from "../targets/registry.js";

interface TargetWire {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

const refs = (ts: TargetWire[]): TargetRef[] => ts.map((t) => ({ id: t.Id, port: t.Port, availabilityZone: t.AvailabilityZone }));

export async function registerTargets(input: { TargetGroupArn: string; Targets: TargetWire[] }, ctx: RequestContext) {
  await ctx.store.write((tx) => register(tx, ctx.region, input.TargetGroupArn, refs(input.Targets), ctx.now));
  notifyElbChange(ctx.store);
  return {};
}

export async function deregisterTargets(input: { TargetGroupArn: string; Targets: TargetWire[] }, ctx: RequestContext) {
  await ctx.store.write((tx) => deregister(tx, ctx.region, input.TargetGroupArn, refs(input.Targets), ctx.now));
  notifyElbChange(ctx.store);
  return {};
}

export async function describeTargetHealth(input: { TargetGroupArn: string; Targets?: TargetWire[] }, ctx: RequestContext) {
  const views = await ctx.store.read((tx) => describe(tx, ctx.region, input.TargetGroupArn, input.Targets && refs(input.Targets), ctx.now));
  return {
    TargetHealthDescriptions: views.map((v) => ({
      Target: { Id: v.id, Port: v.port, ...(v.availabilityZone ? { AvailabilityZone: v.availabilityZone } : {}) },
      HealthCheckPort: v.healthCheckPort,
      TargetHealth: { State: v.health.state, ...(v.health.reason ? { Reason: v.health.reason } : {}), ...(v.health.description ? { Description: v.health.description } : {}) },
    })),
  };
}
