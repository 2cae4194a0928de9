/**
 * Finding a task definition from what a request names: `family` (its latest ACTIVE revision),
 * `family:revision`, or the full ARN `arn:aws:ecs:<region>:<account>:task-definition/family:rev`.
 * Used by Describe/Deregister/DeleteTaskDefinitions and, later, RunTask and CreateService.
 *
 * An ARN of another region or account names nothing here (ECS is regional), so it is "not found".
 */
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx, TaskDefinitionRecord } from "../../../store/store.js";
import { NAME_PATTERN, parseArn } from "../arns.js";
import { clientException, invalidParameter } from "../errors.js";

type Scope = Pick<RequestContext, "region" | "accountId">;

export type TaskDefinitionReference =
  | { kind: "family"; family: string }
  | { kind: "revision"; family: string; revision: number }
  /** Well-formed but can't exist here: another region's or account's ARN, a bad family name. */
  | { kind: "nowhere" };

/**
 * Parse a reference. A revision that isn't a number is ECS's InvalidParameterException
 * "Invalid revision number. Number: <it>" (observed); anything else odd simply finds nothing.
 */
export function parseReference(scope: Scope, ref: string): TaskDefinitionReference {
  let body = ref;
  if (ref.startsWith("arn:")) {
    const arn = parseArn(ref);
    const m = arn && /^task-definition\/(.+)$/.exec(arn.resource);
    if (!arn || arn.service !== "ecs" || !m) return { kind: "nowhere" };
    if (arn.region !== scope.region || arn.accountId !== scope.accountId) return { kind: "nowhere" };
    body = m[1]!;
  }
  const colon = body.lastIndexOf(":");
  const family = colon < 0 ? body : body.slice(0, colon);
  if (!NAME_PATTERN.test(family)) return { kind: "nowhere" };
  if (colon < 0) return { kind: "family", family };
  const rev = body.slice(colon + 1);
  if (!/^\d{1,9}$/.test(rev) || Number(rev) < 1) throw invalidParameter(`Invalid revision number. Number: ${rev}`);
  return { kind: "revision", family, revision: Number(rev) };
}

/** The revision a reference names, or undefined. A bare family means its latest ACTIVE revision. */
export async function findTaskDefinition(tx: StoreTx, scope: Scope, ref: TaskDefinitionReference): Promise<TaskDefinitionRecord | undefined> {
  switch (ref.kind) {
    case "family":
      return tx.taskDefinitions.latestActive(scope.region, ref.family);
    case "revision":
      return tx.taskDefinitions.get(scope.region, ref.family, ref.revision);
    case "nowhere":
      return undefined;
  }
}

/** ECS's answer for a task definition that isn't there (observed, DescribeTaskDefinition and RunTask). */
export const taskDefinitionNotFound = () => clientException("Unable to describe task definition.");

/** Parse and find, or throw ECS's ClientException "Unable to describe task definition.". */
export async function requireTaskDefinition(tx: StoreTx, scope: Scope, ref: string): Promise<TaskDefinitionRecord> {
  const record = await findTaskDefinition(tx, scope, parseReference(scope, ref));
  if (!record) throw taskDefinitionNotFound();
  return record;
}
