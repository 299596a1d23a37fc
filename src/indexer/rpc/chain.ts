import { RangeTooLargeError, RpcPermanentError, RpcTransportError } from "../errors";
import type { RpcClient } from "./client";

/** A log exactly as `eth_getLogs` returns it (hex quantities). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  blockTimestamp?: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

/** The parts of a block header the indexer keeps. */
export interface BlockHeader {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
}

const hex = (n: number): string => "0x" + n.toString(16);

/** Messages of `eth_getLogs` errors that mean the range (blocks or results) is too large. */
const RANGE_MESSAGE =
  /block range|range (is )?too (large|wide|big)|exceeds? (the )?(maximum|max)|more than \d+ (results|logs)|query returned more than|response (size|is too)|too many (results|logs|blocks)|limit exceeded|range limit/i;

/** Some nodes name a range that would work, e.g. "[0x10, 0x20]" or "block range 100 to 150". */
function suggestedTo(message: string): number | undefined {
  const pair = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(message);
  if (pair) return Number.parseInt(pair[2], 16);
  return undefined;
}

/** The typed calls of the chain the indexer makes, over a raw JSON-RPC client. */
export interface Chain {
  chainId(): Promise<number>;
  blockNumber(): Promise<number>;
  /** The header at `number`, or null when the node does not know it (yet). */
  header(number: number): Promise<BlockHeader | null>;
  /** Headers of several blocks in one batch request; null for each block the node does not know. */
  headers(numbers: number[]): Promise<(BlockHeader | null)[]>;
  /** Logs of `addresses` in [from, to]; throws RangeTooLargeError when the node refuses the range. */
  getLogs(addresses: string[], from: number, to: number): Promise<RawLog[]>;
  /** `eth_call` at a block. */
  call(to: string, data: string, blockNumber: number): Promise<string>;
  /** Several `eth_call`s at one block, batched. */
  calls(requests: { to: string; data: string }[], blockNumber: number): Promise<string[]>;
}

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

const toHeader = (block: RpcBlock | null): BlockHeader | null =>
  block && {
    number: Number.parseInt(block.number, 16),
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp: Number.parseInt(block.timestamp, 16),
  };

/** Wraps a JSON-RPC client with the calls the indexer needs. */
export function createChain(rpc: RpcClient, batchSize = 100): Chain {
  const headerCall = (n: number) => ({ method: "eth_getBlockByNumber", params: [hex(n), false] });
  return {
    chainId: async () => Number.parseInt(await rpc.request<string>("eth_chainId", []), 16),
    blockNumber: async () => Number.parseInt(await rpc.request<string>("eth_blockNumber", []), 16),
    header: async (n) => toHeader(await rpc.request<RpcBlock | null>("eth_getBlockByNumber", [hex(n), false])),
    async headers(numbers) {
      const out: (BlockHeader | null)[] = [];
      for (let i = 0; i < numbers.length; i += batchSize) {
        const blocks = await rpc.batch<RpcBlock | null>(numbers.slice(i, i + batchSize).map(headerCall));
        out.push(...blocks.map(toHeader));
      }
      return out;
    },
    async getLogs(addresses, from, to) {
      try {
        const logs = await rpc.request<RawLog[] | null>("eth_getLogs", [
          { address: addresses, fromBlock: hex(from), toBlock: hex(to) },
        ]);
        if (!Array.isArray(logs)) throw new RpcTransportError("eth_getLogs", "result is not an array");
        return logs;
      } catch (error) {
        if (error instanceof RpcPermanentError && (error.rpcCode === -32005 || RANGE_MESSAGE.test(error.reason))) {
          throw new RangeTooLargeError(from, to, error.reason, suggestedTo(error.reason));
        }
        throw error;
      }
    },
    call: (to, data, n) => rpc.request<string>("eth_call", [{ to, data }, hex(n)]),
    async calls(requests, n) {
      const out: string[] = [];
      for (let i = 0; i < requests.length; i += batchSize) {
        const part = requests.slice(i, i + batchSize).map((r) => ({ method: "eth_call", params: [r, hex(n)] }));
        out.push(...(await rpc.batch<string>(part)));
      }
      return out;
    },
  };
}
