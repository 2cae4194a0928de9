/**
 * The Conditions section: each condition evaluated once, in any order (a condition may name
 * another with `Condition`), against parameters only: a resource referenced here is an error.
 */
import { templateError, templateFormatError } from "../errors.js";
import { evaluateCondition, type Env } from "./intrinsics.js";
import type { ParamValue, Template } from "./types.js";

export function evaluateConditions(template: Template, params: ReadonlyMap<string, ParamValue>): Map<string, boolean> {
  const done = new Map<string, boolean>();
  const visiting = new Set<string>();
  const env: Env = {
    params,
    mappings: template.Mappings,
    resources: new Set(),
    ref: () => "",
    getAtt: (id) => {
      throw templateFormatError(`Unresolved dependencies [${id}]. Cannot reference resources in the Conditions block of the template`);
    },
    importValue: () => {
      throw templateError("Fn::ImportValue is not supported in the Conditions block");
    },
    // Conditions are read lazily so that one may name another defined later.
    conditions: {
      get(name: string) {
        if (done.has(name)) return done.get(name);
        if (!(name in template.Conditions)) return undefined;
        if (visiting.has(name)) throw templateFormatError(`Circular dependency between conditions: [${[...visiting].join(", ")}]`);
        visiting.add(name);
        const v = evaluateCondition(template.Conditions[name]!, env);
        visiting.delete(name);
        done.set(name, v);
        return v;
      },
      has: (name: string) => name in template.Conditions,
    } as unknown as ReadonlyMap<string, boolean>,
  };
  for (const name of Object.keys(template.Conditions)) {
    try {
      (env.conditions as Map<string, boolean>).get(name);
    } catch (err) {
      if (err instanceof Error && /Unresolved resource dependencies \[(.+?)\]/.test(err.message)) {
        const id = /\[(.+?)\]/.exec(err.message)![1];
        throw templateFormatError(`Unresolved dependencies [${id}]. Cannot reference resources in the Conditions block of the template`);
      }
      throw err;
    }
  }
  return done;
}
