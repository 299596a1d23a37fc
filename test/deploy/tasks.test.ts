import { expect } from "chai";
import path from "node:path";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CONTRACT_NAMES, readManifest } from "../../src/manifest";
import { gtin } from "../fixtures";
import { configOf, deployInProcess } from "./support/in-process";
import { E2E, smallConsortium, tempDir, writeJson } from "./support/consortium";
import { expectDone, expectRefused, udi } from "./support/tasks";

/** The small consortium deployed (deployer stays admin), its manifest in a temporary folder. */
async function deployed() {
  const d = await deployInProcess(configOf({ ...smallConsortium(), admin: undefined }));
  return { ...d, manifest: d.manifestPath, signers: await ethers.getSigners() };
}

describe("admin tasks (npx hardhat udi <task>)", () => {
  const GLN = "0614149000014";

  it("admits an organisation, binds and unbinds accounts, grants and revokes roles, assigns a prefix", async () => {
    const { directory, manifest, signers } = await loadFixture(deployed);
    const [first, second] = [signers[11].address, signers[12].address];
    expectDone(await udi("admit", { manifest, gln: GLN, roles: "Manufacturer,distributor", account: first }), [
      new RegExp(`admit ${GLN} as Manufacturer, Distributor with ${first}`),
    ]);
    expectDone(await udi("add-account", { manifest, gln: GLN, account: second.toLowerCase() }), [
      new RegExp(`add account ${second} to ${GLN}`),
    ]);
    expectDone(await udi("grant-role", { manifest, gln: GLN, role: "HEALTHCARE_PROVIDER" }), [
      new RegExp(`grant HealthcareProvider to ${GLN}`),
    ]);
    expectDone(await udi("revoke-role", { manifest, gln: GLN, role: "Distributor" }), [
      new RegExp(`revoke Distributor from ${GLN}`),
    ]);
    expectDone(await udi("assign-prefix", { manifest, gln: GLN, prefix: "0614149" }), [
      new RegExp(`assign company prefix 0614149 to ${GLN}`),
    ]);
    expectDone(await udi("remove-account", { manifest, account: first }), [new RegExp(`remove account ${first}`)]);

    const record = await directory.organisation(BigInt(GLN));
    expect([record.status, record.roles]).to.deep.equal([1n, BigInt((1 << 1) | (1 << 3))]);
    expect(await directory.accountsOf(BigInt(GLN))).to.deep.equal([second]);
    expect(await directory.companyPrefixOwner(gtin("0061414900002"))).to.deep.equal([BigInt(GLN), 7n]);
  });

  it("suspends and reactivates an organisation", async () => {
    const { directory, manifest } = await loadFixture(deployed);
    expectDone(await udi("suspend", { manifest, gln: E2E.distributor }), [new RegExp(`suspend ${E2E.distributor}`)]);
    expect((await directory.organisation(BigInt(E2E.distributor))).status).to.equal(2n);
    expectDone(await udi("reactivate", { manifest, gln: E2E.distributor }), [
      new RegExp(`reactivate ${E2E.distributor}`),
    ]);
    expect((await directory.organisation(BigInt(E2E.distributor))).status).to.equal(1n);
  });

  it("pauses and unpauses all six contracts, skipping those already in that state", async () => {
    const { manifest } = await loadFixture(deployed);
    const addresses = readManifest(manifest).contracts;
    const contracts = await Promise.all(
      CONTRACT_NAMES.map((name) => ethers.getContractAt(name, addresses[name].address)),
    );
    expectDone(
      await udi("pause", { manifest }),
      CONTRACT_NAMES.map((name) => new RegExp(`pause ${name}`)),
    );
    expect(await Promise.all(contracts.map((c) => c.paused()))).to.deep.equal(Array(6).fill(true));
    const block = await ethers.provider.getBlockNumber();
    expect((await udi("pause", { manifest })).out).to.deep.equal(
      CONTRACT_NAMES.map((name) => `${name} is already paused`),
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expectDone(
      await udi("unpause", { manifest }),
      CONTRACT_NAMES.map((name) => new RegExp(`unpause ${name}`)),
    );
    expect(await Promise.all(contracts.map((c) => c.paused()))).to.deep.equal(Array(6).fill(false));
  });

  it("begins, cancels and, after the delay, accepts the two-step admin transfer", async () => {
    const { directory, manifest, signers } = await loadFixture(deployed);
    const next = signers[9].address;
    expectDone(await udi("begin-admin-transfer", { manifest, newAdmin: next }), [
      new RegExp(`begin the admin transfer to ${next} \\(delay 3600 s\\)`),
    ]);
    expectDone(await udi("cancel-admin-transfer", { manifest }), [new RegExp(`cancel the admin transfer to ${next}`)]);
    expect((await directory.pendingDefaultAdmin())[1]).to.equal(0n);
    await expectRefused(
      udi("cancel-admin-transfer", { manifest }),
      "CONFLICT",
      /^udi cancel-admin-transfer: no admin transfer is pending$/,
    );

    await udi("begin-admin-transfer", { manifest, newAdmin: next });
    await expectRefused(
      udi("accept-admin-transfer", { manifest, from: next }),
      "CONFLICT",
      new RegExp(
        `^udi accept-admin-transfer: the admin transfer to ${next} can be accepted after \\S+ \\(\\d+ s from now\\)$`,
      ),
    );
    await time.increase(3601);
    expectDone(await udi("accept-admin-transfer", { manifest, from: next }), [
      new RegExp(`accept the admin transfer to ${next}`),
    ]);
    expect(await directory.defaultAdmin()).to.equal(next);
    await expectRefused(
      udi("suspend", { manifest, gln: E2E.distributor }),
      "NOT_ADMIN",
      new RegExp(`^udi suspend: ${signers[0].address} is not the consortium admin$`),
    );
  });

  it("refuses bad arguments, calls the chain would revert and a missing manifest in one line, sending nothing", async () => {
    const { manifest, signers } = await loadFixture(deployed);
    await expectRefused(
      udi("admit", { manifest, gln: "0614149000015", roles: "Manufacturer", account: signers[11].address }),
      "USAGE",
      /^udi admit: --gln: "0614149000015" fails the GS1 check digit \(expected 0614149000014\)$/,
    );
    await expectRefused(
      udi("grant-role", { manifest, gln: GLN, role: "Wholesaler" }),
      "USAGE",
      /^udi grant-role: --role: unknown role "Wholesaler" \(expected one of Manufacturer, .*\)$/,
    );
    await expectRefused(
      udi("add-account", { manifest, gln: GLN, account: "0x12" }),
      "USAGE",
      /^udi add-account: --account: "0x12" is not an address$/,
    );
    await expectRefused(
      udi("admit", { manifest, gln: E2E.manufacturer, roles: "Manufacturer", account: signers[11].address }),
      "TRANSACTION",
      /^udi admit: admit 0614141000012 as Manufacturer with 0x[0-9a-fA-F]{40}: the chain would revert with DirectoryOrganisationExists\(gln=614141000012\); nothing sent$/,
    );
    await expectRefused(
      udi("suspend", { manifest, gln: E2E.distributor, from: signers[1].address }),
      "NOT_ADMIN",
      /is not the consortium admin$/,
    );
    const missing = path.join(tempDir("none"), "hardhat.json");
    await expectRefused(
      udi("pause", { manifest: missing }),
      "MANIFEST",
      new RegExp(
        `^udi pause: manifest \\(file\\): cannot read ${missing}: .*\\(deploy first: npm run deploy -- --network hardhat\\)$`,
      ),
    );
  });

  it("verifies a deployment against its manifest and its consortium config", async () => {
    const { manifest } = await loadFixture(deployed);
    const same = writeJson("same", { ...smallConsortium(), admin: undefined });
    const ok = await udi("verify", { manifest, consortium: same });
    expect([ok.err, ok.exitCode]).to.deep.equal([[], undefined]);
    expect(ok.out).to.include("DeviceRegistry is wired to the lifecycle, recall and anchor modules");
    expect(
      ok.out.filter((line) => / \(block \d+\): active, ledger head 0x[0-9a-f]{48} after \d+ events$/.test(line)),
    ).to.have.length(6);
    expect(ok.out.at(-1)).to.equal("the chain holds all 4 organisations of the config");

    const grown = { ...smallConsortium(), admin: undefined };
    grown.organisations.push({ gln: GLN, roles: ["Regulator"], accounts: [ethers.Wallet.createRandom().address] });
    const short = await udi("verify", { manifest, consortium: writeJson("grown", grown) });
    expect([short.error?.code, short.exitCode]).to.deep.equal(["CONFLICT", 1]);
    expect(short.err).to.deep.equal([
      `udi verify: the chain lacks 1 bootstrap step(s) of the config (first: admit ${GLN} as Regulator with ${(grown.organisations[4].accounts as string[])[0]})`,
    ]);
  });
});
