import type { LedgerOp } from "../types";
import { mapCommissioning } from "./commission";
import type { EpcisEvent } from "./identifiers";
import { mapHolding, mapInstalling, mapRemoving, mapService, mapSoftwareUpdate, perDevice } from "./lifecycle";
import { aggregates, mapShipping, settles } from "./shipping";

/**
 * One row of the mapping (docs/capture.md): events of this type, business step, action and disposition map to the
 * operations `map` builds. A disposition of `""` is an event without one.
 */
export interface MappingRow {
  type: "ObjectEvent" | "AggregationEvent";
  bizSteps: readonly string[];
  actions: readonly string[];
  dispositions: readonly string[];
  op: LedgerOp["kind"];
  map: (event: EpcisEvent, disposition: string) => LedgerOp[];
}

const object = (
  bizSteps: string[],
  actions: string[],
  dispositions: string[],
  op: LedgerOp["kind"],
  map: MappingRow["map"],
): MappingRow => ({ type: "ObjectEvent", bizSteps, actions, dispositions, op, map });

/** Every event the ledger represents. CBV 2.0 has no rejecting or releasing step: see the reject and release rows. */
export const MAPPING_ROWS: readonly MappingRow[] = [
  object(["commissioning"], ["ADD"], ["", "active"], "commission", mapCommissioning),
  {
    type: "AggregationEvent",
    bizSteps: ["packing"],
    actions: ["ADD"],
    dispositions: ["", "container_closed", "in_progress"],
    op: "pack",
    map: aggregates("pack"),
  },
  {
    type: "AggregationEvent",
    bizSteps: ["unpacking"],
    actions: ["DELETE"],
    dispositions: ["", "container_open", "in_progress"],
    op: "unpack",
    map: aggregates("unpack"),
  },
  object(["shipping"], ["OBSERVE"], ["", "in_transit"], "ship", mapShipping),
  object(["void_shipping"], ["OBSERVE"], ["", "in_progress"], "cancel", settles("cancel")),
  // Goods received into a hold (non_sellable_other) are received: the chain decides the quarantine (an excursion).
  object(
    ["receiving", "accepting"],
    ["OBSERVE"],
    ["", "in_progress", "active", "non_sellable_other"],
    "receive",
    settles("receive"),
  ),
  // A refused delivery is a receipt whose goods are found non-conformant or damaged.
  object(["receiving", "accepting"], ["OBSERVE"], ["non_conformant", "damaged"], "reject", settles("reject")),
  object(["installing"], ["OBSERVE"], ["", "active", "in_progress"], "install", mapInstalling),
  object(["removing"], ["OBSERVE"], ["", "in_progress", "inactive"], "explant", mapRemoving),
  object(
    ["inspecting", "repairing"],
    ["OBSERVE"],
    ["conformant", "non_conformant", "needs_replacement"],
    "service",
    mapService,
  ),
  // A repair with no outcome to state: a software update (udi:softwareVersion, udi:imageHash), as exported.
  object(["repairing"], ["OBSERVE"], [""], "softwareUpdate", mapSoftwareUpdate),
  object(["holding"], ["OBSERVE"], ["", "non_sellable_other", "unavailable"], "quarantine", mapHolding),
  // A hold lifted: the goods held are declared usable again.
  object(["holding"], ["OBSERVE"], ["active", "available", "sellable_accessible"], "release", perDevice("release")),
  object(["decommissioning"], ["OBSERVE", "DELETE"], ["", "inactive"], "decommission", perDevice("decommission")),
  object(["destroying"], ["OBSERVE", "DELETE"], ["", "destroyed"], "destroy", perDevice("destroy")),
];
