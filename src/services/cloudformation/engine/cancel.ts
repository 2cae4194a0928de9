/** CancelUpdateStack: a flag the forward phase checks before each resource (in memory: a restart rolls back anyway). */
const cancelled = new Set<string>();

export const requestCancel = (stackId: string) => void cancelled.add(stackId);
export const isCancelled = (stackId: string) => cancelled.has(stackId);
export const clearCancel = (stackId: string) => void cancelled.delete(stackId);
