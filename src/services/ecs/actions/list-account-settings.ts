import type { RequestContext } from "../../../server/service.js";
import { planPage, type PageRequest } from "../pagination.js";
import { SETTING_RULES, rootArn, validatePrincipal } from "../account-settings/rules.js";
import type { Setting } from "../types.js";

export interface ListAccountSettingsRequest extends PageRequest {
  name?: string;
  value?: string;
  principalArn?: string;
  effectiveSettings?: boolean;
}

export interface ListAccountSettingsResponse {
  settings: Setting[];
  nextToken?: string;
}

/**
 * The principal's settings (the caller's by default). With `effectiveSettings`, every setting
 * with the value in force: the principal's own, else the account default, else AWS's.
 */
export async function listAccountSettings(input: ListAccountSettingsRequest, ctx: RequestContext): Promise<ListAccountSettingsResponse> {
  const principal = input.principalArn ?? rootArn(ctx.accountId);
  validatePrincipal(principal, ctx.accountId);
  const page = planPage<number>(ctx, ["ListAccountSettings", ctx.region, input.name, input.value, principal, !!input.effectiveSettings], input, 10);
  const settings = await ctx.store.read(async (tx) => {
    const own = await tx.accountSettings.list(ctx.region, principal);
    if (!input.effectiveSettings) return own.map((s): Setting => ({ name: s.name, value: s.value, principalArn: principal, type: "user" }));
    const defaults = principal === rootArn(ctx.accountId) ? [] : await tx.accountSettings.list(ctx.region, rootArn(ctx.accountId));
    return Object.entries(SETTING_RULES).map(([name, rule]): Setting => {
      const mine = own.find((s) => s.name === name);
      if (mine) return { name, value: mine.value, principalArn: principal, type: "user" };
      const dflt = defaults.find((s) => s.name === name);
      if (dflt) return { name, value: dflt.value, principalArn: dflt.principal, type: "user" };
      return { name, value: rule.awsDefault, principalArn: rootArn(ctx.accountId), type: "aws_managed" };
    });
  });
  const matching = settings
    .filter((s) => (input.name === undefined || s.name === input.name) && (input.value === undefined || s.value === input.value))
    .sort((a, b) => a.name.localeCompare(b.name));
  const start = page.after ?? 0;
  const { items, nextToken } = page.finish(
    matching.slice(start, start + page.fetch).map((s, i) => ({ s, i: start + i + 1 })),
    (r) => r.i,
  );
  return { settings: items.map((r) => r.s), ...(nextToken && { nextToken }) };
}
