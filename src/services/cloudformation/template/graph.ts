/**
 * The resource graph: what each resource depends on (Ref, Fn::GetAtt, `${X}` in Fn::Sub,
 * DependsOn), unresolved names, cycles, and the order in which resources may be created.
 */
import { templateFormatError, validationError } from "../errors.js";
import { intrinsicName } from "./intrinsics.js";
import { isObject, type Json } from "./types.js";

export interface References {
  /** Names used with Ref or `${Name}` (parameters, pseudo parameters or resources). */
  refs: Set<string>;
  /** Resources named by Fn::GetAtt or `${Name.Attr}`. */
  getAtts: Set<string>;
  /** Conditions named by Fn::If or Condition. */
  conditions: Set<string>;
}

/**
 * What `value` refers to. With `conditions`, Fn::If follows only the branch its condition picks
 * (a resource excluded by a condition may be named in the branch not taken).
 */
export function collectReferences(
  value: Json,
  out: References = { refs: new Set(), getAtts: new Set(), conditions: new Set() },
  conditions?: ReadonlyMap<string, boolean>,
): References {
  const recur = (v: Json) => collectReferences(v, out, conditions);
  if (Array.isArray(value)) {
    for (const v of value) recur(v);
    return out;
  }
  if (!isObject(value)) return out;
  const fn = intrinsicName(value);
  const arg = fn ? value[fn]! : undefined;
  if (fn === "Ref" && typeof arg === "string") out.refs.add(arg);
  else if (fn === "Condition" && typeof arg === "string") out.conditions.add(arg);
  else if (fn === "Fn::GetAtt") {
    const id = typeof arg === "string" ? arg.split(".")[0] : Array.isArray(arg) ? arg[0] : undefined;
    if (typeof id === "string") out.getAtts.add(id);
    if (Array.isArray(arg)) recur(arg.slice(1));
  } else if (fn === "Fn::Sub") {
    const [text, vars] = typeof arg === "string" ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1]] : [undefined, undefined];
    if (typeof text === "string") {
      for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
        const name = m[1]!.trim();
        if (isObject(vars) && name in vars) continue;
        const dot = name.indexOf(".");
        if (dot > 0 && !name.startsWith("AWS::")) out.getAtts.add(name.slice(0, dot));
        else out.refs.add(name);
      }
    }
    if (isObject(vars)) recur(Object.values(vars));
  } else if (fn === "Fn::If" && Array.isArray(arg)) {
    if (typeof arg[0] === "string") out.conditions.add(arg[0]);
    const chosen = typeof arg[0] === "string" ? conditions?.get(arg[0]) : undefined;
    recur(chosen === undefined ? arg.slice(1) : chosen ? arg[1]! : arg[2]!);
  } else if (fn) recur(arg!);
  else for (const v of Object.values(value)) recur(v);
  return out;
}

export const PSEUDO = new Set(["AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"]);

export interface GraphInput {
  /** Logical id → what its declaration refers to, plus DependsOn. */
  resources: Record<string, { refs: References; dependsOn: string[] }>;
  parameters: ReadonlySet<string>;
}

/** Logical id → the resources it needs first. Throws CloudFormation's errors for unknown names. */
export function buildGraph(input: GraphInput): Map<string, Set<string>> {
  const ids = new Set(Object.keys(input.resources));
  const unresolved = new Set<string>();
  const graph = new Map<string, Set<string>>();
  for (const [id, { refs, dependsOn }] of Object.entries(input.resources)) {
    const needs = new Set<string>();
    for (const r of refs.refs) {
      if (ids.has(r)) needs.add(r);
      else if (!input.parameters.has(r) && !PSEUDO.has(r)) unresolved.add(r);
    }
    for (const r of refs.getAtts) {
      if (ids.has(r)) needs.add(r);
      else throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${r}`);
    }
    for (const d of dependsOn) {
      if (ids.has(d)) needs.add(d);
      else throw validationError(`Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template`);
    }
    graph.set(id, needs);
  }
  if (unresolved.size) throw templateFormatError(`Unresolved resource dependencies [${[...unresolved].join(", ")}] in the Resources block of the template`);
  const cycle = findCycle(graph);
  if (cycle) throw validationError(`Circular dependency between resources: [${cycle.sort().join(", ")}]`);
  return graph;
}

/** The members of some dependency cycle, or undefined. */
export function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return stack.slice(stack.indexOf(id));
    state.set(id, "visiting");
    stack.push(id);
    for (const d of graph.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of graph.keys()) {
    const c = visit(id);
    if (c) return c;
  }
  return undefined;
}

/** Ready to start: not done, not started, every dependency done. */
export function ready(graph: ReadonlyMap<string, ReadonlySet<string>>, done: ReadonlySet<string>, started: ReadonlySet<string>): string[] {
  return [...graph.keys()].filter((id) => !done.has(id) && !started.has(id) && [...graph.get(id)!].every((d) => done.has(d)));
}

/** The reverse graph: for deletion, a resource waits for the resources that depend on it. */
export function reverse(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>([...graph.keys()].map((k) => [k, new Set<string>()]));
  for (const [id, needs] of graph) for (const d of needs) out.get(d)?.add(id);
  return out;
}

/** A dependency order (dependencies first). The graph must be acyclic. */
export function topoOrder(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  for (;;) {
    const next = ready(graph, done, new Set());
    if (!next.length) return order;
    for (const id of next) {
      done.add(id);
      order.push(id);
    }
  }
}
