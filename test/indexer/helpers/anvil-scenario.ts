import { JsonRpcProvider } from "ethers";
import type { Manifest } from "../../../src/manifest";
import type { System } from "../../fixtures";
import { startAnvil, type AnvilNode } from "./anvil";
import { admitConsortium, membersOf, type Members } from "./consortium";
import { deployWithEthers } from "./deploy";
import { directoryChurn, supplyChain } from "./scenario";

/** An anvil node with the system deployed (plain ethers) and, unless `bare`, the full scenario run on it. */
export interface AnvilScenario {
  node: AnvilNode;
  provider: JsonRpcProvider;
  system: System;
  manifest: Manifest;
  members: Members;
}

export async function anvilScenario(options: { bare?: boolean; args?: string[] } = {}): Promise<AnvilScenario> {
  const node = await startAnvil(["--accounts", "12", ...(options.args ?? [])]);
  try {
    const provider = new JsonRpcProvider(node.url, undefined, {
      staticNetwork: true,
      pollingInterval: 20,
      cacheTimeout: -1,
    });
    const members = membersOf(await provider.listAccounts());
    const { system, manifest } = await deployWithEthers(members.admin, "anvil-test");
    if (!options.bare) {
      const { lotKey, now } = await admitConsortium(system, members);
      await directoryChurn(system, members);
      await supplyChain(system, members, lotKey, now);
    }
    return { node, provider, system, manifest, members };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
