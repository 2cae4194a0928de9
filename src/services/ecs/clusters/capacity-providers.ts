/**
 * Capacity providers a cluster may use. berth has the two Fargate providers built in
 * (FARGATE, FARGATE_SPOT: berth's managed capacity); custom (Auto Scaling group) providers are
 * not supported yet, so naming one is an error, as naming any unknown provider is in ECS.
 */
import { invalidParameter } from "../errors.js";
import type { CapacityProviderStrategyItem } from "../types.js";

export const BUILT_IN_PROVIDERS = ["FARGATE", "FARGATE_SPOT"];

export function validateCapacityProviders(providers: string[], strategy: CapacityProviderStrategyItem[]): void {
  for (const p of providers) {
    if (!BUILT_IN_PROVIDERS.includes(p)) throw invalidParameter(`The specified capacity provider '${p}' is not in an ACTIVE state. Specify a valid capacity provider and try again.`);
  }
  if (new Set(providers).size !== providers.length) throw invalidParameter("The capacity providers list contains duplicates.");
  let withBase = 0;
  const seen = new Set<string>();
  for (const item of strategy) {
    if (!providers.includes(item.capacityProvider)) {
      throw invalidParameter(`The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.`);
    }
    if (seen.has(item.capacityProvider)) throw invalidParameter("The capacity provider strategy contains a duplicate capacity provider.");
    seen.add(item.capacityProvider);
    if ((item.base ?? 0) > 0) withBase++;
  }
  if (withBase > 1) throw invalidParameter("Only one capacity provider in a capacity provider strategy can have a base value greater than zero.");
  if (strategy.length > 0 && strategy.every((i) => (i.weight ?? 0) === 0)) {
    throw invalidParameter("At least one capacity provider in a capacity provider strategy must have a weight greater than zero.");
  }
}

/** Fill the defaults ECS echoes: weight 0 and base 0 when omitted. */
export const normalizeStrategy = (strategy: CapacityProviderStrategyItem[] | undefined): CapacityProviderStrategyItem[] =>
  (strategy ?? []).map((s) => ({ capacityProvider: s.capacityProvider, weight: s.weight ?? 0, base: s.base ?? 0 }));
