import { expect } from "chai";
import { Client } from "pg";
import { testPostgres, withClient, type TestPostgres } from "../helpers/postgres";

const ownCluster = process.env.UDI_TEST_PG_URL === undefined;

describe("test PostgreSQL harness", function () {
  let pg: TestPostgres;

  before(async function () {
    pg = await testPostgres();
  });

  it("is one server per test process, on 127.0.0.1 and never on Debian's port 5432", async function () {
    expect(await testPostgres()).to.equal(pg);
    if (!ownCluster) this.skip();
    const url = new URL(pg.url);
    expect(url.hostname).to.equal("127.0.0.1");
    expect(url.port).not.to.equal("5432");
    const shown = await withClient(pg.url, (c) => c.query("SHOW listen_addresses"));
    expect(shown.rows[0].listen_addresses).to.equal("127.0.0.1");
  });

  it("gives a fresh database that is empty and reachable", async function () {
    const url = await pg.database();
    const name = new URL(url).pathname.slice(1);
    expect(name).to.match(/^udi_test_[0-9a-f]{12}$/);
    await withClient(url, async (c) => {
      expect((await c.query("SELECT current_database() AS db")).rows[0].db).to.equal(name);
      const tables = await c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows).to.deep.equal([]);
    });
  });

  it("gives two databases on two calls: a table in one is not in the other", async function () {
    const [first, second] = [await pg.database(), await pg.database()];
    expect(first).not.to.equal(second);
    await withClient(first, (c) => c.query("CREATE TABLE marker (id int)"));
    const seen = await withClient(second, (c) => c.query("SELECT to_regclass('public.marker') AS t"));
    expect(seen.rows[0].t).to.equal(null);
  });

  it("refuses a database name that is not a plain identifier", async function () {
    await expect(pg.database('x"; DROP DATABASE postgres; --')).to.be.rejectedWith(/is not \[a-z_\]\[a-z0-9_\]\*/);
  });

  it("refuses a wrong password with SQLSTATE 28P01", async function () {
    const url = new URL(pg.url);
    if (url.password === "") this.skip();
    url.password = "not-the-password";
    const error = await withClient(url.toString(), (c) => c.query("SELECT 1")).then(
      () => expect.fail("connected with a wrong password"),
      (e: { code?: string }) => e,
    );
    expect(error.code).to.equal("28P01");
  });

  it("restart() cuts open sessions, keeps committed data, and the server answers again", async function () {
    if (!ownCluster) {
      await expect(pg.restart()).to.be.rejectedWith(/UDI_TEST_PG_URL/);
      return;
    }
    const url = await pg.database();
    await withClient(url, (c) => c.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')"));
    const open = new Client({ connectionString: url });
    open.on("error", () => undefined); // the server's goodbye on shutdown arrives as an 'error' event
    await open.connect();
    const pidBefore = pg.pid;

    await pg.restart();

    expect(pg.pid).to.be.a("number").and.not.equal(pidBefore);
    await expect(open.query("SELECT 1")).to.be.rejected;
    await open.end().catch(() => undefined);
    const kept = await withClient(url, (c) => c.query("SELECT v FROM kept"));
    expect(kept.rows).to.deep.equal([{ v: "before restart" }]);
  });
});
