import type { DeviceRef, LedgerOp } from "../types";
import { commitmentOf, epcAt, itemsOf, type EpcisEvent } from "./identifiers";
import { refuse } from "./refusal";

/** Each device of the event's EPC list (devices only): lifecycle operations take one device each. */
const devicesOf = (event: EpcisEvent): DeviceRef[] => itemsOf(event, "epcList", false).devices;

/**
 * `installing` → `install` at the care site the event's `bizLocation` names (an SGLN or a Digital Link `/414/`). The
 * procedure commitment is the event's `udi:procedureCommitment` (the hospital's salted commitment to its procedure
 * record) when given, else keccak256 of the event's canonical JSON: a commitment to the event itself, which holds no
 * patient data.
 */
export function mapInstalling(event: EpcisEvent): LedgerOp[] {
  const location = event.bizLocation;
  if (location === undefined) return refuse("bizLocation", "is missing: an installation needs its care site's GLN");
  if (typeof location !== "object" || location === null) return refuse("bizLocation", "must be an object { id }");
  const id = (location as Record<string, unknown>).id;
  const site = epcAt(id, "bizLocation.id");
  if (site.kind !== "sgln") return refuse("bizLocation.id", `${JSON.stringify(id)} is not a location (sgln or /414/)`);
  const careSite = site.gln;
  const procedureCommitment = commitmentOf(event, "udi:procedureCommitment");
  return devicesOf(event).map((device) => ({ kind: "install", device, careSite, procedureCommitment }));
}

/** `removing` → `explant`, with the procedure commitment as for installing. */
export function mapRemoving(event: EpcisEvent): LedgerOp[] {
  const procedureCommitment = commitmentOf(event, "udi:procedureCommitment");
  return devicesOf(event).map((device) => ({ kind: "explant", device, procedureCommitment }));
}

const OUTCOMES = {
  conformant: "Conformant",
  non_conformant: "NonConformant",
  needs_replacement: "NeedsReplacement",
} as const;

/** `inspecting`/`repairing` → `service`: the disposition is the outcome; the report hash is `udi:reportHash` or derived. */
export function mapService(event: EpcisEvent, disposition: string): LedgerOp[] {
  const outcome = OUTCOMES[disposition as keyof typeof OUTCOMES];
  const reportHash = commitmentOf(event, "udi:reportHash");
  return devicesOf(event).map((device) => ({ kind: "service", device, outcome, reportHash }));
}

/**
 * `repairing` without a disposition → `softwareUpdate`, as the EPCIS export writes a SoftwareUpdated: the new version
 * is `udi:softwareVersion` (text) and the installed image's hash `udi:imageHash`, both required (a software update
 * is a fact about the image, not derived from the event).
 */
export function mapSoftwareUpdate(event: EpcisEvent): LedgerOp[] {
  const version = event["udi:softwareVersion"];
  if (typeof version !== "string" || version.length === 0) {
    return refuse(
      "udi:softwareVersion",
      "is missing: a software update (repairing without disposition) names its version",
    );
  }
  if (event["udi:imageHash"] === undefined) {
    return refuse("udi:imageHash", "is missing: a software update commits to its image's hash (0x and 64 hex digits)");
  }
  const imageHash = commitmentOf(event, "udi:imageHash");
  return devicesOf(event).map((device) => ({ kind: "softwareUpdate", device, version, imageHash }));
}

/** `holding` → `quarantine`: the reason hash is `udi:reasonHash` or derived. */
export function mapHolding(event: EpcisEvent): LedgerOp[] {
  const reasonHash = commitmentOf(event, "udi:reasonHash");
  return devicesOf(event).map((device) => ({ kind: "quarantine", device, reasonHash }));
}

/** `holding` ended (release), `decommissioning`, `destroying`: the device alone. */
export const perDevice =
  (kind: "release" | "decommission" | "destroy") =>
  (event: EpcisEvent): LedgerOp[] =>
    devicesOf(event).map((device) => ({ kind, device }));
