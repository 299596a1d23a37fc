/**
 * Typed indexer errors, split into retryable (a transport fault: try again later) and permanent (retrying cannot help),
 * after Ponder's BaseError hierarchy. Every message names the field or call and the offending value.
 */
export class IndexerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A timeout, a dropped connection, HTTP 429 or 5xx, a node that does not know a block yet: worth retrying. */
export class RpcTransportError extends IndexerError {
  constructor(
    readonly method: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${method}: ${reason}`, true);
  }
}

/** A JSON-RPC error the node will keep returning (unknown method, invalid params, reverted call). */
export class RpcPermanentError extends IndexerError {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    readonly reason: string,
  ) {
    super(`${method}: error ${code ?? "(no code)"}: ${reason}`, false);
  }
}

/** `eth_getLogs` refused a range (block-range cap or result cap): shrink it, do not retry it as is. */
export class RangeTooLargeError extends IndexerError {
  constructor(
    readonly fromBlock: number,
    readonly toBlock: number,
    readonly reason: string,
    readonly suggestedToBlock?: number,
  ) {
    super(`eth_getLogs range ${fromBlock}–${toBlock} too large: ${reason}`, false);
  }
}

/** The node's head is behind blocks already indexed, with no block hash changed: a lagging node, not a reorg. */
export class StaleHeadError extends IndexerError {
  constructor(
    readonly head: number,
    readonly checkpoint: number,
  ) {
    super(`node head ${head} is behind the indexed block ${checkpoint} with no hash changed (stale node)`, true);
  }
}

/** A reorg would roll back more blocks than the configured unfinalised window: refuse, loudly. */
export class ReorgTooDeepError extends IndexerError {
  constructor(
    readonly checkpoint: number,
    readonly window: number,
    readonly ancestor: number | undefined,
  ) {
    super(
      ancestor === undefined
        ? `reorg: no common ancestor within ${window} blocks of indexed block ${checkpoint}; refusing to roll back`
        : `reorg depth ${checkpoint - ancestor} (to block ${ancestor}) exceeds the window of ${window} blocks; refusing`,
      false,
    );
  }
}

/** The database, the manifest and the node disagree about what is being indexed (chain id, deployment, addresses). */
export class IndexerConfigError extends IndexerError {
  constructor(
    readonly field: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${field} = ${value}: ${reason}`, false);
  }
}

/** A log that does not decode against the event layout its topic0 names. */
export class DecodeError extends IndexerError {
  constructor(
    readonly event: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`decoding ${event}.${field}: ${reason}`, false);
  }
}

/** True when `error` is worth retrying. Unknown errors are permanent. */
export const isRetryable = (error: unknown): boolean => error instanceof IndexerError && error.retryable;

/** A command-line argument or query parameter that names nothing valid (a UDI, a GLN, a date). */
export class InvalidArgumentError extends IndexerError {
  constructor(
    readonly field: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${field} "${value}": ${reason}`, false);
  }
}
