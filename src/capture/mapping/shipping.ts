import type { LedgerOp } from "../types";
import { documentHashOf, epcAt, glnAt, itemsOf, type EpcisEvent } from "./identifiers";
import { refuse } from "./refusal";
import { sensorAnchor } from "./sensors";
import { cbvTerm } from "./vocabulary";

/** The destination types a shipment reads, in the order that decides its recipient. */
const DESTINATION_TYPES = ["owning_party", "possessing_party", "location"] as const;
type DestinationType = (typeof DESTINATION_TYPES)[number];

/** The one GLN each destination type names (several entries of a type must agree). */
function destinations(event: EpcisEvent): Partial<Record<DestinationType, string>> {
  const list = event.destinationList;
  if (list === undefined) {
    return refuse(
      "destinationList",
      "is missing: a shipment needs its recipient (owning_party, possessing_party or location)",
    );
  }
  if (!Array.isArray(list) || list.length === 0) {
    return refuse("destinationList", "must list the recipient (owning_party, possessing_party or location)");
  }
  const found: Partial<Record<DestinationType, { gln: string; at: number }>> = {};
  list.forEach((entry: unknown, i) => {
    const field = `destinationList[${i}]`;
    if (typeof entry !== "object" || entry === null) refuse(field, "must be an object { type, destination }");
    const { type, destination } = entry as Record<string, unknown>;
    const term = cbvTerm(type, "SDT", `${field}.type`) as DestinationType;
    if (!DESTINATION_TYPES.includes(term)) refuse(`${field}.type`, `${term} is not a CBV 2.0 destination type`);
    const gln = glnAt(destination, `${field}.destination`);
    const previous = found[term];
    if (previous && previous.gln !== gln) {
      refuse(
        field,
        `names a second ${term} (${gln}, destinationList[${previous.at}] is ${previous.gln}): a shipment has one recipient`,
      );
    }
    found[term] ??= { gln, at: i };
  });
  return Object.fromEntries(Object.entries(found).map(([type, d]) => [type, d.gln]));
}

/**
 * ObjectEvent OBSERVE `shipping` → `ship`. The recipient is the owning_party GLN, with title (`titleTransfer`
 * true); without one, the possessing_party's, else the location's, custody only (false). An owner and a possessor
 * that differ are two recipients, which one shipment cannot have: refused. The document hash commits to
 * `bizTransactionList`. Sensor data (`sensorElementList`) is anchored on the shipment after it is dispatched.
 */
export function mapShipping(event: EpcisEvent): LedgerOp[] {
  const items = itemsOf(event, "epcList", true);
  const d = destinations(event);
  if (d.owning_party && d.possessing_party && d.owning_party !== d.possessing_party) {
    refuse(
      "destinationList",
      `owning_party ${d.owning_party} and possessing_party ${d.possessing_party} differ: the ledger's recipient takes custody and title together`,
    );
  }
  const to = d.owning_party ?? d.possessing_party ?? d.location;
  if (to === undefined) return refuse("destinationList", "names no recipient");
  const ship: LedgerOp = {
    kind: "ship",
    to,
    ...items,
    documentHash: documentHashOf(event),
    titleTransfer: d.owning_party !== undefined,
  };
  const sensors = event.sensorElementList;
  const none = sensors === undefined || (Array.isArray(sensors) && sensors.length === 0);
  return none ? [ship] : [ship, sensorAnchor(event, items.devices, items.containers)];
}

/** `void_shipping` → `cancel`; `receiving`/`accepting` → `receive`, or `reject` with a non-conformant or damaged disposition. */
export const settles =
  (kind: "receive" | "reject" | "cancel") =>
  (event: EpcisEvent): LedgerOp[] => [{ kind, ...itemsOf(event, "epcList", true) }];

/** AggregationEvent ADD `packing` / DELETE `unpacking` → `pack` / `unpack` of the named devices into or out of the SSCC. */
export const aggregates =
  (kind: "pack" | "unpack") =>
  (event: EpcisEvent): LedgerOp[] => {
    const parent = event.parentID;
    if (parent === undefined) return refuse("parentID", `is missing: ${kind} needs the container's SSCC`);
    const key = epcAt(parent, "parentID");
    if (key.kind !== "sscc")
      return refuse("parentID", `${JSON.stringify(parent)} is not an SSCC: the ledger packs into containers`);
    if (
      kind === "unpack" &&
      (event.childEPCs === undefined || (Array.isArray(event.childEPCs) && event.childEPCs.length === 0))
    ) {
      return refuse(
        "childEPCs",
        'is empty: the ledger unpacks named devices, list them (EPCIS\'s "all children" is not read)',
      );
    }
    return [{ kind, sscc: key.sscc, devices: itemsOf(event, "childEPCs", false).devices }];
  };
