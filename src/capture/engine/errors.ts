import { PermanentError } from "../../errors";

/**
 * The document needs more gas to simulate than the node lets one `eth_call` use (Geth's --rpc.gascap, 50M by default;
 * Besu's --rpc-gas-cap; anvil and Hardhat: the block gas limit unless configured). Nothing was sent: raise the node's
 * cap or `simulationGas`, or split the document.
 */
export class SimulationGasError extends PermanentError {
  readonly code = "SIMULATION_GAS";
  /** `executed`: the calls that ran before the gas ran out; undefined when the node stopped the whole eth_call. */
  constructor(
    readonly gas: bigint,
    readonly calls: number,
    readonly executed?: number,
  ) {
    const where = executed === undefined ? "" : ` after ${executed} of ${calls} calls`;
    super(
      `simulating the document's ${calls} calls ran out of gas${where} with ${gas} gas: raise the node's eth_call ` +
        `gas cap or simulationGas, or split the document`,
      { details: { gas, calls, executed } },
    );
  }
}

/**
 * The journal of a capture holds what this run cannot reconcile: a transaction whose nonce another transaction took,
 * or events that are not the journalled capture's. Permanent: an operator must look at the journal.
 */
export class CaptureJournalError extends PermanentError {
  readonly code = "CAPTURE_JOURNAL";
  constructor(
    readonly captureId: string,
    readonly reason: string,
  ) {
    super(`capture ${captureId}: ${reason}`, { details: { captureId, reason } });
  }
}
