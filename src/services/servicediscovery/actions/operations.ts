/** GetOperation and ListOperations (filters NAMESPACE_ID, SERVICE_ID, STATUS, TYPE, UPDATE_DATE). */
import type { RequestContext } from "../../../server/service.js";
import type { CloudMapOperationRecord } from "../../../store/store.js";
import { invalidInput, operationNotFound } from "../errors.js";
import { allOf, stringFilter, type Filter } from "../filters.js";
import { operationView } from "../operations.js";
import { collect, planPage } from "../pagination.js";

export async function getOperation(input: { OperationId: string }, ctx: RequestContext) {
  const op = await ctx.store.read((tx) => tx.cloudMap.getOperation(ctx.region, input.OperationId));
  if (!op) throw operationNotFound(input.OperationId);
  return { Operation: operationView(op) };
}

function operationFilter(f: Filter): (o: CloudMapOperationRecord) => boolean {
  switch (f.Name) {
    case "NAMESPACE_ID": {
      const p = stringFilter(f, ["EQ"]);
      return (o) => o.targets.NAMESPACE !== undefined && p(o.targets.NAMESPACE);
    }
    case "SERVICE_ID": {
      const p = stringFilter(f, ["EQ"]);
      return (o) => o.targets.SERVICE !== undefined && p(o.targets.SERVICE);
    }
    case "STATUS": {
      const p = stringFilter(f, ["EQ", "IN"]);
      return (o) => p(o.status);
    }
    case "TYPE": {
      const p = stringFilter(f, ["EQ", "IN"]);
      return (o) => p(o.type);
    }
    default: {
      // UPDATE_DATE: BETWEEN two epoch-seconds values.
      if ((f.Condition ?? "EQ") !== "BETWEEN" || f.Values.length !== 2) throw invalidInput("The UPDATE_DATE filter takes the BETWEEN condition and two values.");
      const [from, to] = f.Values.map(Number);
      if (!Number.isFinite(from) || !Number.isFinite(to)) throw invalidInput("UPDATE_DATE values must be timestamps in epoch seconds.");
      return (o) => o.updatedAt / 1000 >= from! && o.updatedAt / 1000 <= to!;
    }
  }
}

export async function listOperations(input: { Filters?: Filter[]; MaxResults?: number; NextToken?: string }, ctx: RequestContext) {
  const keep = allOf((input.Filters ?? []).map(operationFilter));
  const page = planPage(ctx, ["ListOperations", ctx.region, input.Filters ?? []], input);
  return ctx.store.read(async (tx) => {
    const rows = await collect((after, limit) => tx.cloudMap.listOperations(ctx.region, { after, limit }), (o) => o.id, keep, page.after, page.size + 1);
    const { items, NextToken } = page.finish(rows, (o) => o.id);
    return { Operations: items.map((o) => ({ Id: o.id, Status: o.status })), ...(NextToken && { NextToken }) };
  });
}
