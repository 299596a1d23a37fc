import { ethers } from "hardhat";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Manifest } from "../../../src/manifest";
import { createConfig } from "../../../src/indexer/config";
import { createIndexer, type SyncReport } from "../../../src/indexer/sync/indexer";
import { consortiumFixture } from "../../fixtures";
import { testPostgres } from "../../helpers/postgres";
import { membersOf } from "./consortium";
import { manifestOf } from "./deploy";
import { serveHardhatNetwork } from "./hardhat-rpc";
import { directoryChurn, supplyChain } from "./scenario";

/** The full scenario on the Hardhat network, served over loopback HTTP and indexed into a fresh database. */
export interface IndexedScenario {
  url: string;
  manifest: Manifest;
  dbPath: string;
  dir: string;
  report: SyncReport;
  fixture: Awaited<ReturnType<typeof consortiumFixture>>;
  close(): Promise<void>;
}

/** The stores every store-dependent suite runs against (the same tests, parametrized). */
export const STORES = ["sqlite", "postgres"] as const;
export type StoreKind = (typeof STORES)[number];

/** A fresh, empty database of `kind`: a file path in `dir`, or a new database of the test PostgreSQL server. */
export async function freshDb(kind: StoreKind, dir: string, name: string): Promise<string> {
  return kind === "sqlite" ? join(dir, `${name}.sqlite`) : (await testPostgres()).database();
}

export async function indexedHardhatScenario(name: string, kind: StoreKind = "sqlite"): Promise<IndexedScenario> {
  const dir = mkdtempSync(join(tmpdir(), `udi-${name}-`));
  const fixture = await consortiumFixture();
  const members = membersOf(await ethers.getSigners());
  const manifest = await manifestOf(fixture, `hardhat-${name}`, ethers.provider);
  await directoryChurn(fixture, members);
  await supplyChain(fixture, members, fixture.lotKey, fixture.now);
  const rpc = await serveHardhatNetwork();
  const dbPath = await freshDb(kind, dir, name);
  const indexer = createIndexer(createConfig({ rpcUrl: rpc.url, manifest, dbPath }));
  const report = await indexer.run();
  indexer.store.close();
  return {
    url: rpc.url,
    manifest,
    dbPath,
    dir,
    report,
    fixture,
    close: async () => {
      await rpc.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
