import { ethers } from "hardhat";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HDNodeWallet } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Manifest } from "../../src/manifest";
import { consortiumFixture, deviceIdOf, GLN } from "../fixtures";
import { manifestOf } from "../indexer/helpers/deploy";
import { serveHardhatNetwork } from "../indexer/helpers/hardhat-rpc";

/** Hardhat's default accounts come from this mnemonic; the fixture's gateway is account 8, the outsider 9. */
export const keyOf = (index: number) =>
  HDNodeWallet.fromPhrase(
    "test test test test test test test test test test test junk",
    undefined,
    `m/44'/60'/0'/0/${index}`,
  ).privateKey;

/** Runs `udi-ledger <args>` in-process as the bin does, with `env` set. */
export { cliAsBin as cli } from "../cli/in-process";

/** The consortium with one shipment in transit (manufacturer → distributor), its manifest and a temp dir. */
export async function shipmentFixture() {
  const f = await consortiumFixture();
  const m = f.devices.connect(f.manufacturer);
  await m.commissionBatch(f.lotKey, ["REC-1", "REC-2"]);
  const { gtin } = await f.devices.lot(f.lotKey);
  const ids = ["REC-1", "REC-2"].map((serial) => deviceIdOf(gtin, serial));
  const shipmentId = await m.ship.staticCall(GLN.distributor, ids, [], ethers.ZeroHash, false);
  await m.ship(GLN.distributor, ids, [], ethers.ZeroHash, false);
  const manifest: Manifest = await manifestOf(f, "hardhat-records", ethers.provider);
  return { f, shipmentId, manifest };
}

/** Fifteen-minute telemetry of a day, with a 75-minute stretch at 9-10 °C from reading 40 on. */
export const telemetry = (start: number) =>
  Array.from({ length: 96 }, (_, i) => ({
    time: new Date((start + i * 900) * 1000).toISOString(),
    sensor: "TL-42",
    temperature: i >= 40 && i < 45 ? 9 + (i % 2) : 5 + Math.round(Math.sin(i / 8) * 150) / 100,
  }));

/** For one describe block: the in-process Hardhat network served over loopback HTTP (for the CLI), and a temp dir. */
export function servedChain(prefix: string): { readonly url: string; readonly dir: string } {
  const served = { url: "", dir: "" };
  let close: (() => Promise<void>) | undefined;
  before(async () => {
    const rpc = await serveHardhatNetwork();
    [served.url, close] = [rpc.url, rpc.close];
    served.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(async () => {
    await close?.();
    rmSync(served.dir, { recursive: true, force: true });
  });
  return served;
}

/** Records as a JSON Lines file's text. */
export const jsonLines = (records: readonly object[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

/**
 * The shipment fixture with its manifest and the readings `text` written to `served.dir` under the given file names,
 * and the arguments the CLI calls take: `common` (node and deployment), `anchor` (`records anchor` of that input to
 * the shipment, into `files.out`).
 */
export async function anchorCase(
  served: { readonly url: string; readonly dir: string },
  files: { manifest: string; input: string; out: string },
  text: string,
) {
  const fixture = await loadFixture(shipmentFixture);
  const deployment = join(served.dir, files.manifest);
  writeFileSync(deployment, JSON.stringify(fixture.manifest));
  const input = join(served.dir, files.input);
  writeFileSync(input, text);
  const out = join(served.dir, files.out);
  const common = ["--rpc", served.url, "--deployment", deployment];
  const anchor = [
    "records",
    "anchor",
    ...common,
    "--in",
    input,
    "--target",
    `shipment:${fixture.shipmentId}`,
    "--out",
    out,
  ];
  return { ...fixture, input, out, common, anchor };
}
