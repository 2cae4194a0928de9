/**
 * berth's managed capacity: what FARGATE tasks run on, with no container instance shown.
 *
 * An agent offers managed capacity by registering a *seat* (agent protocol RegisterManagedCapacity;
 * the embedded agent does so by default). A seat is stored as a container-instance record of the
 * region in the pseudo-cluster MANAGED_POOL, whose name has a ':' that ECS cluster names can't
 * have: no ECS request can name it, so no ListContainerInstances, DescribeContainerInstances or
 * cluster count ever sees a seat. Its ARN is `arn:aws:ecs:<region>:<account>:berth-managed-capacity/<id>`,
 * not a container-instance ARN, so no ECS reference parses as one either. Everything else is the
 * container instances' machinery, unchanged: heartbeats (agentConnected), the assignment sequence
 * that PollTasks long-polls on, and the agent's task runner, which runs a seat's tasks under the
 * seat's ARN like any instance's. A seat serves Fargate tasks of every cluster of its region; it
 * keeps no resource accounting (Fargate has no RESOURCE:* failures), and tasks go to the connected
 * seat with the fewest tasks. With no connected seat RunTask answers ECS's capacity failure.
 */
import type { ContainerInstanceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { ecsArn, parseArn } from "../arns.js";
import type { Resource, VersionInfo } from "../types.js";
import { agentConnected } from "../container-instances/agent-connected.js";
import { newEc2InstanceId, newInstanceId } from "../container-instances/register.js";
import { instanceDoc, type InstanceDoc } from "../container-instances/view.js";
import type { StoredAttribute } from "../container-instances/attributes.js";

/** The pseudo-cluster seats are kept in (':' is not allowed in ECS cluster names). */
export const MANAGED_POOL = "berth:managed-capacity";
const SEAT_RESOURCE = "berth-managed-capacity";

/** ECS's RunTask failure reason when Fargate has no capacity (observed; the failure has no arn). */
export const CAPACITY_UNAVAILABLE = "Capacity is unavailable at this time. Please try again later or in a different availability zone";

type Scope = Pick<RequestContext, "region" | "accountId">;

export const seatArn = (scope: Scope, id: string) => ecsArn(scope, `${SEAT_RESOURCE}/${id}`);

/** The seat an ARN names, or undefined when it is not a seat ARN. */
export function parseSeatArn(arn: string): { region: string; accountId: string; id: string } | undefined {
  const parsed = parseArn(arn);
  const m = parsed && parsed.service === "ecs" ? new RegExp(`^${SEAT_RESOURCE}/([a-f0-9]{32})$`).exec(parsed.resource) : null;
  return parsed && m ? { region: parsed.region, accountId: parsed.accountId, id: m[1]! } : undefined;
}

export const isSeat = (record: Pick<ContainerInstanceRecord, "cluster">) => record.cluster === MANAGED_POOL;

export interface SeatRegistration {
  agentName: string;
  /** Set when the agent wants its old seat back (after a restart). */
  seatArn?: string;
  resources: Resource[];
  attributes: StoredAttribute[];
  versionInfo: VersionInfo;
}

/**
 * Registers a seat, or re-registers one (by ARN, else by agent name): the same seat comes back
 * with its facts refreshed, so a restarted agent finds (adopts) its tasks again. Counts as a
 * heartbeat.
 */
export async function registerSeat(tx: StoreTx, ctx: RequestContext, reg: SeatRegistration): Promise<ContainerInstanceRecord> {
  const now = ctx.now.getTime();
  const asked = reg.seatArn !== undefined ? parseSeatArn(reg.seatArn) : undefined;
  let existing = asked && asked.region === ctx.region && asked.accountId === ctx.accountId ? await tx.containerInstances.get(ctx.region, MANAGED_POOL, asked.id) : undefined;
  existing ??= await tx.containerInstances.byAgentName(ctx.region, MANAGED_POOL, reg.agentName);
  const old = existing ? instanceDoc(existing) : undefined;
  const doc: InstanceDoc = {
    version: (old?.version ?? 0) + 1,
    versionInfo: reg.versionInfo,
    registeredResources: reg.resources,
    remainingResources: reg.resources,
    attributes: reg.attributes,
    runningTasksCount: 0,
    pendingTasksCount: 0,
  };
  const id = existing?.id ?? newInstanceId();
  const record: ContainerInstanceRecord = {
    region: ctx.region,
    cluster: MANAGED_POOL,
    id,
    arn: seatArn(ctx, id),
    ec2InstanceId: existing?.ec2InstanceId ?? newEc2InstanceId(),
    agentName: reg.agentName,
    status: "ACTIVE",
    registeredAt: existing?.registeredAt ?? now,
    lastHeartbeatAt: now,
    doc: doc as unknown as Record<string, unknown>,
  };
  await tx.containerInstances.put(record);
  return record;
}

/** A seat as the chooser sees it: how many tasks it has to act on. */
export interface SeatLoad {
  arn: string;
  tasks: number;
}

/**
 * The seat of each of `count` tasks: always the one with the fewest tasks so far (ties: the
 * order given). Empty when there is no seat. Example: loads {a: 2, b: 0}, count 3 → b, b, a.
 */
export function chooseSeats(seats: readonly SeatLoad[], count: number): string[] {
  if (seats.length === 0) return [];
  const load = seats.map((s) => ({ ...s }));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let best = load[0]!;
    for (const s of load) if (s.tasks < best.tasks) best = s;
    best.tasks++;
    out.push(best.arn);
  }
  return out;
}

/** The region's seats whose agents are connected, with their loads (counted only when there is a choice). */
export async function liveSeats(tx: StoreTx, ctx: RequestContext): Promise<SeatLoad[]> {
  const live: ContainerInstanceRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await tx.containerInstances.list(ctx.region, MANAGED_POOL, { statuses: ["ACTIVE"] }, { after, limit: 100 });
    live.push(...page.filter((seat) => agentConnected(seat, ctx.now)));
    if (page.length < 100) break;
    after = page[page.length - 1]!.id;
  }
  if (live.length === 1) return [{ arn: live[0]!.arn, tasks: 0 }];
  const out: SeatLoad[] = [];
  for (const seat of live) out.push({ arn: seat.arn, tasks: (await tx.tasks.assignedTo(seat.arn)).length });
  return out;
}
