/**
 * EPCIS 2.0 JSON-LD documents for the capture tests: the events a manufacturer's, a distributor's and a hospital's
 * systems would send (commissioning, packing, shipping, receiving, installing, holding, releasing), with their
 * identifiers as GS1 Digital Link URIs or EPC URNs. GS1's JSON Schema is read from ../shared (never copied).
 */
import { locationUri, partyUri, sgtinUri, ssccUri, withCheckDigit } from "../../src/gs1";

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** A serialised device: GTIN-14 and serial. */
export interface Device {
  gtin: string;
  serial: string;
}

/** How identifiers are written: GS1 Digital Link URIs or EPC URNs (Tag Data Standard pure identities). */
export type IdForm = "dl" | "urn";

/** Digits of the GS1 company prefix in every key the tests use (0614141…, 0614143…: seven). */
const PREFIX_DIGITS = 7;

/** An SGTIN: `https://id.gs1.org/01/<gtin>/21/<serial>` or `urn:epc:id:sgtin:<prefix>.<indicator+item>.<serial>`. */
export function sgtin(d: Device, form: IdForm = "dl"): string {
  if (form === "dl") return sgtinUri(d.gtin, d.serial);
  const prefix = d.gtin.slice(1, 1 + PREFIX_DIGITS);
  const item = d.gtin[0] + d.gtin.slice(1 + PREFIX_DIGITS, 13);
  return `urn:epc:id:sgtin:${prefix}.${item}.${encodeURIComponent(d.serial)}`;
}

/** An SSCC: `https://id.gs1.org/00/<sscc>` or `urn:epc:id:sscc:<prefix>.<extension+serial reference>`. */
export function sscc(value: string, form: IdForm = "dl"): string {
  if (form === "dl") return ssccUri(value);
  return `urn:epc:id:sscc:${value.slice(1, 1 + PREFIX_DIGITS)}.${value[0]}${value.slice(1 + PREFIX_DIGITS, 17)}`;
}

/** A party GLN: `https://id.gs1.org/417/<gln>` or `urn:epc:id:pgln:<prefix>.<party reference>`. */
export function party(gln: string, form: IdForm = "dl"): string {
  if (form === "dl") return partyUri(gln);
  return `urn:epc:id:pgln:${gln.slice(0, PREFIX_DIGITS)}.${gln.slice(PREFIX_DIGITS, 12)}`;
}

/** A location GLN (no extension): `https://id.gs1.org/414/<gln>` or `urn:epc:id:sgln:<prefix>.<location ref>.0`. */
export function location(gln: string, form: IdForm = "dl"): string {
  if (form === "dl") return locationUri(gln);
  return `urn:epc:id:sgln:${gln.slice(0, PREFIX_DIGITS)}.${gln.slice(PREFIX_DIGITS, 12)}.0`;
}

export type EpcisEvent = Record<string, unknown>;

export interface EpcisDocument {
  "@context": string[];
  type: "EPCISDocument";
  schemaVersion: "2.0";
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

/** Event times one second apart from a fixed start, so that otherwise equal events get different event hashes. */
let clock = Date.UTC(2026, 11, 7, 6, 0, 0);
const nextTime = () => new Date((clock += 1_000)).toISOString();

/** What every event carries: its type, time and, when given, its `eventID`. */
function base(type: "ObjectEvent" | "AggregationEvent", eventID?: string): EpcisEvent {
  return { type, eventTime: nextTime(), eventTimeZoneOffset: "+00:00", ...(eventID ? { eventID } : {}) };
}

export interface Common {
  form?: IdForm;
  eventID?: string;
}

/** An ObjectEvent of `epcList` with its action, business step and disposition. */
function objectEvent(action: string, bizStep: string, disposition: string, epcList: string[], o: Common): EpcisEvent {
  return { ...base("ObjectEvent", o.eventID), action, bizStep, disposition, epcList };
}

/** ObjectEvent ADD commissioning of `devices` into `lot` (ILMD lot number, and expiry and production dates if given). */
export function commissioning(
  devices: Device[],
  lot: string,
  o: Common & { expires?: string; produced?: string } = {},
): EpcisEvent {
  const ilmd = {
    "cbvmda:lotNumber": lot,
    ...(o.expires ? { "cbvmda:itemExpirationDate": o.expires } : {}),
    ...(o.produced ? { "cbvmda:productionDate": o.produced } : {}),
  };
  return { ...objectEvent("ADD", "commissioning", "active", sgtins(devices, o.form), o), ilmd };
}

/** AggregationEvent ADD packing of `devices` into the case `parent` (an SSCC). */
export function packing(parent: string, devices: Device[], o: Common = {}): EpcisEvent {
  return {
    ...base("AggregationEvent", o.eventID),
    action: "ADD",
    bizStep: "packing",
    disposition: "in_progress",
    parentID: sscc(parent, o.form),
    childEPCs: sgtins(devices, o.form),
  };
}

/** AggregationEvent DELETE unpacking of `devices` out of the case `parent`. */
export function unpacking(parent: string, devices: Device[], o: Common = {}): EpcisEvent {
  return { ...packing(parent, devices, o), action: "DELETE", bizStep: "unpacking" };
}

/** The items of a shipping or receiving event: loose devices and cases. */
export interface Items {
  devices?: Device[];
  cases?: string[];
}

const sgtins = (devices: Device[], form?: IdForm) => devices.map((d) => sgtin(d, form));
const epcsOf = (items: Items, form?: IdForm) => [
  ...(items.cases ?? []).map((s) => sscc(s, form)),
  ...sgtins(items.devices ?? [], form),
];

/** A data logger's temperature readings in °C, at ISO 8601 times. */
export interface Readings {
  logger: string;
  celsius: [time: string, value: number][];
  /** `udi:excursionRule`, e.g. `temperature:2..8@30m`. */
  rule?: string;
}

/**
 * ObjectEvent OBSERVE shipping to the owning party `to` (title passes), with a purchase order as its transaction and,
 * when given, a logger's readings as its sensorElementList.
 */
export function shipping(items: Items, to: string, o: Common & { po?: string; readings?: Readings } = {}): EpcisEvent {
  const r = o.readings;
  return {
    ...objectEvent("OBSERVE", "shipping", "in_transit", epcsOf(items, o.form), o),
    ...(o.po ? { bizTransactionList: [{ type: "po", bizTransaction: `urn:epcglobal:cbv:bt:${to}:${o.po}` }] } : {}),
    destinationList: [{ type: "owning_party", destination: party(to, o.form) }],
    ...(r
      ? {
          sensorElementList: [
            {
              sensorMetadata: { deviceID: r.logger },
              sensorReport: r.celsius.map(([time, value]) => ({ type: "gs1:Temperature", value, uom: "CEL", time })),
            },
          ],
          ...(r.rule ? { "udi:excursionRule": r.rule } : {}),
        }
      : {}),
  };
}

/** ObjectEvent OBSERVE receiving of what a shipment carries. */
export const receiving = (items: Items, o: Common = {}): EpcisEvent =>
  objectEvent("OBSERVE", "receiving", "in_progress", epcsOf(items, o.form), o);

/** ObjectEvent OBSERVE installing of devices at the care site `site` (bizLocation, an SGLN). */
export function installing(devices: Device[], site: string, o: Common = {}): EpcisEvent {
  const event = objectEvent("OBSERVE", "installing", "in_progress", sgtins(devices, o.form), o);
  return { ...event, bizLocation: { id: location(site, o.form) } };
}

/** ObjectEvent OBSERVE holding (quarantine) of devices. */
export const holding = (devices: Device[], o: Common = {}): EpcisEvent =>
  objectEvent("OBSERVE", "holding", "non_sellable_other", sgtins(devices, o.form), o);

/**
 * The end of a hold (release): CBV 2.0 has no releasing step, so it is a holding event whose disposition declares the
 * goods usable again (docs/capture.md's release row).
 */
export function release(devices: Device[], o: Common = {}): EpcisEvent {
  return { ...holding(devices, o), disposition: "active" };
}

/** An EPCISDocument of `events`, created now. */
export function epcisDocument(events: EpcisEvent[]): EpcisDocument {
  return {
    "@context": [EPCIS_CONTEXT],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  };
}

/** `count` devices of `gtin` with serials `<tag>-0001`… */
export const devicesOf = (gtin: string, tag: string, count: number, from = 1): Device[] =>
  Array.from({ length: count }, (_, i) => ({ gtin, serial: `${tag}-${String(from + i).padStart(4, "0")}` }));

/** The SSCC of case `n` under the manufacturer's prefix 0614141 (extension digit 1). */
export const caseSscc = (n: number): string => withCheckDigit(`10614141${String(n).padStart(9, "0")}`);
