import { ethers } from "hardhat";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveHardhatNetwork } from "./hardhat-rpc";
import { indexOnce } from "./index-once";
import { freshDb, indexedHardhatScenario, type IndexedScenario, type StoreKind } from "./indexed-hardhat";

/**
 * `indexedHardhatScenario(name, kind)` for a suite parametrized over STORES that leaves the chain as it found it: the
 * first call builds the scenario, a later one indexes that same chain into its store while the chain's head is
 * unchanged. Building the scenario is most of a suite's set-up (≈ 8 s); indexing it takes under a second.
 */
export function scenarioPerStore(name: string): (kind: StoreKind) => Promise<IndexedScenario> {
  let built: { head: string; scenario: IndexedScenario } | undefined;
  const head = async () => (await ethers.provider.getBlock("latest"))!.hash!;
  return async (kind) => {
    if (built?.head !== (await head())) {
      const scenario = await indexedHardhatScenario(name, kind);
      built = { head: await head(), scenario };
      return scenario;
    }
    const dir = mkdtempSync(join(tmpdir(), `udi-${name}-`));
    const rpc = await serveHardhatNetwork();
    const dbPath = await freshDb(kind, dir, name);
    const report = await indexOnce({ rpcUrl: rpc.url, manifest: built.scenario.manifest, dbPath });
    const close = async () => {
      await rpc.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { ...built.scenario, url: rpc.url, dbPath, dir, report, close };
  };
}
