import { expect } from "chai";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * A TCP relay to PostgreSQL on loopback that can reset every connection, open or new, until restored. In a child
 * process: a PostgreSQL request blocks this thread until answered (the store's bridge), so a relay here would wait on
 * itself.
 */
export async function tcpRelay(
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
