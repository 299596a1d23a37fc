import { expect } from "chai";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Wallet, id } from "ethers";
import { readManifest, CONTRACT_NAMES, type Manifest } from "../../src/manifest";
import {
  ConsortiumDirectory__factory,
  DeviceRegistry__factory,
  ProductRegistry__factory,
  RecallRegistry__factory,
} from "../../typechain-types";
import { deviceIdOf, gtin } from "../fixtures";
import { startAnvil, type Anvil } from "./support/anvil";
import { E2E, devAccount, smallConsortium, tempDir, writeJson } from "./support/consortium";
import { runDeploy, runHardhat, startDeploy, stopByPid, type Finished } from "./support/processes";

const CHAIN_ID = 4242;
const DAY = 86_400;

/** The organisations of the small consortium, as the directory should hold them after the bootstrap. */
const EXPECTED = [
  { gln: E2E.manufacturer, roles: 1 << 1, accounts: [1] },
  { gln: E2E.distributor, roles: 1 << 2, accounts: [2] },
  { gln: E2E.hospital, roles: 1 << 3, accounts: [3, 5] },
  { gln: E2E.regulator, roles: 1 << 5, accounts: [4] },
];

describe("deploy end to end on anvil (an independent node, paris, zero gas price, 1 s blocks)", function () {
  this.timeout(120_000);

  let anvil: Anvil;
  let env: Record<string, string>;
  let consortium: string;
  let manifestDir: string;
  let journalDir: string;
  let first: Finished;
  let manifest: Manifest;
  /** The deployer holds no ether at all: every transaction must go out at a zero gas price. */
  const deployer = Wallet.createRandom();

  const args = (dir: string, journal: string, ...more: string[]) => [
    "--network",
    "consortium",
    "--consortium",
    consortium,
    "--manifest-dir",
    dir,
    "--journal-dir",
    journal,
    "--no-compile",
    ...more,
  ];

  before(async () => {
    anvil = await startAnvil({ chainId: CHAIN_ID, freeGas: true, blockTime: 1 });
    env = {
      CONSORTIUM_RPC_URL: anvil.url,
      CONSORTIUM_CHAIN_ID: String(CHAIN_ID),
      CONSORTIUM_PRIVATE_KEY: deployer.privateKey,
    };
    consortium = writeJson("consortium", smallConsortium());
    manifestDir = tempDir("manifest");
    journalDir = tempDir("journal");
    first = await runDeploy(args(manifestDir, journalDir), env);
    manifest = readManifest(path.join(manifestDir, "consortium.json"));
  });

  after(async () => {
    await anvil?.stop();
  });

  it("deploys all six contracts with a key that holds no ether and writes the manifest", async () => {
    expect(first.stderr).to.equal("");
    expect(first.code).to.equal(0);
    expect(await anvil.provider.getBalance(deployer.address)).to.equal(0n);
    expect(manifest.chainId).to.equal(CHAIN_ID);
    expect(manifest.deploymentId).to.equal(`udi-ledger-${CHAIN_ID}`);
    expect(Object.keys(manifest.contracts)).to.deep.equal([...CONTRACT_NAMES]);
    for (const name of CONTRACT_NAMES) {
      const { address, blockNumber } = manifest.contracts[name];
      expect(await anvil.provider.getCode(address, blockNumber), `${name} at its block`).to.not.equal("0x");
      expect(await anvil.provider.getCode(address, blockNumber - 1), `${name} before its block`).to.equal("0x");
    }
  });

  it("bootstraps the organisations, accounts, roles and prefix of the config and begins the admin transfer", async () => {
    const directory = ConsortiumDirectory__factory.connect(
      manifest.contracts.ConsortiumDirectory.address,
      anvil.provider,
    );
    for (const org of EXPECTED) {
      const record = await directory.organisation(BigInt(org.gln));
      expect([record.status, record.roles], org.gln).to.deep.equal([1n, BigInt(org.roles)]);
      expect(await directory.accountsOf(BigInt(org.gln))).to.deep.equal(org.accounts.map((i) => devAccount(i).address));
    }
    expect(await directory.companyPrefixOwner(gtin("0061414100012"))).to.deep.equal([BigInt(E2E.manufacturer), 7n]);
    expect(await directory.defaultAdmin()).to.equal(deployer.address);
    expect((await directory.pendingDefaultAdmin())[0]).to.equal(devAccount(9).address);
  });

  it("passes udi verify against the manifest and the config, through the Hardhat CLI", async () => {
    const manifestFile = path.join(manifestDir, "consortium.json");
    const verified = await runHardhat(
      ["--network", "consortium", "udi", "verify", "--manifest", manifestFile, "--consortium", consortium],
      env,
    );
    expect([verified.code, verified.stderr]).to.deep.equal([0, ""]);
    const lines = verified.stdout.trimEnd().split("\n");
    expect(lines[0]).to.equal(`deployment udi-ledger-${CHAIN_ID} on chain ${CHAIN_ID}`);
    expect(lines).to.include("DeviceRegistry is wired to the lifecycle, recall and anchor modules");
    expect(lines.at(-1)).to.equal("the chain holds all 4 organisations of the config");
  });

  it("runs commission, ship, receive and recall through the TypeChain bindings", async () => {
    const [maker, distributor] = [devAccount(1, anvil.provider), devAccount(2, anvil.provider)];
    const products = ProductRegistry__factory.connect(manifest.contracts.ProductRegistry.address, maker);
    const devices = DeviceRegistry__factory.connect(manifest.contracts.DeviceRegistry.address, maker);
    const recalls = RecallRegistry__factory.connect(manifest.contracts.RecallRegistry.address, maker);
    const product = gtin("0061414100029");
    const serial = "E2E-0001";
    const deviceId = deviceIdOf(product, serial);

    await (await products.registerProduct(product, id("ifu"), true, false)).wait();
    const now = (await anvil.provider.getBlock("latest"))!.timestamp;
    await (await devices.registerLot(product, "LOT-E2E", now - DAY, now + 365 * DAY)).wait();
    const lotKey = await devices.lotKeyOf(product, "LOT-E2E");
    await (await devices.commission(lotKey, serial)).wait();
    const shipped = await (await devices.ship(BigInt(E2E.distributor), [deviceId], [], id("asn-e2e"), true)).wait();
    const dispatched = shipped!.logs
      .map((log) => devices.interface.parseLog(log))
      .find((e) => e?.name === "ShipmentDispatched");
    const shipmentId = dispatched!.args.shipmentId as bigint;
    await (await devices.connect(distributor).receiveShipment(shipmentId, [deviceId], [])).wait();
    expect((await devices.deviceState(deviceId)).custodian).to.equal(BigInt(E2E.distributor));

    const notice = {
      gtin: product,
      recallClass: 2,
      action: 1,
      scope: 2,
      returnTo: 0n,
      noticeHash: id("fsn"),
      lotKeys: [lotKey],
      deviceIds: [],
    };
    await (await recalls.issueRecall(notice)).wait();
    const state = await devices.deviceState(deviceId);
    expect([state.custodian, state.heldBy]).to.deep.equal([BigInt(E2E.distributor), 1n]);
    await expect(devices.connect(distributor).ship(BigInt(E2E.hospital), [deviceId], [], id("asn-2"), false))
      .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceHeld")
      .withArgs(deviceId, 1n);
  });

  it("changes nothing when run a second time: no transaction, manifest untouched", async () => {
    const file = path.join(manifestDir, "consortium.json");
    const [text, mtime] = [readFileSync(file, "utf8"), statSync(file).mtimeMs];
    const nonce = await anvil.provider.getTransactionCount(deployer.address);
    const again = await runDeploy(args(manifestDir, journalDir), env);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include("ignition: journal complete, nothing to deploy");
    expect(again.stdout).to.include("bootstrap: the chain already holds the config, nothing to send");
    expect(again.stdout).to.include("nothing sent");
    expect(await anvil.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    expect([readFileSync(file, "utf8"), statSync(file).mtimeMs]).to.deep.equal([text, mtime]);
  });

  it("completes a deployment killed during Ignition and again during the bootstrap", async () => {
    const dir = tempDir("resume-manifest");
    const journal = tempDir("resume-journal");
    const killedAt = async (marker: RegExp) => {
      let seen: string | undefined;
      const run = startDeploy(args(dir, journal, "--deployment-id", "resume"), env, (line) => {
        if (seen === undefined && marker.test(line)) {
          seen = line;
          process.kill(run.child.pid!, "SIGKILL");
        }
      });
      const result = await run.done;
      await stopByPid(run.child);
      expect(seen, `${marker} never printed: ${result.stdout}${result.stderr}`).to.not.equal(undefined);
      return seen!;
    };

    const directoryLine = await killedAt(/^ignition: deployed UdiLedger#ConsortiumDirectory at /);
    expect(existsSync(path.join(dir, "consortium.json"))).to.equal(false);
    const bootstrapLine = await killedAt(/^bootstrap: sent /);
    expect(existsSync(path.join(dir, "consortium.json"))).to.equal(false);

    const last = await runDeploy(args(dir, journal, "--deployment-id", "resume"), env);
    expect(last.code, last.stderr).to.equal(0);
    expect(bootstrapLine).to.match(/^bootstrap: sent admit 0614141000012/);
    const resumed = readManifest(path.join(dir, "consortium.json"));
    expect(resumed.deploymentId).to.equal("resume");
    expect(resumed.contracts.ConsortiumDirectory.address).to.equal(directoryLine.split(" at ")[1]);
    expect(resumed.contracts.ConsortiumDirectory.address).to.not.equal(manifest.contracts.ConsortiumDirectory.address);

    const directory = ConsortiumDirectory__factory.connect(
      resumed.contracts.ConsortiumDirectory.address,
      anvil.provider,
    );
    for (const org of EXPECTED) {
      expect(await directory.accountsOf(BigInt(org.gln)), org.gln).to.have.length(org.accounts.length);
    }
    const devices = DeviceRegistry__factory.connect(resumed.contracts.DeviceRegistry.address, anvil.provider);
    const wired = await devices.queryFilter(
      devices.filters.ModulesWired(),
      resumed.contracts.DeviceRegistry.blockNumber,
    );
    expect(wired.map((e) => [...e.args.slice(0, 3)])).to.deep.equal([
      [
        resumed.contracts.DeviceLifecycle.address,
        resumed.contracts.RecallRegistry.address,
        resumed.contracts.DataAnchorRegistry.address,
      ],
    ]);
  });
});
