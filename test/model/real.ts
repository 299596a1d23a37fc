import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Interface, type BaseContract, type ErrorFragment, type Log, type TransactionReceipt } from "ethers";
import type { Consortium } from "../helpers/scenario";
import { CONTRACTS, type ContractName, type ExpectedEvent } from "./types";

/** The real side of the model run: the deployed system, the signers commands act as, and what the chain did. */
export interface Real {
  sys: Consortium;
  /** Signers in ACTOR_NAMES order. */
  signers: HardhatEthersSigner[];
  /** The running ledger head of every contract, folded from the logs of every command so far. */
  heads: Record<ContractName, { head: string; count: bigint }>;
  /** Lower-case contract address → contract name. */
  byAddress: Map<string, ContractName>;
}

export const contractOf = (real: Real, name: ContractName): BaseContract => real.sys[name] as unknown as BaseContract;

/** Every custom error of the six contracts (OpenZeppelin's included), one fragment per selector. */
let errorInterface: Interface | undefined;
function errorsOf(real: Real): Interface {
  if (errorInterface) return errorInterface;
  const bySelector = new Map<string, ErrorFragment>();
  for (const name of CONTRACTS) {
    contractOf(real, name).interface.forEachError((fragment) => bySelector.set(fragment.selector, fragment));
  }
  errorInterface = new Interface([...bySelector.values()]);
  return errorInterface;
}

/** A value as the comparisons see it: numbers as bigints, hex strings lower-case, ethers Results as plain arrays. */
export function plain(value: unknown): unknown {
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
  if (Array.isArray(value)) return Array.from(value, plain);
  return value;
}

/** The revert data carried by an ethers / Hardhat error, wherever it is nested. */
function revertData(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && record.data.startsWith("0x")) return record.data;
  for (const key of ["error", "info", "cause"]) {
    const found = revertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export type Outcome =
  | { ok: true; receipt: TransactionReceipt; events: ExpectedEvent[] }
  | { ok: false; error: { name: string; args: unknown[] } };

/** Sends `contract.method(...args)` from `signer` and reports the events or the decoded custom error. */
export async function send(
  real: Real,
  signer: HardhatEthersSigner,
  contract: ContractName,
  method: string,
  args: unknown[],
): Promise<Outcome> {
  const target = contractOf(real, contract).connect(signer) as BaseContract;
  let receipt: TransactionReceipt | null;
  try {
    const tx = await target.getFunction(method)(...args);
    receipt = await tx.wait();
  } catch (error) {
    const data = revertData(error);
    if (data === undefined) throw error;
    if (data === "0x") return { ok: false, error: { name: "<empty revert>", args: [] } };
    const parsed = errorsOf(real).parseError(data);
    if (parsed === null) return { ok: false, error: { name: `<unknown ${data.slice(0, 10)}>`, args: [] } };
    return { ok: false, error: { name: parsed.name, args: plain(parsed.args) as unknown[] } };
  }
  return { ok: true, receipt: receipt!, events: eventsOf(real, receipt!.logs) };
}

/** Decodes logs with the interface of the contract that emitted each. */
export function eventsOf(real: Real, logs: readonly Log[]): ExpectedEvent[] {
  return logs.map((log) => {
    const contract = real.byAddress.get(log.address.toLowerCase());
    if (contract === undefined) throw new Error(`log from unexpected address ${log.address}`);
    const parsed = contractOf(real, contract).interface.parseLog(log);
    if (parsed === null) throw new Error(`undecodable log of ${contract}: ${log.topics[0]}`);
    return { contract, name: parsed.name, args: plain(parsed.args) as unknown[] };
  });
}

/** Folds one log into a running ledger head, as docs/events.md defines it. */
export function foldHead(head: string, log: { topics: readonly string[]; data: string }): string {
  const entry = ethers.keccak256(ethers.concat([...log.topics, log.data]));
  return ethers.dataSlice(ethers.keccak256(ethers.concat([head, entry])), 0, 24);
}

/** The ledger head a contract reports. */
export async function ledgerHeadOf(real: Real, name: ContractName): Promise<{ head: string; count: bigint }> {
  const reader = contractOf(real, name).getFunction("ledgerHead");
  const [head, count] = (await reader()) as [string, bigint];
  return { head: head.toLowerCase(), count };
}
