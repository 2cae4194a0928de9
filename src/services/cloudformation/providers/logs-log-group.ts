/**
 * AWS::Logs::LogGroup through berth's CloudWatch Logs: Ref is the log group name; GetAtt Arn
 * (`arn:aws:logs:<region>:<account>:log-group:<name>:*`). LogGroupName and LogGroupClass replace;
 * RetentionInDays and Tags update in place.
 */
import { logsService } from "../../logs/service.js";
import { invoke } from "./invoke.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import { isObject, type Json } from "../template/types.js";

const tagMap = (tags: Json | undefined): Record<string, string> =>
  Object.fromEntries((Array.isArray(tags) ? tags : []).filter(isObject).map((t) => [String(t.Key), String(t.Value ?? "")]));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const logGroupProvider: ResourceProvider = {
  type: "AWS::Logs::LogGroup",
  async create(p, ctx) {
    const name = typeof p.LogGroupName === "string" ? p.LogGroupName : ctx.generateName(512);
    const tags = tagMap(p.Tags);
    await invoke(logsService, "CreateLogGroup", {
      logGroupName: name,
      ...(p.KmsKeyId !== undefined && { kmsKeyId: String(p.KmsKeyId) }),
      ...(p.LogGroupClass !== undefined && { logGroupClass: String(p.LogGroupClass) }),
      ...(Object.keys(tags).length && { tags }),
    }, ctx.request);
    if (p.RetentionInDays !== undefined) {
      await invoke(logsService, "PutRetentionPolicy", { logGroupName: name, retentionInDays: Number(p.RetentionInDays) }, ctx.request);
    }
    return { physicalId: name, attributes: { Arn: `arn:aws:logs:${ctx.request.region}:${ctx.request.accountId}:log-group:${name}:*` } };
  },
  requiresReplacement: replacesOn("LogGroupName", "LogGroupClass"),
  async update(current, before, after, ctx) {
    const logGroupName = current.physicalId;
    if (!same(before.RetentionInDays, after.RetentionInDays)) {
      if (after.RetentionInDays === undefined) await invoke(logsService, "DeleteRetentionPolicy", { logGroupName }, ctx.request);
      else await invoke(logsService, "PutRetentionPolicy", { logGroupName, retentionInDays: Number(after.RetentionInDays) }, ctx.request);
    }
    if (!same(before.Tags, after.Tags)) {
      const resourceArn = String(current.attributes.Arn).replace(/:\*$/, "");
      const old = Object.keys(tagMap(before.Tags));
      const next = tagMap(after.Tags);
      const gone = old.filter((k) => !(k in next));
      if (gone.length) await invoke(logsService, "UntagResource", { resourceArn, tagKeys: gone }, ctx.request);
      if (Object.keys(next).length) await invoke(logsService, "TagResource", { resourceArn, tags: next }, ctx.request);
    }
    return current;
  },
  async delete(current, _p, ctx) {
    try {
      await invoke(logsService, "DeleteLogGroup", { logGroupName: current.physicalId }, ctx.request);
    } catch (err) {
      if ((err as Error).name !== "ResourceNotFoundException") throw err;
    }
  },
};
