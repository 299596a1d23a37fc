import { expect } from "chai";
import { MessageChannel } from "node:worker_threads";
import type { FetchedRange } from "../../src/indexer/sync/fetch-range";
import { packRange, unpackRange, type PackedRange } from "../../src/indexer/sync/packed-range";
import type { PreparedLog } from "../../src/indexer/store/store";

const HASH = (n: number) => "0x" + n.toString(16).padStart(64, "0");

/** A log as fetch-range.ts prepares it: topics and data are small Buffers of their own. */
function log(n: number, args: PreparedLog["args"], name = "DeviceCommissioned"): PreparedLog {
  return {
    blockNumber: 100 + (n >> 1),
    blockHash: HASH(100 + (n >> 1)),
    blockTime: 1_700_000_000 + n,
    txHash: HASH(5000 + n),
    txIndex: n,
    logIndex: n,
    address: "0x" + "ab".repeat(20),
    contract: "DeviceRegistry",
    name,
    topics: Buffer.from(HASH(n).substring(2) + HASH(n + 1).substring(2), "hex"),
    data: Buffer.from("00".repeat(n) + "ff", "hex"),
    args,
  };
}

function rangeOf(logs: PreparedLog[]): FetchedRange {
  return {
    from: 100,
    to: 103,
    fromHeader: { number: 100, hash: HASH(100), parentHash: HASH(99), timestamp: 1_700_000_000 },
    foreign: 1,
    batch: {
      logs,
      blocks: [{ number: 100, hash: HASH(100), parentHash: HASH(99), time: 1_700_000_000 }],
      checkpoint: { number: 103, hash: HASH(103), time: 1_700_000_003 },
    },
  };
}

/** What a log holds, with topics and data as hex: comparable after the buffers were moved. */
const contentOf = (range: FetchedRange) => ({
  ...range,
  batch: {
    ...range.batch,
    logs: range.batch.logs.map((l) => ({ ...l, topics: l.topics.toString("hex"), data: l.data.toString("hex") })),
  },
});

/** Sends a packed range through a MessageChannel the way the fetch worker does, transferring its buffers. */
async function sendThrough(range: FetchedRange): Promise<FetchedRange> {
  const { port1, port2 } = new MessageChannel();
  try {
    const received = new Promise<PackedRange>((resolve) =>
      port2.once("message", (message: PackedRange) => resolve(message)),
    );
    const { packed, transfer } = packRange(range);
    port1.postMessage(packed, transfer);
    return unpackRange(await received);
  } finally {
    port1.close();
    port2.close();
  }
}

describe("Indexer: packed ranges between threads", function () {
  const logs = () => [
    log(0, { deviceId: HASH(7), lotKey: 3, gtin: "09506000134352", serial: 'S,1 "é"', organisation: "9506000000007" }),
    log(1, { shipmentId: 4, deviceIds: [HASH(7), HASH(8)], containers: [], titleTransfer: true }, "ShipmentDispatched"),
    log(2, null, "(unknown)"),
    log(3, {}, "Paused"),
  ];

  it("arrive as they left: every field of every log, topics and data byte for byte, the range around them", async function () {
    const expected = contentOf(rangeOf(logs()));
    const received = await sendThrough(rangeOf(logs()));
    expect(contentOf(received)).to.deep.equal(expected);
    for (const l of received.batch.logs) {
      expect(Buffer.isBuffer(l.topics) && Buffer.isBuffer(l.data)).to.equal(true);
    }
  });

  it("move an empty range", async function () {
    const received = await sendThrough(rangeOf([]));
    expect(contentOf(received)).to.deep.equal(contentOf(rangeOf([])));
  });
});
