import type {} from "@fastify/swagger"; // its FastifySchema fields (summary, tags) for every route
import type { FastifyRequest } from "fastify";
import type { Audit } from "../indexer/audit";
import type { VerifyReport } from "../indexer/verify/verify";
import type { CaptureGateway } from "../capture/gateway";
import type { AlertStore } from "./alerts/store";
import type { Authenticator, Caller } from "./auth";
import type { Organisations } from "./organisations";
import type { Scope } from "./tokens";

/** What the indexer of a serving process is doing, for /health. */
export interface IndexerStatus {
  following: boolean;
  /**
   * `leader`: this process's indexer writes the store (always, on SQLite). `follower`: another replica of a shared
   * database holds the writer lock; this one serves what the leader stored and takes over if the leader goes.
   */
  role: "leader" | "follower";
  /** The last indexer failure, when it is waiting to retry (the service keeps serving from the store). */
  lastError: string | null;
  restarts: number;
  /** Whether the last indexer run reached the RPC endpoint (`unknown` before the first one ends). */
  chain: "reachable" | "unreachable" | "unknown";
}

/** What every route module is given. */
export interface RouteContext {
  audit: Audit;
  organisations: Organisations;
  auth: Authenticator;
  /** Runs the ledger-head check against the chain; absent when the service has no RPC endpoint. */
  verify?: () => Promise<VerifyReport>;
  indexer: IndexerStatus;
  /** Subscriptions and the alert outbox; absent when the app serves a database it may not write (503). */
  alerts?: AlertStore;
  /** The operator's opt-in to non-public webhook targets (`serve --allow-private-webhooks`). */
  allowPrivateWebhooks: boolean;
  /** The EPCIS capture gateway (`serve --capture`): absent on a read-only service. */
  capture?: CaptureGateway;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a route requires; routes without one (/health, /openapi.json) are open. */
    scope?: Scope;
    /** The problem type of this route's refused query parameters (GS1's `QueryParameterException` on EPCIS queries). */
    parameterProblem?: { type: string; title: string };
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** The caller of a request that passed authentication (routes with a scope always have one). */
export const callerOf = (request: FastifyRequest): Caller => request.caller!;

/** The chain position an answer reflects, as responses show it. */
export const position = (asOf: { number: number; hash: string; time: number }) => ({
  blockNumber: asOf.number,
  blockHash: asOf.hash,
  blockTime: new Date(asOf.time * 1000).toISOString(),
});
