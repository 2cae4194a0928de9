/**
 * Task-level `cpu` and `memory`: ECS accepts CPU units ("1024") or vCPUs ("1 vCPU", ".25 vcpu"),
 * and MiB ("2048") or GB ("2GB", "2 GB"), and stores integers as strings ("1024", "2048").
 * Fargate then allows only the sizes in FARGATE_SIZES (ECS Developer Guide,
 * `task-cpu-memory-error.md`; the 8 and 16 vCPU rows need Linux platform 1.4.0).
 *
 *   parseTaskCpu("1 vCPU")   → 1024        parseTaskMemory("2GB") → 2048
 *   parseTaskCpu("0.25 vcpu") → 256        parseTaskMemory("512") → 512
 *   isFargateSize(256, 512) → true;  isFargateSize(1024, 1024) → false (1 vCPU needs 2–8 GB)
 */

interface SizeRange {
  from: number;
  to: number;
  step: number;
}

/** cpu units → the memory (MiB) Fargate allows with it. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map(
  (
    [
      [256, [512, 1024, 2048]],
      [512, { from: 1024, to: 4096, step: 1024 }],
      [1024, { from: 2048, to: 8192, step: 1024 }],
      [2048, { from: 4096, to: 16384, step: 1024 }],
      [4096, { from: 8192, to: 30720, step: 1024 }],
      [8192, { from: 16384, to: 61440, step: 4096 }],
      [16384, { from: 32768, to: 122880, step: 8192 }],
    ] as [number, number[] | SizeRange][]
  ).map(([cpu, mem]) => {
    if (Array.isArray(mem)) return [cpu, mem];
    const list: number[] = [];
    for (let m = mem.from; m <= mem.to; m += mem.step) list.push(m);
    return [cpu, list];
  }),
);

export const isFargateSize = (cpu: number, memory: number): boolean => FARGATE_SIZES.get(cpu)?.includes(memory) ?? false;

/** Task CPU on EC2: 128 (0.125 vCPU) to 196608 (192 vCPU) units. */
export const TASK_CPU_MIN = 128;
export const TASK_CPU_MAX = 196608;

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const PLAIN = /^\d+$/;
const VCPU = new RegExp(`^${NUMBER}\\s*vcpus?$`, "i");
const GB = new RegExp(`^${NUMBER}\\s*(gb|gib)$`, "i");
const MB = new RegExp(`^${NUMBER}\\s*(mb|mib)$`, "i");

/** `n * scale` when it is a whole number, else undefined ("0.3 vCPU" is 307.2 units: invalid). */
function scaled(text: string, scale: number): number | undefined {
  const n = Number(text) * scale;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** CPU units from a task `cpu` string, or undefined when ECS would call it invalid. */
export function parseTaskCpu(value: string): number | undefined {
  const s = value.trim();
  let units: number | undefined;
  if (PLAIN.test(s)) units = Number(s);
  else {
    const m = VCPU.exec(s);
    if (m) units = scaled(m[1]!, 1024);
  }
  return units !== undefined && units >= TASK_CPU_MIN && units <= TASK_CPU_MAX ? units : undefined;
}

/** MiB from a task `memory` string, or undefined when ECS would call it invalid. */
export function parseTaskMemory(value: string): number | undefined {
  const s = value.trim();
  let mib: number | undefined;
  if (PLAIN.test(s)) mib = Number(s);
  else {
    const gb = GB.exec(s);
    const mb = gb ? undefined : MB.exec(s);
    if (gb) mib = scaled(gb[1]!, 1024);
    else if (mb) mib = scaled(mb[1]!, 1);
  }
  return mib !== undefined && mib > 0 && Number.isSafeInteger(mib) ? mib : undefined;
}
