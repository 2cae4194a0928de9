/**
 * The list filters of ListNamespaces, ListServices and ListOperations: a Name, Values and a
 * Condition (EQ by default; IN, BEGINS_WITH and BETWEEN where the filter allows them).
 */
import { invalidInput } from "./errors.js";

export interface Filter {
  Name: string;
  Values: string[];
  Condition?: "EQ" | "IN" | "BETWEEN" | "BEGINS_WITH";
}

/** A predicate for one filter over a string value; `allowed` lists the conditions this filter takes. */
export function stringFilter(f: Filter, allowed: readonly string[]): (value: string) => boolean {
  const cond = f.Condition ?? "EQ";
  if (!allowed.includes(cond)) throw invalidInput(`The condition ${cond} is not supported for the filter ${f.Name}.`);
  if ((cond === "EQ" || cond === "BEGINS_WITH") && f.Values.length !== 1) {
    throw invalidInput(`The filter ${f.Name} with condition ${cond} takes exactly one value.`);
  }
  if (cond === "BETWEEN" && f.Values.length !== 2) throw invalidInput(`The filter ${f.Name} with condition BETWEEN takes exactly two values.`);
  switch (cond) {
    case "EQ":
      return (v) => v === f.Values[0];
    case "IN":
      return (v) => f.Values.includes(v);
    case "BEGINS_WITH":
      return (v) => v.startsWith(f.Values[0]!);
    case "BETWEEN":
      return (v) => v >= f.Values[0]! && v <= f.Values[1]!;
  }
}

/** Every filter must hold. */
export const allOf =
  <T>(preds: ((t: T) => boolean)[]) =>
  (t: T) =>
    preds.every((p) => p(t));
