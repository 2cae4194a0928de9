/**
 * A task record as RunTask placed it (task-records/run.ts newTaskRecord, built on the seat), dressed
 * as ECS shows a Fargate task. Pure. What changes:
 *
 * - no `containerInstanceArn` on the Task (the record keeps the seat's ARN: the agent's routing key);
 * - `launchType` FARGATE (on the record too, for ListTasks' filter), `capacityProviderName` when a
 *   capacity provider strategy chose it, `platformVersion` (LATEST shows as 1.4.0), `platformFamily`
 *   Linux, `ephemeralStorage` and `fargateEphemeralStorage` {sizeInGiB};
 * - `lastStatus` PROVISIONING, as RunTask returns Fargate tasks (the agent then reports PENDING,
 *   PROVISIONING while it sets the task's network up, then PENDING, RUNNING, ...; statuses only move
 *   forward). The ENI attachment is PRECREATED until then (task-records/reports.ts moves it on).
 */
import type { TaskRecord } from "../../../store/store.js";
import { taskDoc, type TaskDoc } from "../task-records/doc.js";
import { PLATFORM_FAMILY } from "./fargate-checks.js";

export interface FargateFacts {
  capacityProviderName?: string;
  platformVersion: string;
  ephemeralStorageGiB: number;
}

export function asFargateTask(record: TaskRecord, facts: FargateFacts): TaskRecord {
  const doc = taskDoc(record);
  const { containerInstanceArn: _seat, ...rest } = doc.task;
  const task: TaskDoc["task"] = {
    ...rest,
    ...(facts.capacityProviderName !== undefined && { capacityProviderName: facts.capacityProviderName }),
    launchType: "FARGATE",
    platformVersion: facts.platformVersion,
    platformFamily: PLATFORM_FAMILY,
    ephemeralStorage: { sizeInGiB: facts.ephemeralStorageGiB },
    fargateEphemeralStorage: { sizeInGiB: facts.ephemeralStorageGiB },
    lastStatus: "PROVISIONING",
  };
  return {
    ...record,
    launchType: "FARGATE",
    lastStatus: "PROVISIONING",
    doc: { ...doc, task } as unknown as Record<string, unknown>,
  };
}
