import { expect } from "chai";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { gtin14 } from "../../src/gs1";
import { addToken } from "../../src/serve/tokens";
import { GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { bearer, hasNoStack, testApp } from "./helpers";

describe("serve on PostgreSQL: a lost database connection", function () {
  let s: IndexedScenario;

  before(async () => {
    s = await indexedHardhatScenario("pg-unavailable", "postgres");
  });
  after(async () => s?.close());

  it("answers 503 problem+json (no URL, no stack) while the database cannot be reached, and recovers after", async () => {
    const proxy = await tcpProxy(Number(new URL(s.dbPath).port));
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

/**
 * A TCP relay to PostgreSQL on loopback that can reset every connection, open or new, until restored. In a child
 * process: a PostgreSQL request blocks this thread until answered (the store's bridge), so a relay here would wait on
 * itself.
 */
async function tcpProxy(
  upstream: number,
): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): void }> {
  const child = spawn(process.execPath, ["-e", RELAY, String(upstream)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve) => lines.once("line", resolve));
  const port = Number(await next());
  const command = async (word: string) => {
    child.stdin!.write(`${word}\n`);
    expect(await next()).to.equal(word); // acknowledged once done
  };
  return { port, cut: () => command("cut"), restore: () => command("restore"), close: () => void child.kill() };
}

const RELAY = `
const net = require("node:net");
const upstream = Number(process.argv[1]);
let down = false;
const open = new Set();
const server = net.createServer((client) => {
  if (down) return void client.destroy();
  const db = net.connect(upstream, "127.0.0.1");
  for (const socket of [client, db]) {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => undefined);
  }
  client.pipe(db).pipe(client);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
require("node:readline").createInterface({ input: process.stdin }).on("line", (word) => {
  down = word === "cut";
  if (down) for (const socket of open) socket.destroy();
  console.log(word);
});
`;
