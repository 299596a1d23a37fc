import { ethers } from "hardhat";
import type { Result } from "ethers";
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ConsortiumDirectory, ContractWallet, DataAnchorRegistry, DeviceRegistry } from "../../typechain-types";
import { AnchorTarget } from "../../src/contracts";
import { bigintEnum } from "./enums";
import { consortiumFixture, deviceIdOf, gln, sscc, DAY, GLN, GTIN, OTHER_GTIN, Role } from "../fixtures";

/** IDeviceRegistry's statuses, as the views return them. */
export const DeviceStatus = bigintEnum("DeviceStatus");
export const ContainerStatus = bigintEnum("ContainerStatus");
export const ShipmentStatus = bigintEnum("ShipmentStatus");

/** MAX_BATCH of the device registry. */
export const MAX_BATCH = 400;

/** The 20 punctuation characters of GS1 character set 82 (digits and letters are the other 62). */
export const CS82_PUNCTUATION = "!\"%&'()*+,-./:;<=>?_";
/** Printable ASCII characters outside GS1 character set 82. */
export const OUTSIDE_CS82 = [" ", "#", "$", "@", "[", "\\", "]", "^", "`", "{", "|", "}", "~"];

/**
 * Invalid values for a field of 1–20 characters of GS1 character set 82 (serials, lot numbers), as [what is wrong,
 * value]: built on `stem`, a valid value (its first character repeated makes the overlong one).
 */
export const invalidCs82Values = (stem: string): [string, string][] => [
  ["is empty", ""],
  ["has 21 characters", stem[0].repeat(21)],
  ["contains '#'", `${stem}#1`],
  ["contains a space", `${stem} 1`],
  ["contains 'é'", `${stem}é1`],
];

/** A second lot of GTIN, and a lot of the other manufacturer's product. */
export const SECOND_LOT = "LOT-2026-B";
export const OTHER_LOT = "OTHER-LOT-1";

/** Devices the commissioned fixture brings into the manufacturer's custody. */
export const SERIALS = ["SN-0001", "SN-0002", "SN-0003", "SN-0004", "SN-0005", "SN-0006"];
export const SECOND_SERIALS = ["SN-B-0001", "SN-B-0002"];

/** SSCCs under the manufacturer's company prefix (extension digit 3). */
export const CASE = sscc("30614141000000001");
export const CASE_2 = sscc("30614141000000002");
export const CASE_3 = sscc("30614141000000003");

/** A GLN with a valid check digit that no organisation was admitted under. */
export const UNKNOWN_GLN = gln("061414900001");

export const DOCUMENT = ethers.id("ASN-0001");

/** The consortium plus a second lot of GTIN and a lot of OTHER_GTIN (no expiry) held by the other manufacturer. */
export async function lotsFixture() {
  const f = await consortiumFixture();
  await f.devices.connect(f.manufacturer).registerLot(GTIN, SECOND_LOT, f.now - DAY, f.now + 365n * DAY);
  await f.devices.connect(f.otherManufacturer).registerLot(OTHER_GTIN, OTHER_LOT, f.now - DAY, 0);
  const secondLotKey = await f.devices.lotKeyOf(GTIN, SECOND_LOT);
  const otherLotKey = await f.devices.lotKeyOf(OTHER_GTIN, OTHER_LOT);
  return { ...f, secondLotKey, otherLotKey };
}

/** `lotsFixture` plus SERIALS commissioned in the first lot and SECOND_SERIALS in the second, all loose. */
export async function commissionedFixture() {
  const f = await lotsFixture();
  await f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, SERIALS);
  await f.devices.connect(f.manufacturer).commissionBatch(f.secondLotKey, SECOND_SERIALS);
  const ids = SERIALS.map((serial) => deviceIdOf(GTIN, serial));
  const secondIds = SECOND_SERIALS.map((serial) => deviceIdOf(GTIN, serial));
  return { ...f, ids, secondIds };
}

/** `commissionedFixture` with the first three devices packed into CASE (container key 1); the others stay loose. */
export async function packedFixture() {
  const f = await commissionedFixture();
  const packed = f.ids.slice(0, 3);
  const loose = f.ids.slice(3);
  await f.devices.connect(f.manufacturer).pack(CASE, packed);
  return { ...f, packed, loose };
}

/** Ships and returns the new shipment id. */
export async function shipFrom(
  devices: DeviceRegistry,
  sender: HardhatEthersSigner,
  recipient: bigint,
  deviceIds: string[],
  containers: bigint[],
): Promise<bigint> {
  const shipmentId = await devices.connect(sender).ship.staticCall(recipient, deviceIds, containers, DOCUMENT, true);
  await devices.connect(sender).ship(recipient, deviceIds, containers, DOCUMENT, true);
  return shipmentId;
}

/** Anchors a telemetry excursion on a shipment in transit, through the data gateway. */
export async function anchorExcursion(
  anchors: DataAnchorRegistry,
  gateway: HardhatEthersSigner,
  shipmentId: bigint,
): Promise<void> {
  await anchors.connect(gateway).anchor({
    target: AnchorTarget.Shipment,
    targetId: ethers.toBeHex(shipmentId, 32),
    root: ethers.id("telemetry-root"),
    recordCount: 1,
    windowStart: 0,
    windowEnd: 0,
    uriHash: ethers.id("telemetry-uri"),
    excursion: true,
  });
}

interface QuarantineContext {
  devices: DeviceRegistry;
  anchors: DataAnchorRegistry;
  manufacturer: HardhatEthersSigner;
  distributor: HardhatEthersSigner;
  gateway: HardhatEthersSigner;
}

/** Ships `containerSscc` from the manufacturer to the distributor with an anchored excursion; the distributor receives
 * it, so it arrives Quarantined in the distributor's custody. Returns the shipment id. */
export async function receiveQuarantined(f: QuarantineContext, containerSscc: bigint): Promise<bigint> {
  const shipmentId = await shipFrom(f.devices, f.manufacturer, GLN.distributor, [], [containerSscc]);
  await anchorExcursion(f.anchors, f.gateway, shipmentId);
  await f.devices.connect(f.distributor).receiveShipment(shipmentId, [], [containerSscc]);
  return shipmentId;
}

/** Every organisation without the Manufacturer role is refused the write: ConsortiumGatedMissingRole(org, Manufacturer). */
export async function expectManufacturersOnly(
  f: Parameters<typeof nonManufacturers>[0] & { devices: DeviceRegistry },
  write: (account: HardhatEthersSigner) => Promise<unknown>,
): Promise<void> {
  for (const [account, org] of nonManufacturers(f)) {
    await expect(write(account))
      .to.be.revertedWithCustomError(f.devices, "ConsortiumGatedMissingRole")
      .withArgs(org, Role.Manufacturer);
  }
}

/** The accounts of every organisation without the Manufacturer role, with their GLNs. */
export function nonManufacturers(
  f: Record<"distributor" | "hospital" | "service" | "regulator" | "gateway", HardhatEthersSigner>,
): [HardhatEthersSigner, bigint][] {
  return [
    [f.distributor, GLN.distributor],
    [f.hospital, GLN.hospital],
    [f.service, GLN.service],
    [f.regulator, GLN.regulator],
    [f.gateway, GLN.gateway],
  ];
}

/** The expected `deviceState` of a device of GTIN, with defaults for a loose, unheld, unexpired device. */
export function expectedState(state: {
  custodian: bigint;
  status: bigint;
  lotKey: bigint;
  container?: bigint;
  shipment?: bigint;
  gtin?: bigint;
}) {
  return {
    custodian: state.custodian,
    status: state.status,
    gtin: state.gtin ?? GTIN,
    lotKey: state.lotKey,
    container: state.container ?? 0n,
    shipment: state.shipment ?? 0n,
    heldBy: 0n,
    expired: false,
  };
}

/** The expected `container(sscc)`, with defaults for the fixture's first container (key 1), loose and unheld. */
export function expectedContainer(c: {
  custodian: bigint;
  status: bigint;
  lotKey: bigint;
  deviceCount: bigint;
  key?: bigint;
  shipment?: bigint;
}) {
  const { custodian, status, lotKey, deviceCount } = c;
  return { custodian, status, key: c.key ?? 1n, lotKey, shipment: c.shipment ?? 0n, deviceCount, holdMark: 0n };
}

/** The named fields of a struct a view returned: the typechain output type without its tuple positions. */
export type StructFields<T> = { [K in keyof T as K extends keyof unknown[] | `${number}` ? never : K]: T[K] };

/** A struct a view returned (an ethers Result), as a plain object with every named field, in declaration order. */
export const plainStruct = <T extends object>(struct: T): StructFields<T> =>
  (struct as unknown as Result).toObject() as StructFields<T>;

/** The expected raw `device(id)` record, with defaults for a loose device no recall listed. */
export function expectedRecord(record: { custodian: bigint; status: bigint; lotKey: bigint; shipment?: bigint }) {
  return {
    custodian: record.custodian,
    status: record.status,
    lotKey: record.lotKey,
    container: 0n,
    shipment: record.shipment ?? 0n,
    holdMark: 0n,
    clearedHold: 0n,
  };
}

/** `deviceState(id)` as a plain object. */
export const stateOf = async (devices: DeviceRegistry, deviceId: string) =>
  plainStruct(await devices.deviceState(deviceId));

/** The raw one-slot `device(id)` record as a plain object. */
export const deviceOf = async (devices: DeviceRegistry, deviceId: string) =>
  plainStruct(await devices.device(deviceId));

/** `lot(key)` as a plain object. */
export const lotOf = async (devices: DeviceRegistry, lotKey: bigint | number) => plainStruct(await devices.lot(lotKey));

/** `container(sscc)` as a plain object. */
export const containerOf = async (devices: DeviceRegistry, containerSscc: bigint) =>
  plainStruct(await devices.container(containerSscc));

/** `shipment(id)` as a plain object. */
export const shipmentOf = async (devices: DeviceRegistry, shipmentId: bigint) =>
  plainStruct(await devices.shipment(shipmentId));

export { expectLedgerHeadReplays } from "./directory";

/** `count` distinct serials of exactly 20 characters. */
export const longSerials = (count: number, prefix = "S"): string[] =>
  Array.from({ length: count }, (_, i) => prefix + String(i).padStart(20 - prefix.length, "0"));

/** `count` device ids that were never commissioned. */
export const unknownIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => deviceIdOf(GTIN, `UNKNOWN-${i}`));

/** A contract wallet (multisig stand-in) owned by `owner` and bound as an account of organisation `org`, so that
 * calls through it have msg.sender != tx.origin. */
export async function walletOf(
  directory: ConsortiumDirectory,
  admin: HardhatEthersSigner,
  owner: HardhatEthersSigner,
  org: bigint,
): Promise<ContractWallet> {
  const wallet = (await ethers.deployContract("ContractWallet", [], owner)) as unknown as ContractWallet;
  await directory.connect(admin).addAccount(org, await wallet.getAddress());
  return wallet;
}

/** The accounts of every organisation except the manufacturer's, with their GLNs. */
export function allButManufacturer(
  f: Parameters<typeof nonManufacturers>[0] & { otherManufacturer: HardhatEthersSigner },
): [HardhatEthersSigner, bigint][] {
  return [[f.otherManufacturer, GLN.otherManufacturer], ...nonManufacturers(f)];
}
