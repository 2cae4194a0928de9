/**
 * What an operation runs with, and the writes every step makes: stack status changes and
 * resource states, each with its stack event, one transaction each.
 */
import { randomUUID, randomBytes } from "node:crypto";
import type { PageTokens } from "../../../server/page-tokens.js";
import type { RequestContext } from "../../../server/service.js";
import type { StackRecord, Store } from "../../../store/store.js";
import type { ProviderContext } from "../providers/types.js";
import type { ResourceDoc, StackDoc } from "../stacks/types.js";
import type { JsonObject } from "../template/types.js";

/** What the engine needs from the server: the store, the account, page tokens. */
export interface EngineBase {
  store: Store;
  accountId: string;
  tokens: PageTokens;
}

export interface Operation {
  base: EngineBase;
  stack: StackRecord;
  signal: AbortSignal;
}

export class Aborted extends Error {
  constructor() {
    super("berth is shutting down");
  }
}

export const checkAbort = (op: Operation) => {
  if (op.signal.aborted) throw new Aborted();
};

export function requestContext(op: Operation): RequestContext {
  return {
    requestId: randomUUID(),
    region: op.stack.region,
    accountId: op.base.accountId,
    accessKeyId: "berth-cloudformation",
    now: new Date(),
    store: op.base.store,
    tokens: op.base.tokens,
  };
}

const RANDOM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function providerContext(op: Operation, logicalId: string): ProviderContext {
  return {
    request: requestContext(op),
    stackName: op.stack.name,
    stackId: op.stack.stackId,
    logicalId,
    generateName(max = 255) {
      const suffix = Array.from(randomBytes(12), (b) => RANDOM[b % RANDOM.length]).join("");
      if (max <= 0) return suffix;
      const room = Math.max(max - suffix.length - 2, 2);
      const stackPart = op.stack.name.slice(0, Math.ceil(room / 2));
      return `${stackPart}-${logicalId.slice(0, room - stackPart.length)}-${suffix}`;
    },
  };
}

const doc = (op: Operation) => op.stack.doc as unknown as StackDoc;
export const stackDoc = doc;

interface EventFields {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
}

function event(op: Operation, f: EventFields, at: number) {
  return {
    stackId: op.stack.stackId,
    doc: {
      StackId: op.stack.stackId,
      EventId: randomUUID(),
      StackName: op.stack.name,
      Timestamp: at,
      ...f,
    },
  };
}

/** Set the stack's status (and doc changes) and record its stack event. */
export async function setStackStatus(op: Operation, status: string, reason?: string, change: Partial<StackDoc> = {}, opts: { keepReason?: boolean } = {}): Promise<void> {
  const at = Date.now();
  const next = { ...doc(op), ...change, ...(!opts.keepReason && { statusReason: reason }) };
  if (next.statusReason === undefined) delete next.statusReason;
  const record: StackRecord = { ...op.stack, status, doc: next as unknown as Record<string, unknown> };
  await op.base.store.write(async (tx) => {
    // Termination protection may change while the operation runs (UpdateTerminationProtection).
    const stored = await tx.cloudformation.getStack(op.stack.region, op.stack.stackId);
    if (stored) next.terminationProtection = (stored.doc as unknown as StackDoc).terminationProtection;
    await tx.cloudformation.putStack(record);
    await tx.cloudformation.addEvent(
      event(op, { LogicalResourceId: op.stack.name, PhysicalResourceId: op.stack.stackId, ResourceType: "AWS::CloudFormation::Stack", ResourceStatus: status, ...(reason && { ResourceStatusReason: reason }) }, at),
    );
  });
  op.stack = record;
}

/**
 * Let the server's other work run: the store is synchronous underneath, so a chain of awaited
 * writes would otherwise never yield to the event loop, and API requests would wait for the
 * whole deployment.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Write a resource's state and its event (unless `quiet`). */
export async function putResource(op: Operation, logicalId: string, r: ResourceDoc, opts: { quiet?: boolean; properties?: JsonObject } = {}): Promise<void> {
  await yieldToEventLoop();
  const at = Date.now();
  const next = { ...r, updatedAt: at };
  await op.base.store.write(async (tx) => {
    await tx.cloudformation.putResource({ stackId: op.stack.stackId, logicalId, doc: next as unknown as Record<string, unknown> });
    if (!opts.quiet) {
      await tx.cloudformation.addEvent(
        event(op, {
          LogicalResourceId: logicalId,
          PhysicalResourceId: r.physicalId ?? "",
          ResourceType: r.Type,
          ResourceStatus: r.status,
          ...(r.statusReason && { ResourceStatusReason: r.statusReason }),
          ...(opts.properties && { ResourceProperties: JSON.stringify(opts.properties) }),
        }, at),
      );
    }
  });
}

export async function loadResources(op: Operation): Promise<Map<string, ResourceDoc>> {
  const rows = await op.base.store.read((tx) => tx.cloudformation.resources(op.stack.stackId));
  return new Map(rows.map((r) => [r.logicalId, r.doc as unknown as ResourceDoc]));
}

/** The message of a provider failure, as a resource event's reason. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error && err.message === "Resource creation cancelled") return err.message;
  if (err instanceof Error) {
    const code = err.name && err.name !== "Error" ? ` (Service: berth, Status Code: 400, Error Code: ${err.name})` : "";
    return `Resource handler returned message: "${err.message}"${code}`;
  }
  return String(err);
}

/** A resource event that changes no record (deleting the old physical resource of a replacement). */
export async function resourceEvent(op: Operation, logicalId: string, type: string, physicalId: string, status: string, reason?: string): Promise<void> {
  await op.base.store.write((tx) =>
    tx.cloudformation.addEvent(event(op, { LogicalResourceId: logicalId, PhysicalResourceId: physicalId, ResourceType: type, ResourceStatus: status, ...(reason && { ResourceStatusReason: reason }) }, Date.now())),
  );
}
