import { fieldErrorBase, UdiLedgerError } from "../errors";

/**
 * Typed indexer errors, split into retryable (a transport fault: try again later) and permanent (retrying cannot help)
 * classes, after Ponder's BaseError hierarchy. Every message names the field or call and the offending value.
 */
export abstract class IndexerError extends UdiLedgerError {}

/** An indexer error that may pass when tried again (a transport fault, a lagging node). */
export abstract class RetryableIndexerError extends IndexerError {
  readonly retryable = true;
}

/** An indexer error that retrying cannot help: the input, the configuration or the chain must change first. */
export abstract class PermanentIndexerError extends IndexerError {
  readonly retryable = false;
}

/** A timeout, a dropped connection, HTTP 429 or 5xx, a node that does not know a block yet: worth retrying. */
export class RpcTransportError extends RetryableIndexerError {
  readonly code = "RPC_TRANSPORT";
  constructor(
    readonly method: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${method}: ${reason}`, { details: { method, reason, status } });
  }
}

/** A JSON-RPC error the node will keep returning (unknown method, invalid params, reverted call). */
export class RpcPermanentError extends PermanentIndexerError {
  readonly code = "RPC_PERMANENT";
  constructor(
    readonly method: string,
    /** The JSON-RPC error code (or HTTP status) the node answered. */
    readonly rpcCode: number | undefined,
    readonly reason: string,
  ) {
    super(`${method}: error ${rpcCode ?? "(no code)"}: ${reason}`, { details: { method, rpcCode, reason } });
  }
}

/** `eth_getLogs` refused a range (block-range cap or result cap): shrink it, do not retry it as is. */
export class RangeTooLargeError extends PermanentIndexerError {
  readonly code = "RANGE_TOO_LARGE";
  constructor(
    readonly fromBlock: number,
    readonly toBlock: number,
    readonly reason: string,
    readonly suggestedToBlock?: number,
  ) {
    super(`eth_getLogs range ${fromBlock}–${toBlock} too large: ${reason}`, {
      details: { fromBlock, toBlock, reason, suggestedToBlock },
    });
  }
}

/** The node's head is behind blocks already indexed, with no block hash changed: a lagging node, not a reorg. */
export class StaleHeadError extends RetryableIndexerError {
  readonly code = "STALE_HEAD";
  constructor(
    readonly head: number,
    readonly checkpoint: number,
  ) {
    super(`node head ${head} is behind the indexed block ${checkpoint} with no hash changed (stale node)`, {
      details: { head, checkpoint },
    });
  }
}

/** A reorg would roll back more blocks than the configured unfinalised window: refuse, loudly. */
export class ReorgTooDeepError extends PermanentIndexerError {
  readonly code = "REORG_TOO_DEEP";
  constructor(
    readonly checkpoint: number,
    readonly window: number,
    readonly ancestor: number | undefined,
  ) {
    super(
      ancestor === undefined
        ? `reorg: no common ancestor within ${window} blocks of indexed block ${checkpoint}; refusing to roll back`
        : `reorg depth ${checkpoint - ancestor} (to block ${ancestor}) exceeds the window of ${window} blocks; refusing`,
      { details: { checkpoint, window, ancestor } },
    );
  }
}

/** A log that does not decode against the event layout its topic0 names. */
export class DecodeError extends PermanentIndexerError {
  readonly code = "DECODE";
  constructor(
    readonly event: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`decoding ${event}.${field}: ${reason}`, { details: { event, field, reason } });
  }
}

/** The database, the manifest and the node disagree about what is being indexed (chain id, deployment, addresses). */
export class IndexerConfigError extends fieldErrorBase<string>(
  PermanentIndexerError,
  (field, value, reason) => `${field} = ${value}: ${reason}`,
) {
  readonly code = "INDEXER_CONFIG";
}

/** A command-line argument or query parameter that names nothing valid (a UDI, a GLN, a date). */
export class InvalidArgumentError extends fieldErrorBase<string>(
  PermanentIndexerError,
  (field, value, reason) => `${field} "${value}": ${reason}`,
) {
  readonly code = "INVALID_ARGUMENT";
}

/** The fetch worker thread failed or exited; what it was fetching must be fetched again by a new indexer run. */
export class FetchWorkerError extends PermanentIndexerError {
  readonly code = "FETCH_WORKER";
  constructor(readonly reason: string) {
    super(reason, { details: { reason } });
  }
}

/** A well-formed argument that names nothing the index holds (a device, lot, shipment or recall): a 404, not a 400. */
export class NotIndexedError extends InvalidArgumentError {}

/** The database server cannot be reached, or its connection was lost (a restart): worth retrying. */
export class StoreUnavailableError extends RetryableIndexerError {
  readonly code = "STORE_UNAVAILABLE";
  constructor(
    /** The database, its password redacted. */
    readonly store: string,
    readonly reason: string,
  ) {
    super(`database ${store} unavailable: ${reason}`, { details: { store, reason } });
  }
}

/**
 * The database server refused what was asked: a wrong password, a missing database or schema, no permission, a
 * statement it rejects. Retrying cannot help.
 */
export class StoreError extends PermanentIndexerError {
  readonly code = "STORE";
  constructor(
    /** The database, its password redacted. */
    readonly store: string,
    readonly reason: string,
    /** PostgreSQL's SQLSTATE, when it gave one. */
    readonly sqlState: string | null = null,
  ) {
    super(`database ${store}: ${reason}`, { details: { store, reason, sqlState } });
  }
}

/** The database was written by a newer udi-ledger (a schema version this one does not know): refused, unchanged. */
export class StoreVersionError extends PermanentIndexerError {
  readonly code = "STORE_VERSION";
  constructor(
    readonly store: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `database ${store} has schema version ${found}, written by a newer udi-ledger (this one knows up to ${supported}): upgrade udi-ledger`,
      { details: { store, found, supported } },
    );
  }
}

/** Another process indexes this database (it holds the indexer's lock): one writer at a time. */
export class StoreLockedError extends RetryableIndexerError {
  readonly code = "STORE_LOCKED";
  constructor(readonly store: string) {
    super(`database ${store} is being indexed by another process (it holds the indexer lock)`, { details: { store } });
  }
}
