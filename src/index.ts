/**
 * `udi-ledger`: the typed client of a udi-ledger deployment (`createClient`), its inputs, errors and views, and the
 * deployment manifest it reads. GS1 parsing is `udi-ledger/gs1`, the audit indexer `udi-ledger/indexer`, the
 * contracts' ABIs, bytecode and facts `udi-ledger/contracts`.
 */
export * from "./sdk";
export { isRetryable, UdiLedgerError, type ErrorDetails, type UdiLedgerErrorOptions } from "./errors";
export {
  CONTRACT_NAMES,
  ManifestError,
  parseManifest,
  readManifest,
  type ContractName,
  type DeployedContract,
  type Manifest,
} from "./manifest";
