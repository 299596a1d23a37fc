import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, Log } from "ethers";
import type { ConsortiumDirectory, ContractWallet } from "../../typechain-types";
import { consortiumFixture, deviceIdOf, sscc, GLN, GTIN, IMPLANT_GTIN, DAY, type System } from "../fixtures";
import {
  AnchorTarget,
  ContainerStatus,
  DeviceStatus,
  Disposition,
  HoldScope,
  RecallAction,
  RecallClass,
  ServiceOutcome,
  ShipmentStatus,
} from "./lifecycle";
import { walletOf } from "./devices";

/** The root fixture's result. */
export type Consortium = Awaited<ReturnType<typeof consortiumFixture>>;

/** The per-transaction gas cap of Osaka-era chains (EIP-7825). */
export const TX_GAS_CAP = 16_777_216n;
/** Lot number of the implantable product's lot registered by {registerImplantLot}. */
export const IMPLANT_LOT = "IMPL-2026-A";
/** A business document (ASN) hash carried by shipments. */
export const DOC = ethers.id("asn-0001");
/** A care site where devices are installed (the hospital's own GLN). */
export const CARE_SITE = GLN.hospital;

/** A salted commitment to a procedure record: only this hash ever reaches the chain. */
export const commitment = (record: string, salt = "salt"): string =>
  ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [ethers.id(salt), record]));

/** `count` serials `<tag><n>`, each padded with zeros to `length` characters (≤ 20 keeps them valid). */
export function serialsOf(tag: string, count: number, length = tag.length + 4): string[] {
  return Array.from({ length: count }, (_, i) => tag + String(i).padStart(length - tag.length, "0"));
}

/** Device ids of `serials` under `gtinValue`. */
export const idsOf = (gtinValue: bigint, serials: string[]): string[] => serials.map((s) => deviceIdOf(gtinValue, s));

/** A valid SSCC whose serial reference ends in `n`. */
export const ssccOf = (n: number): bigint => sscc("1061414" + String(n).padStart(10, "0"));

/** Registers a lot of the implantable product expiring in a year; returns its key. */
export async function registerImplantLot(f: Consortium, lotNumber = IMPLANT_LOT): Promise<bigint> {
  await f.devices.connect(f.manufacturer).registerLot(IMPLANT_GTIN, lotNumber, f.now - DAY, f.now + 365n * DAY);
  return f.devices.lotKeyOf(IMPLANT_GTIN, lotNumber);
}

/** The root fixture with a lot of the implantable product registered (`implantLot`): where the end-to-end suites start. */
export async function implantLotFixture() {
  const f = await consortiumFixture();
  const implantLot = await registerImplantLot(f);
  return { ...f, implantLot };
}

/** Commissions `serials` into `lotKey` (one batch) and returns their ids. */
export async function commissionAll(f: Consortium, lotKey: bigint, gtinValue: bigint, serials: string[]) {
  await f.devices.connect(f.manufacturer).commissionBatch(lotKey, serials);
  return idsOf(gtinValue, serials);
}

/** The shipment id a `ship` transaction created. */
export async function shipmentIdOf(tx: { wait(): Promise<unknown> }, system: System): Promise<bigint> {
  const receipt = (await tx.wait()) as { logs: Log[] };
  const deviceAddress = await system.devices.getAddress();
  for (const log of receipt.logs) {
    if (log.address !== deviceAddress) continue;
    const parsed = system.devices.interface.parseLog(log);
    if (parsed?.name === "ShipmentDispatched") return parsed.args.shipmentId as bigint;
  }
  throw new Error("no ShipmentDispatched event in the transaction");
}

/** Ships loose devices and containers from `from` to `recipient`; returns the shipment id. */
export async function ship(
  f: System,
  from: HardhatEthersSigner,
  recipient: bigint,
  deviceIds: string[],
  containers: bigint[] = [],
): Promise<bigint> {
  return shipmentIdOf(await f.devices.connect(from).ship(recipient, deviceIds, containers, DOC, true), f);
}

/** Ships and has the recipient receive in one step; returns the shipment id. */
export async function deliver(
  f: System,
  from: HardhatEthersSigner,
  to: HardhatEthersSigner,
  recipient: bigint,
  deviceIds: string[],
  containers: bigint[] = [],
): Promise<bigint> {
  const id = await ship(f, from, recipient, deviceIds, containers);
  await f.devices.connect(to).receiveShipment(id, deviceIds, containers);
  return id;
}

/** A recall notice with defaults (class II removal, no lists, returns to the manufacturer). */
export function recallNotice(
  gtinValue: bigint,
  scope: number,
  lists: { lotKeys?: bigint[]; deviceIds?: string[]; returnTo?: bigint } = {},
) {
  return {
    gtin: gtinValue,
    recallClass: RecallClass.ClassII,
    action: RecallAction.Removal,
    scope,
    returnTo: lists.returnTo ?? 0n,
    noticeHash: ethers.id("field-safety-notice"),
    lotKeys: lists.lotKeys ?? [],
    deviceIds: lists.deviceIds ?? [],
  };
}

/** An anchor request over `count` records with a one-hour window. */
export function anchorRequest(target: number, targetId: string, excursion = false, count = 12) {
  return {
    target,
    targetId,
    root: ethers.id(`root:${targetId}:${excursion}`),
    recordCount: count,
    windowStart: 1_790_000_000,
    windowEnd: 1_790_003_600,
    uriHash: ethers.id("ipfs://records"),
    excursion,
  };
}

/** A 32-byte word holding a small integer key (shipment id, lot key) for anchor targets. */
export const word = (value: bigint): string => ethers.toBeHex(value, 32);

// ===== CONTRACT WALLET (msg.sender ≠ tx.origin) =====

/** Sends `target.fn(...args)` through the wallet, signed by its owner. */
export async function through(
  wallet: ContractWallet,
  owner: HardhatEthersSigner,
  target: BaseContract,
  fn: string,
  args: unknown[],
) {
  const data = target.interface.encodeFunctionData(fn, args);
  return wallet.connect(owner).execute(await target.getAddress(), data);
}

/** Hands the directory's admin role to `wallet`: the admin begins the transfer, the delay passes, the wallet accepts. */
export async function handAdminToWallet(
  directory: ConsortiumDirectory,
  wallet: ContractWallet,
  owner: HardhatEthersSigner,
): Promise<void> {
  await directory.beginDefaultAdminTransfer(await wallet.getAddress());
  await time.increase(await directory.defaultAdminDelay());
  await through(wallet, owner, directory, "acceptDefaultAdminTransfer", []);
}

// ===== LEDGER HEAD =====

/** Every log a contract has emitted, in emission order. */
export async function logsOf(address: string): Promise<Log[]> {
  return ethers.provider.getLogs({ address, fromBlock: 0, toBlock: "latest" });
}

/** The ledger head of a sequence of logs: `head = bytes24(keccak256(head ‖ keccak256(topics ‖ data)))`. */
export function ledgerHeadOf(logs: ReadonlyArray<{ topics: ReadonlyArray<string>; data: string }>): string {
  let head = ethers.zeroPadBytes("0x", 24);
  for (const log of logs) {
    const entry = ethers.keccak256(ethers.concat([...log.topics, log.data]));
    head = ethers.dataSlice(ethers.keccak256(ethers.concat([head, entry])), 0, 24);
  }
  return head;
}

// ===== SCRIPTED SCENARIO =====

export interface ScenarioResult {
  /** Every device commissioned during the fixture and the scenario. */
  deviceIds: string[];
  /** Every container created. */
  containers: bigint[];
  /** Every shipment id. */
  shipments: bigint[];
}

/**
 * A realistic history touching every state-changing function that records device state: commissioning (single and
 * batch), packing, shipping containers and loose devices, an excursion quarantine, unpacking, reject, cancel,
 * receive, installation and explant, service and software, quarantine and release, decommission and destroy, three
 * recalls (serials, lots, product) with acknowledgements, returns and dispositions, directory administration
 * (including OpenZeppelin's admin-transfer events), pauses of every contract and a hospital acting through a
 * contract wallet.
 */
export async function runScenario(f: Consortium): Promise<ScenarioResult> {
  const { directory, products, devices, lifecycle, recalls, anchors } = f;
  const m = f.manufacturer;
  const d = f.distributor;
  const h = f.hospital;
  const shipments: bigint[] = [];

  // Directory administration, including OpenZeppelin's admin-transfer events chained into the head.
  await directory.addAccount(GLN.hospital, f.spare);
  await directory.pause();
  await directory.unpause();
  await directory.beginDefaultAdminTransfer(f.spare);
  await directory.beginDefaultAdminTransfer(f.outsider); // implicitly cancels the first
  await directory.cancelDefaultAdminTransfer();
  await directory.changeDefaultAdminDelay(DAY);
  await directory.changeDefaultAdminDelay(3n * DAY); // implicitly cancels the first
  await directory.rollbackDefaultAdminDelay();
  const auditor = ethers.id("AUDITOR");
  await directory.grantRole(auditor, f.spare);
  await directory.revokeRole(auditor, f.spare);
  await products.connect(m).updateProductMetadata(GTIN, ethers.id("ifu-v2"));
  const hospitalWallet = await walletOf(f.directory, f.admin, h, GLN.hospital);

  // Commissioning: a batch of six (lot A), three implants one by one.
  const a = await commissionAll(f, f.lotKey, GTIN, serialsOf("A", 6));
  const implantLot = await registerImplantLot(f);
  const implants: string[] = [];
  for (const serial of ["I-0001", "I-0002", "I-0003"]) {
    await devices.connect(m).commission(implantLot, serial);
    implants.push(deviceIdOf(IMPLANT_GTIN, serial));
  }

  // Packing and shipping to the distributor; one container suffers an excursion and arrives quarantined.
  const c1 = ssccOf(1);
  const c2 = ssccOf(2);
  await devices.connect(m).pack(c1, [a[0], a[1], a[2]]);
  await devices.connect(m).pack(c2, [a[3]]);
  shipments.push(await deliver(f, m, d, GLN.distributor, [a[4]], [c1]));
  const excursionShipment = await ship(f, m, GLN.distributor, [], [c2]);
  shipments.push(excursionShipment);
  await anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Shipment, word(excursionShipment), true));
  await devices.connect(d).receiveShipment(excursionShipment, [], [c2]);
  await devices.connect(d).unpack(c2, [a[3]]);
  await devices.connect(d).releaseContainer(c2);
  await lifecycle.connect(d).release(a[3]);
  await devices.connect(d).unpack(c1, [a[0], a[1]]);

  // Reject, cancel, then a received shipment to the hospital (through its contract wallet).
  const rejected = await ship(f, d, GLN.hospital, [a[0]]);
  await devices.connect(h).rejectShipment(rejected, [a[0]], []);
  const cancelled = await ship(f, d, GLN.hospital, [a[0]]);
  await devices.connect(d).cancelShipment(cancelled, [a[0]], []);
  const toHospital = await ship(f, d, GLN.hospital, [a[0], a[1]]);
  await through(hospitalWallet, h, devices, "receiveShipment", [toHospital, [a[0], a[1]], []]);
  shipments.push(rejected, cancelled, toHospital);
  shipments.push(await deliver(f, m, f.spare, GLN.hospital, implants));

  // Lifecycle at the hospital.
  await lifecycle.connect(h).install(implants[0], CARE_SITE, commitment("procedure-1"));
  await lifecycle.connect(h).explant(implants[0], commitment("procedure-2"));
  await through(hospitalWallet, h, lifecycle, "install", [implants[0], CARE_SITE, commitment("procedure-3")]);
  await lifecycle.connect(h).quarantine(implants[1], ethers.id("visual-defect"));
  await lifecycle.connect(h).release(implants[1]);
  await lifecycle.connect(h).quarantine(implants[1], ethers.id("second-look"));
  await lifecycle.connect(h).decommission(implants[2]);
  await lifecycle.connect(h).destroy(implants[2]);
  await lifecycle.connect(h).authoriseServiceProvider(GLN.service, true);
  await lifecycle.connect(f.service).recordService(implants[0], ServiceOutcome.Conformant, ethers.id("report-1"));
  await lifecycle.connect(f.service).recordSoftwareUpdate(implants[0], "3.1.0", ethers.id("image-3.1.0"));
  await anchors.connect(h).anchor(anchorRequest(AnchorTarget.Device, implants[0]));
  await anchors.connect(m).anchor(anchorRequest(AnchorTarget.Lot, word(implantLot)));

  // Recall 1: two serials of lot A (one loose at the hospital, one packed at the distributor), returned, terminated.
  await recalls.connect(m).issueRecall(recallNotice(GTIN, HoldScope.Serials, { deviceIds: [a[1], a[2]] }));
  await recalls.connect(h).acknowledgeRecall(1);
  await recalls.connect(d).acknowledgeRecall(1);
  shipments.push(await deliver(f, h, m, GLN.manufacturer, [a[1]]));
  await recalls.connect(m).recordDisposition(1, a[1], Disposition.Returned);
  shipments.push(await deliver(f, d, m, GLN.manufacturer, [], [c1]));
  await devices.connect(m).unpack(c1, [a[2]]);
  await recalls.connect(m).recordDisposition(1, a[2], Disposition.Returned);
  await recalls.connect(m).terminateRecall(1);

  // Recall 2: a second lot of the product, left open. Recall 3: the implant product, by the regulator, left open.
  await devices.connect(m).registerLot(GTIN, "LOT-2026-B", f.now - DAY, f.now + 365n * DAY);
  const lotB = await devices.lotKeyOf(GTIN, "LOT-2026-B");
  const b = await commissionAll(f, lotB, GTIN, serialsOf("B", 3));
  shipments.push(await deliver(f, m, d, GLN.distributor, [b[0]]));
  await recalls.connect(m).issueRecall(recallNotice(GTIN, HoldScope.Lots, { lotKeys: [lotB] }));
  await recalls.connect(f.regulator).issueRecall(recallNotice(IMPLANT_GTIN, HoldScope.Product));
  await recalls.connect(h).recordDisposition(3, implants[2], Disposition.Destroyed);

  // Key rotation and pauses of every contract.
  await directory.connect(f.spare).rotateAccount(f.spare, ethers.Wallet.createRandom().address);
  for (const c of [products, devices, lifecycle, recalls, anchors]) {
    await c.pause();
    await c.unpause();
  }

  return { deviceIds: [...a, ...b, ...implants], containers: [c1, c2], shipments };
}

// ===== STATE REBUILT FROM EVENTS (invariant 7) =====

export interface RebuiltDevice {
  custodian: bigint;
  status: number;
  gtin: bigint;
  lotKey: bigint;
  container: bigint;
  shipment: bigint;
  heldBy: bigint;
}

export interface RebuiltContainer {
  custodian: bigint;
  status: number;
  shipment: bigint;
  deviceCount: bigint;
}

export interface RebuiltShipment {
  sender: bigint;
  recipient: bigint;
  status: number;
  excursion: boolean;
  itemCount: bigint;
}

export interface RebuiltLot {
  gtin: bigint;
  manufacturer: bigint;
  manufacturedAt: bigint;
  expiresAt: bigint;
  holdMark: bigint;
}

export interface RebuiltHold {
  recallId: bigint;
  scope: number;
  returnTo: bigint;
}

export interface Rebuilt {
  devices: Map<string, RebuiltDevice>;
  containers: Map<bigint, RebuiltContainer>;
  shipments: Map<bigint, RebuiltShipment>;
  lots: Map<bigint, RebuiltLot>;
  /** Open holds by GTIN. */
  holds: Map<bigint, RebuiltHold>;
}

/** A device as the events leave it, before holds are resolved: the recall that last cleared it, not `heldBy`. */
type RawDevice = Omit<RebuiltDevice, "heldBy"> & { clearedHold: bigint };

interface OpenHold extends RebuiltHold {
  lotKeys: Set<bigint>;
  deviceIds: Set<string>;
}

/**
 * Folds every log of the device registry, the lifecycle, the recall registry and the anchor registry, in emission
 * order, into the lot, device, container, shipment and hold state an auditor would hold, using nothing but the
 * events' fields.
 */
export async function rebuildFromLogs(system: System): Promise<Rebuilt> {
  const sources = new Map<string, BaseContract>();
  for (const c of [system.devices, system.lifecycle, system.recalls, system.anchors]) {
    sources.set(await c.getAddress(), c);
  }
  const logs = (await ethers.provider.getLogs({ fromBlock: 0, toBlock: "latest" })).filter((l) =>
    sources.has(l.address),
  );

  const devices = new Map<string, RawDevice>();
  const containers = new Map<bigint, RebuiltContainer>();
  const shipments = new Map<bigint, RebuiltShipment & { deviceIds: string[]; containers: bigint[] }>();
  const lots = new Map<bigint, RebuiltLot>();
  const holds = new Map<bigint, OpenHold>();
  const recallProduct = new Map<bigint, bigint>();

  const dev = (id: string): RawDevice => {
    const d = devices.get(id);
    if (!d) throw new Error(`event names unknown device ${id}`);
    return d;
  };
  const box = (key: bigint): RebuiltContainer => {
    const c = containers.get(key);
    if (!c) throw new Error(`event names unknown container ${key}`);
    return c;
  };
  const create = (id: string, gtinValue: bigint, lotKey: bigint, org: bigint) =>
    devices.set(id, {
      custodian: org,
      status: DeviceStatus.Active,
      gtin: gtinValue,
      lotKey,
      container: 0n,
      shipment: 0n,
      clearedHold: 0n,
    });
  const settle = (shipmentId: bigint, status: number, receiver: bigint | undefined, quarantined: boolean) => {
    const s = shipments.get(shipmentId)!;
    s.status = status;
    for (const id of s.deviceIds) {
      const d = dev(id);
      if (receiver !== undefined) d.custodian = receiver;
      d.status = quarantined ? DeviceStatus.Quarantined : DeviceStatus.Active;
      d.shipment = 0n;
    }
    for (const key of s.containers) {
      const c = box(key);
      if (receiver !== undefined) c.custodian = receiver;
      c.status = quarantined ? ContainerStatus.Quarantined : ContainerStatus.Active;
      c.shipment = 0n;
    }
  };
  const lifecycleStatus: Record<string, number> = {
    DeviceInstalled: DeviceStatus.Installed,
    DeviceExplanted: DeviceStatus.Active,
    DeviceQuarantined: DeviceStatus.Quarantined,
    DeviceReleased: DeviceStatus.Active,
    DeviceDecommissioned: DeviceStatus.Decommissioned,
    DeviceDestroyed: DeviceStatus.Destroyed,
  };

  for (const log of logs) {
    const parsed = sources.get(log.address)!.interface.parseLog(log);
    if (!parsed) throw new Error(`undecodable log ${log.transactionHash}:${log.index}`);
    const e = parsed.args;
    switch (parsed.name) {
      case "LotRegistered":
        lots.set(e.lotKey, {
          gtin: e.gtin,
          manufacturer: e.organisation,
          manufacturedAt: e.manufacturedAt,
          expiresAt: e.expiresAt,
          holdMark: 0n,
        });
        break;
      case "DeviceCommissioned":
        create(e.deviceId, e.gtin, e.lotKey, e.organisation);
        break;
      case "DevicesCommissioned":
        for (const serial of e.serials as string[])
          create(deviceIdOf(e.gtin, serial), e.gtin, e.lotKey, e.organisation);
        break;
      case "DevicesPacked": {
        if (!containers.has(e.sscc)) {
          containers.set(e.sscc, {
            custodian: e.organisation,
            status: ContainerStatus.Active,
            shipment: 0n,
            deviceCount: 0n,
          });
        }
        const c = box(e.sscc);
        for (const id of e.deviceIds as string[]) dev(id).container = e.sscc;
        c.deviceCount += BigInt(e.deviceIds.length);
        break;
      }
      case "DevicesUnpacked": {
        const c = box(e.sscc);
        for (const id of e.deviceIds as string[]) {
          const d = dev(id);
          d.container = 0n;
          d.custodian = e.organisation;
          d.status = c.status === ContainerStatus.Quarantined ? DeviceStatus.Quarantined : DeviceStatus.Active;
        }
        c.deviceCount -= BigInt(e.deviceIds.length);
        break;
      }
      case "ContainerReleased":
        box(e.sscc).status = ContainerStatus.Active;
        break;
      case "ShipmentDispatched": {
        const ids = [...(e.deviceIds as string[])];
        const boxes = [...(e.containers as bigint[])];
        shipments.set(e.shipmentId, {
          sender: e.sender,
          recipient: e.recipient,
          status: ShipmentStatus.InTransit,
          excursion: false,
          itemCount: BigInt(ids.length + boxes.length),
          deviceIds: ids,
          containers: boxes,
        });
        for (const id of ids) Object.assign(dev(id), { status: DeviceStatus.InTransit, shipment: e.shipmentId });
        for (const key of boxes) Object.assign(box(key), { status: ContainerStatus.InTransit, shipment: e.shipmentId });
        break;
      }
      case "ShipmentReceived":
        settle(e.shipmentId, ShipmentStatus.Received, e.recipient, e.quarantined);
        break;
      case "ShipmentRejected":
        settle(e.shipmentId, ShipmentStatus.Rejected, undefined, false);
        break;
      case "ShipmentCancelled":
        settle(e.shipmentId, ShipmentStatus.Cancelled, undefined, false);
        break;
      case "RecallIssued":
        recallProduct.set(e.recallId, e.gtin);
        holds.set(e.gtin, {
          recallId: e.recallId,
          scope: Number(e.scope),
          returnTo: e.returnTo,
          lotKeys: new Set(e.lotKeys as bigint[]),
          deviceIds: new Set(e.deviceIds as string[]),
        });
        for (const lotKey of e.lotKeys as bigint[]) lots.get(lotKey)!.holdMark = e.recallId;
        break;
      case "DataAnchored": {
        const s = e.target === BigInt(AnchorTarget.Shipment) ? shipments.get(BigInt(e.targetId)) : undefined;
        if (e.excursion && s?.status === ShipmentStatus.InTransit) s.excursion = true;
        break;
      }
      case "RecallDispositionRecorded":
        dev(e.deviceId).clearedHold = e.recallId;
        break;
      case "RecallTerminated":
        holds.delete(recallProduct.get(e.recallId)!);
        break;
      default:
        if (parsed.name in lifecycleStatus) dev(e.deviceId).status = lifecycleStatus[parsed.name];
    }
  }

  const rebuilt: Rebuilt = { devices: new Map(), containers, shipments: new Map(), lots, holds: new Map() };
  for (const [gtinValue, h] of holds) {
    rebuilt.holds.set(gtinValue, { recallId: h.recallId, scope: h.scope, returnTo: h.returnTo });
  }
  for (const [id, d] of devices) {
    const view: RebuiltDevice = {
      custodian: d.custodian,
      status: d.status,
      gtin: d.gtin,
      lotKey: d.lotKey,
      container: d.container,
      shipment: d.shipment,
      heldBy: 0n,
    };
    if (d.container !== 0n) {
      const c = box(d.container);
      view.custodian = c.custodian;
      view.shipment = c.shipment;
      if (c.status === ContainerStatus.InTransit) view.status = DeviceStatus.InTransit;
      if (c.status === ContainerStatus.Quarantined) view.status = DeviceStatus.Quarantined;
    }
    const h = holds.get(d.gtin);
    if (
      h &&
      d.clearedHold !== h.recallId &&
      (h.scope === HoldScope.Product || h.lotKeys.has(d.lotKey) || h.deviceIds.has(id))
    ) {
      view.heldBy = h.recallId;
    }
    rebuilt.devices.set(id, view);
  }
  for (const [id, s] of shipments) {
    rebuilt.shipments.set(id, {
      sender: s.sender,
      recipient: s.recipient,
      status: s.status,
      excursion: s.excursion,
      itemCount: s.itemCount,
    });
  }
  return rebuilt;
}
