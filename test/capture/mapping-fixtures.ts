import { keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import type { LedgerOp } from "../../src/capture/types";
import { recordHash } from "../../src/records";

// GTIN-14s of company prefix 0614141: item references 107346 and 207346 (check digits 4 and 1).
export const G1 = "10614141073464";
export const G2 = "20614141073461";
export const sgtin = (serial: string, item = "107346") => `urn:epc:id:sgtin:0614141.${item}.${serial}`;
export const dev = (serial: string, gtin = G1) => ({ gtin, serial });
export const SSCC = "urn:epc:id:sscc:0614141.1234567890";
export const SSCC_KEY = "106141412345678908";
export const SSCC2_KEY = "206141412345678905";
export const PARTY = "urn:epc:id:pgln:0614141.00002"; // GLN 0614141000029
export const PARTY2 = "https://id.gs1.org/417/0614141000036";
export const SITE = "urn:epc:id:sgln:0614141.00001.0"; // GLN 0614141000012
export const HASH = `0x${"ab".repeat(32)}`;

export type Ev = Record<string, unknown>;
export const object = (action: string, bizStep: string, extra: Ev = {}): Ev => ({
  type: "ObjectEvent",
  eventTime: "2026-12-01T10:00:00Z",
  eventTimeZoneOffset: "+00:00",
  action,
  bizStep,
  epcList: [sgtin("S1")],
  ...extra,
});
export const aggregation = (action: string, bizStep: string, extra: Ev = {}): Ev => ({
  type: "AggregationEvent",
  eventTime: "2026-12-01T10:00:00Z",
  eventTimeZoneOffset: "+00:00",
  action,
  bizStep,
  parentID: SSCC,
  childEPCs: [sgtin("S1"), sgtin("S2")],
  ...extra,
});
export const ILMD = {
  "cbvmda:lotNumber": "L-1",
  "cbvmda:itemExpirationDate": "2027-03-31",
  "cbvmda:productionDate": "2026-01-15",
};
export const SHIP_TO = { destinationList: [{ type: "owning_party", destination: PARTY }] };
// Entries with their keys in order: JSON.stringify gives their canonical JSON, an independent check of the hash.
export const BT_PO = { bizTransaction: "urn:epcglobal:cbv:bt:0614141000029:PO-1", type: "po" };
export const BT_DESADV = { bizTransaction: "urn:epcglobal:cbv:bt:0614141000029:D-7", type: "desadv" };
export const SORTED_DOCS = keccak256(toUtf8Bytes(JSON.stringify([BT_DESADV, BT_PO])));
/** The entry the EPCIS export writes for a shipment's document hash: capture takes the hash as it is. */
export const DOC = "urn:udi-ledger:document:";
export const BT_LEDGER = { type: "desadv", bizTransaction: `${DOC}${HASH}` };

export const installing = object("OBSERVE", "installing", { bizLocation: { id: SITE } });

/** Every row of docs/capture.md's table, with the CBV term forms it accepts: the event and the exact operations. */
export const MAPPED: [string, Ev, LedgerOp[]][] = [
  [
    "commissioning, two GTINs of one lot: one commission per GTIN",
    object("ADD", "commissioning", {
      epcList: [sgtin("S1"), sgtin("S9", "207346"), sgtin("S2")],
      disposition: "active",
      ilmd: ILMD,
    }),
    [
      {
        kind: "commission",
        gtin: G1,
        lot: "L-1",
        manufacturedAt: 1768435200,
        expiresAt: 1806537599,
        serials: ["S1", "S2"],
      },
      { kind: "commission", gtin: G2, lot: "L-1", manufacturedAt: 1768435200, expiresAt: 1806537599, serials: ["S9"] },
    ],
  ],
  [
    "commissioning as a CBV URI, bare ILMD names, no dates, a Digital Link EPC",
    object("ADD", "https://ref.gs1.org/cbv/BizStep-commissioning", {
      epcList: ["https://id.gs1.org/01/10614141073464/21/A%2FB"],
      ilmd: { lotNumber: "L-2" },
    }),
    [{ kind: "commission", gtin: G1, lot: "L-2", serials: ["A/B"] }],
  ],
  [
    "packing into an SSCC",
    aggregation("ADD", "cbv:BizStep-packing", { disposition: "container_closed" }),
    [{ kind: "pack", sscc: SSCC_KEY, devices: [dev("S1"), dev("S2")] }],
  ],
  [
    "unpacking named devices",
    aggregation("DELETE", "unpacking", { childEPCs: [sgtin("S2")], disposition: "cbv:Disp-container_open" }),
    [{ kind: "unpack", sscc: SSCC_KEY, devices: [dev("S2")] }],
  ],
  [
    "shipping to an owning party: title with custody, business transactions hashed in any order",
    object("OBSERVE", "shipping", {
      epcList: [sgtin("S1"), "https://id.gs1.org/00/206141412345678905"],
      disposition: "in_transit",
      bizTransactionList: [BT_PO, BT_DESADV],
      destinationList: [
        { type: "https://ref.gs1.org/cbv/SDT-owning_party", destination: PARTY },
        { type: "possessing_party", destination: "https://id.gs1.org/417/0614141000029" },
        { type: "location", destination: SITE },
      ],
    }),
    [
      {
        kind: "ship",
        to: "0614141000029",
        devices: [dev("S1")],
        containers: [SSCC2_KEY],
        documentHash: SORTED_DOCS,
        titleTransfer: true,
      },
    ],
  ],
  [
    "shipping to a possessing party only: custody without title, no documents",
    object("OBSERVE", "urn:epcglobal:cbv:bizstep:shipping", {
      destinationList: [{ type: "cbv:SDT-possessing_party", destination: PARTY2 }],
    }),
    [
      {
        kind: "ship",
        to: "0614141000036",
        devices: [dev("S1")],
        containers: [],
        documentHash: ZeroHash,
        titleTransfer: false,
      },
    ],
  ],
  [
    "shipping to a location only",
    object("OBSERVE", "shipping", { destinationList: [{ type: "location", destination: SITE }] }),
    [
      {
        kind: "ship",
        to: "0614141000012",
        devices: [dev("S1")],
        containers: [],
        documentHash: ZeroHash,
        titleTransfer: false,
      },
    ],
  ],
  [
    "shipping with the ledger's document entry (as exported): its hash",
    object("OBSERVE", "shipping", {
      ...SHIP_TO,
      bizTransactionList: [{ type: "desadv", bizTransaction: `${DOC}${HASH.toUpperCase().replace("0X", "0x")}` }],
    }),
    [
      {
        kind: "ship",
        to: "0614141000029",
        devices: [dev("S1")],
        containers: [],
        documentHash: HASH,
        titleTransfer: true,
      },
    ],
  ],
  [
    "void_shipping",
    object("OBSERVE", "void_shipping", { epcList: [SSCC], disposition: "in_progress" }),
    [{ kind: "cancel", devices: [], containers: [SSCC_KEY] }],
  ],
  [
    "receiving",
    object("OBSERVE", "receiving", { disposition: "in_progress", bizLocation: { id: SITE } }),
    [{ kind: "receive", devices: [dev("S1")], containers: [] }],
  ],
  ["accepting", object("OBSERVE", "accepting"), [{ kind: "receive", devices: [dev("S1")], containers: [] }]],
  [
    "receiving into a hold: a receipt (the chain decides a quarantine)",
    object("OBSERVE", "receiving", { disposition: "non_sellable_other" }),
    [{ kind: "receive", devices: [dev("S1")], containers: [] }],
  ],
  [
    "receiving non-conformant goods: a rejection",
    object("OBSERVE", "receiving", { disposition: "non_conformant" }),
    [{ kind: "reject", devices: [dev("S1")], containers: [] }],
  ],
  [
    "accepting damaged goods: a rejection",
    object("OBSERVE", "accepting", { disposition: "urn:epcglobal:cbv:disp:damaged" }),
    [{ kind: "reject", devices: [dev("S1")], containers: [] }],
  ],
  [
    "installing with a procedure commitment",
    { ...installing, "udi:procedureCommitment": HASH.toUpperCase().replace("0X", "0x") },
    [{ kind: "install", device: dev("S1"), careSite: "0614141000012", procedureCommitment: HASH }],
  ],
  [
    "installing without one: the event's own hash",
    installing,
    [{ kind: "install", device: dev("S1"), careSite: "0614141000012", procedureCommitment: recordHash(installing) }],
  ],
  [
    "removing",
    object("OBSERVE", "removing", { "udi:procedureCommitment": HASH }),
    [{ kind: "explant", device: dev("S1"), procedureCommitment: HASH }],
  ],
  [
    "inspecting, conformant, two devices: one service each",
    object("OBSERVE", "inspecting", {
      epcList: [sgtin("S1"), sgtin("S2")],
      disposition: "conformant",
      "udi:reportHash": HASH,
    }),
    [
      { kind: "service", device: dev("S1"), outcome: "Conformant", reportHash: HASH },
      { kind: "service", device: dev("S2"), outcome: "Conformant", reportHash: HASH },
    ],
  ],
  [
    "repairing, non-conformant",
    object("OBSERVE", "repairing", { disposition: "non_conformant", "udi:reportHash": HASH }),
    [{ kind: "service", device: dev("S1"), outcome: "NonConformant", reportHash: HASH }],
  ],
  [
    "repairing without disposition: a software update",
    object("OBSERVE", "repairing", { "udi:softwareVersion": "2.4.1", "udi:imageHash": HASH }),
    [{ kind: "softwareUpdate", device: dev("S1"), version: "2.4.1", imageHash: HASH }],
  ],
  [
    "inspecting, needs replacement",
    object("OBSERVE", "inspecting", { disposition: "needs_replacement", "udi:reportHash": HASH }),
    [{ kind: "service", device: dev("S1"), outcome: "NeedsReplacement", reportHash: HASH }],
  ],
  [
    "holding",
    object("OBSERVE", "holding", { disposition: "non_sellable_other", "udi:reasonHash": HASH }),
    [{ kind: "quarantine", device: dev("S1"), reasonHash: HASH }],
  ],
  [
    "holding lifted: available again",
    object("OBSERVE", "holding", { disposition: "available" }),
    [{ kind: "release", device: dev("S1") }],
  ],
  [
    "decommissioning",
    object("DELETE", "decommissioning", { disposition: "inactive" }),
    [{ kind: "decommission", device: dev("S1") }],
  ],
  [
    "destroying",
    object("OBSERVE", "destroying", { disposition: "destroyed" }),
    [{ kind: "destroy", device: dev("S1") }],
  ],
];
