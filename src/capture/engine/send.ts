import {
  keccak256,
  Transaction,
  type BaseContract,
  type ContractTransaction,
  type TransactionReceipt,
  type Wallet,
} from "ethers";
import { toSdkError } from "../../sdk/decode-error";
import { ContractRevertError, GasCapError, NonceError, TransportError, UnknownRevertError } from "../../sdk/errors";
import { confirm, estimateGas, gasLimitFor, type FeeOverrides, type TxContext } from "../../sdk/transact";
import type { Call } from "./calls";
import { failureOfError, type Failure } from "./failure";
import type { Journal, JournalRow } from "./journal";
import type { Step } from "./plan";
import { retrying } from "./retry";
import { buildStep } from "./simulate";

/**
 * Test hooks: after a simulation, before sending (another party may move there); after a row is journalled and
 * after its transaction is broadcast (throw to "crash" there).
 */
export interface EngineHooks {
  afterSimulation?(): void | Promise<void>;
  afterJournal?(row: JournalRow): void | Promise<void>;
  afterBroadcast?(row: JournalRow): void | Promise<void>;
}

/** The log each called function emits, found in the receipt to give an event its log index. */
const OWN_LOG: Record<string, string> = {
  registerLot: "LotRegistered",
  commission: "DeviceCommissioned",
  commissionBatch: "DevicesCommissioned",
  pack: "DevicesPacked",
  unpack: "DevicesUnpacked",
  ship: "ShipmentDispatched",
  receiveShipment: "ShipmentReceived",
  rejectShipment: "ShipmentRejected",
  cancelShipment: "ShipmentCancelled",
  anchor: "DataAnchored",
  install: "DeviceInstalled",
  explant: "DeviceExplanted",
  recordService: "ServiceRecorded",
  recordSoftwareUpdate: "SoftwareUpdated",
  quarantine: "DeviceQuarantined",
  release: "DeviceReleased",
  decommission: "DeviceDecommissioned",
  destroy: "DeviceDestroyed",
};

/** Sends steps one at a time, journalling each signed transaction before it is broadcast; reconciles journalled ones. */
export interface StepSender {
  /** The next nonce: the node's pending transaction count of the signer. */
  nextNonce(): Promise<number>;
  /** Sends a step with this nonce and waits for it: its journal row, or the chain's refusal at estimation (not sent). */
  send(captureId: string, step: Step, nonce: number): Promise<JournalRow | { refused: Failure }>;
  /** Brings a `signed` row to its end: its receipt, else the same raw transaction broadcast again (or `dropped`). */
  reconcile(captureId: string, row: JournalRow): Promise<JournalRow>;
}

export function createStepSender(
  wallet: Wallet,
  ctx: TxContext,
  journal: Journal,
  fees?: () => Promise<FeeOverrides>,
  hooks: EngineHooks = {},
): StepSender {
  const { provider } = ctx;
  const from = wallet.address;
  const contracts: BaseContract[] = [ctx.contracts.devices, ctx.contracts.lifecycle, ctx.contracts.anchors];

  function ownLog(receipt: TransactionReceipt, call: Call, fn: string): number | undefined {
    const contract = contracts.find((c) => String(c.target).toLowerCase() === call.to.toLowerCase());
    for (const log of receipt.logs) {
      if (!contract || log.address.toLowerCase() !== call.to.toLowerCase()) continue;
      if (contract.interface.parseLog({ topics: [...log.topics], data: log.data })?.name === OWN_LOG[fn])
        return log.index;
    }
    return undefined;
  }

  /** Waits for the receipt and records it; a revert is replayed to name its error. */
  async function settle(captureId: string, row: JournalRow, call: Call): Promise<JournalRow> {
    let receipt: TransactionReceipt;
    try {
      receipt = await retrying(() => confirm(ctx, row.hash as string, call as ContractTransaction, from));
    } catch (error) {
      if (!(error instanceof ContractRevertError || error instanceof UnknownRevertError)) throw error;
      const failure = failureOfError(error);
      journal.settle(captureId, row.seq, "reverted", undefined, failure);
      return { ...row, state: "reverted", failure };
    }
    const at = { blockNumber: receipt.blockNumber, logIndex: ownLog(receipt, call, row.fn) };
    journal.settle(captureId, row.seq, "mined", at);
    return { ...row, state: "mined", ...at };
  }

  /** After a nonce refusal: whether the node knows the transaction at all (mined or pending) or it was never sent. */
  async function known(hash: string): Promise<boolean> {
    return (
      (await retrying(() => provider.getTransactionReceipt(hash))) !== null ||
      (await retrying(() => provider.getTransaction(hash))) !== null
    );
  }

  /** Settles a broadcast row, or marks it dropped when its nonce went to another transaction. */
  async function conclude(captureId: string, row: JournalRow, call: Call, answer: string): Promise<JournalRow> {
    if (answer === "nonce" && !(await known(row.hash as string))) {
      journal.settle(captureId, row.seq, "dropped");
      return { ...row, state: "dropped" };
    }
    return settle(captureId, row, call);
  }

  /** Broadcasts a raw transaction; "known" when the node has it already, "nonce" when its nonce is used. */
  async function broadcast(raw: string): Promise<"sent" | "known" | "nonce"> {
    try {
      await retrying(() => provider.broadcastTransaction(raw));
      return "sent";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/already known|known transaction|already imported/i.test(message)) return "known";
      const typed = toSdkError(error);
      if (typed instanceof NonceError) return "nonce";
      throw typed;
    }
  }

  /**
   * The fee fields, asked for at each send: `fees` when given, else the node's fee data, checked whole (ethers
   * leaves a field it could not fetch null, which would sign a transaction without a price).
   */
  async function feeFields(): Promise<FeeOverrides> {
    if (fees) return fees();
    const data = await provider.getFeeData();
    if (data.maxFeePerGas !== null && data.maxPriorityFeePerGas !== null)
      return { maxFeePerGas: data.maxFeePerGas, maxPriorityFeePerGas: data.maxPriorityFeePerGas };
    if (data.gasPrice !== null) return { gasPrice: data.gasPrice };
    throw new TransportError("the node answered no fee data");
  }

  const readAll = (reads: Call[]) => Promise.all(reads.map((r) => retrying(() => provider.call({ ...r, from }))));

  return {
    async nextNonce() {
      const raw = provider as typeof provider & { send?: (m: string, p: unknown[]) => Promise<string> };
      const count = (): Promise<string | number> =>
        typeof raw.send === "function"
          ? raw.send("eth_getTransactionCount", [from, "pending"])
          : provider.getTransactionCount(from, "pending");
      return Number(await retrying(count));
    },

    async send(captureId, step, nonce) {
      let reads: string[];
      try {
        reads = await readAll(step.reads);
      } catch (error) {
        const typed = toSdkError(error);
        if (!(typed instanceof ContractRevertError || typed instanceof UnknownRevertError)) throw typed;
        return { refused: failureOfError(typed) };
      }
      const built = await buildStep(step, reads);
      if ("reason" in built) return { refused: { reason: built.reason } };
      const { call } = built;
      let estimate: bigint;
      try {
        estimate = await retrying(() => estimateGas(ctx, call as ContractTransaction, from));
      } catch (error) {
        if (!(error instanceof ContractRevertError || error instanceof UnknownRevertError)) throw error;
        return { refused: failureOfError(error) };
      }
      if (estimate > ctx.gasCap) return { refused: { reason: new GasCapError(step.fn, estimate, ctx.gasCap).message } };
      const overrides = await retrying(feeFields);
      const request = { to: call.to, data: call.data, gasLimit: gasLimitFor(ctx, estimate), nonce, ...overrides };
      const populated = await wallet.populateTransaction({ ...request, chainId: ctx.chainId });
      const raw = await wallet.signTransaction(populated);
      const { units, events, fn } = step;
      const row = journal.add(captureId, { fn, units, events, state: "signed", nonce, hash: keccak256(raw), raw });
      await hooks.afterJournal?.(row);
      const answer = await broadcast(raw);
      await hooks.afterBroadcast?.(row);
      return conclude(captureId, row, call, answer);
    },

    async reconcile(captureId, row) {
      if (row.state !== "signed") return row;
      const tx = Transaction.from(row.raw as string);
      const call = { to: tx.to as string, data: tx.data };
      const mined = (await retrying(() => provider.getTransactionReceipt(row.hash as string))) !== null;
      return conclude(captureId, row, call, mined ? "known" : await broadcast(row.raw as string));
    },
  };
}
