import Database from "better-sqlite3";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { freePort } from "../indexer/helpers/net";

/** One request a webhook receiver got: its headers, raw body, parsed body, and how the receiver answered. */
export interface Received {
  key: string;
  signature: string;
  /** The Host header: the name the service connected for, whatever address it resolved to. */
  host: string;
  raw: string;
  body: {
    id: string;
    type: string;
    subscription: string;
    organisation: { gln: string; name: string | null };
    event: { eventID: string; name: string; blockNumber: number; blockHash: string };
    retracts?: string;
    data: Record<string, unknown>;
  };
  answered: number | "none";
}

/** What the receiver does with a request: answer a status now, after a delay, or never. */
export type Behaviour = { status: number; delayMs?: number } | "hang";

/**
 * A loopback webhook receiver whose behaviour is chosen per request; it can be down (not listening) and brought up
 * on the same port. Records every request it read.
 */
export interface Receiver {
  url: string;
  received: Received[];
  behave: (request: Received, index: number) => Behaviour;
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function webhookReceiver(behave: Receiver["behave"] = () => ({ status: 200 })): Promise<Receiver> {
  const port = await freePort();
  let server: Server | null = null;
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received: [],
    behave,
    async up() {
      if (server) return;
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const entry: Received = {
            key: String(req.headers["idempotency-key"]),
            signature: String(req.headers["udi-ledger-signature"]),
            host: String(req.headers.host),
            raw,
            body: JSON.parse(raw) as Received["body"],
            answered: "none",
          };
          const index = receiver.received.push(entry) - 1;
          const b = receiver.behave(entry, index);
          if (b === "hang") return void hanging.add(res);
          const answer = () => {
            entry.answered = b.status;
            res.writeHead(b.status).end();
          };
          if (b.delayMs) setTimeout(answer, b.delayMs);
          else answer();
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    },
    async down() {
      const s = server;
      server = null;
      if (!s) return;
      for (const res of hanging) res.destroy();
      hanging.clear();
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  return receiver;
}

/** docs/serve.md's recipe, written out independently: HMAC-SHA256(secret, `${t}.${raw body}`) against `v1`. */
export function signatureVerifies(secret: string, header: string, raw: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], "hex")) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

/** Polls `condition` every 50 ms until it holds or `ms` pass; returns whether it held. */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An alert_outbox row as the tests read it. */
export interface OutboxRow {
  key: string;
  subscription_id: string;
  state: string;
  kind: string;
  gln: string;
  block_hash: string;
  retracts: string | null;
}

/** The outbox rows (of one subscription, or all), in insertion order, read on a connection of the test's own. */
export function outboxRows(dbPath: string, subscription?: string): OutboxRow[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const columns = "key, subscription_id, state, kind, gln, block_hash, retracts";
    return (
      subscription === undefined
        ? db.prepare(`SELECT ${columns} FROM alert_outbox ORDER BY seq`).all()
        : db.prepare(`SELECT ${columns} FROM alert_outbox WHERE subscription_id = ? ORDER BY seq`).all(subscription)
    ) as OutboxRow[];
  } finally {
    db.close();
  }
}
