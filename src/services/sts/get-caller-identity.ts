import type { RequestContext } from "../../server/service.js";

export interface GetCallerIdentityResponse {
  UserId: string;
  Account: string;
  Arn: string;
}

/** The caller is the account's root user, named by its access key. */
export async function getCallerIdentity(_input: Record<string, never>, ctx: RequestContext): Promise<GetCallerIdentityResponse> {
  return { UserId: ctx.accessKeyId, Account: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root` };
}
