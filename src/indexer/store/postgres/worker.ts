import { workerData } from "node:worker_threads";
import { Client } from "pg";
import type { BridgeData, BridgeRequest, BridgeResponse } from "./bridge";
import { connectionSettings, faultOf, runStatement } from "./connection";

/**
 * The PostgreSQL connection of one bridge (bridge.ts), on its own thread: node-postgres is asynchronous, the store's
 * callers are not. One client, one session (so a session advisory lock and an open transaction live here), used by
 * one caller at a time. A connection that fails is dropped; the next request connects again.
 */
const { port, signal, url, schema, applicationName } = workerData as BridgeData;
const settings = connectionSettings(url, schema, applicationName);

let client: Client | null = null;

async function connected(): Promise<Client> {
  if (client) return client;
  const fresh = new Client(settings);
  // A connection that dies (a server restart, a reset) emits 'error' or 'end': forget it, the next request reconnects.
  const forget = () => {
    if (client === fresh) client = null;
  };
  fresh.on("error", forget);
  fresh.on("end", forget);
  await fresh.connect();
  client = fresh;
  return fresh;
}

async function handle(request: BridgeRequest): Promise<BridgeResponse> {
  try {
    switch (request.op) {
      case "query":
        return { ok: true, results: [await runStatement(request.statements[0], await connected())] };
      case "batch": {
        // Several statements in one request (one wake-up of the caller): a range's writes, BEGIN to COMMIT.
        const results = [];
        try {
          for (const statement of request.statements) results.push(await runStatement(statement, await connected()));
        } catch (error) {
          if (client) await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
        return { ok: true, results };
      }
      case "close":
        await client?.end().catch(() => undefined);
        client = null;
        return { ok: true, results: [] };
    }
  } catch (error) {
    const fault = faultOf(error);
    if (fault.lost) {
      const dead = client;
      client = null;
      await dead?.end().catch(() => undefined);
    }
    return { ok: false, error: fault };
  }
}

port.on("message", (request: BridgeRequest) => {
  void handle(request).then((response) => {
    port.postMessage(response);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
