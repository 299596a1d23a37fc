import { expect } from "chai";
import path from "node:path";
import { Wallet } from "ethers";
import { readManifest, type Manifest } from "../../src/manifest";
import { ConsortiumDirectory__factory, ConsortiumTimelock__factory } from "../../src/contracts";
import { startAnvil, type Anvil } from "./support/anvil";
import { devAccount, tempDir, writeJson } from "./support/consortium";
import { FOUNDERS, NEWCOMER } from "./support/governed";
import { runDeploy, runHardhat } from "./support/processes";

const CHAIN_ID = 4343;

describe("--governance end to end on anvil (paris, zero gas): deploy, then admit an organisation by vote through the tasks", function () {
  this.timeout(600_000);

  let anvil: Anvil;
  let manifest: Manifest;
  let manifestFile: string;
  const deployer = Wallet.createRandom();
  /** `npx hardhat udi <task>` on the consortium network, signing with anvil's account `signer` (no ether needed). */
  const task = (signer: number, ...args: string[]) =>
    runHardhat(["--network", "consortium", "udi", ...args, "--manifest", manifestFile], {
      CONSORTIUM_RPC_URL: anvil.url,
      CONSORTIUM_CHAIN_ID: String(CHAIN_ID),
      CONSORTIUM_PRIVATE_KEY: devAccount(signer).privateKey,
    });

  before(async () => {
    anvil = await startAnvil({ chainId: CHAIN_ID, freeGas: true });
    const consortium = writeJson("governed", {
      organisations: FOUNDERS.slice(0, 4).map((f, i) => ({
        gln: f.gln,
        roles: [...f.roles],
        accounts: [devAccount(i + 1).address],
        ...("prefix" in f ? { companyPrefixes: [f.prefix] } : {}),
      })),
      governance: { votingDelayBlocks: 1, votingPeriodBlocks: 5, quorumPercent: 50, timelockDelaySeconds: 3600 },
    });
    const manifestDir = tempDir("manifest");
    const deployed = await runDeploy(
      [
        "--network",
        "consortium",
        "--consortium",
        consortium,
        "--governance",
        "--manifest-dir",
        manifestDir,
        "--journal-dir",
        tempDir("journal"),
        "--no-compile",
      ],
      {
        CONSORTIUM_RPC_URL: anvil.url,
        CONSORTIUM_CHAIN_ID: String(CHAIN_ID),
        CONSORTIUM_PRIVATE_KEY: deployer.privateKey,
      },
    );
    expect([deployed.code, deployed.stderr]).to.deep.equal([0, ""]);
    manifestFile = path.join(manifestDir, "consortium.json");
    manifest = readManifest(manifestFile);
  });

  after(async () => {
    await anvil?.stop();
  });

  it("hands the admin to the timelock with a key that holds no ether, and the deployer keeps no role", async () => {
    expect(await anvil.provider.getBalance(deployer.address)).to.equal(0n);
    const directory = ConsortiumDirectory__factory.connect(
      manifest.contracts.ConsortiumDirectory.address,
      anvil.provider,
    );
    const timelock = ConsortiumTimelock__factory.connect(
      manifest.contracts.ConsortiumTimelock!.address,
      anvil.provider,
    );
    expect(await directory.defaultAdmin()).to.equal(manifest.contracts.ConsortiumTimelock!.address);
    expect(await directory.isAdmin(deployer.address)).to.be.false;
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).to.be.false;
  });

  it("admits an organisation by proposal, two of four votes, queue and execute after the delay", async () => {
    const account = devAccount(9).address;
    const proposed = await task(
      1,
      "propose",
      "admit",
      "--gln",
      NEWCOMER,
      "--roles",
      "Distributor",
      "--account",
      account,
    );
    expect([proposed.code, proposed.stderr]).to.deep.equal([0, ""]);
    const proposalId = /^proposal (\d+): 1 call\(s\)/m.exec(proposed.stdout)![1];
    await anvil.provider.send("anvil_mine", ["0x1"]);
    for (const signer of [2, 3]) {
      const voted = await task(
        signer,
        "vote",
        "--proposal",
        proposalId,
        "--support",
        "For",
        "--reason",
        `member ${signer}`,
      );
      expect([voted.code, voted.stderr]).to.deep.equal([0, ""]);
    }
    await anvil.provider.send("anvil_mine", ["0x6"]);
    const listed = await task(4, "proposals", "--proposal", proposalId);
    expect(listed.stdout).to.match(
      new RegExp(`^proposal ${proposalId}: Succeeded; for 2, against 0, abstain 0 \\(quorum 2\\)`),
    );
    expect((await task(4, "queue", "--proposal", proposalId)).code).to.equal(0);
    const early = await task(4, "execute", "--proposal", proposalId);
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(
      /^udi execute: execute proposal \d+: the chain would revert with TimelockUnexpectedOperationState/,
    );
    await anvil.provider.send("evm_increaseTime", [3601]);
    await anvil.provider.send("evm_mine", []);
    const executed = await task(4, "execute", "--proposal", proposalId);
    expect([executed.code, executed.stderr]).to.deep.equal([0, ""]);
    const directory = ConsortiumDirectory__factory.connect(
      manifest.contracts.ConsortiumDirectory.address,
      anvil.provider,
    );
    expect(await directory.organisationOf(account)).to.equal(BigInt(NEWCOMER));
    const again = await task(4, "execute", "--proposal", proposalId);
    expect(again.stderr).to.match(/GovernorUnexpectedProposalState\(proposalId=\d+, current="Executed"/);
  });
});
