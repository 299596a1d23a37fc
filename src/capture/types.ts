import type { AnchorRef, ExcursionRule } from "../records";

/**
 * The types the capture gateway's parts share: what a document's events map to (mapping.ts), what the engine sends
 * and simulates (engine/), and what a capture job reports (jobs.ts, routes).
 */

/** A serialised device: GTIN-14 (digits) and its serial (GS1 character set 82). */
export interface DeviceRef {
  gtin: string;
  serial: string;
}

/**
 * One ledger operation an EPCIS event maps to, with GS1 keys as digit strings (GTIN-14, GLN-13, SSCC-18) and
 * hashes as 0x-prefixed 32-byte hex. One event may map to more than one (a shipment with sensor data: ship, then
 * anchor the readings).
 */
export type LedgerOp =
  | {
      /** Commissioning; the lot is registered first when the chain does not know it yet. */
      kind: "commission";
      gtin: string;
      lot: string;
      /** Unix seconds; absent: unknown (0 on chain). */
      manufacturedAt?: number;
      /** Unix seconds, last instant of use; absent: the lot does not expire. */
      expiresAt?: number;
      serials: string[];
    }
  | { kind: "pack" | "unpack"; sscc: string; devices: DeviceRef[] }
  | {
      kind: "ship";
      /** GLN-13 of the receiving organisation. */
      to: string;
      devices: DeviceRef[];
      containers: string[];
      documentHash: string;
      titleTransfer: boolean;
    }
  /** Settles the shipment that carries these items (they must be exactly what it carries). */
  | { kind: "receive" | "reject" | "cancel"; devices: DeviceRef[]; containers: string[] }
  | { kind: "install"; device: DeviceRef; careSite: string; procedureCommitment: string }
  | { kind: "explant"; device: DeviceRef; procedureCommitment: string }
  | {
      kind: "service";
      device: DeviceRef;
      outcome: "Conformant" | "NonConformant" | "NeedsReplacement";
      reportHash: string;
    }
  | { kind: "quarantine"; device: DeviceRef; reasonHash: string }
  | { kind: "release" | "decommission" | "destroy"; device: DeviceRef }
  | { kind: "softwareUpdate"; device: DeviceRef; version: string; imageHash: string }
  /**
   * Anchors a shipment's sensor readings on the shipment carrying these items. The engine builds the records
   * module's tree of `readings` once it knows the shipment id (the leaves name it), with their time window and, under
   * `excursionRule`, the excursion flag.
   */
  | {
      kind: "anchorShipmentData";
      devices: DeviceRef[];
      containers: string[];
      readings: SensorReading[];
      excursionRule?: ExcursionRule;
      /** What the anchor's uriHash commits to: where the readings are kept. */
      uri: string;
    };

/**
 * One EPCIS sensorReport as a record of the records module: `{ time, <field>: value }` plus `deviceID` when the
 * report or its sensorMetadata names the sensor. `field` is the records module's name for the measurement
 * (SENSOR_FIELDS: temperature in CEL, humidity in P1).
 */
export interface SensorReading {
  /** Unix seconds: the report's time, else its sensorMetadata's. */
  time: number;
  field: string;
  value: number;
  deviceID?: string;
}

/** Why the ledger cannot represent an event: the field (a JSON path inside the event) and the reason. */
export interface EventRefusal {
  field: string;
  reason: string;
}

/** What one event of a document maps to. */
export type MappedEvent = { ok: true; ops: LedgerOp[] } | { ok: false; refusal: EventRefusal };

/** A document's event as the gateway handles it: its place in the document, its id, its operations. */
export interface CaptureEvent {
  /** Position in the document's eventList (0-based). */
  index: number;
  /** The event's `eventID`, else its CBV 2.0 event hash (`ni:///sha-256;…?ver=CBV2.0`). */
  eventId: string;
  ops: LedgerOp[];
}

/** How a document's failures are handled (`GS1-Capture-Error-Behaviour`). */
export type CaptureErrorBehaviour = "rollback" | "proceed";

/** Where an event's transaction ended up. */
export interface OnChain {
  txHash: string;
  blockNumber: number;
  /** The log index of the event's own log in its block (e.g. its DeviceCommissioned). */
  logIndex: number;
}

/**
 * The data anchor a committed event's readings became, as its DataAnchored log says: where it is (`ref`, the records
 * module's AnchorRef that a record's receipt names), the shipment its leaves name, and the tree's root, record count,
 * window and excursion flag. With the event, it is enough to rebuild the tree and issue receipts (`sensorTree`).
 */
export interface AnchorOutcome {
  ref: AnchorRef;
  shipmentId: string;
  root: string;
  recordCount: number;
  windowStart: number;
  windowEnd: number;
  excursion: boolean;
}

/** The outcome of one event of a capture job. */
export type EventOutcome =
  | ({ index: number; eventId: string; status: "committed"; anchor?: AnchorOutcome } & OnChain)
  /** Refused before any simulation: the mapping could not represent it (field and reason), or bad identifiers. */
  | { index: number; eventId: string; status: "refused"; field: string; reason: string }
  /** The chain refused it (in simulation, or on chain after another party moved first): its custom error. */
  | {
      index: number;
      eventId: string;
      status: "failed";
      reason: string;
      error?: { name: string; args: Record<string, unknown> };
    }
  /** Not sent because another event of a rollback document would fail. */
  | { index: number; eventId: string; status: "rolledBack"; reason: string }
  /** Captured before (same event id): not sent again; points at the capture that holds it. */
  | { index: number; eventId: string; status: "duplicate"; captureId: string };
