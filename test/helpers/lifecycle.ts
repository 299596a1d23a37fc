import { ethers } from "hardhat";
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { DeviceRegistry } from "../../typechain-types";
import type { IRecallRegistry } from "../../typechain-types/contracts/RecallRegistry";
import type { IDataAnchorRegistry } from "../../typechain-types/contracts/DataAnchorRegistry";
import { consortiumFixture, deviceIdOf, gln, sscc, GLN, GTIN, IMPLANT_GTIN, DAY } from "../fixtures";
import { expectLedgerHeadReplays as expectHeadReplays, type LedgerHeadContract } from "./directory";

// ===== ENUMS (from the generated contract facts) =====

import { HoldScope, RecallAction, RecallClass } from "../../src/contracts";

export {
  AnchorTarget,
  ContainerStatus,
  DeviceStatus,
  Disposition,
  HoldScope,
  RecallAction,
  RecallClass,
  RecallStatus,
  ServiceOutcome,
  ShipmentStatus,
} from "../../src/contracts";

// ===== CONSTANTS =====

/** A valid GLN that no organisation holds. */
export const UNKNOWN_GLN = gln("061414999991");
/** A valid care-site GLN (a ward of the hospital). */
export const CARE_SITE = gln("061414400018");
/** Valid SSCCs for containers used in the tests. */
export const SSCC_A = sscc("00614141000000001");
export const SSCC_B = sscc("00614141000000002");
/** Serials the manufacturer delivers to the hospital in {deliveredFixture}. */
export const HOSPITAL_SERIALS = ["SN-H1", "SN-H2", "SN-H3", "SN-H4"] as const;
/** Serials that stay in the manufacturer's stock in {deliveredFixture}. */
export const STOCK_SERIALS = ["SN-M1", "SN-M2"] as const;
/** The id of a device of GTIN that no test commissions. */
export const UNKNOWN_DEVICE = deviceIdOf(GTIN, "NEVER-COMMISSIONED");
/** The commitment to a (salted, off-chain) procedure record that installs record. */
export const COMMITMENT = ethers.id("salted-procedure-record");
/** Second lot of GTIN registered in {deliveredFixture}. */
export const LOT_B = "LOT-2026-B";
export const IMPLANT_LOT = "IMPL-2026-1";

// ===== ORGANISATIONS =====

export type OrgName = keyof typeof GLN;
export const ORG_NAMES = Object.keys(GLN) as OrgName[];

export interface Member {
  name: OrgName;
  signer: HardhatEthersSigner;
  gln: bigint;
}

/** Every consortium member (one organisation per role), except the named ones. */
export function membersExcept(f: Record<OrgName, HardhatEthersSigner>, ...excluded: OrgName[]): Member[] {
  return ORG_NAMES.filter((name) => !excluded.includes(name)).map((name) => ({
    name,
    signer: f[name],
    gln: GLN[name],
  }));
}

// ===== CUSTODY HELPERS =====

/** Ships and returns the new shipment id read from the ShipmentDispatched log. */
export async function ship(
  devices: DeviceRegistry,
  from: HardhatEthersSigner,
  recipient: bigint,
  deviceIds: string[],
  containers: bigint[] = [],
): Promise<number> {
  const tx = await devices.connect(from).ship(recipient, deviceIds, containers, ethers.id("asn"), true);
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = devices.interface.parseLog(log);
    if (parsed?.name === "ShipmentDispatched") return Number(parsed.args.shipmentId);
  }
  throw new Error("no ShipmentDispatched log");
}

/** Ships from one organisation and receives at the other; returns the shipment id. */
export async function deliver(
  devices: DeviceRegistry,
  from: HardhatEthersSigner,
  to: HardhatEthersSigner,
  recipient: bigint,
  deviceIds: string[],
  containers: bigint[] = [],
): Promise<number> {
  const shipmentId = await ship(devices, from, recipient, deviceIds, containers);
  await devices.connect(to).receiveShipment(shipmentId, deviceIds, containers);
  return shipmentId;
}

/**
 * The consortium with devices in use: lot A of GTIN (the root fixture's lot) has four devices commissioned by the
 * manufacturer, shipped to and received by the hospital (`atHospital`) and two left in the manufacturer's stock
 * (`inStock`); lot B of GTIN has one device at the hospital (`lotBDevice`); an implantable product lot has one
 * device at the hospital (`implantDevice`).
 */
export async function deliveredFixture() {
  const f = await consortiumFixture();
  const { devices, manufacturer, hospital, lotKey, now } = f;
  await devices.connect(manufacturer).commissionBatch(lotKey, [...HOSPITAL_SERIALS, ...STOCK_SERIALS]);
  await devices.connect(manufacturer).registerLot(GTIN, LOT_B, Number(now - DAY), Number(now + 365n * DAY));
  const lotB = await devices.lotKeyOf(GTIN, LOT_B);
  await devices.connect(manufacturer).commission(lotB, "SN-B1");
  await devices.connect(manufacturer).registerLot(IMPLANT_GTIN, IMPLANT_LOT, Number(now - DAY), 0);
  const implantLot = await devices.lotKeyOf(IMPLANT_GTIN, IMPLANT_LOT);
  await devices.connect(manufacturer).commission(implantLot, "IM-1");

  const atHospital = HOSPITAL_SERIALS.map((serial) => deviceIdOf(GTIN, serial));
  const inStock = STOCK_SERIALS.map((serial) => deviceIdOf(GTIN, serial));
  const lotBDevice = deviceIdOf(GTIN, "SN-B1");
  const implantDevice = deviceIdOf(IMPLANT_GTIN, "IM-1");
  const delivery = await deliver(devices, manufacturer, hospital, GLN.hospital, [
    ...atHospital,
    lotBDevice,
    implantDevice,
  ]);
  return { ...f, lotB, implantLot, atHospital, inStock, lotBDevice, implantDevice, delivery };
}

// ===== RECALLS =====

/** A valid Product-scope class I removal notice for `gtin`; override any field. */
export function recallNotice(
  gtinValue: bigint,
  overrides: Partial<IRecallRegistry.RecallNoticeStruct> = {},
): IRecallRegistry.RecallNoticeStruct {
  return {
    gtin: gtinValue,
    recallClass: RecallClass.ClassI,
    action: RecallAction.Removal,
    scope: HoldScope.Product,
    returnTo: 0n,
    noticeHash: ethers.id("recall-notice"),
    lotKeys: [],
    deviceIds: [],
    ...overrides,
  };
}

// ===== DATA ANCHORS =====

/** A valid anchor request; override any field. */
export function anchorRequest(
  target: number,
  targetId: bigint | string,
  overrides: Partial<IDataAnchorRegistry.AnchorRequestStruct> = {},
): IDataAnchorRegistry.AnchorRequestStruct {
  return {
    target,
    targetId: typeof targetId === "bigint" ? ethers.toBeHex(targetId, 32) : targetId,
    root: ethers.id("root"),
    recordCount: 12,
    windowStart: 1_700_000_000,
    windowEnd: 1_700_003_600,
    uriHash: ethers.id("s3://telemetry/1"),
    excursion: false,
    ...overrides,
  };
}

/** keccak256 of the sorted pair, as OpenZeppelin MerkleProof hashes nodes. */
export function hashPair(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? ethers.keccak256(ethers.concat([a, b])) : ethers.keccak256(ethers.concat([b, a]));
}

/** A leaf as OpenZeppelin's standard tree builds it: keccak256(bytes.concat(keccak256(abi.encode(values)))). */
export function standardLeaf(types: string[], values: unknown[]): string {
  return ethers.keccak256(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(types, values)));
}

/**
 * A sorted-pair Merkle tree (OpenZeppelin MerkleProof convention). A node without a sibling moves up unchanged.
 * Returns the root and a proof for each leaf, in leaf order.
 */
export function merkleTree(leaves: string[]): { root: string; proofs: string[][] } {
  const proofs: string[][] = leaves.map(() => []);
  let positions = leaves.map((_, i) => i);
  let layer = [...leaves];
  while (layer.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < layer.length; i += 2) {
      next.push(i + 1 < layer.length ? hashPair(layer[i], layer[i + 1]) : layer[i]);
    }
    positions = positions.map((pos, leaf) => {
      const sibling = pos ^ 1;
      if (sibling < layer.length) proofs[leaf].push(layer[sibling]);
      return pos >> 1;
    });
    layer = next;
  }
  return { root: layer[0], proofs };
}

// ===== LEDGER HEAD =====

/** Asserts that the contract has emitted events and that its ledger head equals the head recomputed from its raw logs. */
export async function expectLedgerHeadReplays(contract: LedgerHeadContract): Promise<void> {
  expect((await contract.ledgerHead())[1]).to.be.greaterThan(0n);
  await expectHeadReplays(contract);
}
