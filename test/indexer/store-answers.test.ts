import { expect } from "chai";
import { isDeepStrictEqual } from "node:util";
import { openAudit, type Audit } from "../../src/indexer/audit";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { InvalidArgumentError } from "../../src/indexer/errors";
import { createDeviceChecks, deviceFacts } from "../../src/indexer/queries/device-check";
import { openStore } from "../../src/indexer/store/store";
import type { IndexedScenario } from "./helpers/indexed-hardhat";
import { readDb } from "./helpers/read-db";
import { scenarioPerStore } from "./helpers/scenario-per-store";

const scenario = scenarioPerStore("answers");

/** An answer, or the message of the error it gave: every query is compared, even after one failed. */
function answer(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What the index holds keys of: every device, organisation, lot, shipment and recall. */
interface Keys {
  devices: string[];
  organisations: string[];
  lots: { gtin: string; lot_number: string }[];
  shipments: string[];
  recalls: number[];
}

/**
 * Every answer the audit API gives about every key of the index, by query and key, read from one store. The EPCIS
 * candidates are asked as the service pages them: one device's, newest first, one event type, one position.
 */
function everyAnswer(audit: Audit, keys: Keys): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    asOf: audit.asOf,
    organisations: audit.organisations(),
    epcs: audit.epcs(0, 1_000),
    recalls: audit.recalls(),
    newestEvents: audit.epcisEvents({ descending: true, limit: 25 }),
    commissionings: audit.epcisEvents({ names: ["DevicesCommissioned"], after: 0, limit: 10 }),
  };
  for (const device of keys.devices) {
    answers[`trail ${device}`] = answer(() => audit.trail(device));
    answers[`device ${device}`] = answer(() => audit.device(device));
    answers[`epcis events ${device}`] = answer(() => audit.epcisEvents({ deviceId: device, limit: 100 }));
  }
  for (const gln of keys.organisations) {
    answers[`inventory ${gln}`] = answer(() => audit.inventory(gln));
    answers[`shipments of ${gln}`] = answer(() => audit.organisationShipments(gln));
    answers[`alerts of ${gln}`] = answer(() => audit.organisationAlerts(gln));
    answers[`organisation ${gln}`] = answer(() => audit.organisation(gln));
  }
  for (const lot of keys.lots)
    answers[`lot ${lot.gtin}/${lot.lot_number}`] = answer(() => audit.lot(lot.gtin, lot.lot_number));
  for (const id of keys.shipments) answers[`shipment ${id}`] = answer(() => audit.shipment(id));
  for (const id of keys.recalls) {
    answers[`recall impact ${id}`] = answer(() => audit.recallImpact(String(id)));
    answers[`recall consignees ${id}`] = answer(() => audit.recallConsignees(id));
  }
  return answers;
}

describe("SQLite and PostgreSQL give the same answers", function () {
  const stores: Partial<Record<"sqlite" | "postgres", IndexedScenario>> = {};
  let keys: Keys;

  before(async function () {
    // The same chain in both (scenarioPerStore), so every answer, block hashes included, must be equal.
    stores.sqlite = await scenario("sqlite");
    stores.postgres = await scenario("postgres");
    keys = readDb(stores.sqlite.dbPath, (sql) => ({
      devices: sql.all<{ k: string }>("SELECT device_id AS k FROM devices ORDER BY 1").map((r) => r.k),
      organisations: sql.all<{ k: string }>("SELECT gln AS k FROM organisations ORDER BY 1").map((r) => r.k),
      lots: sql.all<{ gtin: string; lot_number: string }>("SELECT gtin, lot_number FROM lots ORDER BY lot_key"),
      shipments: sql.all<{ k: number }>("SELECT shipment_id AS k FROM shipments ORDER BY 1").map((r) => String(r.k)),
      recalls: sql.all<{ k: number }>("SELECT recall_id AS k FROM recalls ORDER BY 1").map((r) => r.k),
    }));
  });
  after(async () => {
    await stores.sqlite?.close();
    await stores.postgres?.close();
  });

  /** Runs `fn` on the audit API of a scenario's database. */
  function audit<T>(s: IndexedScenario, fn: (audit: Audit) => T): T {
    const opened = openAudit(s.dbPath);
    try {
      return fn(opened);
    } finally {
      opened.close();
    }
  }

  it("indexes a scenario with something of each kind to ask about", function () {
    expect(keys.devices).to.have.length.greaterThan(10);
    expect(keys.organisations).to.have.length.greaterThan(4);
    expect(keys.lots).to.have.length.greaterThan(2);
    expect(keys.shipments).to.have.length.greaterThan(4);
    expect(keys.recalls).to.have.length(3);
  });

  it("answers every trail, device check, inventory, organisation, lot, shipment and recall query identically", function () {
    const sqlite = audit(stores.sqlite!, (a) => everyAnswer(a, keys));
    const postgres = audit(stores.postgres!, (a) => everyAnswer(a, keys));
    const failed = Object.keys(sqlite).filter(
      (query) => (sqlite[query] as { error?: string } | undefined)?.error !== undefined,
    );
    expect(failed, "queries SQLite failed").to.deep.equal([]);
    expect(Object.keys(postgres)).to.deep.equal(Object.keys(sqlite));
    const differing = Object.keys(sqlite).filter((query) => !isDeepStrictEqual(postgres[query], sqlite[query]));
    const first = differing[0];
    expect(differing, first && `${first}: ${JSON.stringify(postgres[first])}`).to.deep.equal([]);
  });

  it("answers device checks asked together (read in batches of one statement) as when asked one by one", async function () {
    for (const kind of ["sqlite", "postgres"] as const) {
      const store = openStore(stores[kind]!.dbPath, { decoder: createEventDecoder(), reorgWindow: 1, readonly: true });
      try {
        const statements: string[] = [];
        const checks = createDeviceChecks({
          ...store.sql,
          rowsAsync: (text, ...params) => (statements.push(text), store.sql.rowsAsync(text, ...params)),
        });
        // every device, 100 ids the index does not hold (more than one statement takes), two devices asked twice
        const unknown = Array.from({ length: 100 }, (_, i) => `0x${i.toString(16).padStart(64, "f")}`);
        const refs = [...keys.devices, ...unknown, keys.devices[0], keys.devices[1]];
        const together = await Promise.all([...refs.map(checks), checks("(01)123").catch((e: Error) => e)]);
        const alone = refs.map((ref) => deviceFacts(store.sql, ref));
        expect(together.slice(0, -1), kind).to.deep.equal(alone);
        expect(alone.at(-3)).to.include({ deviceId: unknown.at(-1), known: false });
        // a UDI the parser refuses fails alone, as InvalidArgumentError, before anything is read
        expect(together.at(-1)).to.be.instanceOf(InvalidArgumentError);
        // the first check was read alone while the others waited, then they went together, at most 64 ids a statement
        expect(statements.length, kind).to.be.within(1 + Math.ceil((keys.devices.length + 99) / 64), refs.length / 8);
      } finally {
        store.close();
      }
    }
  });

  it("fails every check of a batch whose read failed, with the read's error, and reads the next ones", async function () {
    const store = openStore(stores.sqlite!.dbPath, { decoder: createEventDecoder(), reorgWindow: 1, readonly: true });
    try {
      let failures = 2; // the first check's statement, then the batch of the others
      const lost = new Error("the database is unavailable");
      const checks = createDeviceChecks({
        ...store.sql,
        rowsAsync: (text, ...params) => (failures-- > 0 ? Promise.reject(lost) : store.sql.rowsAsync(text, ...params)),
      });
      const refs = keys.devices.slice(0, 5);
      const outcomes = await Promise.all(refs.map((ref) => checks(ref).catch((error: unknown) => error)));
      expect(outcomes).to.deep.equal(refs.map(() => lost));
      expect(await Promise.all(refs.map(checks))).to.deep.equal(refs.map((ref) => deviceFacts(store.sql, ref)));
    } finally {
      store.close();
    }
  });
});
