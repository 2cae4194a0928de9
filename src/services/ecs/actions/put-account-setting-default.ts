import type { RequestContext } from "../../../server/service.js";
import { putAccountSetting } from "./put-account-setting.js";
import type { Setting } from "../types.js";

export interface PutAccountSettingDefaultRequest {
  name: string;
  value: string;
}

export interface PutAccountSettingDefaultResponse {
  setting: Setting;
}

/** Sets the account default of a setting: the root user's setting. */
export async function putAccountSettingDefault(input: PutAccountSettingDefaultRequest, ctx: RequestContext): Promise<PutAccountSettingDefaultResponse> {
  return putAccountSetting({ name: input.name, value: input.value }, ctx);
}
