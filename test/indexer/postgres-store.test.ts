import { expect } from "chai";
import { ethers } from "hardhat";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreLockedError, StoreUnavailableError } from "../../src/indexer/errors";
import { Client } from "pg";
import { consortiumFixture } from "../fixtures";
import { testPostgres, withClient } from "../helpers/postgres";
import { tcpRelay } from "../helpers/tcp-relay";
import { membersOf } from "./helpers/consortium";
import { manifestOf } from "./helpers/deploy";
import { serveHardhatNetwork } from "./helpers/hardhat-rpc";
import { directoryChurn, supplyChain } from "./helpers/scenario";
import { openAudit } from "../../src/indexer/audit";
import { connectSql, openStore } from "../../src/indexer/store/store";
import { PROJECTION_TABLES } from "../../src/indexer/store/schema";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { verifyDatabase } from "../../src/indexer/verify/verify";
import { freshDb, indexedHardhatScenario, type IndexedScenario } from "./helpers/indexed-hardhat";
import { indexOnce } from "./helpers/index-once";

/** Every row of each table, in key order, as the store at `db` returns them. */
function rows(db: string, tables: string[]): Record<string, unknown[]> {
  const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 1, readonly: true });
  try {
    return Object.fromEntries(tables.map((table) => [table, store.sql.all(`SELECT * FROM ${table} ORDER BY 1, 2`)]));
  } finally {
    store.close();
  }
}

describe("PostgreSQL store: the same index as SQLite", function () {
  let s: IndexedScenario;
  let pgDb: string;

  before(async function () {
    s = await indexedHardhatScenario("pg-parity");
    pgDb = await freshDb("postgres", s.dir, "pg");
    await indexOnce({ rpcUrl: s.url, manifest: s.manifest, dbPath: pgDb });
  });
  after(async () => s?.close());

  it("holds the same events, blocks and checkpoint", function () {
    const tables = ["events", "blocks", "checkpoint", "meta"];
    expect(rows(pgDb, tables)).to.deep.equal(rows(s.dbPath, tables));
  });

  it("holds the same projection rows, table by table", function () {
    const tables = Object.keys(PROJECTION_TABLES);
    const [stored, expected] = [rows(pgDb, tables), rows(s.dbPath, tables)];
    for (const table of tables) expect(stored[table], table).to.deep.equal(expected[table]);
  });

  it("exports byte-identical EPCIS and CSV", function () {
    const [a, b] = [openAudit(s.dbPath), openAudit(pgDb)];
    try {
      // The same document but for the moment it was made.
      const document = (audit: typeof a) => JSON.stringify({ ...audit.epcis(), creationDate: undefined });
      expect(document(b)).to.equal(document(a));
      expect([...b.csv()].join("")).to.equal([...a.csv()].join(""));
    } finally {
      a.close();
      b.close();
    }
  });

  it("gives the same verify report", async function () {
    const [a, b] = await Promise.all(
      [s.dbPath, pgDb].map((dbPath) => verifyDatabase({ rpcUrl: s.url, manifest: s.manifest, dbPath })),
    );
    expect(b.ok).to.equal(true);
    expect({ ...b, dbPath: undefined }).to.deep.equal({ ...a, dbPath: undefined });
  });
});

describe("PostgreSQL store: writers", function () {
  let dir: string;
  let rpc: { url: string; close(): Promise<void> };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "udi-pg-writers-"));
    rpc = await serveHardhatNetwork();
  });
  after(async () => {
    await rpc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a second process resumes from the checkpoint on a mirror filled from PostgreSQL, ending as one run does", async () => {
    const fixture = await consortiumFixture();
    const members = membersOf(await ethers.getSigners());
    const manifest = await manifestOf(fixture, "hardhat-pg-resume", ethers.provider);
    const pgDb = await freshDb("postgres", dir, "resume");
    await directoryChurn(fixture, members);
    const first = await indexOnce({ rpcUrl: rpc.url, manifest, dbPath: pgDb });
    await supplyChain(fixture, members, fixture.lotKey, fixture.now);
    const second = await indexOnce({ rpcUrl: rpc.url, manifest, dbPath: pgDb });
    expect(second.checkpoint.number).to.be.greaterThan(first.checkpoint.number);
    expect(second.events).to.be.greaterThan(0);
    const oracle = await freshDb("sqlite", dir, "oracle");
    await indexOnce({ rpcUrl: rpc.url, manifest, dbPath: oracle });
    const tables = ["events", "checkpoint", ...Object.keys(PROJECTION_TABLES)];
    const [stored, expected] = [rows(pgDb, tables), rows(oracle, tables)];
    for (const table of tables) expect(stored[table], table).to.deep.equal(expected[table]);
  });

  it("one writer per schema: a second store's range is refused while the first holds the lock, then goes through", async () => {
    const s = await indexedHardhatScenario("pg-lock", "postgres");
    try {
      const decoder = createEventDecoder();
      const [a, b] = [0, 1].map(() => openStore(s.dbPath, { decoder, reorgWindow: 12 }));
      try {
        const at = a.checkpoint()!;
        const empty = { logs: [], blocks: [], checkpoint: at };
        a.applyRange(empty); // a takes the writer lock
        expect(() => b.applyRange(empty)).to.throw(StoreLockedError, /indexed by another process/);
        expect(() => b.acquireWriter()).to.throw(StoreLockedError); // what an indexer asks before fetching
        const refused = await indexOnce({ rpcUrl: s.url, manifest: s.manifest, dbPath: s.dbPath }).then(
          () => null,
          (error: unknown) => error,
        );
        expect(refused).to.be.instanceOf(StoreLockedError);
        expect(b.checkpoint()).to.deep.equal(at); // nothing written
        a.close();
        b.applyRange(empty); // the lock died with a's session
        expect(b.checkpoint()).to.deep.equal(at);
      } finally {
        b.close();
        a.close();
      }
    } finally {
      await s.close();
    }
  });
});

describe("PostgreSQL store: text order", function () {
  it("sorts text byte by byte as SQLite does, on a server whose default collation is en-US", async function () {
    const server = await testPostgres();
    const name = `udi_test_icu_${randomBytes(4).toString("hex")}`;
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query(
        `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const store = openStore(url.toString(), { decoder: createEventDecoder(), reorgWindow: 1 });
    try {
      const keys = ["sn-2", "SN1", "abc", "ABD", "SN-10"];
      for (const key of keys) store.setMeta(key, "x");
      const stored = store.sql.all<{ key: string }>("SELECT key FROM meta WHERE value = 'x' ORDER BY key");
      // en-US would give abc ABD SN-10 sn-2 SN1
      expect(stored.map((r) => r.key)).to.deep.equal(["ABD", "SN-10", "SN1", "abc", "sn-2"]);
    } finally {
      store.close();
    }
  });
});

describe("PostgreSQL store: a read whose connection dies", function () {
  it("rejects with StoreUnavailableError, and the process goes on (the dead connection's 'error' is not thrown)", async function () {
    const server = await testPostgres();
    const url = new URL(await server.database());
    const relay = await tcpRelay(Number(url.port));
    url.port = String(relay.port);
    const sql = connectSql(url.toString());
    try {
      const outcome = sql.rowsAsync("SELECT pg_sleep(30)").then(
        () => "answered",
        (error: unknown) => error,
      );
      const running = async () =>
        withClient(server.url, async (admin) => {
          for (let i = 0; i < 200; i++) {
            const { rowCount } = await admin.query(
              "SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'",
            );
            if (rowCount) return true;
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
          return false;
        });
      expect(await running()).to.equal(true);
      // The connection is reset under the read, with no word from the server: a partition, a failover, a crash.
      await relay.cut();
      const error = await outcome;
      expect(error).to.be.instanceOf(StoreUnavailableError);
      expect((error as Error).message).to.not.include(url.password); // the URL is redacted
      await relay.restore();
      expect((await sql.rowsAsync("SELECT 1 AS one")).rows).to.deep.equal([[1]]);
    } finally {
      sql.close();
      relay.close();
    }
  });
});
