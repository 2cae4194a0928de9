/**
 * Account settings: the values each setting accepts, the AWS-managed defaults that apply until
 * someone sets one, and whose setting wins (the principal's own, then the account default set
 * by the root user, then AWS's). Every caller of berth is the account's root user, so a setting
 * put without a principal is the account default.
 */
import { invalidParameter } from "../errors.js";

const ON_OFF = ["enabled", "disabled"];

export const SETTING_RULES: Record<string, { values: string[]; awsDefault: string }> = {
  serviceLongArnFormat: { values: ON_OFF, awsDefault: "enabled" },
  taskLongArnFormat: { values: ON_OFF, awsDefault: "enabled" },
  containerInstanceLongArnFormat: { values: ON_OFF, awsDefault: "enabled" },
  awsvpcTrunking: { values: ON_OFF, awsDefault: "disabled" },
  containerInsights: { values: ["enhanced", "enabled", "disabled"], awsDefault: "disabled" },
  fargateFIPSMode: { values: ON_OFF, awsDefault: "disabled" },
  tagResourceAuthorization: { values: ["on", "off"], awsDefault: "on" },
  fargateTaskRetirementWaitPeriod: { values: ["0", "7", "14"], awsDefault: "7" },
  guardDutyActivate: { values: ["on", "off"], awsDefault: "off" },
  defaultLogDriverMode: { values: ["blocking", "non-blocking"], awsDefault: "non-blocking" },
  fargateEventWindows: { values: ON_OFF, awsDefault: "disabled" },
};

export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

export function validateSettingValue(name: string, value: string): void {
  const rule = SETTING_RULES[name];
  if (!rule) throw invalidParameter(`Invalid setting name '${name}'.`);
  if (!rule.values.includes(value)) {
    throw invalidParameter(`Invalid setting 'value': '${value}' is not valid for ${name}. Valid values are: ${rule.values.join(", ")}.`);
  }
}

/** Principal ARNs are IAM users, roles or the root user of this account. */
export function validatePrincipal(principalArn: string, accountId: string): void {
  const m = /^arn:aws:iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(principalArn);
  if (!m) throw invalidParameter(`principalArn must be the ARN of an IAM user, an IAM role or the root user, but was ${principalArn}.`);
  if (m[1] !== accountId) throw invalidParameter(`principalArn must belong to account ${accountId}.`);
}
