/**
 * `udi-ledger/serve`: the HTTP audit service — point-of-use checks, audit resources, recall status reports and the
 * EPCIS 2.0 query interface over an indexed database (`createServeApp`, a Fastify app), the service with its
 * following indexer (`startService`), and its bearer tokens (`addToken`, `revokeToken`, `readTokens`).
 */
export { createServeApp, type ServeAppOptions } from "./app";
export { SIGNATURE_HEADER, signAlert, verifyAlertSignature } from "./alerts/signature";
export { DEFAULT_DELIVERY, retryDelay, type DeliveryPolicy } from "./alerts/delivery";
export { startService, type Service, type ServiceOptions } from "./server";
export { decide, type CheckReason, type CheckResult } from "./check";
export { epcMatch, type EpcMatch } from "./epc";
export { parseEventsQuery, queryDocument, type EventsQuery, QUERY_PARAMETER_EXCEPTION } from "./epcis-query";
export { organisationNames, readOrganisations, type Organisations } from "./organisations";
export { HttpProblem, PROBLEM_CONTENT_TYPE, type Problem } from "./problems";
export { recallStatus, type Consignee } from "./recall-status";
export {
  addToken,
  hashToken,
  parseScopes,
  readTokens,
  revokeToken,
  SCOPES,
  TokensError,
  type Scope,
  type StoredToken,
  type TokensFile,
} from "./tokens";
export type { Caller } from "./auth";
export type { IndexerStatus } from "./context";
