import fc from "fast-check";
import { GLN } from "../fixtures";
import { DEVICE_IDS, UNKNOWN_DEVICE, ACTOR_NAMES, GLNS, SSCCS } from "./universe";
import { RS, SS } from "./types";
import type { ModelState } from "./types";

/**
 * Choices that commands resolve against the model when they run: generated numbers become existing records most of
 * the time (so sequences go deep) and unknown ones sometimes (so refusals are exercised too).
 */

export const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

/** -1 stands for the command's natural actor (the custodian, recipient, issuer…); otherwise an index into the actors. */
export const actorArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(-1) },
  { weight: 1, arbitrary: fc.nat({ max: ACTOR_NAMES.length - 1 }) },
);

export const OUTSIDER = ACTOR_NAMES.indexOf("outsider");
const MANUFACTURER = ACTOR_NAMES.indexOf("manufacturer");

/** The signer index of the organisation's first account; when it has none (or there is no such organisation), the
 * manufacturer's signer, so that commands on unknown records still get past the membership check. */
export function accountOf(s: ModelState, gln: bigint, addresses: readonly string[]): number {
  const first = s.orgs.get(gln)?.accounts[0];
  const index = first === undefined ? -1 : addresses.indexOf(first);
  return index < 0 ? MANUFACTURER : index;
}

export const actorFor = (selector: number, natural: number): number => (selector < 0 ? natural : selector);

/** An existing device most of the time, otherwise any id of the pool (commissioned or not). */
export function pickDevice(s: ModelState, n: number): string {
  const existing = [...s.devices.keys()];
  if (existing.length === 0 || n % 8 === 7) return pick([...DEVICE_IDS, UNKNOWN_DEVICE], n >> 3);
  return pick(existing, n);
}

/** One of the three most recent records of a counter, or the next (unknown) id. */
export function pickRecent(count: number, n: number): bigint {
  if (count === 0 || n % 5 === 4) return BigInt(count + 1);
  return BigInt(Math.max(1, count - (n % 3)));
}

/** An open record (shipment in transit, open recall) most of the time, else one of the most recent or the next. */
export function pickOpen(ids: bigint[], count: number, n: number): bigint {
  if (ids.length > 0 && n % 4 !== 3) return pick(ids, n >> 2);
  return pickRecent(count, n >> 2);
}

export const pickShipment = (s: ModelState, n: number): bigint =>
  pickOpen(
    [...s.shipments].filter(([, sh]) => sh.status === SS.InTransit).map(([id]) => id),
    s.shipments.size,
    n,
  );

export const pickRecall = (s: ModelState, n: number): bigint =>
  pickOpen(
    [...s.recalls].filter(([, r]) => r.status === RS.Open).map(([id]) => id),
    s.recalls.size,
    n,
  );

/** An existing container most of the time, otherwise any SSCC of the pool (malformed ones included). */
export function pickContainer(s: ModelState, n: number): bigint {
  const existing = [...s.containers.keys()];
  if (existing.length === 0 || n % 4 === 3) return pick(SSCCS, n >> 2);
  return pick(existing, n >> 2);
}

/** Organisations that may hold devices most of the time, otherwise any GLN of the pool. */
const HOLDERS = [
  GLN.manufacturer,
  GLN.otherManufacturer,
  GLN.distributor,
  GLN.hospital,
  GLN.otherHospital,
  GLN.service,
];
export const pickRecipient = (n: number): bigint => (n % 4 === 3 ? pick(GLNS, n >> 2) : pick(HOLDERS, n >> 2));

/** How a closing call lists a shipment's items: exactly (reversed), one short, one wrong, or one twice. */
export const MANIFEST_MODES = ["exact", "exact", "exact", "exact", "short", "wrong", "twice"] as const;
export type ManifestMode = (typeof MANIFEST_MODES)[number];

export function manifestOf(
  ids: string[],
  containers: bigint[],
  mode: ManifestMode,
  other: string,
): { ids: string[]; containers: bigint[] } {
  const d = [...ids].reverse();
  const c = [...containers].reverse();
  if (mode === "short") {
    if (d.length > 0) d.pop();
    else c.pop();
  }
  if (mode === "wrong" && d.length > 0) d[0] = other;
  if (mode === "twice") {
    if (d.length > 1) d[d.length - 1] = d[0];
    else if (c.length > 1) c[c.length - 1] = c[0];
  }
  return { ids: d, containers: c };
}

/** Mostly true. */
export const smartArb = fc.constantFrom(true, true, true, false);

export const hashArb = fc.constantFrom("0x" + "00".repeat(32), "0x" + "11".repeat(32), "0x" + "ab".repeat(32));
