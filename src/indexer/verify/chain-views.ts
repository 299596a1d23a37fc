import { Interface, type Result } from "ethers";
import { CONTRACT_NAMES, deployedNames, type DeployedName, type Manifest } from "../../manifest";
import { CONTRACT_ABIS } from "../decode/abi-table";
import { deviceStates } from "../projections/device-state";
import type { Chain } from "../rpc/chain";
import type { Sql } from "../store/sql";
import { governanceChecks } from "./governance-views";

type Expected = Record<string, string | number | boolean>;

/** One view call and what the projections say it must return. */
export interface ViewCheck {
  contract: DeployedName;
  fn: string;
  args: unknown[];
  /** Field → value for struct returns; `{ value }` for a single return value. */
  expected: Expected;
}

/** Projections checked against on-chain views: how many calls, and every difference found. */
export interface ViewComparison {
  checked: number;
  differences: string[];
}

const norm = (value: unknown): string =>
  typeof value === "string" ? value.toLowerCase() : typeof value === "bigint" ? value.toString() : String(value);

/** The view calls that pin every projected entity to the chain's state. */
function checksOf(sql: Sql, blockTime: number): ViewCheck[] {
  const checks: ViewCheck[] = [];
  const add = (contract: DeployedName, fn: string, args: unknown[], expected: Expected) =>
    checks.push({ contract, fn, args, expected });
  for (const d of deviceStates(sql, blockTime)) {
    const { deviceId, serial, ...state } = d;
    void serial;
    add("DeviceRegistry", "deviceState", [deviceId], state);
  }
  for (const c of sql.all<Record<string, string | number>>("SELECT * FROM containers")) {
    add("DeviceRegistry", "container", [c.sscc], {
      custodian: c.custodian,
      status: c.status,
      key: c.key,
      lotKey: c.lot_key,
      shipment: c.shipment,
      deviceCount: c.device_count,
      holdMark: c.hold_mark,
    });
  }
  for (const s of sql.all<Record<string, string | number>>("SELECT * FROM shipments")) {
    add("DeviceRegistry", "shipment", [s.shipment_id], {
      sender: s.sender,
      recipient: s.recipient,
      status: s.status,
      excursion: s.excursion === 1,
      itemCount: s.item_count,
    });
  }
  for (const l of sql.all<Record<string, string | number>>("SELECT * FROM lots")) {
    add("DeviceRegistry", "lot", [l.lot_key], {
      gtin: l.gtin,
      manufacturer: l.manufacturer,
      manufacturedAt: l.manufactured_at,
      expiresAt: l.expires_at,
      holdMark: l.hold_mark,
    });
  }
  const products = sql.all<Record<string, string | number | null>>(
    "SELECT p.*, h.recall_id, h.scope, h.return_to FROM products p LEFT JOIN holds h ON h.gtin = p.gtin",
  );
  for (const p of products) {
    add("ProductRegistry", "product", [p.gtin], {
      manufacturer: p.manufacturer as string,
      tracked: p.tracked === 1,
      implantable: p.implantable === 1,
      metadataHash: p.metadata_hash as string,
    });
    add("DeviceRegistry", "hold", [p.gtin], {
      recallId: p.recall_id ?? 0,
      scope: p.scope ?? 0,
      returnTo: p.return_to ?? "0",
    });
  }
  for (const r of sql.all<Record<string, string | number>>("SELECT * FROM recalls")) {
    add("RecallRegistry", "recall", [r.recall_id], {
      gtin: r.gtin,
      issuer: r.issuer,
      returnTo: r.return_to,
      status: r.status,
      recallClass: r.recall_class,
      action: r.action,
      scope: r.scope,
    });
  }
  for (const a of sql.all<{ recall_id: number; gln: string }>("SELECT recall_id, gln FROM recall_acks")) {
    add("RecallRegistry", "hasAcknowledged", [a.recall_id, a.gln], { value: true });
  }
  for (const r of sql.all<Record<string, string | number>>("SELECT * FROM recall_dispositions")) {
    add("RecallRegistry", "dispositionOf", [r.recall_id, r.device_id], { value: r.disposition });
  }
  const organisations = sql.all<Record<string, string | number>>(
    "SELECT o.*, (SELECT COUNT(*) FROM accounts a WHERE a.gln = o.gln) AS account_count FROM organisations o",
  );
  for (const o of organisations) {
    add("ConsortiumDirectory", "organisation", [o.gln], {
      status: o.status,
      roles: o.roles,
      accountCount: o.account_count,
    });
  }
  for (const a of sql.all<{ address: string; gln: string }>("SELECT * FROM accounts")) {
    add("ConsortiumDirectory", "organisationOf", [a.address], { value: a.gln });
  }
  for (const r of sql.all<{ role: string; account: string }>("SELECT * FROM admin_roles")) {
    add("ConsortiumDirectory", "hasRole", [r.role, r.account], { value: true });
  }
  for (const a of sql.all<Record<string, string | number>>("SELECT * FROM anchors")) {
    add("DataAnchorRegistry", "anchorOf", [a.anchor_id], {
      root: a.root,
      organisation: a.organisation,
      windowStart: a.window_start,
      windowEnd: a.window_end,
      recordCount: a.record_count,
      target: a.target,
      excursion: a.excursion === 1,
    });
  }
  for (const s of sql.all<{ device_id: string; image_hash: string }>("SELECT * FROM software")) {
    add("DeviceLifecycle", "softwareOf", [s.device_id], { value: s.image_hash });
  }
  for (const s of sql.all<Record<string, string | number>>("SELECT * FROM service_authorisations")) {
    add("DeviceLifecycle", "isAuthorisedServicer", [s.custodian, s.provider], { value: s.authorised === 1 });
  }
  const paused = new Map(
    sql.all<{ contract: string; paused: number }>("SELECT * FROM paused").map((p) => [p.contract, p.paused]),
  );
  for (const name of CONTRACT_NAMES) add(name, "paused", [], { value: paused.get(name) === 1 });
  return [...checks, ...governanceChecks(sql)];
}

/** Calls every view at `blockNumber` (batched) and lists where the projections and the chain differ. */
export async function compareWithChain(
  chain: Chain,
  sql: Sql,
  manifest: Manifest,
  blockNumber: number,
  blockTime: number,
): Promise<ViewComparison> {
  const interfaces = Object.fromEntries(
    deployedNames(manifest).map((n) => [n, new Interface(CONTRACT_ABIS[n] as never)]),
  );
  const checks = checksOf(sql, blockTime);
  const requests = checks.map((c) => ({
    to: manifest.contracts[c.contract]!.address,
    data: interfaces[c.contract].encodeFunctionData(c.fn, c.args),
  }));
  const results = await chain.calls(requests, blockNumber);
  const differences: string[] = [];
  checks.forEach((check, i) => {
    const decoded: Result = interfaces[check.contract].decodeFunctionResult(check.fn, results[i]);
    // One output (a value or a struct) is read from itself; several (proposalVotes) by name from the result.
    const value = decoded.length === 1 ? (decoded[0] as Result | unknown) : decoded;
    const label = `${check.contract}.${check.fn}(${check.args.map(String).join(", ")})`;
    for (const [field, expected] of Object.entries(check.expected)) {
      const actual = field === "value" ? value : (value as Result)[field];
      if (norm(actual) !== norm(expected)) {
        differences.push(`${label}.${field}: indexed ${norm(expected)}, chain ${norm(actual)}`);
      }
    }
  });
  return { checked: checks.length, differences };
}
