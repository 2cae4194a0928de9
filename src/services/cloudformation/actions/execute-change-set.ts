import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { beginOperation } from "../stacks/begin.js";
import { findChangeSet, notUpdatable, UPDATABLE } from "../stacks/lookup.js";
import type { ChangeSetDoc, StackDoc } from "../stacks/types.js";
import { configOf } from "./update-stack.js";
import { parseTemplate } from "../template/parse.js";
import { operationSettled } from "../engine/runner.js";

/** Runs the change set's template and parameters as a create or an update; the stack's other change sets are deleted. */
export async function executeChangeSet(input: { ChangeSetName: string; StackName?: string; DisableRollback?: boolean }, ctx: RequestContext) {
  const cs = await findChangeSet(ctx, input.ChangeSetName, input.StackName);
  const d = cs.doc as unknown as ChangeSetDoc;
  if (d.ExecutionStatus !== "AVAILABLE") {
    throw new AwsError("InvalidChangeSetStatus", `ChangeSet [${cs.id}] cannot be executed in its current status of [${d.Status}]`);
  }
  const stack = (await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, cs.stackId)))!;
  const creating = stack.status === "REVIEW_IN_PROGRESS";
  if (!creating && !UPDATABLE.has(stack.status)) throw notUpdatable(stack);
  const doc = stack.doc as unknown as StackDoc;
  const config = {
    templateBody: d.templateBody,
    parameters: d.parameters,
    rawParameters: d.rawParameters,
    tags: d.tags,
    capabilities: d.capabilities,
  };
  const description = parseTemplate(d.templateBody).Description;
  const next: StackDoc = {
    ...doc,
    ...config,
    ...(description !== undefined ? { description } : { description: undefined }),
    disableRollback: input.DisableRollback ?? false,
    notificationARNs: d.notificationARNs,
    changeSetId: cs.id,
    ...(!creating && { previous: configOf(doc), lastUpdatedTime: ctx.now.getTime() }),
  };
  await ctx.store.write(async (tx) => {
    for (const other of await tx.cloudformation.changeSets(stack.stackId)) {
      if (other.id !== cs.id) await tx.cloudformation.deleteChangeSet(other.id);
    }
    await tx.cloudformation.putChangeSet({ ...cs, doc: { ...cs.doc, ExecutionStatus: "EXECUTE_COMPLETE" } });
  });
  await beginOperation(ctx, { ...stack, ...(creating && { createdAt: ctx.now.getTime() }), doc: next as unknown as Record<string, unknown> }, creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", async (tx) => {
    const now = await tx.cloudformation.getStack(ctx.region, stack.stackId);
    if (now && now.status !== stack.status) throw notUpdatable(now);
  });
  // `aws cloudformation deploy` polls 30 s after its first look: a stack that settles quickly is
  // answered settled. The response is the same; the caller only waits less (at most this long).
  await operationSettled(ctx.store, stack.stackId, EXECUTE_GRACE_MS);
  return {};
}

const EXECUTE_GRACE_MS = 2000;
