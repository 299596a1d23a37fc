import { expect } from "chai";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliAsBin } from "./in-process";
import { GLN, GTIN, LOT } from "../fixtures";
import { testPostgres, withClient, type TestPostgres } from "../helpers/postgres";
import { freePort } from "../indexer/helpers/net";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { ids, RECALLS, SHIPMENTS } from "../indexer/helpers/scenario";

const ROOT = join(__dirname, "..", "..");
const INJECTION = 'x"; DROP TABLE events; --';

type Run = { code: number | null; output: string };

/**
 * Runs `udi-ledger <args>` as a child process from the TypeScript sources (its exit code is the process's own), with
 * `env` over an environment cleared of PG* variables and UDI_DB, so only what a test sets reaches node-postgres.
 */
function udi(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("PG") && key !== "UDI_DB"),
  );
  const entry = "require('./src/cli/main').run(['node', 'udi-ledger', ...process.argv.slice(1)])";
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", entry, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...base, ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

/** Every table of the database at `url` outside the catalogues, with its rows (so any write shows). */
const contents = (url: string) =>
  withClient(url, async (client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const found: Record<string, unknown[]> = {};
    for (const { name } of tables.rows) found[name] = (await client.query(`SELECT * FROM ${name} ORDER BY 1`)).rows;
    return found;
  });

const databaseExists = (server: string, name: string) =>
  withClient(server, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount);

/** `url` with its password replaced by `password` (or removed when undefined). */
function withPassword(url: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.password = password ?? "";
  return parsed.toString();
}

/** A refusal: non-zero exit, the expected message, and no trace of `secret`. */
function expectRefused(run: Run, message: RegExp, secret: string): void {
  expect(run.code, run.output).to.not.equal(0);
  expect(run.output).to.match(message);
  expect(run.output).to.not.contain(secret);
}

describe("udi-ledger on PostgreSQL: --db URL, --schema, UDI_DB, db migrate", function () {
  this.timeout(300_000);
  let pg: TestPostgres;
  const secret = `secret-${randomBytes(6).toString("hex")}`;

  before(async function () {
    pg = await testPostgres();
  });

  describe("db migrate", function () {
    it("creates the schema and tables, prints the schema version, and needs no chain", async function () {
      const db = await pg.database();
      const run = await udi(["db", "migrate", "--db", db, "--schema", "Tenant_1"]);
      expect(run.code, run.output).to.equal(0);
      expect(run.output).to.match(/\(schema tenant_1\): schema version \d+\n$/);
      const tables = Object.keys(await contents(db));
      expect(tables).to.include.members(["tenant_1.events", "tenant_1.meta", "tenant_1.checkpoint"]);
      expect(tables.filter((t) => !t.startsWith("tenant_1."))).to.deep.equal([]);
    });

    it("takes the database from UDI_DB when --db is absent, and names --db when both are", async function () {
      const db = await pg.database();
      expect((await udi(["db", "migrate"], { UDI_DB: db })).code).to.equal(0);
      expect(Object.keys(await contents(db))).to.include("public.events");
      const none = await udi(["db", "migrate"]);
      expect(none.code).to.not.equal(0);
      expect(none.output).to.match(/required option '--db <file-or-url>' not specified, and \$UDI_DB is not set/);
    });

    it("takes the password from PGPASSWORD when the URL has none", async function () {
      const password = new URL(pg.url).password;
      if (!password) this.skip(); // UDI_TEST_PG_URL names a server without password authentication
      const db = withPassword(await pg.database(), undefined);
      const wrong = await udi(["db", "migrate", "--db", db], { PGPASSWORD: secret });
      expectRefused(wrong, /password authentication failed/, secret);
      const run = await udi(["db", "migrate", "--db", db], { PGPASSWORD: password });
      expect(run.code, run.output).to.equal(0);
      expect(run.output).to.not.contain(password);
    });

    it("takes the SSL mode from PGSSLMODE and from sslmode= in the URL", async function () {
      const db = await pg.database();
      const ssl = await withClient(db, async (c) => (await c.query("SHOW ssl")).rows[0].ssl);
      if (ssl !== "off") this.skip(); // the refusal below shows the mode reached node-postgres only without SSL
      const noSsl = /The server does not support SSL connections/;
      expectRefused(await udi(["db", "migrate", "--db", db], { PGSSLMODE: "require" }), noSsl, secret);
      expectRefused(await udi(["db", "migrate", "--db", `${db}?sslmode=require`]), noSsl, secret);
      expect((await udi(["db", "migrate", "--db", `${db}?sslmode=disable`], { PGSSLMODE: "require" })).code).to.equal(
        0,
      );
    });

    it("refuses --schema with an SQLite file, naming --schema, and creates no file", async function () {
      const file = join(ROOT, "out", `no-${randomBytes(4).toString("hex")}.sqlite`);
      const run = await udi(["db", "migrate", "--db", file, "--schema", "a"]);
      expectRefused(run, /--schema "a": names a PostgreSQL schema, and --db ".*" is an SQLite file/, secret);
      expect(existsSync(file)).to.equal(false);
    });
  });

  describe("bad input: a clear error naming the problem, the password redacted, a non-zero exit, nothing written", function () {
    for (const url of [`postgres://a:${"SECRET"}@/x`, `postgres://a:${"SECRET"}@host:notaport/x`])
      it(`a malformed URL (${url.replace("SECRET", "…")})`, async function () {
        const run = await udi(["db", "migrate", "--db", url.replace("SECRET", secret)]);
        expectRefused(run, /--db "postgres:\/\/a:\*\*\*@.*": is not a valid PostgreSQL URL/, secret);
      });

    it("an unreachable host", async function () {
      const db = `postgres://a:${secret}@127.0.0.1:${await freePort()}/x`;
      const run = await udi(["db", "migrate", "--db", db]);
      expectRefused(
        run,
        /database postgres:\/\/a:\*\*\*@127\.0\.0\.1:\d+\/x unavailable: connect ECONNREFUSED/,
        secret,
      );
    });

    it("a wrong password", async function () {
      if (!new URL(pg.url).password) this.skip(); // a server without password authentication takes any
      const db = await pg.database();
      const before = await contents(db);
      const run = await udi(["db", "migrate", "--db", withPassword(db, secret), "--schema", "created"]);
      expectRefused(run, /database postgres:\/\/postgres:\*\*\*@.*: password authentication failed/, secret);
      expect(await contents(db)).to.deep.equal(before);
      const schemas = await withClient(db, (c) => c.query("SELECT 1 FROM pg_namespace WHERE nspname = 'created'"));
      expect(schemas.rowCount).to.equal(0);
    });

    it("a missing database", async function () {
      const name = `udi_missing_${randomBytes(4).toString("hex")}`;
      const db = new URL(pg.url);
      db.pathname = `/${name}`;
      const password = db.password;
      const run = await udi(["db", "migrate", "--db", db.toString()]);
      expectRefused(run, new RegExp(`database "${name}" does not exist`), password || secret);
      expect(await databaseExists(pg.url, name)).to.equal(0);
    });

    it("a database of a newer schema version", async function () {
      const db = await pg.database();
      expect((await udi(["db", "migrate", "--db", db])).code).to.equal(0);
      await withClient(db, (c) => c.query("UPDATE meta SET value = '99' WHERE key = 'schemaVersion'"));
      const before = await contents(db);
      for (const args of [
        ["db", "migrate"],
        ["trail", ids[0]],
      ]) {
        const run = await udi([...args, "--db", db]);
        expectRefused(run, /has schema version 99, written by a newer udi-ledger/, new URL(db).password || secret);
      }
      expect(await contents(db)).to.deep.equal(before);
    });

    it("a --schema built to inject SQL, as an option or in the URL", async function () {
      const db = await pg.database();
      expect((await udi(["db", "migrate", "--db", db])).code).to.equal(0);
      const before = await contents(db);
      const inUrl = `${db}?schema=${encodeURIComponent(INJECTION)}`;
      for (const args of [
        ["db", "migrate", "--db", db, "--schema", INJECTION],
        ["trail", ids[0], "--db", inUrl],
      ]) {
        const run = await udi(args);
        expectRefused(
          run,
          /--schema "x"; DROP TABLE events; --": is not a schema name/,
          new URL(db).password || secret,
        );
      }
      expect(await contents(db)).to.deep.equal(before);
    });
  });

  describe("index and the queries through the CLI", function () {
    let s: IndexedScenario;
    let manifestPath: string;
    let sqlite: string;
    let db: string;

    before(async function () {
      s = await indexedHardhatScenario("cli-pg");
      manifestPath = join(s.dir, "manifest.json");
      writeFileSync(manifestPath, JSON.stringify(s.manifest));
      sqlite = join(s.dir, "cli.sqlite");
      db = await pg.database();
    });
    after(async () => s?.close());

    /** `udi-ledger <args>` in-process, as the bin runs it; fails the test on a non-zero exit. */
    const ok = async (env: Record<string, string>, ...args: string[]) => {
      const run = await cliAsBin(env, ...args);
      expect(run.exitCode, run.stderr).to.equal(0);
      return run.stdout;
    };

    it("answers every query, both exports, verify and rebuild as on SQLite", async function () {
      const index = ["index", "--rpc", s.url, "--deployment", manifestPath];
      const [onSqlite, onPg] = [
        await ok({}, ...index, "--db", sqlite),
        await ok({}, ...index, "--db", db, "--schema", "a"),
      ];
      expect(onPg.replace(/ in \d+ ranges.*/, "")).to.equal(onSqlite.replace(/ in \d+ ranges.*/, ""));
      const queries = [
        ["trail", ids[3]],
        ["inventory", GLN.distributor.toString()],
        ["organisation", GLN.distributor.toString()],
        ["recall-impact", String(RECALLS.lot)],
        ["lot", GTIN.toString(), LOT],
        ["shipment", String(SHIPMENTS.quarantined)],
      ];
      const answers = async (...location: string[]): Promise<Record<string, string>> => {
        const [epcis, csv] = [".jsonld", ".csv"].map((ext) => join(s.dir, `${location.length}${ext}`));
        await ok({}, "export", "epcis", ...location, "--out", epcis);
        await ok({}, "export", "csv", ...location, "--out", csv);
        const answered: Record<string, string> = {};
        for (const query of queries) {
          answered[query[0]] = await ok({}, ...query, ...location, "--json");
          answered[`${query[0]} text`] = await ok({}, ...query, ...location);
        }
        return {
          ...answered,
          // The same document but for the moment it was made.
          epcis: readFileSync(epcis, "utf8").replace(/"creationDate": "[^"]+"/, ""),
          csv: readFileSync(csv, "utf8"),
          verify: await ok({}, "verify", "--rpc", s.url, "--deployment", manifestPath, ...location),
          rebuild: await ok({}, "rebuild", ...location),
        };
      };
      const [expected, found] = [await answers("--db", sqlite), await answers("--db", db, "--schema", "a")];
      expect(JSON.parse(found.trail).events).to.have.length.above(0);
      expect(found.verify).to.match(/: OK\n/);
      expect(found).to.deep.equal(expected);
    });

    it("keeps two deployments apart in one database with --schema a and --schema b", async function () {
      // Schema b indexes the same chain three blocks short of schema a's head, through UDI_DB.
      const index = ["index", "--rpc", s.url, "--deployment", manifestPath, "--confirmations", "3", "--schema", "b"];
      await ok({ UDI_DB: db }, ...index);
      const events = await withClient(db, async (c) => {
        const count = async (schema: string) =>
          Number((await c.query(`SELECT count(*) FROM ${schema}.events`)).rows[0].count);
        return { a: await count("a"), b: await count("b") };
      });
      expect(events.a).to.equal(s.report.events);
      expect(events.b).to.be.above(0).and.below(events.a);
      expect(Object.keys(await contents(db)).filter((table) => !/^[ab]\./.test(table))).to.deep.equal([]);
      const checkpoint = async (schema: string) =>
        JSON.parse(await ok({}, "inventory", GLN.distributor.toString(), "--db", db, "--schema", schema, "--json"))
          .asOf;
      expect((await checkpoint("a")).number - (await checkpoint("b")).number).to.equal(3);
    });

    describe("names the database with its password redacted", function () {
      let password: string;
      before(function () {
        password = new URL(db).password;
        if (!password) this.skip(); // UDI_TEST_PG_URL names a server without password authentication
      });

      it("when index is given another deployment's schema", async function () {
        const other = join(s.dir, "other-manifest.json");
        writeFileSync(other, JSON.stringify({ ...s.manifest, deploymentId: `${s.manifest.deploymentId}-other` }));
        const run = await cliAsBin({}, "index", "--rpc", s.url, "--deployment", other, "--db", db, "--schema", "a");
        expectRefused({ code: run.exitCode, output: run.stdout + run.stderr }, /indexes another deployment/, password);
      });

      it("when verify is given a schema that holds no index", async function () {
        const run = await cliAsBin(
          {},
          "verify",
          "--rpc",
          s.url,
          "--deployment",
          manifestPath,
          "--db",
          db,
          "--schema",
          "c",
        );
        expectRefused({ code: run.exitCode, output: run.stdout + run.stderr }, /holds no indexed data/, password);
      });
    });
  });
});
