import { createServer, type Server } from "node:http";
import { network } from "hardhat";
import { freePort } from "./net";

interface Call {
  id: unknown;
  method: string;
  params?: unknown[];
}

/** Serves the in-process Hardhat network over HTTP JSON-RPC on loopback (single and batch calls), so the indexer,
 * which speaks raw JSON-RPC, can read it. */
export async function serveHardhatNetwork(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const answer = async (call: Call) => {
    try {
      const result = await network.provider.send(call.method, call.params ?? []);
      return { jsonrpc: "2.0", id: call.id, result: result ?? null };
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id: call.id, error: { code: e.code ?? -32603, message: e.message, data: e.data } };
    }
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
      const reply = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
