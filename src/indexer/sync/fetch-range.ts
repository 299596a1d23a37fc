import type { DeployedName } from "../../manifest";
import type { EventDecoder } from "../decode/decoder";
import { RpcTransportError } from "../errors";
import type { BlockHeader, Chain, RawLog } from "../rpc/chain";
import type { PreparedLog, RangeBatch } from "../store/store";

/** A fetched block range, consistent with one view of the chain, ready to apply. */
export interface FetchedRange {
  from: number;
  to: number;
  /** Header of `from`: its parent hash must equal the stored hash of `from − 1`. */
  fromHeader: BlockHeader;
  batch: RangeBatch;
  /** Logs of addresses outside the manifest that the node returned anyway (ignored). */
  foreign: number;
}

const int = (hex: string): number => Number.parseInt(hex, 16);

const unknownBlock = (n: number) =>
  new RpcTransportError("eth_getBlockByNumber", `block ${n} unknown to the node (lagging or stale node)`);

/**
 * Fetches the logs of [from, to] and the headers that anchor them. The header of `to` is read before and after the
 * logs: if it changed, the chain reorganised mid-fetch and the range is retried (a retryable error). Every log's
 * block hash must match the header of its block when that header was needed for its timestamp.
 */
export async function fetchRange(
  chain: Chain,
  decoder: EventDecoder,
  contracts: Map<string, DeployedName>,
  from: number,
  to: number,
  onLogsRequested?: () => void,
): Promise<FetchedRange> {
  const before = await chain.header(to);
  if (!before) throw unknownBlock(to);
  const pendingLogs = chain.getLogs([...contracts.keys()], from, to);
  onLogsRequested?.();
  const logs = await pendingLogs;

  const needed = new Set<number>([from, to]);
  for (const log of logs) if (log.blockTimestamp === undefined) needed.add(int(log.blockNumber));
  const numbers = [...needed].sort((a, b) => a - b);
  const headers = new Map<number, BlockHeader>();
  (await chain.headers(numbers)).forEach((header, i) => {
    if (!header) throw unknownBlock(numbers[i]);
    headers.set(numbers[i], header);
  });
  if (headers.get(to)!.hash !== before.hash) {
    throw new RpcTransportError("eth_getLogs", `block ${to} changed hash during the range fetch (reorg in flight)`);
  }

  const prepared: PreparedLog[] = [];
  const blocks = new Map<number, { number: number; hash: string; parentHash: string | null; time: number | null }>();
  for (const h of headers.values()) blocks.set(h.number, { ...h, time: h.timestamp });
  let foreign = 0;
  for (const log of logs) {
    const contract = contracts.get(log.address.toLowerCase());
    if (!contract) {
      foreign++;
      continue;
    }
    prepared.push(prepare(log, contract, decoder, headers, blocks));
  }
  prepared.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  const toHeader = headers.get(to)!;
  return {
    from,
    to,
    fromHeader: headers.get(from)!,
    foreign,
    batch: {
      logs: prepared,
      blocks: [...blocks.values()],
      checkpoint: { number: to, hash: toHeader.hash, time: toHeader.timestamp },
    },
  };
}

function prepare(
  log: RawLog,
  contract: DeployedName,
  decoder: EventDecoder,
  headers: Map<number, BlockHeader>,
  blocks: Map<number, { number: number; hash: string; parentHash: string | null; time: number | null }>,
): PreparedLog {
  const blockNumber = int(log.blockNumber);
  if (log.removed === true)
    throw new RpcTransportError("eth_getLogs", `log ${log.logIndex} of ${log.blockHash} removed`);
  const header = headers.get(blockNumber);
  if (header && header.hash !== log.blockHash) {
    throw new RpcTransportError(
      "eth_getLogs",
      `log in block ${blockNumber} has hash ${log.blockHash}, header says ${header.hash}`,
    );
  }
  const blockTime = header ? header.timestamp : int(log.blockTimestamp as string);
  if (!blocks.has(blockNumber))
    blocks.set(blockNumber, { number: blockNumber, hash: log.blockHash, parentHash: null, time: blockTime });
  const decoded = decoder.decode(log.topics, log.data);
  let topicHex = "";
  for (const topic of log.topics) topicHex += topic.substring(2);
  return {
    blockNumber,
    blockHash: log.blockHash,
    blockTime,
    txHash: log.transactionHash,
    txIndex: int(log.transactionIndex),
    logIndex: int(log.logIndex),
    address: log.address.toLowerCase(),
    contract,
    name: decoded?.name ?? "(unknown)",
    topics: Buffer.from(topicHex, "hex"),
    data: Buffer.from(log.data.substring(2), "hex"),
    args: decoded?.args ?? null,
  };
}
