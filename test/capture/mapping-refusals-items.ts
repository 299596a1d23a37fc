import { aggregation, ILMD, installing, object, PARTY, PARTY2, sgtin, SHIP_TO, SITE, SSCC } from "./mapping-fixtures";

/** Events refused for their identifiers and the parts of their operations: the field and a fragment of the reason. */
export const REFUSED_ITEMS: [string, unknown, string, string][] = [
  ["no EPC list", object("OBSERVE", "receiving", { epcList: undefined }), "epcList", "is missing"],
  ["an empty EPC list", object("OBSERVE", "receiving", { epcList: [] }), "epcList", "is empty"],
  [
    "an EPC class (lot)",
    object("OBSERVE", "receiving", { epcList: [sgtin("S1"), "urn:epc:class:lgtin:0614141.107346.L1"] }),
    "epcList[1]",
    "is an EPC class, not an instance",
  ],
  [
    "an EPC pattern",
    object("OBSERVE", "holding", { epcList: ["urn:epc:idpat:sgtin:0614141.107346.*"] }),
    "epcList[0]",
    "is an EPC class",
  ],
  [
    "a product class as a Digital Link",
    object("OBSERVE", "receiving", { epcList: ["https://id.gs1.org/01/10614141073464"] }),
    "epcList[0]",
    "is an EPC class",
  ],
  [
    "a location in the EPC list",
    object("OBSERVE", "receiving", { epcList: [SITE] }),
    "epcList[0]",
    "names a location or party",
  ],
  [
    "an EPC listed twice",
    object("OBSERVE", "receiving", { epcList: [sgtin("S1"), "https://id.gs1.org/01/10614141073464/21/S1"] }),
    "epcList[1]",
    "names the same object as epcList[0]",
  ],
  [
    "an EPC that is not text",
    object("OBSERVE", "receiving", { epcList: [42] }),
    "epcList[0]",
    "must be an EPC URN or a GS1 Digital Link URI",
  ],
  [
    "a wrong GTIN check digit",
    object("OBSERVE", "receiving", { epcList: ["https://id.gs1.org/01/10614141073465/21/S1"] }),
    "epcList[0]",
    "AI (01) gtin fails its GS1 mod-10 check digit",
  ],
  [
    "a GTIN that is no GTIN-14",
    object("OBSERVE", "receiving", { epcList: ["https://id.gs1.org/01/10614141073/21/S1"] }),
    "epcList[0]",
    "gtin has 11 characters, expected exactly 14",
  ],
  [
    "a serial outside CS82",
    object("OBSERVE", "receiving", { epcList: [sgtin("A%23")] }),
    "epcList[0]",
    `serial "A#" has "#", outside GS1 character set 82`,
  ],
  [
    "an SSCC of the wrong length",
    object("OBSERVE", "receiving", { epcList: ["urn:epc:id:sscc:0614141.123456789"] }),
    "epcList[0]",
    "has 16 digits, not 17",
  ],
  [
    "an EPC scheme the ledger does not use",
    object("OBSERVE", "receiving", { epcList: ["urn:epc:id:giai:4000001.12346"] }),
    "epcList[0]",
    "urn:epc:id:giai is not a scheme this ledger uses",
  ],
  [
    "a container commissioned",
    object("ADD", "commissioning", { epcList: [SSCC], ilmd: ILMD }),
    "epcList[0]",
    "is a container (SSCC)",
  ],
  ["a container quarantined", object("OBSERVE", "holding", { epcList: [SSCC] }), "epcList[0]", "is a container (SSCC)"],
  [
    "a shipment without destination",
    object("OBSERVE", "shipping"),
    "destinationList",
    "is missing: a shipment needs its recipient",
  ],
  [
    "a shipment to an empty destination list",
    object("OBSERVE", "shipping", { destinationList: [] }),
    "destinationList",
    "must list the recipient",
  ],
  [
    "a destination that is an object",
    object("OBSERVE", "shipping", { destinationList: [{ type: "owning_party", destination: sgtin("S1") }] }),
    "destinationList[0].destination",
    "names no party or location GLN",
  ],
  [
    "a destination GLN of the wrong length",
    object("OBSERVE", "shipping", {
      destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/061414100002" }],
    }),
    "destinationList[0].destination",
    "has 12 characters, expected exactly 13",
  ],
  [
    "a destination GLN with a wrong check digit",
    object("OBSERVE", "shipping", {
      destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/0614141000020" }],
    }),
    "destinationList[0].destination",
    "fails its GS1 mod-10 check digit",
  ],
  [
    "a destination type CBV does not define",
    object("OBSERVE", "shipping", { destinationList: [{ type: "cbv:SDT-carrier", destination: PARTY }] }),
    "destinationList[0].type",
    "carrier is not a CBV 2.0 destination type",
  ],
  [
    "two owning parties",
    object("OBSERVE", "shipping", {
      destinationList: [...SHIP_TO.destinationList, { type: "owning_party", destination: PARTY2 }],
    }),
    "destinationList[1]",
    "names a second owning_party (0614141000036",
  ],
  [
    "an owner that is not the possessor",
    object("OBSERVE", "shipping", {
      destinationList: [...SHIP_TO.destinationList, { type: "possessing_party", destination: PARTY2 }],
    }),
    "destinationList",
    "owning_party 0614141000029 and possessing_party 0614141000036 differ",
  ],
  [
    "a business transaction that is not an object",
    object("OBSERVE", "shipping", { ...SHIP_TO, bizTransactionList: ["PO-1"] }),
    "bizTransactionList[0]",
    "must be an object",
  ],
  [
    "packing without parent",
    aggregation("ADD", "packing", { parentID: undefined }),
    "parentID",
    "is missing: pack needs the container's SSCC",
  ],
  ["packing into a device", aggregation("ADD", "packing", { parentID: sgtin("P") }), "parentID", "is not an SSCC"],
  [
    "a container packed into a container",
    aggregation("ADD", "packing", { childEPCs: ["https://id.gs1.org/00/206141412345678905"] }),
    "childEPCs[0]",
    "is a container (SSCC)",
  ],
  [
    "unpacking all children",
    aggregation("DELETE", "unpacking", { childEPCs: undefined }),
    "childEPCs",
    "the ledger unpacks named devices",
  ],
  ["installing without location", object("OBSERVE", "installing"), "bizLocation", "needs its care site's GLN"],
  [
    "installing at a party",
    object("OBSERVE", "installing", { bizLocation: { id: PARTY } }),
    "bizLocation.id",
    "is not a location",
  ],
  [
    "a malformed procedure commitment",
    { ...installing, "udi:procedureCommitment": "0x12" },
    "udi:procedureCommitment",
    "must be a 32-byte hash",
  ],
];
