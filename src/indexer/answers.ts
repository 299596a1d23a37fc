/**
 * The answers of the audit queries, as plain data: what `openAudit` returns, what the audit service sends as JSON and
 * what the explorer reads. Types only, with no Node or SQLite dependency, so that a browser bundle can import them.
 */

/**
 * A decoded event argument: integers of up to 48 bits as numbers, wider ones (GTINs, GLNs, SSCCs, uint256) as exact
 * decimal text, arrays nested.
 */
export type EventValue = string | number | boolean | EventValue[];

/** The last block indexed: everything up to and including it is stored. */
export interface Checkpoint {
  number: number;
  hash: string;
  time: number;
}

/** A stored event as queries and exports show it: where it is on chain, who acted, for which organisation. */
export interface EventEntry {
  id: number;
  blockNumber: number;
  blockHash: string;
  blockTime: string;
  txHash: string;
  logIndex: number;
  contract: string;
  event: string;
  /** The signing account that acted. */
  actor: string | null;
  /** GLN of the organisation it acted for. */
  organisation: string | null;
  args: Record<string, EventValue>;
}

/** One recall as listed: what it covers, who issued it, when, and whether it is still open. */
export interface RecallSummary {
  recallId: number;
  gtin: string;
  issuer: string;
  recallClass: string;
  action: string;
  scope: string;
  status: string;
  issuedAt: string;
  issuedBlock: number;
  terminatedAt: string | null;
}

/** What one organisation holds, by status. */
export interface Inventory {
  gln: string;
  asOf: Checkpoint;
  total: number;
  byStatus: Record<string, number>;
  devices: {
    deviceId: string;
    udi: string;
    status: string;
    lotKey: number;
    container: string;
    heldBy: number;
    expired: boolean;
  }[];
  containers: { sscc: string; status: string; deviceCount: number }[];
}

/** A recall's reach and how far it has been carried out. */
export interface RecallImpact {
  recallId: number;
  asOf: Checkpoint;
  recall: {
    gtin: string;
    issuer: string;
    recallClass: string;
    action: string;
    scope: string;
    returnTo: string;
    status: string;
  };
  affected: number;
  dispositioned: number;
  /** Dispositioned / affected, in percent (100 when nothing is affected). */
  effectivenessPercent: number;
  devices: {
    deviceId: string;
    udi: string;
    custodian: string;
    status: string;
    heldBy: number;
    disposition: string | null;
  }[];
  custodians: { gln: string; devices: number; outstanding: number; acknowledged: boolean }[];
  acknowledgements: { gln: string; blockNumber: number; time: string }[];
  dispositions: Record<string, number>;
}

/** A shipment: who sent it to whom, what it carries, how it ended, and its events (dispatch, closing, telemetry). */
export interface ShipmentRecord {
  shipmentId: number;
  asOf: Checkpoint;
  sender: string;
  recipient: string;
  status: string;
  excursion: boolean;
  titleTransfer: boolean;
  documentHash: string;
  devices: { deviceId: string; udi: string }[];
  containers: string[];
  events: EventEntry[];
}

/** One consignee of a recall status report (21 CFR 7.53): who, whether told and acknowledged, what it still holds. */
export interface Consignee {
  gln: string;
  name: string | null;
  notified: boolean;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  /** Affected devices it holds now that have no disposition yet. */
  quantityHeld: number;
}

/** A shipment as an organisation's list shows it: in or out, with whom, how it stands. */
export interface OrganisationShipment {
  shipmentId: number;
  direction: "in" | "out";
  /** The other party (GLN-13): the sender of an incoming shipment, the recipient of an outgoing one. */
  counterparty: string;
  status: string;
  itemCount: number;
  excursion: boolean;
  dispatchedAt: string;
}

/** An alert the service raised for an organisation (one per event and kind, whatever the subscriptions). */
export interface OrganisationAlert {
  kind: string;
  event: string;
  blockNumber: number;
  blockTime: string;
  txHash: string;
  data: Record<string, EventValue>;
}
