import { expect } from "chai";
import { openAudit } from "../../src/indexer/audit";
import { openStore } from "../../src/indexer/store/store";
import { PROJECTION_TABLES } from "../../src/indexer/store/schema";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { verifyDatabase } from "../../src/indexer/verify/verify";
import { freshDb, indexedHardhatScenario, type IndexedScenario } from "./helpers/indexed-hardhat";
import { indexOnce } from "./helpers/index-once";

/** Every row of a table, in key order, as the store returns them. */
function rows(db: string, table: string): unknown[] {
  const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 1, readonly: true });
  try {
    return store.sql.all(`SELECT * FROM ${table} ORDER BY 1, 2`);
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
    for (const table of ["events", "checkpoint", "meta"])
      expect(rows(pgDb, table), table).to.deep.equal(rows(s.dbPath, table));
  });

  it("holds the same projection rows, table by table", function () {
    for (const table of Object.keys(PROJECTION_TABLES))
      expect(rows(pgDb, table), table).to.deep.equal(rows(s.dbPath, table));
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
