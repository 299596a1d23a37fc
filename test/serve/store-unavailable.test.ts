import { expect } from "chai";
import { join } from "node:path";
import { gtin14 } from "../../src/gs1";
import { addToken } from "../../src/serve/tokens";
import { GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { bearer, hasNoStack, testApp } from "./helpers";
import { tcpRelay } from "../helpers/tcp-relay";

describe("serve on PostgreSQL: a lost database connection", function () {
  let s: IndexedScenario;

  before(async () => {
    s = await indexedHardhatScenario("pg-unavailable", "postgres");
  });
  after(async () => s?.close());

  it("answers 503 problem+json (no URL, no stack) while the database cannot be reached, and recovers after", async () => {
    const proxy = await tcpRelay(Number(new URL(s.dbPath).port));
    const tokensPath = join(s.dir, "tokens.json");
    const { token } = addToken(tokensPath, { scopes: ["read"] });
    const url = new URL(s.dbPath);
    url.port = String(proxy.port);
    const t = await testApp(url.toString(), { tokensPath });
    try {
      const check = () =>
        t.app.inject({ url: `/check/${encodeURIComponent(`(01)${gtin14(GTIN)}(21)SN-S1`)}`, headers: bearer(token) });
      expect((await check()).statusCode).to.equal(200);
      await proxy.cut(); // a network partition or a failover in progress: every connection reset
      const lost = await check();
      expect(lost.statusCode).to.equal(503);
      expect(lost.headers["content-type"]).to.match(/application\/problem\+json/);
      expect(lost.json()).to.include({ status: 503, detail: "the database is unavailable; try again shortly" });
      expect(lost.body).to.not.match(/postgres|127\.0\.0\.1/);
      expect(hasNoStack(lost.body)).to.equal(true);
      await proxy.restore();
      expect((await check()).statusCode).to.equal(200);
    } finally {
      await t.close();
      proxy.close();
    }
  });
});
