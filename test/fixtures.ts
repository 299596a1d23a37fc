import { ignition, ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import UdiLedgerModule from "../ignition/modules/UdiLedger";
import type {
  ConsortiumDirectory,
  ProductRegistry,
  DeviceRegistry,
  DeviceLifecycle,
  RecallRegistry,
  DataAnchorRegistry,
} from "../typechain-types";

import { Role } from "../src/contracts";
import type { Contracts } from "../src/sdk/contracts";

export { Role };

export const roleMask = (...roles: number[]): number => roles.reduce((m, r) => m | (1 << r), 0);

/** Appends the GS1 mod-10 check digit to a string of digits. */
export function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** A valid GLN (13 digits) from a 12-digit body. */
export const gln = (body12: string): bigint => BigInt(withCheckDigit(body12));
/** A valid GTIN-14 from a 13-digit body. */
export const gtin = (body13: string): bigint => BigInt(withCheckDigit(body13));
/** A valid SSCC-18 from a 17-digit body. */
export const sscc = (body17: string): bigint => BigInt(withCheckDigit(body17));

/** The consortium used across the tests: one organisation per role plus a spare of each kind that matters. */
export const GLN = {
  manufacturer: gln("061414100001"),
  otherManufacturer: gln("061414200001"),
  distributor: gln("061414300001"),
  hospital: gln("061414400001"),
  otherHospital: gln("061414500001"),
  service: gln("061414600001"),
  regulator: gln("061414700001"),
  gateway: gln("061414800001"),
} as const;

export const PREFIX = "0614141";
export const OTHER_PREFIX = "0614142";
/** GTINs under the manufacturer's prefix 0614141 (indicator digit 0). */
export const GTIN = gtin("0061414100012");
export const IMPLANT_GTIN = gtin("0061414100029");
export const OTHER_GTIN = gtin("0061414200019");
export const LOT = "LOT-2026-A";
export const DAY = 24n * 60n * 60n;

/** The deployed contracts, keyed as in the SDK (`directory`, `products`…). */
export type System = Contracts;

/** Deploys the whole system through the real Ignition module. */
export async function deploySystem(): Promise<System> {
  const deployed = await ignition.deploy(UdiLedgerModule);
  return {
    directory: deployed.directory as unknown as ConsortiumDirectory,
    products: deployed.products as unknown as ProductRegistry,
    devices: deployed.devices as unknown as DeviceRegistry,
    lifecycle: deployed.lifecycle as unknown as DeviceLifecycle,
    recalls: deployed.recalls as unknown as RecallRegistry,
    anchors: deployed.anchors as unknown as DataAnchorRegistry,
  };
}

export interface Actors {
  admin: HardhatEthersSigner;
  manufacturer: HardhatEthersSigner;
  otherManufacturer: HardhatEthersSigner;
  distributor: HardhatEthersSigner;
  hospital: HardhatEthersSigner;
  otherHospital: HardhatEthersSigner;
  service: HardhatEthersSigner;
  regulator: HardhatEthersSigner;
  gateway: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  spare: HardhatEthersSigner;
}

export async function actors(): Promise<Actors> {
  const s = await ethers.getSigners();
  return {
    admin: s[0],
    manufacturer: s[1],
    otherManufacturer: s[2],
    distributor: s[3],
    hospital: s[4],
    otherHospital: s[5],
    service: s[6],
    regulator: s[7],
    gateway: s[8],
    outsider: s[9],
    spare: s[10],
  };
}

/**
 * The root fixture: the system deployed through Ignition, a consortium admitted (one organisation per role), the
 * manufacturer's company prefix, two registered products and one lot expiring in a year.
 */
export async function consortiumFixture() {
  const system = await deploySystem();
  const a = await actors();
  const { directory, products, devices } = system;
  await directory.admitOrganisation(GLN.manufacturer, roleMask(Role.Manufacturer), a.manufacturer);
  await directory.admitOrganisation(GLN.otherManufacturer, roleMask(Role.Manufacturer), a.otherManufacturer);
  await directory.admitOrganisation(GLN.distributor, roleMask(Role.Distributor), a.distributor);
  await directory.admitOrganisation(GLN.hospital, roleMask(Role.HealthcareProvider), a.hospital);
  await directory.admitOrganisation(GLN.otherHospital, roleMask(Role.HealthcareProvider), a.otherHospital);
  await directory.admitOrganisation(GLN.service, roleMask(Role.ServiceProvider), a.service);
  await directory.admitOrganisation(GLN.regulator, roleMask(Role.Regulator), a.regulator);
  await directory.admitOrganisation(GLN.gateway, roleMask(Role.DataGateway), a.gateway);
  await directory.assignCompanyPrefix(GLN.manufacturer, PREFIX);
  await directory.assignCompanyPrefix(GLN.otherManufacturer, OTHER_PREFIX);
  await products.connect(a.manufacturer).registerProduct(GTIN, ethers.id("ifu-v1"), true, false);
  await products.connect(a.manufacturer).registerProduct(IMPLANT_GTIN, ethers.id("implant-ifu"), true, true);
  await products.connect(a.otherManufacturer).registerProduct(OTHER_GTIN, ethers.id("other-ifu"), false, false);
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  await devices.connect(a.manufacturer).registerLot(GTIN, LOT, now - DAY, now + 365n * DAY);
  const lotKey = await devices.lotKeyOf(GTIN, LOT);
  return { ...system, ...a, lotKey, now };
}

/** Computes the ledger head a contract should report by replaying its logs in order. */
export async function replayLedgerHead(address: string, fromBlock = 0): Promise<{ head: string; count: bigint }> {
  const logs = await ethers.provider.getLogs({ address, fromBlock, toBlock: "latest" });
  let head = ethers.zeroPadBytes("0x", 24);
  for (const log of logs) {
    const entry = ethers.keccak256(ethers.concat([...log.topics, log.data]));
    head = ethers.dataSlice(ethers.keccak256(ethers.concat([head, entry])), 0, 24);
  }
  return { head, count: BigInt(logs.length) };
}

/** The device id of `Ids.deviceId`, from the one derivation the SDK and the indexer share. */
export { deviceId as deviceIdOf } from "../src/contracts/ids";
