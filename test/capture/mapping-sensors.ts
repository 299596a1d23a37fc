import { recordHash } from "../../src/records";
import type { LedgerOp } from "../../src/capture/types";
import { dev, object, SHIP_TO, type Ev } from "./mapping-fixtures";

const SENSOR = "urn:epc:id:giai:4000001.111";
const T = Date.parse("2026-12-01T09:00:00Z") / 1000;
/** A shipment with sensor readings: two elements, times from the metadata and from a report. */
const shipping = (sensorElementList: unknown, extra: Ev = {}): Ev =>
  object("OBSERVE", "shipping", { ...SHIP_TO, sensorElementList, ...extra });
const READINGS = [
  {
    sensorMetadata: {
      time: "2026-12-01T09:00:00Z",
      deviceID: SENSOR,
      deviceMetadata: "https://id.gs1.org/8004/4000001111",
    },
    sensorReport: [
      { type: "Temperature", value: 4.5, uom: "CEL" },
      { type: "gs1:RelativeHumidity", value: 40, uom: "P1" },
    ],
  },
  {
    sensorMetadata: { startTime: "2026-12-01T09:00:00Z", endTime: "2026-12-01T10:00:00Z" },
    sensorReport: [
      { type: "https://gs1.org/voc/Temperature", value: 9, uom: "CEL", time: "2026-12-01T10:00:00+01:00" },
    ],
  },
];
const report = (fields: Ev) => shipping([{ sensorMetadata: { time: "2026-12-01T09:00:00Z" }, sensorReport: [fields] }]);

/** Shipments whose sensor data the ledger cannot record: the field and a part of the reason. */
export const REFUSED_SENSORS: [string, Ev, string, string][] = [
  [
    "sensor data on a receipt",
    object("OBSERVE", "receiving", { sensorElementList: READINGS }),
    "sensorElementList",
    "shipping events only",
  ],
  [
    "a measurement the records do not hold",
    report({ type: "AbsoluteHumidity", value: 12, uom: "A93" }),
    "sensorElementList[0].sensorReport[0].type",
    "is not a measurement the ledger records (Temperature in CEL, RelativeHumidity in P1)",
  ],
  [
    "a temperature in Fahrenheit",
    report({ type: "Temperature", value: 40, uom: "FAH" }),
    "sensorElementList[0].sensorReport[0].uom",
    "the ledger records Temperature in CEL",
  ],
  [
    "a temperature without its unit",
    report({ type: "Temperature", value: 4 }),
    "sensorElementList[0].sensorReport[0].uom",
    "is undefined",
  ],
  [
    "a text value",
    report({ type: "Temperature", stringValue: "cold", uom: "CEL" }),
    "sensorElementList[0].sensorReport[0].stringValue",
    "is not read",
  ],
  [
    "a reading without a value",
    report({ type: "Temperature", uom: "CEL" }),
    "sensorElementList[0].sensorReport[0].value",
    "a reading's value is a number",
  ],
  [
    "a reading with no time anywhere",
    shipping([{ sensorReport: [{ type: "Temperature", value: 4, uom: "CEL" }] }]),
    "sensorElementList[0].sensorReport[0].time",
    "is missing, and so is its sensorMetadata.time",
  ],
  [
    "a time without a zone",
    report({ type: "Temperature", value: 4, uom: "CEL", time: "2026-12-01T09:00:00" }),
    "sensorElementList[0].sensorReport[0].time",
    "ISO 8601 with zone",
  ],
  [
    "the same reading twice",
    shipping([READINGS[0], READINGS[0]]),
    "sensorElementList[1].sensorReport[0]",
    "repeats sensorElementList[0].sensorReport[0]",
  ],
  [
    "an element with no report",
    shipping([{ sensorMetadata: { time: "2026-12-01T09:00:00Z" } }]),
    "sensorElementList[0].sensorReport",
    "at least one reading",
  ],
  [
    "a rule that does not parse",
    shipping(READINGS, { "udi:excursionRule": "temperature<8" }),
    "udi:excursionRule",
    "is not field:min..max[@30m]",
  ],
  [
    "a rule on a field no reading has",
    shipping(READINGS, { "udi:excursionRule": "pressure:1..2" }),
    "udi:excursionRule",
    "reads pressure, which no reading",
  ],
];

const SENSED = shipping(READINGS, { "udi:excursionRule": "temperature:2..8@30m" });
const ITEMS = { devices: [dev("S1")], containers: [] };

/** A shipment with sensor readings, and an empty sensorElementList (no sensor data): the event and its operations. */
export const MAPPED_SENSORS: [string, Ev, LedgerOp[]][] = [
  [
    "shipping with sensorElementList: ship, then anchorShipmentData of its readings",
    SENSED,
    [
      { kind: "ship", to: "0614141000029", ...ITEMS, documentHash: `0x${"00".repeat(32)}`, titleTransfer: true },
      {
        kind: "anchorShipmentData",
        ...ITEMS,
        readings: [
          { time: T, field: "temperature", value: 4.5, deviceID: SENSOR },
          { time: T, field: "humidity", value: 40, deviceID: SENSOR },
          { time: T, field: "temperature", value: 9 },
        ],
        excursionRule: { field: "temperature", min: 2, max: 8, toleranceSeconds: 1800 },
        uri: `urn:udi-ledger:epcis-event:${recordHash(SENSED)}`,
      },
    ],
  ],
  [
    "shipping with an empty sensorElementList",
    shipping([]),
    [{ kind: "ship", to: "0614141000029", ...ITEMS, documentHash: `0x${"00".repeat(32)}`, titleTransfer: true }],
  ],
];
