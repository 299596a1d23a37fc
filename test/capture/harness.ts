/**
 * The capture tests' consortium: anvil (paris, zero fees) with the system deployed and the root fixture's
 * organisations admitted, and capture gateways of its members (`startService({ capture })`, each with its own key
 * and SQLite file) driven over HTTP.
 */
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider } from "ethers";
import type { CaptureJobView, EventOutcome } from "../../src/capture";
import { createConfig } from "../../src/indexer/config";
import { createIndexer } from "../../src/indexer/sync/indexer";
import { verifyDatabase, type VerifyReport } from "../../src/indexer/verify/verify";
import type { Manifest } from "../../src/manifest";
import { startService, type Service } from "../../src/serve/server";
import { GLN } from "../fixtures";
import { devAccount } from "../deploy/support/consortium";
import { startAnvil, type AnvilNode } from "../indexer/helpers/anvil";
import { admitConsortium, MEMBER_ORDER, membersOf, type Members } from "../indexer/helpers/consortium";
import { deployWithEthers } from "../indexer/helpers/deploy";
import type { System } from "../fixtures";
import { EPCIS_SCHEMA } from "../helpers/standards";
import { epcisDocument, type EpcisDocument, type EpcisEvent } from "./documents";

export type Member = Exclude<keyof Members, "admin">;

/** The GLN-13 of a member organisation. */
export const glnOf = (member: keyof typeof GLN): string => GLN[member].toString().padStart(13, "0");

/** The private key of a member's account (anvil's development mnemonic, in `MEMBER_ORDER`). */
export const keyOf = (member: Member): string => devAccount(MEMBER_ORDER.indexOf(member)).privateKey;

export interface CaptureChain {
  node: AnvilNode;
  provider: JsonRpcProvider;
  system: System;
  manifest: Manifest;
  members: Members;
  dir: string;
  close(): Promise<void>;
}

/** Starts anvil with zero fees, deploys the system and admits the root fixture's consortium. */
export async function captureChain(extraArgs: string[] = []): Promise<CaptureChain> {
  const node = await startAnvil(["--accounts", "12", "--gas-price", "0", ...extraArgs]);
  const provider = new JsonRpcProvider(node.url, undefined, {
    staticNetwork: true,
    pollingInterval: 20,
    cacheTimeout: -1,
  });
  try {
    const members = membersOf(await provider.listAccounts());
    const { system, manifest } = await deployWithEthers(members.admin, "capture-test");
    await admitConsortium(system, members);
    const dir = mkdtempSync(join(tmpdir(), "udi-capture-"));
    return {
      node,
      provider,
      system,
      manifest,
      members,
      dir,
      close: async () => {
        provider.destroy();
        await node.stop();
      },
    };
  } catch (error) {
    provider.destroy();
    await node.stop();
    throw error;
  }
}

export type Job = CaptureJobView;

/** An HTTP answer: status, headers and the JSON body (undefined when empty). */
export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { [k: string]: unknown };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A running capture gateway of one organisation, and the HTTP calls the tests make to it. */
export interface Gateway {
  url: string;
  dbPath: string;
  service: Service;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** POST /capture; the job id from its Location (fails the test unless 202). */
  capture(doc: EpcisDocument, behaviour?: "rollback" | "proceed"): Promise<string>;
  job(captureId: string): Promise<Job>;
  /** Polls GET /capture/{id} until the job stops running. */
  finished(captureId: string, timeoutMs?: number): Promise<Job>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET `url` until the job it answers stops running. */
export async function pollJob(url: string, timeoutMs = 600_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(url)).json()) as Job;
    if (!job.running) return job;
    if (Date.now() > deadline) throw new Error(`capture job ${url} still running after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Starts `member`'s gateway in process on `dbPath` (a fresh file unless given), against `rpcUrl` (the node's). */
export async function startGateway(
  chain: CaptureChain,
  member: Member,
  o: { rpcUrl?: string; dbPath?: string } = {},
): Promise<Gateway> {
  const dbPath = o.dbPath ?? join(mkdtempSync(join(chain.dir, `${member}-`)), "gateway.sqlite");
  const service = await startService({
    rpcUrl: o.rpcUrl ?? chain.node.url,
    manifest: chain.manifest,
    dbPath,
    logger: false,
    capture: { signerKey: keyOf(member), schemaPath: EPCIS_SCHEMA },
  });
  const url = service.url;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    answerOf(
      await fetch(url + path, {
        method: "POST",
        headers: { "content-type": "application/ld+json", ...headers },
        body: JSON.stringify(body),
      }),
    );
  const job = async (id: string) => (await answerOf(await fetch(`${url}/capture/${id}`))).body as unknown as Job;
  return {
    url,
    dbPath,
    service,
    post,
    async capture(doc, behaviour) {
      const answer = await post("/capture", doc, behaviour ? { "GS1-Capture-Error-Behaviour": behaviour } : {});
      expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
      const location = answer.headers.get("location") ?? "";
      expect(location).to.match(/^\/capture\/[\w-]+$/);
      return location.slice("/capture/".length);
    },
    job,
    finished: (id, timeoutMs) => pollJob(`${url}/capture/${id}`, timeoutMs),
    close: () => service.close(),
  };
}

/** Captures `events` as one document and returns the finished job. */
export async function captureAll(
  gateway: Gateway,
  events: EpcisEvent[],
  behaviour?: "rollback" | "proceed",
): Promise<Job> {
  return gateway.finished(await gateway.capture(epcisDocument(events), behaviour));
}

type Committed = Extract<EventOutcome, { status: "committed" }>;

/** The statuses of a job's outcomes, in document order. */
export const statuses = (job: Job): string[] => job.events.map((e) => e.status);

/**
 * Checks a committed outcome against the chain: its transaction succeeded in the block it names, and the log at its
 * log index was emitted by that transaction. Returns the log.
 */
export async function expectOnChain(provider: JsonRpcProvider, outcome: EventOutcome) {
  expect(outcome.status, JSON.stringify(outcome)).to.equal("committed");
  const c = outcome as Committed;
  const receipt = await provider.getTransactionReceipt(c.txHash);
  expect(receipt, `receipt of ${c.txHash}`).to.not.equal(null);
  expect([receipt!.status, receipt!.blockNumber]).to.deep.equal([1, c.blockNumber]);
  const log = receipt!.logs.find((l) => l.index === c.logIndex);
  expect(log, `log ${c.logIndex} of ${c.txHash}`).to.not.equal(undefined);
  return log!;
}

/** Indexes the chain into a fresh database and runs `verify` on it. */
export async function indexAndVerify(chain: CaptureChain): Promise<VerifyReport> {
  const dbPath = join(mkdtempSync(join(chain.dir, "verify-")), "index.sqlite");
  const config = createConfig({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath });
  const indexer = createIndexer(config);
  await indexer.run();
  indexer.store.close();
  return verifyDatabase({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath });
}

/**
 * How many times each device (`gtin/serial`) was commissioned on chain: one per DeviceCommissioned log and one per
 * serial of each DevicesCommissioned (batch) log.
 */
export async function commissionCounts(chain: CaptureChain): Promise<Map<string, number>> {
  const { devices } = chain.system;
  const counts = new Map<string, number>();
  const add = (gtin: bigint, serial: string) => {
    const key = `${gtin.toString().padStart(14, "0")}/${serial}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const log of await devices.queryFilter(devices.filters.DeviceCommissioned()))
    add(log.args.gtin, log.args.serial);
  for (const log of await devices.queryFilter(devices.filters.DevicesCommissioned())) {
    for (const serial of log.args.serials) add(log.args.gtin, serial);
  }
  return counts;
}

/** The name of the contract event a log is, decoded with the registries' and lifecycle's ABIs. */
export function eventName(chain: CaptureChain, log: { topics: readonly string[]; data: string }): string | undefined {
  for (const c of [chain.system.devices, chain.system.lifecycle]) {
    const parsed = c.interface.parseLog(log);
    if (parsed) return parsed.name;
  }
  return undefined;
}

/** The chain's head block and the device registry's and lifecycle's ledger heads: equal before and after means nothing was written. */
export async function ledgerMark(chain: CaptureChain): Promise<unknown[]> {
  const { devices, lifecycle } = chain.system;
  return [await chain.provider.getBlockNumber(), ...(await devices.ledgerHead()), ...(await lifecycle.ledgerHead())];
}
