/**
 * Attributes on container instances. Rules from ECS's Attribute shape documentation: a name is 1-128
 * letters, numbers, `-`, `_`, `/`, `\` or `.`; a value is 1-128 letters, numbers, `-`, `_`, `.`,
 * `@`, `/`, `\`, `:` or spaces, not starting or ending with a space. At most 10 custom attributes
 * per instance (AttributeLimitExceededException). Built-in attributes are those ECS (here: the
 * agent) sets: names under `ecs.` and `com.amazonaws.ecs.`; they don't count toward the limit, and
 * berth does not let PutAttributes or DeleteAttributes change them (our choice: it keeps
 * `attribute:ecs.instance-type` and the capabilities truthful for placement).
 */
import { AwsError } from "../../../errors.js";
import { invalidParameter } from "../errors.js";
import type { Attribute } from "../types.js";

export const MAX_CUSTOM_ATTRIBUTES = 10;
const NAME = /^[a-zA-Z0-9_\-/\\.]{1,128}$/;
const VALUE = /^[a-zA-Z0-9_\-.@/\\: ]{1,128}$/;

export const isBuiltIn = (name: string) => name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.");

/** A stored attribute: name and optional value. */
export type StoredAttribute = Pick<Attribute, "name" | "value">;

export function validateAttribute(a: { name: string; value?: string }): void {
  if (!NAME.test(a.name)) {
    throw invalidParameter(`Attribute name '${a.name}' is not valid: use 1-128 letters, numbers, hyphens, underscores, forward slashes, back slashes or periods.`);
  }
  if (a.value !== undefined && (!VALUE.test(a.value) || a.value.startsWith(" ") || a.value.endsWith(" "))) {
    throw invalidParameter(
      `Attribute value '${a.value}' for ${a.name} is not valid: use 1-128 letters, numbers, hyphens, underscores, periods, at signs, forward slashes, back slashes, colons or spaces, not starting or ending with a space.`,
    );
  }
}

export function refuseBuiltIn(name: string): void {
  if (isBuiltIn(name)) throw invalidParameter(`Attribute ${name} is set by Amazon ECS and cannot be changed with PutAttributes or DeleteAttributes.`);
}

export function checkCustomLimit(attributes: readonly StoredAttribute[]): void {
  if (attributes.filter((a) => !isBuiltIn(a.name)).length > MAX_CUSTOM_ATTRIBUTES) {
    throw new AwsError("AttributeLimitExceededException", `A container instance can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
}

/** `current` with `changes` applied by name (a later one wins); order of first appearance kept. */
export function mergeAttributes(current: readonly StoredAttribute[], changes: readonly StoredAttribute[]): StoredAttribute[] {
  const byName = new Map<string, string | undefined>(current.map((a) => [a.name, a.value]));
  for (const a of changes) byName.set(a.name, a.value);
  return [...byName].map(([name, value]) => (value === undefined ? { name } : { name, value }));
}

export const removeAttributes = (current: readonly StoredAttribute[], names: readonly string[]): StoredAttribute[] =>
  current.filter((a) => !names.includes(a.name));
