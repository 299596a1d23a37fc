import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { CONTRACT_NAMES, type Manifest } from "../../src/manifest";
import { createClient, type ClientOptions } from "../../src/sdk";
import { consortiumFixture } from "../fixtures";

/** The manifest of a system deployed by the fixture (all contracts in one Ignition run). */
export async function manifestOf(system: Awaited<ReturnType<typeof consortiumFixture>>): Promise<Manifest> {
  const byName = {
    ConsortiumDirectory: system.directory,
    ProductRegistry: system.products,
    DeviceRegistry: system.devices,
    DeviceLifecycle: system.lifecycle,
    RecallRegistry: system.recalls,
    DataAnchorRegistry: system.anchors,
  };
  const contracts = {} as Manifest["contracts"];
  for (const name of CONTRACT_NAMES) {
    const contract = byName[name];
    const receipt = await contract.deploymentTransaction()?.wait();
    contracts[name] = { address: await contract.getAddress(), blockNumber: receipt?.blockNumber ?? 0 };
  }
  const { chainId } = await ethers.provider.getNetwork();
  return { chainId: Number(chainId), deploymentId: "sdk-test", contracts };
}

/** The consortium fixture with its manifest and a client per actor. */
export async function sdkFixture() {
  const f = await consortiumFixture();
  const manifest = await manifestOf(f);
  const clientOf = (signer: Signer, options: Partial<ClientOptions> = {}) =>
    createClient({ runner: signer, manifest, ...options });
  return { ...f, manifest, clientOf };
}
