/**
 * The rolling-update arithmetic of ECS's REPLICA scheduler, pure. Sources: ECS API
 * DeploymentConfiguration; reference/ecs-api.md §4.2.
 *
 * Bounds, with D = desiredCount:
 * - at least ceil(D × minimumHealthyPercent / 100) healthy tasks while the scheduler stops tasks;
 * - at most floor(D × maximumPercent / 100) tasks that are not STOPPED (RUNNING + PENDING, and
 *   tasks being stopped still count until they are STOPPED).
 *
 * Worked examples (D = 4 unless said otherwise):
 * - min 100, max 200: minHealthy 4, maxTotal 8 → may start 4 new before stopping any; stops an old
 *   task for each new one that becomes healthy.
 * - min 50, max 100: minHealthy 2, maxTotal 4 → stops 2 old first, starts 2 new once those are
 *   STOPPED, then stops the last 2 old once the new ones are healthy.
 * - min 0, max 100: stops all 4 old, then starts 4 new.
 * - D 2, min 75, max 100: minHealthy ceil(1.5) = 2, maxTotal 2 → can neither stop nor start:
 *   `blocked`, and ECS's event says so.
 * - D 3, max 125: maxTotal floor(3.75) = 3 → can start none before stopping one.
 */

export interface Bounds {
  minHealthy: number;
  maxTotal: number;
}

export function rolloutBounds(desired: number, minimumHealthyPercent: number, maximumPercent: number): Bounds {
  return {
    minHealthy: Math.ceil((desired * minimumHealthyPercent) / 100),
    maxTotal: Math.floor((desired * maximumPercent) / 100),
  };
}

/** One task that is not STOPPED, as the rollout sees it. */
export interface RolloutTask {
  id: string;
  /** Belongs to the primary (newest) deployment. */
  primary: boolean;
  /** Desired RUNNING: not yet asked to stop. */
  live: boolean;
  /** Counts toward minimumHealthyPercent (only live tasks are healthy). */
  healthy: boolean;
  /** Must be replaced whatever its deployment (its instance is DRAINING). */
  evict: boolean;
  /** Epoch ms; breaks ties when choosing which of the primary's tasks to keep. */
  createdAt: number;
}

export interface RolloutInput {
  desired: number;
  minimumHealthyPercent: number;
  maximumPercent: number;
  tasks: readonly RolloutTask[];
  /** False while the primary deployment may not launch (circuit breaker FAILED, throttled). */
  canStart: boolean;
}

export interface RolloutStep {
  /** How many tasks of the primary deployment to start now. */
  start: number;
  /** Tasks to stop now (in the order chosen). */
  stop: string[];
  /**
   * Work remains but neither bound lets anything move, and nothing is in flight that could
   * change that (no task pending, settling or stopping).
   */
  blocked: boolean;
}

/**
 * One step: stop what may be stopped, start what may be started.
 * - Surplus: live tasks of older deployments, tasks to evict, and the primary's tasks beyond D
 *   (keeping the healthy, then the oldest).
 * - Surplus tasks that are not healthy go at once (they hold up no minimum); healthy ones go
 *   while the healthy count stays at or above minHealthy.
 * - The primary gets new tasks up to D, as far as maxTotal leaves room (stopping tasks still
 *   take room until they are STOPPED).
 */
export function rolloutStep(input: RolloutInput): RolloutStep {
  const { minHealthy, maxTotal } = rolloutBounds(input.desired, input.minimumHealthyPercent, input.maximumPercent);
  const live = input.tasks.filter((t) => t.live);
  const keepers = live
    .filter((t) => t.primary && !t.evict)
    .sort((a, b) => Number(b.healthy) - Number(a.healthy) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const kept = keepers.slice(0, input.desired);
  const surplus = [...live.filter((t) => t.evict), ...live.filter((t) => !t.primary && !t.evict), ...keepers.slice(input.desired)];

  const stop: string[] = [];
  for (const t of surplus) if (!t.healthy) stop.push(t.id);
  let healthy = live.filter((t) => t.healthy).length;
  for (const t of surplus) {
    if (!t.healthy) continue;
    if (healthy - 1 < minHealthy) break;
    stop.push(t.id);
    healthy--;
  }

  const need = Math.max(0, input.desired - kept.length);
  const room = Math.max(0, maxTotal - input.tasks.length);
  const start = input.canStart ? Math.min(need, room) : 0;
  const settled = input.tasks.every((t) => t.live && t.healthy);
  const blocked = input.canStart && start === 0 && stop.length === 0 && (need > 0 || surplus.length > 0) && settled;
  return { start, stop, blocked };
}
