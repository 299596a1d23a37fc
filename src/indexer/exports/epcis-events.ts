import { locationUri, partyUri, sgtinUri, ssccUri } from "../../gs1";
import type { EventEntry } from "../queries/event-entry";
import type { EpcisLookups } from "./epcis-lookups";

/** One EPCIS 2.0 event in JSON-LD form. */
export type EpcisEvent = Record<string, unknown>;

type Mapper = (e: EventEntry, look: EpcisLookups) => EpcisEvent;

/** The business transaction a shipment's document hash is exported as (`<prefix><hash>`); capture reads it back. */
export const DOCUMENT_URN = "urn:udi-ledger:document:";

const strs = (value: unknown): string[] => value as string[];
const SERVICE_DISPOSITION = ["", "conformant", "non_conformant", "needs_replacement"];

const object = (action: string, bizStep: string, epcList: string[], extra: EpcisEvent = {}): EpcisEvent => ({
  type: "ObjectEvent",
  action,
  epcList,
  bizStep,
  ...extra,
});

const here = (e: EventEntry): EpcisEvent =>
  e.organisation ? { bizLocation: { id: locationUri(e.organisation) } } : {};
const classes = (uris: string[]): EpcisEvent => ({ quantityList: uris.map((epcClass) => ({ epcClass })) });

/** A commissioning's disposition and its lot's master data (CBV `ilmd`: lot number, expiry, production date). */
const commissioned = (e: EventEntry, look: EpcisLookups): EpcisEvent => ({
  disposition: "active",
  ...here(e),
  ilmd: look.ilmd(e.args.lotKey as number),
});

/** A device event of the lifecycle contract: one SGTIN, a CBV business step and disposition. */
const lifecycle =
  (action: string, bizStep: string, disposition?: string): Mapper =>
  (e, look) =>
    object(action, bizStep, [look.device(e.args.deviceId as string)], {
      ...(disposition ? { disposition } : {}),
      ...here(e),
    });

/** Devices put into or taken out of a container (the SSCC is the parent). */
const aggregation =
  (action: string, bizStep: string, disposition: string): Mapper =>
  (e, look) => ({
    type: "AggregationEvent",
    action,
    parentID: ssccUri(e.args.sscc as string),
    childEPCs: look.devices(strs(e.args.deviceIds)),
    bizStep,
    disposition,
    ...here(e),
  });

function parties(sender: string, recipient: string, title: boolean): EpcisEvent {
  const types = title ? ["owning_party", "possessing_party"] : ["possessing_party"];
  return {
    sourceList: types.map((type) => ({ type, source: partyUri(sender) })),
    destinationList: types.map((type) => ({ type, destination: partyUri(recipient) })),
  };
}

/**
 * Chain events mapped to EPCIS 2.0 / CBV 2.0. Events with no physical object (membership, products, pause, service
 * authorisations, recall acknowledgements) are not EPCIS events and are left out of the document (they are in CSV).
 */
export const EPCIS_MAPPERS: Record<string, Mapper> = {
  DeviceCommissioned: (e, look) =>
    object("ADD", "commissioning", [look.device(e.args.deviceId as string)], commissioned(e, look)),
  DevicesCommissioned: (e, look) => ({
    ...object("ADD", "commissioning", [], commissioned(e, look)),
    // The devices this event created: their SGTINs from its own gtin and serials (no id hashing, no lookup).
    epcList: strs(e.args.serials).map((serial) => sgtinUri(e.args.gtin as string, serial)),
  }),
  DevicesPacked: aggregation("ADD", "packing", "container_closed"),
  DevicesUnpacked: aggregation("DELETE", "unpacking", "container_open"),
  ContainerReleased: (e) =>
    object("OBSERVE", "holding", [ssccUri(e.args.sscc as string)], { disposition: "available", ...here(e) }),
  ShipmentDispatched: (e, look) =>
    object("OBSERVE", "shipping", [...look.devices(strs(e.args.deviceIds)), ...strs(e.args.containers).map(ssccUri)], {
      disposition: "in_transit",
      bizTransactionList: [{ type: "desadv", bizTransaction: `${DOCUMENT_URN}${e.args.documentHash as string}` }],
      ...parties(e.args.sender as string, e.args.recipient as string, e.args.titleTransfer === true),
      "udi:shipmentId": e.args.shipmentId,
    }),
  ShipmentReceived: (e, look) =>
    object("OBSERVE", "receiving", look.shipmentItems(e.args.shipmentId as number), {
      disposition: e.args.quarantined ? "non_sellable_other" : "in_progress",
      ...here(e),
      "udi:shipmentId": e.args.shipmentId,
    }),
  ShipmentRejected: (e, look) =>
    object("OBSERVE", "receiving", look.shipmentItems(e.args.shipmentId as number), {
      // A refusal at the door: the goods are not accepted (CBV 2.0 has no rejecting step; docs/capture.md).
      disposition: "non_conformant",
      "udi:shipmentId": e.args.shipmentId,
      "udi:outcome": "rejected",
    }),
  ShipmentCancelled: (e, look) =>
    object("OBSERVE", "void_shipping", look.shipmentItems(e.args.shipmentId as number), {
      disposition: "in_progress",
      ...here(e),
      "udi:shipmentId": e.args.shipmentId,
    }),
  // The device is installed at a care site, a location, not into another object: an ObjectEvent where it happens.
  DeviceInstalled: (e, look) =>
    object("OBSERVE", "installing", [look.device(e.args.deviceId as string)], {
      disposition: "active",
      bizLocation: { id: locationUri(e.args.careSite as string) },
      "udi:procedureCommitment": e.args.procedureCommitment,
    }),
  DeviceExplanted: (e, look) => ({
    ...lifecycle("OBSERVE", "removing", "in_progress")(e, look),
    "udi:procedureCommitment": e.args.procedureCommitment,
  }),
  ServiceRecorded: (e, look) => ({
    ...lifecycle("OBSERVE", "inspecting", SERVICE_DISPOSITION[e.args.outcome as number] || undefined)(e, look),
    "udi:reportHash": e.args.reportHash,
  }),
  SoftwareUpdated: (e, look) => ({
    ...lifecycle("OBSERVE", "repairing")(e, look),
    "udi:softwareVersion": e.args.version,
    "udi:imageHash": e.args.imageHash,
  }),
  DeviceQuarantined: (e, look) => ({
    ...lifecycle("OBSERVE", "holding", "non_sellable_other")(e, look),
    "udi:reasonHash": e.args.reasonHash,
  }),
  // CBV 2.0 has no releasing step: a hold is lifted by a holding event whose goods are available again.
  DeviceReleased: lifecycle("OBSERVE", "holding", "available"),
  DeviceDecommissioned: lifecycle("DELETE", "decommissioning", "inactive"),
  DeviceDestroyed: lifecycle("DELETE", "destroying", "destroyed"),
  RecallIssued: (e, look) => {
    const lots = (e.args.lotKeys as number[]).map(look.lot);
    const scoped =
      e.args.scope === 1 ? classes([look.product(e.args.gtin as string)]) : lots.length ? classes(lots) : {};
    return object("OBSERVE", "holding", look.devices(strs(e.args.deviceIds)), {
      ...scoped,
      disposition: "recalled",
      persistentDisposition: { set: ["recalled"] },
      ...here(e),
      "udi:recallId": e.args.recallId,
      "udi:noticeHash": e.args.noticeHash,
    });
  },
  RecallDispositionRecorded: (e, look) => {
    const [bizStep, disposition] = [
      ["inspecting", "unknown"],
      ["inspecting", "returned"],
      ["repairing", "conformant"],
      ["destroying", "destroyed"],
    ][e.args.disposition as number] ?? ["inspecting", "unknown"];
    return object("OBSERVE", bizStep, [look.device(e.args.deviceId as string)], {
      disposition,
      persistentDisposition: { unset: ["recalled"] },
      ...here(e),
      "udi:recallId": e.args.recallId,
    });
  },
  RecallTerminated: (e, look) => {
    const scope = look.recallScope(e.args.recallId as number);
    return object("OBSERVE", "holding", scope.epcs, {
      ...(scope.classes.length ? classes(scope.classes) : {}),
      persistentDisposition: { unset: ["recalled"] },
      ...here(e),
      "udi:recallId": e.args.recallId,
    });
  },
  DataAnchored: (e, look) => {
    const target = e.args.target as number;
    const targetId = e.args.targetId as string;
    const epcs =
      target === 1
        ? look.shipmentItems(Number(BigInt(targetId) & 0xffffffffn))
        : target === 2
          ? [look.device(targetId)]
          : [];
    const report: EpcisEvent = {
      type: "udi:AnchoredRecordSet",
      value: e.args.recordCount,
      "udi:merkleRoot": e.args.root,
    };
    if (e.args.excursion === true) report.exception = "ALARM_CONDITION";
    const sensorMetadata = {
      startTime: new Date((e.args.windowStart as number) * 1000).toISOString(),
      endTime: new Date((e.args.windowEnd as number) * 1000).toISOString(),
    };
    // The readings themselves, where the exporter holds the anchored records (checked against the root on loading).
    const readings = look.recordSet?.(e.args.root as string)?.sensorReports ?? [];
    return object("OBSERVE", "sensor_reporting", epcs, {
      ...(target === 3 ? classes([look.lot(Number(BigInt(targetId)))]) : {}),
      sensorElementList: [
        { sensorMetadata, sensorReport: [report] },
        ...(readings.length > 0 ? [{ sensorMetadata, sensorReport: readings }] : []),
      ],
      ...here(e),
      "udi:anchorId": e.args.anchorId,
      "udi:uriHash": e.args.uriHash,
      "udi:excursion": e.args.excursion,
    });
  },
};
