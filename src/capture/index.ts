/**
 * The EPCIS 2.0 capture gateway of one member organisation: documents and events are validated against GS1's
 * schema, mapped to ledger operations (mapping), simulated and sent with the organisation's key (engine), and
 * tracked as capture jobs (jobs, gateway). `serve --capture` runs it; `openCaptureGateway` builds it.
 */
import { JsonRpcProvider, Wallet } from "ethers";
import type { EIP1193Provider } from "hardhat/types";
import { quoteFees } from "../deploy/fees";
import { CaptureSignerError } from "./errors";
import { gln13 } from "../gs1";
import type { Manifest } from "../manifest";
import { connectContracts } from "../sdk/contracts";
import { createCaptureEngine } from "./engine";
import { createCaptureGateway, type CaptureGateway, type CaptureGatewayOptions, type CaptureLimits } from "./gateway";
import { openCaptureJobStore } from "./jobs";
import { createDocumentValidator } from "./validate";

export { createCaptureGateway, type CaptureGateway, type CaptureLimits, type Submitter } from "./gateway";
export { openCaptureJobStore, type CaptureJobStore, type CaptureJobView } from "./jobs";
export { CaptureSignerError, EpcisSchemaError } from "./errors";
export { sensorTree } from "./engine";
export { mapEvent } from "./mapping";
export { createDocumentValidator, type DocumentValidator, type SchemaViolation } from "./validate";
export type * from "./types";

/** Events and bytes one request may carry by default. */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { events: 10_000, bytes: 16 * 1024 * 1024 };

export interface CaptureGatewaySetup {
  rpcUrl: string;
  manifest: Manifest;
  /** The service's SQLite file: jobs and the transaction journal live beside the index. */
  dbPath: string;
  /** The organisation's account key (hex), from the environment: never from a file in the repository. */
  signerKey: string;
  /** GS1's EPCIS 2.0 JSON Schema file. */
  schemaPath: string;
  limits?: Partial<CaptureLimits>;
  log: CaptureGatewayOptions["log"];
}

/** A gateway ready to start, the organisation it signs for, and `close()` for its connections. */
export interface OpenedGateway {
  gateway: CaptureGateway;
  organisation: string;
  account: string;
  close(): void;
}

/**
 * Builds a gateway: checks the schema and the key, reads which organisation the key's account belongs to (it must
 * belong to one: the chain decides the rest), opens the job store and the engine.
 */
export async function openCaptureGateway(setup: CaptureGatewaySetup): Promise<OpenedGateway> {
  const validate = createDocumentValidator(setup.schemaPath);
  // No result cache (ethers keeps answers 250 ms by default): a receipt polled for right after the broadcast would
  // answer null from the cache for 250 ms, adding that to every transaction of a job.
  const provider = new JsonRpcProvider(setup.rpcUrl, undefined, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
  });
  let wallet: Wallet;
  try {
    wallet = new Wallet(setup.signerKey, provider);
  } catch {
    throw new CaptureSignerError("is not a private key (32 bytes of hex)");
  }
  const directory = connectContracts(setup.manifest, provider).directory;
  const gln = await directory.organisationOf(wallet.address);
  if (gln === 0n)
    throw new CaptureSignerError(`its account ${wallet.address} belongs to no organisation of the directory`);
  const store = openCaptureJobStore(setup.dbPath);
  // Zero fees on a free-gas chain, else what the chain asks: the rules the deployment follows (deploy/fees.ts).
  const eip1193 = { request: (r: { method: string; params?: unknown[] }) => provider.send(r.method, r.params ?? []) };
  const engine = createCaptureEngine({
    wallet,
    manifest: setup.manifest,
    db: store.db,
    fees: async () => (await quoteFees(eip1193 as EIP1193Provider, "auto")).overrides,
  });
  const gateway = createCaptureGateway({
    store,
    engine,
    validate,
    limits: { ...DEFAULT_CAPTURE_LIMITS, ...setup.limits },
    organisation: gln13(gln),
    log: setup.log,
  });
  return {
    gateway,
    organisation: gln13(gln),
    account: wallet.address,
    close() {
      store.close();
      provider.destroy();
    },
  };
}
