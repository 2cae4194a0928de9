/** Prepare a template for a stack, reading Parameter Store and the region's exports from the store. */
import type { Store } from "../../../store/store.js";
import { prepare, type Prepared } from "../template/prepare.js";
import type { GivenParameter } from "../template/parameters.js";
import { regionExports } from "./environment.js";

export interface PrepareForStack {
  store: Store;
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  templateBody: string;
  parameters: GivenParameter[];
  previousRaw?: ReadonlyMap<string, string>;
  capabilities?: string[];
}

export async function prepareForStack(p: PrepareForStack): Promise<Prepared> {
  const exports = await regionExports(p.store, p.region);
  return prepare({
    ...p,
    exports,
    ssm: async (name) => {
      const rec = await p.store.read((tx) => tx.ssmParameters.get(p.region, name));
      return rec ? String(rec.doc.Value) : undefined;
    },
  });
}

/** Stored raw values as given parameters. */
export const givenFromRaw = (raw: Record<string, string>): GivenParameter[] => Object.entries(raw).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
