import {
  canonicalJson,
  parseExcursionRule,
  RecordInputError,
  recordTime,
  SENSOR_FIELDS,
  type ExcursionRule,
} from "../../records";
import type { DeviceRef, LedgerOp, SensorReading } from "../types";
import { jsonHash, type EpcisEvent } from "./identifiers";
import { refuse } from "./refusal";

/**
 * Members of a sensorElement's sensorMetadata: read (time, deviceID), or taken as context like an event's (the
 * report window, links to the sensor's master data, its raw data, processing method and business rules).
 */
const METADATA = new Set([
  "time",
  "deviceID",
  "startTime",
  "endTime",
  "deviceMetadata",
  "rawData",
  "dataProcessingMethod",
  "bizRules",
]);
/** Members of a sensorReport a record holds. */
const REPORT = new Set(["type", "value", "uom", "time", "deviceID"]);
/** The forms a GS1 measurement type takes: bare, a CURIE, the Web vocabulary's URI. */
const TYPE_FORMS = [/^([A-Za-z]+)$/, /^gs1:([A-Za-z]+)$/, /^https:\/\/gs1\.org\/voc\/([A-Za-z]+)$/];
const SUPPORTED = Object.entries(SENSOR_FIELDS)
  .map(([, { type, uom }]) => `${type} in ${uom}`)
  .join(", ");

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Refuses members a record would not hold; namespaced ones are extensions, kept as context as on an event. */
function onlyKnown(value: Record<string, unknown>, known: Set<string>, field: string, what: string): void {
  for (const member of Object.keys(value)) {
    if (!known.has(member) && !member.includes(":")) refuse(`${field}.${member}`, `is not read: ${what}`);
  }
}

/** The record field (SENSOR_FIELDS) of a report's measurement type and unit. */
function fieldOf(report: Record<string, unknown>, at: string): string {
  const text = typeof report.type === "string" ? report.type : undefined;
  if (text === undefined) return refuse(`${at}.type`, "is missing: a reading names its measurement type");
  const term = TYPE_FORMS.map((form) => form.exec(text)?.[1]).find((t) => t !== undefined);
  const found = Object.entries(SENSOR_FIELDS).find(([, s]) => s.type === term);
  if (!found)
    return refuse(`${at}.type`, `${JSON.stringify(text)} is not a measurement the ledger records (${SUPPORTED})`);
  const [field, { type, uom }] = found;
  if (report.uom !== uom) {
    return refuse(`${at}.uom`, `is ${JSON.stringify(report.uom)}: the ledger records ${type} in ${uom}`);
  }
  return field;
}

/** Reads one sensorReport as a record, its time and sensor falling back on its sensorMetadata's. */
function readingOf(report: unknown, metadata: Record<string, unknown>, at: string, metadataAt: string): SensorReading {
  if (!isObject(report)) return refuse(at, "must be an object { type, value, uom, time }");
  onlyKnown(report, REPORT, at, "a reading is recorded as its type, value, uom, time and deviceID");
  const field = fieldOf(report, at);
  if (typeof report.value !== "number" || !Number.isFinite(report.value)) {
    return refuse(`${at}.value`, `is ${JSON.stringify(report.value)}: a reading's value is a number`);
  }
  const [timeAt, given] =
    report.time !== undefined ? [`${at}.time`, report.time] : [`${metadataAt}.time`, metadata.time];
  if (given === undefined) return refuse(`${at}.time`, "is missing, and so is its sensorMetadata.time");
  let time: number;
  try {
    time = recordTime({ time: given }, "time");
  } catch (error) {
    if (!(error instanceof RecordInputError)) throw error;
    return refuse(timeAt, error.reason, error);
  }
  const deviceID = report.deviceID ?? metadata.deviceID;
  if (deviceID !== undefined && typeof deviceID !== "string") {
    return refuse(`${at}.deviceID`, "must be the sensor's URI (text)");
  }
  return { time, field, value: report.value, ...(deviceID === undefined ? {} : { deviceID }) };
}

/** The record a reading stands for in the records module's tree: `{ time, <field>: value, deviceID? }`. */
export const recordOf = (r: SensorReading): Record<string, unknown> => ({
  time: r.time,
  [r.field]: r.value,
  ...(r.deviceID === undefined ? {} : { deviceID: r.deviceID }),
});

/** Every reading of `sensorElementList`, in order; a reading repeated (the same record) is refused. */
function readingsOf(event: EpcisEvent): SensorReading[] {
  const list = event.sensorElementList;
  if (!Array.isArray(list)) return refuse("sensorElementList", "must be a list of sensor elements");
  const readings: SensorReading[] = [];
  const seen = new Map<string, string>();
  list.forEach((element: unknown, i) => {
    const at = `sensorElementList[${i}]`;
    if (!isObject(element)) refuse(at, "must be an object { sensorMetadata, sensorReport }");
    const { sensorMetadata = {}, sensorReport } = element as Record<string, unknown>;
    onlyKnown(element as Record<string, unknown>, new Set(["sensorMetadata", "sensorReport"]), at, "not a reading");
    if (!isObject(sensorMetadata)) refuse(`${at}.sensorMetadata`, "must be an object");
    const metadata = sensorMetadata as Record<string, unknown>;
    onlyKnown(
      metadata,
      METADATA,
      `${at}.sensorMetadata`,
      "not a member of an EPCIS 2.0 sensorMetadata the ledger knows",
    );
    if (!Array.isArray(sensorReport) || sensorReport.length === 0) {
      refuse(`${at}.sensorReport`, "must list at least one reading");
    }
    (sensorReport as unknown[]).forEach((report, j) => {
      const where = `${at}.sensorReport[${j}]`;
      const reading = readingOf(report, metadata, where, `${at}.sensorMetadata`);
      const key = canonicalJson(recordOf(reading));
      const first = seen.get(key);
      if (first) refuse(where, `repeats ${first} (the same record): the records module commits a record once`);
      seen.set(key, where);
      readings.push(reading);
    });
  });
  return readings;
}

/** The event's `udi:excursionRule` (`temperature:2..8@30m`, as `records anchor --excursion-rule`), checked. */
function ruleOf(event: EpcisEvent, readings: SensorReading[]): ExcursionRule | undefined {
  const text = event["udi:excursionRule"];
  if (text === undefined) return undefined;
  if (typeof text !== "string") return refuse("udi:excursionRule", "must be text: field:min..max[@tolerance]");
  let rule: ExcursionRule;
  try {
    rule = parseExcursionRule(text);
  } catch (error) {
    if (!(error instanceof RecordInputError)) throw error;
    return refuse("udi:excursionRule", error.reason, error);
  }
  if (!readings.some((r) => r.field === rule.field)) {
    refuse("udi:excursionRule", `reads ${rule.field}, which no reading of sensorElementList reports`);
  }
  return rule;
}

/**
 * A shipment's `sensorElementList` → `anchorShipmentData` on the shipment carrying the same items. The anchor's uri
 * names the event by its hash: the readings are the event's, kept wherever the member keeps its EPCIS events.
 */
export function sensorAnchor(event: EpcisEvent, devices: DeviceRef[], containers: string[]): LedgerOp {
  const readings = readingsOf(event);
  const excursionRule = ruleOf(event, readings);
  const uri = `urn:udi-ledger:epcis-event:${jsonHash(event, "(event)")}`;
  return {
    kind: "anchorShipmentData",
    devices,
    containers,
    readings,
    ...(excursionRule ? { excursionRule } : {}),
    uri,
  };
}
