import type { RequestContext } from "../../../server/service.js";
import { rootArn, validatePrincipal, validateSettingValue } from "../account-settings/rules.js";
import type { Setting } from "../types.js";

export interface PutAccountSettingRequest {
  name: string;
  value: string;
  principalArn?: string;
}

export interface PutAccountSettingResponse {
  setting: Setting;
}

/** Sets a setting for a principal (by default the caller, the root user: that is the account default). */
export async function putAccountSetting(input: PutAccountSettingRequest, ctx: RequestContext): Promise<PutAccountSettingResponse> {
  const principal = input.principalArn ?? rootArn(ctx.accountId);
  validatePrincipal(principal, ctx.accountId);
  validateSettingValue(input.name, input.value);
  await ctx.store.write((tx) => tx.accountSettings.put({ region: ctx.region, principal, name: input.name, value: input.value }));
  return { setting: { name: input.name, value: input.value, principalArn: principal, type: "user" } };
}
