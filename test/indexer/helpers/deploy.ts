import type { Provider, Signer } from "ethers";
import { CONTRACT_KEYS, FACTORIES } from "../../../src/sdk/contracts";
import { CONTRACT_NAMES, type ContractName, type Manifest } from "../../../src/manifest";
import type { System } from "../../fixtures";

/** Deploys and wires the system with plain ethers (for nodes Hardhat has no network entry for, such as a test's
 * anvil), and builds the manifest from the deployment receipts' block numbers. */
export async function deployWithEthers(
  admin: Signer,
  deploymentId = "test",
): Promise<{ system: System; manifest: Manifest }> {
  const blocks: Partial<Record<ContractName, number>> = {};
  const deployed = async <T extends { waitForDeployment(): Promise<unknown>; deploymentTransaction(): unknown }>(
    name: ContractName,
    contract: Promise<T>,
  ): Promise<T> => {
    const c = await contract;
    const tx = c.deploymentTransaction() as { wait(): Promise<{ blockNumber: number }> };
    blocks[name] = (await tx.wait()).blockNumber;
    return c;
  };
  const adminAddress = await admin.getAddress();
  const directory = await deployed(
    "ConsortiumDirectory",
    new FACTORIES.ConsortiumDirectory(admin).deploy(2n * 86400n, adminAddress),
  );
  const products = await deployed("ProductRegistry", new FACTORIES.ProductRegistry(admin).deploy(directory));
  const devices = await deployed("DeviceRegistry", new FACTORIES.DeviceRegistry(admin).deploy(directory, products));
  const lifecycle = await deployed("DeviceLifecycle", new FACTORIES.DeviceLifecycle(admin).deploy(directory, devices));
  const recalls = await deployed(
    "RecallRegistry",
    new FACTORIES.RecallRegistry(admin).deploy(directory, products, devices),
  );
  const anchors = await deployed(
    "DataAnchorRegistry",
    new FACTORIES.DataAnchorRegistry(admin).deploy(directory, devices),
  );
  await (await devices.wireModules(lifecycle, recalls, anchors)).wait();
  const system = { directory, products, devices, lifecycle, recalls, anchors } as unknown as System;
  return { system, manifest: await manifestOf(system, deploymentId, admin.provider!, blocks) };
}

/** The block in which `address` got its code (binary search over eth_getCode). */
async function deploymentBlock(provider: Provider, address: string): Promise<number> {
  let low = 0;
  let high = await provider.getBlockNumber();
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, mid)) === "0x") low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Builds the manifest of a deployed system; deployment blocks are searched for where not given. */
export async function manifestOf(
  system: System,
  deploymentId: string,
  provider: Provider,
  blocks: Partial<Record<ContractName, number>> = {},
): Promise<Manifest> {
  const contracts = {} as Manifest["contracts"];
  for (const name of CONTRACT_NAMES) {
    const address = await system[CONTRACT_KEYS[name]].getAddress();
    contracts[name] = { address, blockNumber: blocks[name] ?? (await deploymentBlock(provider, address)) };
  }
  return { chainId: Number((await provider.getNetwork()).chainId), deploymentId, contracts };
}
