import { Interface, type Result } from "ethers";
import { CONTRACT_NAMES, deployedNames, type ContractName, type DeployedName, type Manifest } from "../../manifest";
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

type Row = Record<string, string | number | null>;

/** A view's expected struct from a row: each field (space-separated) from its snake_case column; `name?` is a 0/1
 * column read as a boolean. */
function columns(row: Row, fields: string): Expected {
  const expected: Expected = {};
  for (const field of fields.split(" ")) {
    const name = field.replace("?", "");
    const value = row[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as string | number;
    expected[name] = field.endsWith("?") ? value === 1 : value;
  }
  return expected;
}

/** Struct views read from one table each: contract, view, table, the key column, the struct's fields. */
const ROW_VIEWS: readonly [ContractName, string, string, string, string][] = [
  ["DeviceRegistry", "container", "containers", "sscc", "custodian status key lotKey shipment deviceCount holdMark"],
  ["DeviceRegistry", "shipment", "shipments", "shipment_id", "sender recipient status excursion? itemCount"],
  ["DeviceRegistry", "lot", "lots", "lot_key", "gtin manufacturer manufacturedAt expiresAt holdMark"],
  ["RecallRegistry", "recall", "recalls", "recall_id", "gtin issuer returnTo status recallClass action scope"],
  [
    "DataAnchorRegistry",
    "anchorOf",
    "anchors",
    "anchor_id",
    "root organisation windowStart windowEnd recordCount target excursion?",
  ],
];

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
  for (const [contract, fn, table, key, fields] of ROW_VIEWS) {
    for (const row of sql.all<Row>(`SELECT * FROM ${table}`)) add(contract, fn, [row[key]], columns(row, fields));
  }
  const products = sql.all<Row>(
    "SELECT p.*, h.recall_id, h.scope, h.return_to FROM products p LEFT JOIN holds h ON h.gtin = p.gtin",
  );
  for (const p of products) {
    add("ProductRegistry", "product", [p.gtin], columns(p, "manufacturer tracked? implantable? metadataHash"));
    add("DeviceRegistry", "hold", [p.gtin], {
      recallId: p.recall_id ?? 0,
      scope: p.scope ?? 0,
      returnTo: p.return_to ?? "0",
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
