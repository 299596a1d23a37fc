import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { freePort } from "./net";

/** A seeded PRNG (mulberry32): the same seed injects the same faults in the same request order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Probability of each fault per request. */
export interface FaultRates {
  /** Close the connection without answering. */
  drop: number;
  /** Answer only after `delayMs` (past the client's timeout). */
  delay: number;
  http429: number;
  http503: number;
  /** Refuse an `eth_getLogs` with a result-cap error. */
  resultCap: number;
  /** Answer `eth_blockNumber` with a head 1–3 blocks behind the real one. */
  staleHead: number;
}

export interface FaultProxyOptions {
  upstream: string;
  seed: number;
  rates: Partial<FaultRates>;
  delayMs?: number;
  /** `eth_getLogs` spanning more blocks than this is refused like Besu's range cap (always, not at random). */
  maxLogRange?: number;
  /** The first this many `eth_blockNumber` answers are stale (deterministic), whatever the rates. */
  staleHeadsFirst?: number;
  /** Every answer is delayed by a seeded 0..latencyMs (spreads kill points in crash tests). */
  latencyMs?: number;
}

export interface FaultProxy {
  url: string;
  /** Faults injected so far, by kind. */
  counts: Record<keyof FaultRates | "rangeCap", number>;
  /** Stops injecting faults (the proxy keeps forwarding). */
  calm(): void;
  close(): Promise<void>;
}

interface Call {
  method: string;
  params?: { fromBlock?: string; toBlock?: string }[];
}

/** A JSON-RPC proxy on loopback that injects seeded transport faults between the indexer and a node. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const rates: FaultRates = { drop: 0, delay: 0, http429: 0, http503: 0, resultCap: 0, staleHead: 0, ...options.rates };
  const counts = { drop: 0, delay: 0, http429: 0, http503: 0, resultCap: 0, staleHead: 0, rangeCap: 0 };
  let calm = false;
  let staleFirst = options.staleHeadsFirst ?? 0;

  const forward = async (body: string): Promise<string> => {
    const response = await fetch(options.upstream, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return response.text();
  };
  const rpcError = (id: unknown, code: number, message: string) =>
    JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } });
  const reply = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const parsed = JSON.parse(body) as (Call & { id: unknown }) | (Call & { id: unknown })[];
    const single = Array.isArray(parsed) ? undefined : parsed;
    if (single?.method === "eth_getLogs" && options.maxLogRange !== undefined) {
      const { fromBlock, toBlock } = single.params?.[0] ?? {};
      if (Number(toBlock) - Number(fromBlock) + 1 > options.maxLogRange) {
        counts.rangeCap++;
        return reply(
          res,
          200,
          rpcError(single.id, -32005, `Requested range exceeds maximum range limit of ${options.maxLogRange}`),
        );
      }
    }
    if (options.latencyMs)
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * options.latencyMs!)));
    const roll = calm ? 1 : random();
    let edge = 0;
    const hit = (rate: number) => roll >= edge && roll < (edge += rate);
    if (hit(rates.drop)) {
      counts.drop++;
      req.socket.destroy();
      return;
    }
    if (hit(rates.delay)) {
      counts.delay++;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1_000));
      return reply(res, 200, await forward(body));
    }
    if (hit(rates.http429)) {
      counts.http429++;
      return reply(res, 429, "Too Many Requests");
    }
    if (hit(rates.http503)) {
      counts.http503++;
      return reply(res, 503, "Service Unavailable");
    }
    if (single?.method === "eth_getLogs" && hit(rates.resultCap)) {
      counts.resultCap++;
      return reply(res, 200, rpcError(single.id, -32005, "query returned more than 10000 results"));
    }
    const answer = await forward(body);
    const forcedStale = single?.method === "eth_blockNumber" && staleFirst > 0 && staleFirst-- > 0;
    if (single?.method === "eth_blockNumber" && (forcedStale || hit(rates.staleHead))) {
      counts.staleHead++;
      const head = Number.parseInt((JSON.parse(answer) as { result: string }).result, 16);
      const stale = Math.max(0, head - 1 - Math.floor(random() * 3));
      return reply(res, 200, JSON.stringify({ jsonrpc: "2.0", id: single.id, result: "0x" + stale.toString(16) }));
    }
    return reply(res, 200, answer);
  }

  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch(() => {
        if (!res.headersSent) reply(res, 502, "upstream failed");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    calm: () => {
      calm = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
