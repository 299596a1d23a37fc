import { ZeroHash } from "ethers";
import { Gs1Error, parseEpc, type EpcKey } from "../../gs1";
import { DOCUMENT_URN } from "../../indexer/exports/epcis-events";
import { canonicalJson, recordHash, RecordInputError } from "../../records";
import type { DeviceRef } from "../types";
import { refuse } from "./refusal";

/** An EPCIS event as the mapping reads it: its members by name. */
export type EpcisEvent = Readonly<Record<string, unknown>>;

/** The objects an event names: serialised devices (SGTINs) and containers (SSCCs). */
export interface Items {
  devices: DeviceRef[];
  containers: string[];
}

/** Reads one EPC at `field` (an EPC URN or a Digital Link URI), refusing it with the parser's reason. */
export function epcAt(value: unknown, field: string): EpcKey {
  if (typeof value !== "string") return refuse(field, "must be an EPC URN or a GS1 Digital Link URI (text)");
  try {
    return parseEpc(value, field);
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    // A URN's refusal names this field already; a Digital Link's names the AI that is wrong.
    const what = error.field === field ? "" : `${error.ai ? `AI (${error.ai}) ` : ""}${error.field} `;
    return refuse(field, `${JSON.stringify(value)}: ${what}${error.detail}`, error);
  }
}

const CLASS_KINDS = new Set(["lgtin", "gtin", "gtinPattern"]);

/**
 * The devices and containers of the EPC list `member`: present, not empty, no EPC twice, instances only (the ledger
 * tracks serialised devices, never classes or quantities), and containers only where `containers` allows them.
 */
export function itemsOf(event: EpcisEvent, member: string, containers: boolean): Items {
  const list = event[member];
  if (list === undefined) return refuse(member, "is missing: the ledger records what happens to named objects");
  if (!Array.isArray(list)) return refuse(member, "must be a list of EPCs");
  if (list.length === 0) return refuse(member, "is empty: the ledger records what happens to named objects");
  const items: Items = { devices: [], containers: [] };
  const seen = new Map<string, number>();
  list.forEach((value, i) => {
    const field = `${member}[${i}]`;
    const key = epcAt(value, field);
    if (CLASS_KINDS.has(key.kind)) {
      refuse(field, `${JSON.stringify(value)} is an EPC class, not an instance: the ledger tracks serialised devices`);
    }
    if (key.kind === "sgln" || key.kind === "pgln") {
      refuse(field, `${JSON.stringify(value)} names a location or party, not an object`);
    }
    if (key.kind === "sscc" && !containers) {
      refuse(field, `${JSON.stringify(value)} is a container (SSCC): this operation takes serialised devices only`);
    }
    const id = key.kind === "sgtin" ? `${key.gtin}/${key.serial}` : key.kind === "sscc" ? key.sscc : "";
    const first = seen.get(id);
    if (first !== undefined) refuse(field, `names the same object as ${member}[${first}]`);
    seen.set(id, i);
    if (key.kind === "sgtin") items.devices.push({ gtin: key.gtin, serial: key.serial });
    if (key.kind === "sscc") items.containers.push(key.sscc);
  });
  return items;
}

/** The GLN-13 of a party or location (`urn:epc:id:pgln`/`sgln`, Digital Link `/417/` or `/414/`) at `field`. */
export function glnAt(value: unknown, field: string): string {
  const key = epcAt(value, field);
  if (key.kind === "pgln" || key.kind === "sgln") return key.gln;
  return refuse(field, `${JSON.stringify(value)} names no party or location GLN (pgln, sgln, /417/ or /414/)`);
}

/** keccak256 of the RFC 8785 canonical JSON of `value` (the records module's record hash). */
export function jsonHash(value: unknown, field: string): string {
  try {
    return recordHash(value);
  } catch (error) {
    if (!(error instanceof RecordInputError)) throw error;
    return refuse(field, `cannot be hashed as canonical JSON: ${error.field} ${error.reason}`, error);
  }
}

/**
 * A 32-byte commitment the event carries as the extension `member` (`udi:procedureCommitment`), else keccak256 of
 * the whole event's canonical JSON: the event commits to itself, and the gateway's caller can recompute it.
 */
export function commitmentOf(event: EpcisEvent, member: string): string {
  const given = event[member];
  if (given === undefined) return jsonHash(event, "(event)");
  if (typeof given !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(given)) {
    return refuse(member, "must be a 32-byte hash, 0x and 64 hex digits");
  }
  return given.toLowerCase();
}

const LEDGER_DOCUMENT = new RegExp(`^${DOCUMENT_URN}(0x[0-9a-fA-F]{64})$`);

/**
 * The hash a list holding the ledger's own document entry (`urn:udi-ledger:document:0x…`, as the EPCIS export writes
 * a shipment's hash) carries, so that a re-captured shipment keeps its hash; undefined when it holds none.
 */
function ledgerDocumentHash(list: unknown[]): string | undefined {
  const at = list.findIndex((entry) => {
    const id = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>).bizTransaction : null;
    return typeof id === "string" && id.startsWith(DOCUMENT_URN);
  });
  if (at < 0) return undefined;
  const field = `bizTransactionList[${at}]`;
  const m = LEDGER_DOCUMENT.exec((list[at] as Record<string, string>).bizTransaction);
  if (!m) return refuse(`${field}.bizTransaction`, `must be ${DOCUMENT_URN} and a 32-byte hash, 0x and 64 hex digits`);
  if (list.length > 1) {
    return refuse(
      field,
      "is the ledger's document hash: a shipment has one, and it cannot commit to other entries too",
    );
  }
  return m[1].toLowerCase();
}

/**
 * The shipment's document hash: the one a ledger document entry carries, else keccak256 of the canonical JSON of
 * `bizTransactionList`, its entries sorted by their own canonical JSON (their order says nothing); the zero hash when
 * the event lists no business transaction.
 */
export function documentHashOf(event: EpcisEvent): string {
  const list = event.bizTransactionList;
  if (list === undefined || (Array.isArray(list) && list.length === 0)) return ZeroHash;
  if (!Array.isArray(list)) return refuse("bizTransactionList", "must be a list of business transactions");
  const carried = ledgerDocumentHash(list);
  if (carried !== undefined) return carried;
  const sorted = list
    .map((entry, i) => ({ entry, key: canonicalJsonAt(entry, `bizTransactionList[${i}]`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.entry);
  return jsonHash(sorted, "bizTransactionList");
}

function canonicalJsonAt(value: unknown, field: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return refuse(field, "must be an object { type, bizTransaction }");
  }
  try {
    return canonicalJson(value);
  } catch (error) {
    if (!(error instanceof RecordInputError)) throw error;
    return refuse(field, `cannot be hashed as canonical JSON: ${error.reason}`, error);
  }
}
