import { ethers } from "hardhat";
import {
  deviceIdOf,
  gln,
  gtin,
  sscc,
  GLN,
  GTIN,
  IMPLANT_GTIN,
  OTHER_GTIN,
  LOT,
  PREFIX,
  OTHER_PREFIX,
  DAY,
} from "../fixtures";
import { MEMBER_NAMES, withBadCheckDigit } from "../helpers/directory";
import { ssccOf } from "../helpers/scenario";
import { CONTRACTS, ORG, type ModelState } from "./types";

/**
 * The small, fixed universe random commands draw from: a few organisations, products, serials, containers and
 * strings, each pool mixing valid values with one or two malformed ones, so sequences collide often.
 */

/** A valid GLN no organisation holds at the start (admission may create it). */
export const NEW_GLN = gln("061415000001");
export const BAD_GLN = withBadCheckDigit(GLN.distributor);
export const GLNS: bigint[] = [...Object.values(GLN), NEW_GLN, BAD_GLN];

/** A product of the manufacturer not yet registered, one under an unassigned prefix, and one with a bad check digit. */
export const NEW_GTIN = gtin("0061414100043");
export const FREE_GTIN = gtin("0061414300016");
export const BAD_GTIN = withBadCheckDigit(GTIN);
export const GTINS: bigint[] = [GTIN, IMPLANT_GTIN, OTHER_GTIN, NEW_GTIN, FREE_GTIN, BAD_GTIN];
/** GTINs devices may exist under. */
export const DEVICE_GTINS: bigint[] = [GTIN, IMPLANT_GTIN, OTHER_GTIN, NEW_GTIN];

export const SERIALS = ["S0", "S1", "S2", "S3", "S4", "S5"];
export const BAD_SERIALS = ["", "SN 1", "X".repeat(21)];
/** Every device id the sequences can commission, and a never-commissioned one. */
export const DEVICE_IDS: string[] = DEVICE_GTINS.flatMap((g) => SERIALS.map((s) => deviceIdOf(g, s)));
export const UNKNOWN_DEVICE = deviceIdOf(GTIN, "NEVER");

export const LOT_NUMBERS = [LOT, "L-1", "L-2", "", "BAD LOT", "L".repeat(21)];
/** Manufacture and expiry dates relative to the fixture's time: expiring soon, in a year, never, already, reversed. */
export const LOT_DATES: [bigint, bigint | null][] = [
  [-20n * DAY, 30n * DAY],
  [-20n * DAY, 365n * DAY],
  [-20n * DAY, null],
  [-20n * DAY, -10n * DAY],
  [0n, -1n * DAY],
];
/** How far one time-advance command moves the clock (past the 30-day expiry and the 2-day admin delay). */
export const TIME_STEP = 45n * DAY;

export const BAD_SSCC = withBadCheckDigit(ssccOf(1));
export const SSCCS: bigint[] = [ssccOf(1), ssccOf(2), ssccOf(3), BAD_SSCC, sscc("10614140000000009")];

export const PREFIXES = [PREFIX, OTHER_PREFIX, "0614143", "061414", "06141410", "614141", "12a45", "123"];
export const CARE_SITES: bigint[] = [GLN.hospital, BAD_GLN];
export const VERSIONS = ["1.0.0", "", "v".repeat(65)];
export const ADMIN_DELAY = 2n * DAY;
/** Validator node addresses: two fixed ones and the zero address (clears an organisation's validator). */
export const VALIDATORS = [
  "0x00000000000000000000000000000000000000A1",
  "0x00000000000000000000000000000000000000a2",
  "0x0000000000000000000000000000000000000000",
].map((a) => ethers.getAddress(a));

/** The signers commands act as: the admin, one account per organisation, an outsider and three spare keys. */
export const ACTOR_NAMES = ["admin", ...MEMBER_NAMES, "outsider", "spare", "extra1", "extra2"] as const;

/** The fixture's organisations with their roles (bit masks) and first accounts' signer index. */
const FIXTURE_ORGS: [bigint, bigint, number][] = [
  [GLN.manufacturer, 1n << 1n, 1],
  [GLN.otherManufacturer, 1n << 1n, 2],
  [GLN.distributor, 1n << 2n, 3],
  [GLN.hospital, 1n << 3n, 4],
  [GLN.otherHospital, 1n << 3n, 5],
  [GLN.service, 1n << 4n, 6],
  [GLN.regulator, 1n << 5n, 7],
  [GLN.gateway, 1n << 6n, 8],
];

/** The model of the root fixture (`consortiumFixture`): what it admitted, assigned and registered. */
export function fixtureModel(addresses: string[], now: bigint): ModelState {
  const orgs = new Map(
    FIXTURE_ORGS.map(([g, roles, i]) => [g, { status: ORG.Active, roles, accounts: [addresses[i]] }]),
  );
  const paused = Object.fromEntries(CONTRACTS.map((c) => [c, false])) as ModelState["paused"];
  return {
    origin: now,
    clock: now,
    admin: addresses[0],
    pendingAdmin: ethers.ZeroAddress,
    pendingSchedule: 0n,
    pendingBeganAt: 0n,
    adminDelay: ADMIN_DELAY,
    paused,
    orgs,
    accounts: new Map(FIXTURE_ORGS.map(([g, , i]) => [addresses[i], g])),
    prefixes: new Map([
      [PREFIX, GLN.manufacturer],
      [OTHER_PREFIX, GLN.otherManufacturer],
    ]),
    products: new Map([
      [GTIN, { manufacturer: GLN.manufacturer, tracked: true, implantable: false, metadataHash: ethers.id("ifu-v1") }],
      [
        IMPLANT_GTIN,
        { manufacturer: GLN.manufacturer, tracked: true, implantable: true, metadataHash: ethers.id("implant-ifu") },
      ],
      [
        OTHER_GTIN,
        {
          manufacturer: GLN.otherManufacturer,
          tracked: false,
          implantable: false,
          metadataHash: ethers.id("other-ifu"),
        },
      ],
    ]),
    lots: new Map([
      [
        1n,
        {
          gtin: GTIN,
          manufacturer: GLN.manufacturer,
          manufacturedAt: now - DAY,
          expiresAt: now + 365n * DAY,
          holdMark: 0n,
        },
      ],
    ]),
    lotKeys: new Map([[`${GTIN}|${LOT}`, 1n]]),
    devices: new Map(),
    containers: new Map(),
    containerSscc: new Map(),
    shipments: new Map(),
    recalls: new Map(),
    acknowledged: new Set(),
    dispositions: new Map(),
    servicers: new Set(),
    software: new Map(),
    anchors: new Map(),
    guardians: new Set(),
    validators: new Map(),
  };
}
