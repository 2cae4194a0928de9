import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import type { ParameterDoc } from "../parameters.js";

export interface PutParameterRequest {
  Name: string;
  Value: string;
  Type?: ParameterDoc["Type"];
  Overwrite?: boolean;
  Description?: string;
  AllowedPattern?: string;
  KeyId?: string;
  Tier?: string;
  DataType?: string;
  Tags?: { Key: string; Value: string }[];
}

/** Creates a parameter, or a new version of it with Overwrite. */
export async function putParameter(input: PutParameterRequest, ctx: RequestContext): Promise<{ Version: number; Tier: string }> {
  const name = input.Name;
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name) || /^\/?aws|^\/?ssm/i.test(name)) {
    throw new AwsError("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_");
  }
  if (input.AllowedPattern !== undefined && !new RegExp(input.AllowedPattern).test(input.Value)) {
    throw new AwsError("ParameterPatternMismatchException", `Parameter value, cannot be validated against allowedPattern: ${input.AllowedPattern}`);
  }
  return ctx.store.write(async (tx) => {
    const existing = await tx.ssmParameters.get(ctx.region, name);
    if (existing && !input.Overwrite) {
      throw new AwsError("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    }
    const prev = existing?.doc as ParameterDoc | undefined;
    const type = input.Type ?? prev?.Type;
    if (!type) throw new AwsError("ValidationException", "A parameter type is required when you create a parameter.");
    if (input.Tags?.length && existing) throw new AwsError("ValidationException", "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
    const doc: ParameterDoc = {
      Name: name,
      Type: type,
      Value: input.Value,
      Version: (prev?.Version ?? 0) + 1,
      LastModifiedDate: ctx.now.getTime(),
      DataType: input.DataType ?? prev?.DataType ?? "text",
      Tier: input.Tier && input.Tier !== "Intelligent-Tiering" ? input.Tier : prev?.Tier ?? "Standard",
      ...((input.Description ?? prev?.Description) !== undefined && { Description: input.Description ?? prev?.Description }),
      ...((input.AllowedPattern ?? prev?.AllowedPattern) !== undefined && { AllowedPattern: input.AllowedPattern ?? prev?.AllowedPattern }),
      ...(type === "SecureString" && { KeyId: input.KeyId ?? "alias/aws/ssm" }),
    };
    await tx.ssmParameters.put({ region: ctx.region, name, doc: doc as unknown as Record<string, unknown> });
    return { Version: doc.Version, Tier: doc.Tier };
  });
}
