import type { MappedEvent } from "../types";
import type { EpcisEvent } from "./identifiers";
import { EventRefusedError, refuse } from "./refusal";
import { MAPPING_ROWS, type MappingRow } from "./rows";
import { cbvTerm } from "./vocabulary";

export { EventRefusedError } from "./refusal";
export { MAPPING_ROWS, type MappingRow } from "./rows";

/** Event types the ledger has no operation for, and why. */
const UNMAPPED_TYPES: Record<string, string> = {
  TransformationEvent: "the ledger has no operation turning input objects into output objects",
  AssociationEvent: "the ledger does not associate devices with other objects (installations are ObjectEvents)",
  TransactionEvent: "the ledger records business transactions only as a shipment's document hash",
};

/** Members every event may carry that the ledger reads as context or not at all (the event's id commits to them). */
const CONTEXT = new Set([
  ...["@context", "type", "eventID", "eventTime", "eventTimeZoneOffset", "recordTime", "action", "bizStep"],
  ...["disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList"],
  "certificationInfo",
]);
const OBJECTS: Record<string, string[]> = {
  ObjectEvent: ["epcList", "ilmd", "sensorElementList"],
  AggregationEvent: ["parentID", "childEPCs", "sensorElementList"],
};

/** Members that say what the ledger cannot record: refused whenever they hold anything. */
const UNREPRESENTABLE: Record<string, string> = {
  errorDeclaration:
    "declares an earlier event wrong: the ledger's history is corrected by new operations, not retracted",
  quantityList: "counts a class of objects: the ledger tracks serialised devices only",
  childQuantityList: "counts a class of objects: the ledger tracks serialised devices only",
  persistentDisposition: "sets a lasting state the ledger does not keep",
};

const present = (value: unknown): boolean => value !== undefined && !(Array.isArray(value) && value.length === 0);

/** Type, members, action, business step and disposition: the row the event falls in, or the refusal. */
function rowOf(event: EpcisEvent): { row: MappingRow; disposition: string } {
  const type = event.type;
  if (typeof type !== "string") return refuse("type", "is missing: an EPCIS 2.0 event names its type");
  if (Object.hasOwn(UNMAPPED_TYPES, type)) return refuse("type", `${type}: ${UNMAPPED_TYPES[type]}`);
  if (!Object.hasOwn(OBJECTS, type)) return refuse("type", `${JSON.stringify(type)} is not an EPCIS 2.0 event type`);
  for (const [member, why] of Object.entries(UNREPRESENTABLE)) if (present(event[member])) refuse(member, why);
  for (const member of Object.keys(event)) {
    // Namespaced members (`example:myField`, `udi:procedureCommitment`) are extensions: read where named, else kept out.
    if (
      !CONTEXT.has(member) &&
      !OBJECTS[type].includes(member) &&
      !Object.hasOwn(UNREPRESENTABLE, member) &&
      !member.includes(":")
    ) {
      refuse(member, `is not a member of an EPCIS 2.0 ${type}`);
    }
  }
  const action = event.action;
  if (action !== "ADD" && action !== "OBSERVE" && action !== "DELETE") {
    return refuse(
      "action",
      action === undefined ? "is missing" : `${JSON.stringify(action)} is not ADD, OBSERVE or DELETE`,
    );
  }
  if (event.bizStep === undefined) return refuse("bizStep", "is missing: the ledger maps events by business step");
  const bizStep = cbvTerm(event.bizStep, "BizStep", "bizStep");
  const disposition = event.disposition === undefined ? "" : cbvTerm(event.disposition, "Disp", "disposition");
  const ofStep = MAPPING_ROWS.filter((r) => r.bizSteps.includes(bizStep));
  const ofType = ofStep.filter((r) => r.type === type);
  if (ofType.length === 0) {
    const other = ofStep[0]?.type;
    return refuse(
      "bizStep",
      other
        ? `${bizStep} is mapped from an ${other}, not an ${type}`
        : `${bizStep} is not a business step the ledger maps (docs/capture.md lists those it does)`,
    );
  }
  const ofAction = ofType.filter((r) => r.actions.includes(action));
  if (ofAction.length === 0) {
    return refuse(
      "action",
      `${action} with ${bizStep}: the ledger maps ${bizStep} from ${ofType[0].actions.join(" or ")}`,
    );
  }
  const row = ofAction.find((r) => r.dispositions.includes(disposition));
  if (!row) {
    const accepted = ofAction.flatMap((r) => r.dispositions.map((d) => d || "none"));
    return refuse(
      "disposition",
      `${disposition || "none"} with ${bizStep}: the ledger maps ${bizStep} with ${accepted.join(", ")}`,
    );
  }
  if (event.ilmd !== undefined && row.op !== "commission") {
    refuse("ilmd", "is instance master data, read only at commissioning");
  }
  if (present(event.sensorElementList) && row.op !== "ship") {
    refuse("sensorElementList", "sensor data is anchored on a shipment: the ledger reads it on shipping events only");
  }
  return { row, disposition };
}

/**
 * Maps one EPCIS 2.0 / CBV 2.0 event to the ledger operations it stands for (docs/capture.md), or says why it
 * cannot: the field inside the event and the reason. Pure: no chain access; whether the chain accepts the operations
 * (roles, custody, recalls) is the engine's to find out. An event is mapped whole or refused whole.
 */
export function mapEvent(event: unknown, _index?: number): MappedEvent {
  try {
    if (typeof event !== "object" || event === null || Array.isArray(event)) refuse("(event)", "must be an object");
    const e = event as EpcisEvent;
    const { row, disposition } = rowOf(e);
    return { ok: true, ops: row.map(e, disposition) };
  } catch (error) {
    if (!(error instanceof EventRefusedError)) throw error;
    return { ok: false, refusal: { field: error.field, reason: error.reason } };
  }
}
