import type { DeviceFacts } from "../indexer/queries/device-check";
import type { Organisations } from "./organisations";

/** Why a device must not be used here. */
export type CheckReason =
  | { code: "unknown"; detail: string }
  | { code: "recalled"; detail: string; recallId: number; recallClass: string; action: string }
  | { code: "quarantined" | "expired" | "decommissioned" | "destroyed" | "installed" | "in-transit"; detail: string }
  | { code: "held-elsewhere"; detail: string; custodian: string; here: string };

/** The answer of `GET /check/{udi}`: use it or not, why, and the facts it was decided on. */
export interface CheckResult {
  verdict: "ok" | "do-not-use";
  reasons: CheckReason[];
  deviceId: string;
  udi: string | null;
  status: string | null;
  product: DeviceFacts["product"] | null;
  lot: { lotNumber: string; expiry: string | null } | null;
  custodian: { gln: string; name: string | null } | null;
  /** The chain position the answer reflects. */
  asOf: { blockNumber: number; blockHash: string; blockTime: string };
}

const STATUS_REASONS: Record<string, CheckReason> = {
  Quarantined: { code: "quarantined", detail: "the device is quarantined" },
  Decommissioned: { code: "decommissioned", detail: "the device was decommissioned" },
  Destroyed: { code: "destroyed", detail: "the device was destroyed" },
  Installed: { code: "installed", detail: "the device is already installed" },
  InTransit: { code: "in-transit", detail: "the device is in transit: it has not been received" },
};

/**
 * Decides whether a device may be used at the organisation `here` (the caller's GLN; null: anywhere): every reason
 * that applies is listed, in the order a clinician should read them.
 */
export function decide(facts: DeviceFacts, here: string | null, names: Organisations): CheckResult {
  const asOf = {
    blockNumber: facts.asOf.number,
    blockHash: facts.asOf.hash,
    blockTime: new Date(facts.asOf.time * 1000).toISOString(),
  };
  if (!facts.known) {
    const detail = "unknown to the ledger: never commissioned by a consortium manufacturer (possible counterfeit)";
    return {
      verdict: "do-not-use",
      reasons: [{ code: "unknown", detail }],
      deviceId: facts.deviceId,
      udi: null,
      status: null,
      product: null,
      lot: null,
      custodian: null,
      asOf,
    };
  }
  const reasons: CheckReason[] = [];
  if (facts.recall) {
    const r = facts.recall;
    reasons.push({
      code: "recalled",
      detail: `under open recall ${r.id} (${r.recallClass}, ${r.action})`,
      recallId: r.id,
      recallClass: r.recallClass,
      action: r.action,
    });
  }
  const byStatus = STATUS_REASONS[facts.status!];
  if (byStatus) reasons.push(byStatus);
  if (facts.expired) reasons.push({ code: "expired", detail: `the lot expired on ${facts.lot!.expiresAt}` });
  if (here !== null && facts.custodian !== here && facts.status !== "InTransit")
    reasons.push({
      code: "held-elsewhere",
      detail: `held by ${names.label(facts.custodian!)}, not by ${names.label(here)}`,
      custodian: facts.custodian!,
      here,
    });
  return {
    verdict: reasons.length === 0 ? "ok" : "do-not-use",
    reasons,
    deviceId: facts.deviceId,
    udi: facts.udi!,
    status: facts.status!,
    product: facts.product!,
    lot: { lotNumber: facts.lot!.lotNumber, expiry: facts.lot!.expiresAt },
    custodian: { gln: facts.custodian!, name: names.name(facts.custodian!) },
    asOf,
  };
}
