/**
 * The checks and the first write of a stack operation requested through the API (CreateStack,
 * UpdateStack, ExecuteChangeSet): template and parameters prepared (every template error is
 * raised here, before anything is created), then the stack record in its in-progress status with
 * its "User Initiated" event, then the engine started in the background.
 */
import type { RequestContext } from "../../../server/service.js";
import type { StackRecord, StoreTx } from "../../../store/store.js";
import { randomUUID } from "node:crypto";
import { validationError } from "../errors.js";
import { startOperation } from "../engine/runner.js";
import { prepareForStack } from "../engine/prepare-stack.js";
import type { GivenParameter } from "../template/parameters.js";
import { rawValues } from "../template/parameters.js";
import type { Prepared } from "../template/prepare.js";
import type { StackConfig, StackDoc } from "./types.js";

export interface ConfigInput {
  stackName: string;
  stackId: string;
  templateBody: string;
  parameters: GivenParameter[];
  previousRaw?: ReadonlyMap<string, string>;
  capabilities: string[];
  tags: { Key: string; Value: string }[];
}

/** Prepare a template for a stack and the configuration it will have. */
export async function prepareConfig(ctx: RequestContext, input: ConfigInput): Promise<{ prepared: Prepared; config: StackConfig }> {
  const prepared = await prepareForStack({
    store: ctx.store,
    region: ctx.region,
    accountId: ctx.accountId,
    stackName: input.stackName,
    stackId: input.stackId,
    templateBody: input.templateBody,
    parameters: input.parameters,
    previousRaw: input.previousRaw,
    capabilities: input.capabilities,
  });
  const raw = rawValues(prepared.template, input.parameters, input.previousRaw);
  return {
    prepared,
    config: {
      templateBody: input.templateBody,
      parameters: prepared.parameters.stored,
      rawParameters: Object.fromEntries(raw),
      ...(prepared.template.Description !== undefined && { description: prepared.template.Description }),
      outputs: [],
      imports: [],
      tags: input.tags,
      capabilities: input.capabilities,
    },
  };
}

/** Write the stack in `status` with its event, and start the engine on it. */
export async function beginOperation(ctx: RequestContext, record: StackRecord, status: string, guard?: (tx: StoreTx) => Promise<void>): Promise<void> {
  const at = ctx.now.getTime();
  const next: StackRecord = { ...record, status };
  const doc = next.doc as unknown as StackDoc;
  delete doc.statusReason;
  await ctx.store.write(async (tx) => {
    await guard?.(tx);
    await tx.cloudformation.putStack(next);
    await tx.cloudformation.addEvent({
      stackId: record.stackId,
      doc: {
        StackId: record.stackId,
        EventId: randomUUID(),
        StackName: record.name,
        LogicalResourceId: record.name,
        PhysicalResourceId: record.stackId,
        ResourceType: "AWS::CloudFormation::Stack",
        Timestamp: at,
        ResourceStatus: status,
        ResourceStatusReason: "User Initiated",
      },
    });
  });
  startOperation({ store: ctx.store, accountId: ctx.accountId, tokens: ctx.tokens }, ctx.region, record.stackId);
}

export function newStackDoc(config: StackConfig, opts: { disableRollback?: boolean; terminationProtection?: boolean; notificationARNs?: string[]; timeoutInMinutes?: number; roleARN?: string }): StackDoc {
  return {
    ...config,
    disableRollback: opts.disableRollback ?? false,
    terminationProtection: opts.terminationProtection ?? false,
    notificationARNs: opts.notificationARNs ?? [],
    ...(opts.timeoutInMinutes !== undefined && { timeoutInMinutes: opts.timeoutInMinutes }),
    ...(opts.roleARN && { roleARN: opts.roleARN }),
  };
}

/** A template is required: TemplateBody (TemplateURL names S3, which berth does not have). */
export function templateBodyOf(input: { TemplateBody?: string; TemplateURL?: string }): string {
  if (input.TemplateBody !== undefined) return input.TemplateBody;
  if (input.TemplateURL !== undefined) throw validationError("TemplateURL must be a supported URL. berth has no S3: send the template as TemplateBody.");
  throw validationError("Either Template URL or Template Body must be specified.");
}
