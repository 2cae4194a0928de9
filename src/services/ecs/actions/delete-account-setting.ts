import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { rootArn, validatePrincipal } from "../account-settings/rules.js";
import type { Setting } from "../types.js";

export interface DeleteAccountSettingRequest {
  name: string;
  principalArn?: string;
}

export interface DeleteAccountSettingResponse {
  setting: Setting;
}

/** Removes a principal's setting; the account default or AWS's default applies again. */
export async function deleteAccountSetting(input: DeleteAccountSettingRequest, ctx: RequestContext): Promise<DeleteAccountSettingResponse> {
  const principal = input.principalArn ?? rootArn(ctx.accountId);
  validatePrincipal(principal, ctx.accountId);
  return ctx.store.write(async (tx) => {
    const existing = await tx.accountSettings.get(ctx.region, principal, input.name);
    if (!existing) throw invalidParameter(`The account setting ${input.name} is not set for ${principal}.`);
    await tx.accountSettings.delete(ctx.region, principal, input.name);
    return { setting: { name: existing.name, value: existing.value, principalArn: principal, type: "user" } };
  });
}
