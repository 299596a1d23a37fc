import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { freePort } from "../indexer/helpers/net";
import { seededRandom } from "../indexer/helpers/fault-proxy";

/** What the proxy saw of one JSON-RPC request. */
export interface RpcRequest {
  method: string;
  /** Requests with this method seen so far, this one included. */
  count: number;
}

/**
 * A JSON-RPC proxy in front of a node that loses requests the way a failing node or network does: with `dropRate`,
 * a request is dropped (connection closed) either before it reaches the node or after the node has executed it (the
 * answer lost: a transaction sent whose hash never comes back); `down()` stops listening (connections refused, as
 * while the node restarts) until `up()`. `onRequest` sees every request first, so a test can act at an exact point.
 */
export interface FlakyRpc {
  url: string;
  dropRate: number;
  dropped: { before: number; after: number };
  refused: number;
  onRequest?: (request: RpcRequest) => void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startFlakyRpc(upstream: string, seed: number): Promise<FlakyRpc> {
  const random = seededRandom(seed);
  const counts = new Map<string, number>();
  const port = await freePort();

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const calls = [JSON.parse(body) as { method: string } | { method: string }[]].flat();
    for (const { method } of calls) {
      counts.set(method, (counts.get(method) ?? 0) + 1);
      proxy.onRequest?.({ method, count: counts.get(method)! });
    }
    if (!listening) return void (proxy.refused++, req.socket.destroy());
    const roll = random();
    if (roll < proxy.dropRate / 2) return void (proxy.dropped.before++, req.socket.destroy());
    const answer = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await answer.text();
    if (roll < proxy.dropRate) return void (proxy.dropped.after++, req.socket.destroy());
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch(() => req.socket.destroy());
    });
  });
  let listening = false;
  const listen = () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const unlisten = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen();
  listening = true;
  const proxy: FlakyRpc = {
    url: `http://127.0.0.1:${port}`,
    dropRate: 0,
    dropped: { before: 0, after: 0 },
    refused: 0,
    async down() {
      if (!listening) return;
      listening = false;
      await unlisten();
    },
    async up() {
      if (listening) return;
      await listen();
      listening = true;
    },
    close: async () => {
      if (listening) await unlisten();
      listening = false;
    },
  };
  return proxy;
}
