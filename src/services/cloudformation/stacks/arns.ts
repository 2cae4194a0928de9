/** ARNs of stacks and change sets. */
import { randomUUID } from "node:crypto";

type Scope = { region: string; accountId: string };

export const stackArn = (s: Scope, name: string) => `arn:aws:cloudformation:${s.region}:${s.accountId}:stack/${name}/${randomUUID()}`;
export const changeSetArn = (s: Scope, name: string) =>
  `arn:aws:cloudformation:${s.region}:${s.accountId}:changeSet/${name}/${randomUUID()}`;

export const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
export const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
