/**
 * RunTask's managed-capacity branch, inside RunTask's write transaction (and the service
 * scheduler's, for Fargate services: services/start-on-managed.ts): checks the task against
 * Fargate's rules (fargate-checks.ts), gives each task a seat (managed-capacity.ts) and a loopback
 * address, and writes it PROVISIONING, dressed as a Fargate task (fargate-task.ts). No container
 * instance is charged. With no connected seat, every task is ECS's capacity failure.
 */
import type { RequestContext } from "../../../server/service.js";
import type { ContainerInstanceRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import { clientException } from "../errors.js";
import type { Failure } from "../types.js";
import { preparedTaskRecord, type PreparedTask, type TaskStartInput } from "../actions/run-task.js";
import { allocateAddress, randomStart } from "../task-records/addresses.js";
import { checkFargateTask } from "./fargate-checks.js";
import { asFargateTask } from "./fargate-task.js";
import { CAPACITY_UNAVAILABLE, chooseSeats, liveSeats, MANAGED_POOL, parseSeatArn } from "./managed-capacity.js";

export interface ManagedRun {
  records: TaskRecord[];
  failures: Failure[];
  /** The seats that got tasks: their agents are to be woken once the transaction commits. */
  seats: string[];
}

export async function runOnManagedCapacity(
  tx: StoreTx,
  ctx: RequestContext,
  cluster: { name: string; arn: string },
  prepared: PreparedTask,
  input: TaskStartInput,
  providers: readonly (string | undefined)[],
  platformVersion: string,
): Promise<ManagedRun> {
  const ephemeralStorageGiB = checkFargateTask(
    {
      networkMode: prepared.networkMode,
      ...(prepared.level.cpu !== undefined && { cpu: prepared.level.cpu }),
      ...(prepared.level.memory !== undefined && { memory: prepared.level.memory }),
      ...(prepared.tdDoc.ephemeralStorage !== undefined && { definitionEphemeralStorage: prepared.tdDoc.ephemeralStorage }),
      ...(input.overrides?.ephemeralStorage !== undefined && { overrideEphemeralStorage: input.overrides.ephemeralStorage }),
    },
    platformVersion,
  );
  const chosen = chooseSeats(await liveSeats(tx, ctx), providers.length);
  if (chosen.length === 0) return { records: [], failures: providers.map(() => ({ reason: CAPACITY_UNAVAILABLE })), seats: [] };

  const inUse = new Set(await tx.tasks.addressesInUse());
  const seats = new Map<string, ContainerInstanceRecord>();
  const records: TaskRecord[] = [];
  for (const [i, arn] of chosen.entries()) {
    let seat = seats.get(arn);
    if (!seat) {
      seat = (await tx.containerInstances.get(ctx.region, MANAGED_POOL, parseSeatArn(arn)!.id))!;
      seats.set(arn, seat);
    }
    const privateIpv4Address = allocateAddress(inUse, randomStart());
    if (!privateIpv4Address) throw clientException("berth has no free task address left in 127.77.0.0/16.");
    inUse.add(privateIpv4Address);
    const placed = preparedTaskRecord(ctx, cluster, prepared, input, seat, privateIpv4Address);
    const provider = providers[i];
    const record = asFargateTask(placed, { ...(provider !== undefined && { capacityProviderName: provider }), platformVersion, ephemeralStorageGiB });
    await tx.tasks.put(record);
    if (prepared.tags.length > 0) await tx.tags.put(record.arn, prepared.tags);
    records.push(record);
  }
  return { records, failures: [], seats: [...seats.keys()] };
}
