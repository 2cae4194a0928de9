/**
 * The target registry: registering and deregistering targets of a target group and reading their
 * health. RegisterTargets, DeregisterTargets and DescribeTargetHealth are thin wraps of these
 * functions, and the ECS service controller calls them too (see ../README.md):
 *
 *   await store.write((tx) => registerTargets(tx, region, tgArn, [{ id: "127.77.0.5", port: 8080 }], now));
 *   notifyElbChange(store);
 *
 * Registration is desired state (this module writes it); health is observed state (only the
 * health checker writes it). A deregistered target stays, draining, until its target group's
 * `deregistration_delay.timeout_seconds` has passed; the data plane then removes the row.
 */
import type { ElbTargetRecord, TargetHealthRecord } from "../../../store/elbv2.js";
import type { StoreTx } from "../../../store/store.js";
import { health } from "../../../load-balancing/target-health.js";
import { invalidTarget } from "../errors.js";
import { getTargetGroup, targetGroupUse, type TargetGroupDoc } from "../records.js";

export interface TargetRef {
  id: string;
  /** Defaults to the target group's port. */
  port?: number;
  availabilityZone?: string;
}

export interface TargetHealthView {
  id: string;
  port: number;
  availabilityZone?: string;
  /** The port health checks go to. */
  healthCheckPort: string;
  health: TargetHealthRecord;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

async function checkTargets(tx: StoreTx, tg: TargetGroupDoc, targets: TargetRef[]): Promise<void> {
  for (const t of targets) {
    if (tg.wire.TargetType === "ip") {
      const m = IPV4.exec(t.id);
      if (!m || m.slice(1).some((o) => Number(o) > 255)) throw invalidTarget(`The IP address '${t.id}' is not a valid IPv4 address`);
      if (m[1] !== "127") throw invalidTarget(`The IP address '${t.id}' is not within the VPC's CIDR block: berth's VPC is 127.0.0.0/8`);
    } else if (!(await tx.elbv2.instanceIdExists(t.id))) {
      throw invalidTarget(`The following targets are not valid instances: '${t.id}'`);
    }
    if (t.port !== undefined && (t.port < 1 || t.port > 65535)) throw invalidTarget(`The port '${t.port}' is not valid`);
  }
}

const portOf = (tg: TargetGroupDoc, t: TargetRef) => t.port ?? tg.wire.Port ?? 0;

/** What a service controller checks of a target group before it uses it. */
export interface TargetGroupInfo {
  arn: string;
  name: string;
  protocol?: string;
  port?: number;
  /** `ip` for awsvpc tasks (address + container port), `instance` for bridge/host (instance id + host port). */
  targetType: string;
  deregistrationDelaySeconds: number;
  /** Load balancers whose listeners or rules forward to it (ECS refuses a group with none). */
  loadBalancerArns: string[];
}

/** Throws TargetGroupNotFound when the group is not in the region. */
export async function targetGroupInfo(tx: StoreTx, region: string, targetGroupArn: string): Promise<TargetGroupInfo> {
  const { doc } = await getTargetGroup(tx, region, targetGroupArn);
  return {
    arn: doc.wire.TargetGroupArn,
    name: doc.wire.TargetGroupName,
    protocol: doc.wire.Protocol,
    port: doc.wire.Port,
    targetType: doc.wire.TargetType,
    deregistrationDelaySeconds: Number(doc.attributes["deregistration_delay.timeout_seconds"] ?? "300"),
    loadBalancerArns: [...((await targetGroupUse(tx, region)).get(targetGroupArn) ?? [])],
  };
}

export async function registerTargets(tx: StoreTx, region: string, targetGroupArn: string, targets: TargetRef[], now: Date): Promise<void> {
  const { doc: tg } = await getTargetGroup(tx, region, targetGroupArn);
  await checkTargets(tx, tg, targets);
  const current = new Map((await tx.elbv2.targets.list(targetGroupArn)).map((t) => [`${t.id}:${t.port}`, t]));
  for (const t of targets) {
    const port = portOf(tg, t);
    const existing = current.get(`${t.id}:${port}`);
    // Registering a registered target changes nothing; registering a draining one takes it back.
    if (existing && existing.drainUntil === undefined) continue;
    await tx.elbv2.targets.put({ targetGroupArn, id: t.id, port, availabilityZone: t.availabilityZone, registeredAt: now.getTime(), health: health.registering() });
  }
}

/** Deregister; returns when the last of them stops draining (epoch ms). */
export async function deregisterTargets(tx: StoreTx, region: string, targetGroupArn: string, targets: TargetRef[], now: Date): Promise<{ drainUntil: number }> {
  const { doc: tg } = await getTargetGroup(tx, region, targetGroupArn);
  const current = new Map((await tx.elbv2.targets.list(targetGroupArn)).map((t) => [`${t.id}:${t.port}`, t]));
  const missing = targets.filter((t) => !current.has(`${t.id}:${portOf(tg, t)}`));
  if (missing.length) {
    throw invalidTarget(`The following targets are not registered in target group '${targetGroupArn}': ${missing.map((t) => `'${t.id}'`).join(", ")}`);
  }
  const delayMs = Number(tg.attributes["deregistration_delay.timeout_seconds"] ?? "300") * 1000;
  const inUse = (await targetGroupUse(tx, region)).get(targetGroupArn)?.size ?? 0;
  const drainUntil = now.getTime() + (inUse ? delayMs : 0);
  for (const t of targets) {
    const rec = current.get(`${t.id}:${portOf(tg, t)}`)!;
    if (rec.drainUntil !== undefined) continue;
    if (drainUntil <= now.getTime()) await tx.elbv2.targets.delete(targetGroupArn, rec.id, rec.port);
    else await tx.elbv2.targets.put({ ...rec, drainUntil, health: health.draining() });
  }
  return { drainUntil };
}

/** What a target's health reads as now: draining, unused when no load balancer uses the group, else as checked. */
export function effectiveHealth(t: ElbTargetRecord, groupInUse: boolean, now: Date): TargetHealthRecord | undefined {
  if (t.drainUntil !== undefined) return t.drainUntil > now.getTime() ? health.draining() : undefined;
  if (!groupInUse) return health.notInUse();
  return t.health;
}

export async function describeTargetHealth(tx: StoreTx, region: string, targetGroupArn: string, targets: TargetRef[] | undefined, now: Date): Promise<TargetHealthView[]> {
  const { doc: tg } = await getTargetGroup(tx, region, targetGroupArn);
  const inUse = ((await targetGroupUse(tx, region)).get(targetGroupArn)?.size ?? 0) > 0;
  const rows = await tx.elbv2.targets.list(targetGroupArn);
  const hcPort = (port: number) => (tg.wire.HealthCheckPort === "traffic-port" || !tg.wire.HealthCheckPort ? String(port) : tg.wire.HealthCheckPort);
  const view = (t: ElbTargetRecord, h: TargetHealthRecord): TargetHealthView => ({ id: t.id, port: t.port, availabilityZone: t.availabilityZone, healthCheckPort: hcPort(t.port), health: h });
  if (!targets?.length) {
    const out: TargetHealthView[] = [];
    for (const t of rows) {
      const h = effectiveHealth(t, inUse, now);
      if (h) out.push(view(t, h));
    }
    return out;
  }
  await checkTargets(tx, tg, targets);
  return targets.map((ref) => {
    const port = portOf(tg, ref);
    const t = rows.find((r) => r.id === ref.id && r.port === port);
    const h = t && effectiveHealth(t, inUse, now);
    return t && h ? view(t, h) : { id: ref.id, port, availabilityZone: ref.availabilityZone, healthCheckPort: hcPort(port), health: health.notRegistered() };
  });
}
