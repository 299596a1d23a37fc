/**
 * The capture engine: turns a document's mapped events into transactions, simulates them against the chain's own
 * rules, sends them exactly once from the gateway's organisation account, and resumes after a crash.
 *
 * Plan (plan.ts): consecutive commissions of one lot become commissionBatch calls (a lot the chain does not know is
 * registered first), consecutive packs or unpacks of one SSCC one call, each under the item cap and the gas cap; any
 * other operation one call. Values only the chain knows (lot keys of lots the document registers, the shipment that
 * carries a receipt's items) are read late: in simulation from the state the earlier calls leave, at send time from
 * the chain once the earlier transactions are mined.
 *
 * Simulate (simulate.ts): the whole document in one `eth_call` per round, the signer's address given the
 * CaptureSimulator's code by a state override, so each call runs as the signer, in order. Not exact: every call sees
 * one block (its timestamp and number), so an expiry, a recall or another party's transaction between simulation and
 * mining can change the answer; the gas cap check uses the call's gas plus the intrinsic cost, an estimate.
 *
 * Send (send.ts): one transaction at a time: estimated against the then-current state (a revert here is another party
 * moving first), signed with an explicit nonce, journalled (raw transaction, hash, nonce, the parts of the events it
 * carries) before it is broadcast, then its receipt recorded. A rerun of a capture reconciles the journal first (a
 * signed transaction's receipt, else the same raw transaction broadcast again) and sends only the parts no
 * transaction holds. The engine assumes it is the only sender of its key: runs are serialised, nonces read from the
 * node's pending count. Requests the node does not answer are asked again (retry.ts) before a run gives up.
 */
import type { Database } from "better-sqlite3";
import type { Wallet } from "ethers";
import type { Manifest } from "../../manifest";
import { DEFAULT_MAX_BATCH, EIP7825_GAS_CAP } from "../../sdk/client";
import { connectContracts } from "../../sdk/contracts";
import { UdiLedgerError } from "../../errors";
import { toSdkError } from "../../sdk/decode-error";
import { SdkInputError, TransportError } from "../../sdk/errors";
import type { FeeOverrides, TxContext } from "../../sdk/transact";
import { shipmentItems } from "../../sdk/operations/shared";
import type { CaptureErrorBehaviour, CaptureEvent, EventOutcome } from "../types";
import { withAnchors } from "./anchored";
import { CaptureJournalError } from "./errors";
import { openJournal, type JournalRow } from "./journal";
import { outcomesOf, simulatedIn } from "./outcomes";
import type { DispatchedItems } from "./calls";
import { lotKeyId, planSteps } from "./plan";
import { retrying } from "./retry";
import { createStepSender, type EngineHooks } from "./send";
import { createExecutor, simulateDocument, type Planner } from "./simulate";
import { unitsOf } from "./units";

export { CaptureJournalError, SimulationGasError } from "./errors";
export { sensorTree } from "./sensor-anchor";
export type { EngineHooks } from "./send";

export interface CaptureEngineOptions {
  /** The gateway's organisation account (UDI_SIGNER_KEY), connected to a JSON-RPC provider. */
  wallet: Wallet;
  manifest: Manifest;
  /** The gateway's SQLite file: the journal table is created there if missing. */
  db: Database;
  /** Items per call (default and maximum: the contracts' MAX_BATCH, 400). */
  maxBatch?: number;
  /** Largest gas of one transaction (default 16,777,216: EIP-7825). */
  gasCap?: bigint;
  confirmations?: number;
  fees?: () => Promise<FeeOverrides>;
  /** Gas of one simulation `eth_call` (default 1,000,000,000; nodes may cap it: then {@link SimulationGasError}). */
  simulationGas?: bigint;
  /** Tests only: crash points. */
  hooks?: EngineHooks;
}

export interface CaptureEngine {
  /**
   * Simulates then sends a document's events in order; one outcome per event, same order. Idempotent per captureId:
   * a second call (after a crash/restart) first reconciles what the journal holds for that capture, then does only
   * the rest.
   */
  run(captureId: string, behaviour: CaptureErrorBehaviour, events: CaptureEvent[]): Promise<EventOutcome[]>;
}

/** A node that cannot be reached is a retryable TransportError, whichever read or send met it; others pass as they are. */
function typedTransport(error: unknown): never {
  const typed = error instanceof UdiLedgerError ? error : toSdkError(error);
  throw typed instanceof TransportError ? typed : error;
}

const isBad = (r: JournalRow) => r.state === "reverted" || r.state === "refused";

function checkEvents(captureId: string, events: readonly CaptureEvent[], rows: readonly JournalRow[]): void {
  const indices = new Set(events.map((e) => e.index));
  if (indices.size !== events.length) throw new SdkInputError("events", captureId, "repeat an index");
  events.forEach((e, i) => {
    if (e.ops.length === 0) throw new SdkInputError(`events[${i}].ops`, e.eventId, "is empty");
  });
  const foreign = rows.flatMap((r) => r.events).find((e) => !indices.has(e));
  if (foreign !== undefined) throw new CaptureJournalError(captureId, `the journal holds event ${foreign}, not given`);
}

export function createCaptureEngine(o: CaptureEngineOptions): CaptureEngine {
  const provider = o.wallet.provider;
  if (!provider) throw new SdkInputError("wallet", o.wallet.address, "must be connected to a provider");
  const maxBatch = o.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > DEFAULT_MAX_BATCH)
    throw new SdkInputError("maxBatch", maxBatch, `must be 1 to ${DEFAULT_MAX_BATCH}`);
  const gasCap = o.gasCap ?? EIP7825_GAS_CAP;
  const contracts = connectContracts(o.manifest, provider);
  const ctx: TxContext = {
    contracts,
    provider,
    chainId: BigInt(o.manifest.chainId),
    gasCap,
    maxBatch,
    confirmations: o.confirmations ?? 1,
    gasHeadroomPercent: 20,
    fromBlock: o.manifest.contracts.DeviceRegistry.blockNumber,
    fees: o.fees,
  };
  const journal = openJournal(o.db);
  const registry = o.manifest.contracts.DataAnchorRegistry.address.toLowerCase();
  const anchorAt = { chainId: String(o.manifest.chainId), registry };
  const sender = createStepSender(o.wallet, ctx, journal, o.fees, o.hooks);
  const execute = createExecutor(provider, o.wallet.address, o.simulationGas ?? 1_000_000_000n);

  // A shipment's items never change once dispatched: cached; "not dispatched yet" is asked again.
  const dispatchedItems = new Map<bigint, { deviceIds: string[]; containers: bigint[] }>();
  const dispatched: DispatchedItems = async (shipmentId) => {
    const known = dispatchedItems.get(shipmentId);
    if (known) return known;
    try {
      const items = await retrying(() => shipmentItems(ctx, shipmentId));
      dispatchedItems.set(shipmentId, items);
      return items;
    } catch (error) {
      if (error instanceof SdkInputError) return undefined;
      throw error;
    }
  };

  async function lotKeysOf(events: readonly CaptureEvent[]): Promise<Map<string, bigint>> {
    const keys = new Map<string, bigint>();
    for (const op of events.flatMap((e) => e.ops)) {
      if (op.kind === "commission" && !keys.has(lotKeyId(op.gtin, op.lot)))
        keys.set(lotKeyId(op.gtin, op.lot), await retrying(() => contracts.devices.lotKeyOf(op.gtin, op.lot)));
    }
    return keys;
  }

  async function runNow(captureId: string, behaviour: CaptureErrorBehaviour, events: CaptureEvent[]) {
    checkEvents(captureId, events, journal.rows(captureId));
    for (const row of journal.rows(captureId)) await sender.reconcile(captureId, row);
    const byIndex = new Map(events.map((e) => [e.index, e]));
    const retried = new Set<string>();
    for (;;) {
      const rows = journal.rows(captureId).filter((r) => r.state !== "dropped");
      // Simulated refusals are journalled too: a rerun decides as the first run did, whatever the chain says now.
      const simulated = simulatedIn(rows);
      if (behaviour === "rollback" && (rows.some(isBad) || simulated.size > 0)) return outcomesOf(events, rows);
      const failed = new Set([...rows.filter(isBad).flatMap((r) => r.events), ...simulated.keys()]);
      const mined = rows.filter((r) => r.state === "mined").flatMap((r) => r.units);
      const units = unitsOf(events, mined).filter((u) => !failed.has(u.event));
      if (units.length === 0) return outcomesOf(events, rows);
      const lotKeys = await lotKeysOf(events);
      const plan: Planner = (u, isolated, chunkLimits) =>
        planSteps({ contracts, maxBatch, events: byIndex, lotKeys, isolated, chunkLimits, dispatched }, u);
      const simulation = await simulateDocument(execute, plan, units, gasCap);
      if (simulation.failures.size > 0) {
        simulation.failures.forEach((failure, e) =>
          journal.add(captureId, { fn: "simulation", units: [], events: [e], state: "simulated", failure }),
        );
        if (behaviour === "rollback") continue;
      }
      await o.hooks?.afterSimulation?.();
      let nonce = await sender.nextNonce();
      let replan = false;
      for (const step of simulation.steps) {
        const sent = await sender.send(captureId, step, nonce);
        if ("refused" in sent) {
          // A grouped call refused at send time: simulate again from the state now, which finds the event at fault
          // (under rollback, the loop then stops there); refused again after that, all its events fail.
          const key = JSON.stringify(step.units);
          if (step.events.length === 1 || retried.has(key)) {
            journal.add(captureId, { ...step, state: "refused", failure: sent.refused });
          } else retried.add(key);
          replan = true;
          break;
        }
        nonce++;
        if (sent.state !== "mined") {
          replan = true;
          break;
        }
      }
      if (!replan) return outcomesOf(events, journal.rows(captureId));
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(captureId, behaviour, events) {
      const result = queue.then(() =>
        runNow(captureId, behaviour, events)
          .then((outcomes) => withAnchors(provider, contracts, anchorAt, events, journal.rows(captureId), outcomes))
          .catch(typedTransport),
      );
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
