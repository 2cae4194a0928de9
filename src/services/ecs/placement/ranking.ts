/**
 * The instances of one placement call, kept ranked under its strategies so that placing N tasks over
 * M instances does not look at all M instances for every task.
 *
 * What a strategy list decides (`strategies.ts` says it per strategy): among the fitting instances,
 * keep those best under the first strategy, break their ties with the next, and so on; a `random`
 * strategy, or ties left at the end, pick one of the remaining instances (ordered by ARN) with one
 * draw of `random()`, and only when more than one remains. Strategies after a `random` never matter.
 *
 * That is a lexicographic minimum over a key per instance, where a spread component is the task
 * count of the instance's bucket (shared by every instance in it) and a binpack component is the
 * instance's own CPU or memory left. So instances are grouped by their spread buckets (one group
 * per zone for `spread attribute:ecs.availability-zone`; one group in all without spread), and each
 * group keeps its fitting members sorted by (binpack values, ARN). Picking a task's instance reads
 * the head of each group (G groups, not M instances); placing it moves one instance inside one
 * group and bumps one tally per spread field.
 *
 * Example: 3 zones with 0/2/1 tasks of the group, spread on zone then binpack memory → the head
 * of zone a's group (least memory left, lowest ARN first); if two instances there tie on memory,
 * one draw of random() chooses between them in ARN order.
 *
 * Only the instance that takes a task changes its verdict (its resources, ports and tasks; a
 * memberOf on `task:group` sees its own tasks only), so each instance's verdict is worked out once
 * and again only when it takes a task. The ranking works on its own copies of the instances and
 * updates them in place as `fit.ts`'s `consume` would (the caller's objects are never touched).
 */
import { rejectReason } from "./fit.js";
import { spreadKey } from "./strategies.js";
import type { CandidateInstance, FailureReason, PlacementRequest, TaskOnInstance } from "./types.js";

/** One component of the ranking key: a spread field (by index into the fields) or a binpack resource. */
type Component = { kind: "spread"; field: number } | { kind: "binpack"; cpu: boolean };

interface Group {
  /** The group's bucket for each spread field. */
  buckets: number[];
  /** Indices of its fitting instances, sorted by (binpack values, index); index order is ARN order. */
  members: number[];
}

export class Ranking {
  /** Copies of the instances, kept as the earlier tasks of this call left them. */
  private readonly current: CandidateInstance[];
  private readonly task: TaskOnInstance;
  /** Why each instance cannot take the task now, or undefined when it can. */
  readonly reasons: (FailureReason | undefined)[];
  private readonly components: Component[] = [];
  private readonly binpacks: boolean[] = [];
  /** Per spread field: each instance's bucket, and the group's tasks in each bucket. */
  private readonly bucketOf: Int32Array[] = [];
  private readonly tallies: number[][] = [];
  private readonly groups: Group[] = [];
  private readonly groupOf: Int32Array;
  private readonly cpuLeft: Float64Array;
  private readonly memoryLeft: Float64Array;
  private readonly tied: Group[] = [];
  private readonly runs: number[] = [];

  /** `instances`: the candidates, sorted by ARN. */
  constructor(instances: readonly CandidateInstance[], private readonly request: PlacementRequest) {
    const n = instances.length;
    this.current = instances.map((i) => ({
      ...i,
      remaining: { ...i.remaining, ports: [...i.remaining.ports], portsUdp: [...i.remaining.portsUdp] },
      tasks: [...i.tasks],
    }));
    this.task = { group: request.group, family: request.family };
    this.reasons = instances.map((i) => rejectReason(i, request));
    this.cpuLeft = Float64Array.from(instances, (i) => i.remaining.cpu);
    this.memoryLeft = Float64Array.from(instances, (i) => i.remaining.memory);
    const fields: string[] = [];
    for (const strategy of request.strategies) {
      if (strategy.kind === "random") break;
      if (strategy.kind === "binpack") {
        this.components.push({ kind: "binpack", cpu: strategy.field === "CPU" });
        this.binpacks.push(strategy.field === "CPU");
        continue;
      }
      let field = fields.indexOf(strategy.field);
      if (field < 0) field = fields.push(strategy.field) - 1;
      this.components.push({ kind: "spread", field });
    }
    for (const name of fields) {
      const key = spreadKey(name);
      const ids = new Map<string | undefined, number>();
      const bucketOf = new Int32Array(n);
      const tally: number[] = [];
      for (let i = 0; i < n; i++) {
        const k = key(instances[i]!);
        let b = ids.get(k);
        if (b === undefined) {
          ids.set(k, (b = tally.length));
          tally.push(0);
        }
        bucketOf[i] = b;
        // Every candidate's tasks of the group count, whether or not it can take this task.
        for (const t of instances[i]!.tasks) if (t.group === request.group) tally[b]!++;
      }
      this.bucketOf.push(bucketOf);
      this.tallies.push(tally);
    }
    this.groupOf = new Int32Array(n);
    const groupIds = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const buckets = this.bucketOf.map((b) => b[i]!);
      const signature = buckets.join(",");
      let g = groupIds.get(signature);
      if (g === undefined) {
        groupIds.set(signature, (g = this.groups.length));
        this.groups.push({ buckets, members: [] });
      }
      this.groupOf[i] = g;
      if (this.reasons[i] === undefined) this.groups[g]!.members.push(i);
    }
    for (const g of this.groups) g.members.sort((a, b) => this.compareWithin(a, b));
  }

  /** The index of the instance the next task goes on, or -1 when none can take it. Draws only on a tie. */
  pick(random: () => number): number {
    const tied = this.tied;
    tied.length = 0;
    for (const g of this.groups) {
      if (g.members.length === 0) continue;
      const order = tied.length === 0 ? -1 : this.compareGroups(g, tied[0]!);
      if (order < 0) {
        tied.length = 0;
        tied.push(g);
      } else if (order === 0) {
        tied.push(g);
      }
    }
    if (tied.length === 0) return -1;
    const runs = this.runs;
    runs.length = 0;
    let total = 0;
    for (const g of tied) {
      const run = this.headRun(g);
      runs.push(run);
      total += run;
    }
    if (total === 1) return tied[0]!.members[0]!;
    const at = Math.min(total - 1, Math.max(0, Math.floor(random() * total)));
    if (tied.length === 1) return tied[0]!.members[at]!;
    return this.nthByArn(at);
  }

  /** Instance `i` takes one task: its state, verdict and place in its group move; its buckets count one more. */
  place(i: number): void {
    const instance = this.current[i]!;
    const { needs } = this.request;
    for (let f = 0; f < this.tallies.length; f++) this.tallies[f]![this.bucketOf[f]![i]!]!++;
    const members = this.groups[this.groupOf[i]!]!.members;
    if (this.reasons[i] === undefined) members.splice(this.position(members, i), 1);
    // As `consume`: resources subtracted, TCP then UDP ports reserved, the task recorded.
    const { remaining } = instance;
    remaining.cpu -= needs.cpu;
    remaining.memory -= needs.memory;
    for (const p of needs.hostPorts) if (p.protocol === "tcp") remaining.ports.push(p.port);
    for (const p of needs.hostPorts) if (p.protocol === "udp") remaining.portsUdp.push(p.port);
    instance.tasks.push(this.task);
    this.cpuLeft[i] = remaining.cpu;
    this.memoryLeft[i] = remaining.memory;
    this.reasons[i] = rejectReason(instance, this.request);
    if (this.reasons[i] === undefined) members.splice(this.position(members, i), 0, i);
  }

  /** Where `i` is, or goes, in a sorted member list (binary search). */
  private position(members: readonly number[], i: number): number {
    let lo = 0;
    let hi = members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareWithin(members[mid]!, i) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Within a group spread components are equal: binpack values in order, then ARN order. */
  private compareWithin(a: number, b: number): number {
    for (const cpu of this.binpacks) {
      const left = cpu ? this.cpuLeft : this.memoryLeft;
      if (left[a]! !== left[b]!) return left[a]! < left[b]! ? -1 : 1;
    }
    return a - b;
  }

  /** Two non-empty groups by the full key of their heads (ARN order is not part of the key). */
  private compareGroups(g: Group, h: Group): number {
    const a = g.members[0]!;
    const b = h.members[0]!;
    for (const c of this.components) {
      let x: number;
      let y: number;
      if (c.kind === "spread") {
        const tally = this.tallies[c.field]!;
        x = tally[g.buckets[c.field]!]!;
        y = tally[h.buckets[c.field]!]!;
      } else {
        const left = c.cpu ? this.cpuLeft : this.memoryLeft;
        x = left[a]!;
        y = left[b]!;
      }
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /** How many members at the head of a group tie with it on every binpack value. */
  private headRun(g: Group): number {
    const { members } = g;
    if (this.binpacks.length === 0) return members.length;
    const head = members[0]!;
    let run = 1;
    while (run < members.length && this.sameBinpack(members[run]!, head)) run++;
    return run;
  }

  private sameBinpack(a: number, b: number): boolean {
    for (const cpu of this.binpacks) {
      const left = cpu ? this.cpuLeft : this.memoryLeft;
      if (left[a] !== left[b]) return false;
    }
    return true;
  }

  /** The `at`-th instance in ARN order among the tied groups' head runs (each already in ARN order). */
  private nthByArn(at: number): number {
    const cursors = this.tied.map(() => 0);
    for (;;) {
      let best = -1;
      for (let t = 0; t < this.tied.length; t++) {
        if (cursors[t]! >= this.runs[t]!) continue;
        if (best < 0 || this.tied[t]!.members[cursors[t]!]! < this.tied[best]!.members[cursors[best]!]!) best = t;
      }
      const index = this.tied[best]!.members[cursors[best]!]!;
      if (at-- === 0) return index;
      cursors[best]!++;
    }
  }
}
