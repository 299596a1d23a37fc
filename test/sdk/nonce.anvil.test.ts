import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, NonceManager, Wallet, ZeroHash } from "ethers";
import type { Manifest } from "../../src/manifest";
import { ContractRevertError, createClient, deviceId, FACTORIES } from "../../src/sdk";
import { GLN, GTIN, PREFIX } from "../fixtures";
import { freePort } from "../indexer/helpers/net";

/** anvil's default development mnemonic; its accounts 0 and 1 are funded. */
const MNEMONIC = "test test test test test test test test test test test junk";
const ANVIL = path.join(__dirname, "..", "..", "node_modules", ".bin", "anvil");
const TRANSACTIONS = 120;

async function waitForNode(provider: JsonRpcProvider, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}`);
    try {
      await provider.send("eth_chainId", []);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error("anvil did not start");
}

/** Deploys and wires the system with plain TypeChain factories (no Hardhat), returning its manifest. */
async function deploy(admin: Wallet): Promise<Manifest> {
  const deployer = new NonceManager(admin);
  const contracts = {} as Manifest["contracts"];
  const put = async (
    name: keyof typeof FACTORIES,
    contract: {
      getAddress(): Promise<string>;
      deploymentTransaction(): { wait(): Promise<{ blockNumber: number } | null> } | null;
    },
  ) => {
    const receipt = await contract.deploymentTransaction()!.wait();
    contracts[name] = { address: await contract.getAddress(), blockNumber: receipt!.blockNumber };
    return contracts[name].address;
  };
  const directory = await put(
    "ConsortiumDirectory",
    await new FACTORIES.ConsortiumDirectory(deployer).deploy(0, admin.address),
  );
  const products = await put("ProductRegistry", await new FACTORIES.ProductRegistry(deployer).deploy(directory));
  const devices = await put("DeviceRegistry", await new FACTORIES.DeviceRegistry(deployer).deploy(directory, products));
  const lifecycle = await put(
    "DeviceLifecycle",
    await new FACTORIES.DeviceLifecycle(deployer).deploy(directory, devices),
  );
  const recalls = await put(
    "RecallRegistry",
    await new FACTORIES.RecallRegistry(deployer).deploy(directory, products, devices),
  );
  const anchors = await put(
    "DataAnchorRegistry",
    await new FACTORIES.DataAnchorRegistry(deployer).deploy(directory, devices),
  );
  await (await FACTORIES.DeviceRegistry.connect(devices, deployer).wireModules(lifecycle, recalls, anchors)).wait();
  return { chainId: 31337, deploymentId: "anvil-nonce-test", contracts };
}

describe("SDK nonce handling on an instant-mining node (anvil)", function () {
  let child: ChildProcess | undefined;
  let provider: JsonRpcProvider;
  let manifest: Manifest;
  let admin: Wallet;
  let maker: Wallet;

  before(async function () {
    const port = await freePort();
    child = spawn(
      ANVIL,
      ["--host", "127.0.0.1", "--port", String(port), "--hardfork", "paris", "--base-fee", "0", "--silent"],
      {
        stdio: "ignore",
      },
    );
    // ethers' default request cache (250 ms) stays on: that is the condition under which nonces get reused.
    provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true });
    await waitForNode(provider, child);
    admin = new Wallet(HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/0").privateKey, provider);
    maker = new Wallet(HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/1").privateKey, provider);
    manifest = await deploy(admin);
    const governance = createClient({ runner: admin, manifest });
    await governance.directory.admitOrganisation({
      gln: GLN.manufacturer,
      roles: ["Manufacturer"],
      account: maker.address,
    });
    await governance.directory.assignCompanyPrefix({ gln: GLN.manufacturer, prefix: PREFIX });
  });

  after(function () {
    provider?.destroy();
    if (child?.pid && child.exitCode === null) process.kill(child.pid);
  });

  it(`sends ${TRANSACTIONS} back-to-back transactions from one key without reusing a nonce`, async function () {
    const client = createClient({ runner: maker, manifest });
    await client.verifyChain();
    await client.products.registerProduct({ gtin: GTIN, metadataHash: ZeroHash, tracked: true });
    const { result: lotKey } = await client.devices.registerLot({ gtin: GTIN, lot: "ANVIL-1" });
    const start = await provider.getTransactionCount(maker.address, "latest");
    const serials = Array.from({ length: TRANSACTIONS }, (_, i) => `N-${i}`);
    const sent = await Promise.all(serials.map((serial) => client.devices.commission({ lot: { lotKey }, serial })));
    expect(sent.map((s) => s.result)).to.deep.equal(serials.map((s) => deviceId(GTIN, s)));
    const nonces = await Promise.all(sent.map(async (s) => (await provider.getTransaction(s.hash))!.nonce));
    expect([...nonces].sort((a, b) => a - b)).to.deep.equal(serials.map((_, i) => start + i));
    expect(await provider.getTransactionCount(maker.address, "latest")).to.equal(start + TRANSACTIONS);
  });

  it("leaves no nonce gap when some calls revert before broadcast", async function () {
    const client = createClient({ runner: maker, manifest });
    const lotKey = await client.contracts.devices.lotKeyOf(GTIN, "ANVIL-1");
    const start = await provider.getTransactionCount(maker.address, "latest");
    const serials = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? `N-${i}` : `M-${i}`));
    const outcomes = await Promise.allSettled(
      serials.map((serial) => client.devices.commission({ lot: { lotKey }, serial })),
    );
    const failed = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(failed).to.have.length(10);
    for (const f of failed) expect((f.reason as ContractRevertError).errorName).to.equal("DeviceRegistryDeviceExists");
    expect(await provider.getTransactionCount(maker.address, "latest")).to.equal(start + 30);
    const after = await client.devices.commission({ lot: { lotKey }, serial: "AFTER" });
    expect(after.receipt.status).to.equal(1);
  });

  it("resynchronises when another sender used the nonce the client expected to use next", async function () {
    const client = createClient({ runner: maker, manifest });
    const lotKey = await client.contracts.devices.lotKeyOf(GTIN, "ANVIL-1");
    await client.devices.commission({ lot: { lotKey }, serial: "SYNC-0" });
    const next = await provider.getTransactionCount(maker.address, "latest");
    const outside = await maker.sendTransaction({ to: maker.address, value: 0n, nonce: next });
    await outside.wait();
    const { receipt } = await client.devices.commission({ lot: { lotKey }, serial: "SYNC-1" });
    expect(receipt.status).to.equal(1);
    expect((await provider.getTransaction(receipt.hash))!.nonce).to.equal(next + 1);
  });
});
