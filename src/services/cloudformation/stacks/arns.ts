/** ARNs of stacks and change sets. */
import { randomUUID } from "node:crypto";
import { AwsError } from "../../../errors.js";

type Scope = { region: string; accountId: string };

export const stackArn = (s: Scope, name: string) => `arn:aws:cloudformation:${s.region}:${s.accountId}:stack/${name}/${randomUUID()}`;
export const changeSetArn = (s: Scope, name: string) =>
  `arn:aws:cloudformation:${s.region}:${s.accountId}:changeSet/${name}/${randomUUID()}`;

export const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
export const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

/** CloudFormation's check of a new stack's name (the model leaves it unconstrained). */
export function checkStackName(name: string): void {
  if (name.length > 128 || !STACK_NAME.test(name)) {
    throw new AwsError("ValidationError", `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
}
