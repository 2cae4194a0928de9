/** AWS::SSM::Parameter through berth's Parameter Store: Ref is the name; GetAtt Type and Value. */
import { ssmService } from "../../ssm/service.js";
import { invoke } from "./invoke.js";
import { AwsError } from "../../../errors.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import type { JsonObject } from "../template/types.js";

const input = (name: string, p: JsonObject, overwrite: boolean) => ({
  Name: name,
  Value: Array.isArray(p.Value) ? p.Value.join(",") : String(p.Value ?? ""),
  Type: p.Type ?? "String",
  Overwrite: overwrite,
  ...(p.Description !== undefined && { Description: String(p.Description) }),
  ...(p.AllowedPattern !== undefined && { AllowedPattern: String(p.AllowedPattern) }),
  ...(p.Tier !== undefined && { Tier: String(p.Tier) }),
  ...(p.DataType !== undefined && { DataType: String(p.DataType) }),
});

export const ssmParameterProvider: ResourceProvider = {
  type: "AWS::SSM::Parameter",
  async create(p, ctx) {
    if (p.Type === "SecureString") throw new AwsError("ValidationException", "SecureString is not a supported parameter type for AWS::SSM::Parameter: create it with PutParameter and refer to it with a dynamic reference or an SSM parameter type.");
    const name = typeof p.Name === "string" ? p.Name : `CFN-${ctx.logicalId}-${ctx.generateName(0).split("-").pop()}`;
    await invoke(ssmService, "PutParameter", input(name, p, false), ctx.request);
    return { physicalId: name, attributes: { Type: String(p.Type ?? "String"), Value: Array.isArray(p.Value) ? p.Value.join(",") : String(p.Value ?? "") } };
  },
  requiresReplacement: replacesOn("Name"),
  async update(current, _before, after, ctx) {
    await invoke(ssmService, "PutParameter", input(current.physicalId, after, true), ctx.request);
    return { physicalId: current.physicalId, attributes: { Type: String(after.Type ?? "String"), Value: String(after.Value ?? "") } };
  },
  async delete(current, _p, ctx) {
    try {
      await invoke(ssmService, "DeleteParameter", { Name: current.physicalId }, ctx.request);
    } catch (err) {
      if ((err as Error).name !== "ParameterNotFound") throw err;
    }
  },
};
