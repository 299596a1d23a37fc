import { isSscc } from "./gs1";
import {
  HOLDING_ROLES,
  activeRoles,
  containerHeldBy,
  emit,
  heldBy,
  isReturnDestination,
  member,
  openRecallOf,
  ssccOfKey,
  touchDevice,
  whenNotPaused,
} from "./model-core";
import {
  CS,
  DS,
  SS,
  revert,
  type ContainerRec,
  type Ctx,
  type DeviceRec,
  type ModelState,
  type ShipmentRec,
} from "./types";

/** Containers and shipments, as the model states them: custody moves only on receipt. */

const MAX_BATCH = 400;

function requireBatch(size: number): void {
  if (size === 0) revert("DeviceRegistryEmptyBatch");
  if (size > MAX_BATCH) revert("DeviceRegistryBatchTooLarge", BigInt(size), BigInt(MAX_BATCH));
}

function requireDevice(s: ModelState, id: string): DeviceRec {
  const d = s.devices.get(id);
  if (d === undefined) revert("DeviceRegistryUnknownDevice", id);
  return d;
}

function requireContainer(s: ModelState, sscc: bigint): ContainerRec {
  const c = s.containers.get(sscc);
  if (c === undefined) revert("DeviceRegistryUnknownContainer", sscc);
  return c;
}

function requireLooseActive(s: ModelState, id: string, org: bigint): DeviceRec {
  const d = requireDevice(s, id);
  if (d.container !== 0n) revert("DeviceRegistryDevicePacked", id, ssccOfKey(s, d.container));
  if (d.custodian !== org) revert("DeviceRegistryNotCustodian", id, org);
  if (d.status !== DS.Active) revert("DeviceRegistryDeviceUnavailable", id, d.status);
  return d;
}

function requireHeldContainer(c: ContainerRec, sscc: bigint, org: bigint): void {
  if (c.custodian !== org) revert("DeviceRegistryContainerNotCustodian", sscc, org);
}

/** What pack and unpack check first, in the contract's order: the pause, the batch, the caller's organisation. */
function containerBatch(s: ModelState, ctx: Ctx, sscc: bigint, ids: string[]): bigint {
  whenNotPaused(s, "devices");
  ctx.touched.containers.add(sscc);
  ids.forEach((id) => touchDevice(s, ctx, id));
  requireBatch(ids.length);
  return member(s, ctx.sender).org;
}

export function pack(s: ModelState, ctx: Ctx, sscc: bigint, ids: string[]): void {
  const org = containerBatch(s, ctx, sscc, ids);
  let c = s.containers.get(sscc);
  if (c === undefined) {
    if (!isSscc(sscc)) revert("DeviceRegistryInvalidSscc", sscc);
    const key = BigInt(s.containers.size + 1);
    c = { custodian: org, status: CS.Active, key, lotKey: 0n, shipment: 0n, deviceCount: 0n, holdMark: 0n };
    s.containers.set(sscc, c);
    s.containerSscc.set(key, sscc);
  }
  requireHeldContainer(c, sscc, org);
  if (c.status !== CS.Active) revert("DeviceRegistryContainerUnavailable", sscc, c.status);
  for (const id of ids) {
    const d = requireLooseActive(s, id, org);
    if (c.lotKey === 0n) c.lotKey = d.lotKey;
    if (d.lotKey !== c.lotKey) revert("DeviceRegistryContainerLotMismatch", sscc, c.lotKey, d.lotKey);
    // A device listed by serial in the product's open recall makes its container held (until emptied).
    const recallId = openRecallOf(s, d.gtin);
    if (recallId !== 0n && s.recalls.get(recallId)!.deviceIds.includes(id)) c.holdMark = recallId;
    d.container = c.key;
  }
  c.deviceCount += BigInt(ids.length);
  emit(ctx, "devices", "DevicesPacked", sscc, ids, c.lotKey, org, ctx.sender);
}

export function unpack(s: ModelState, ctx: Ctx, sscc: bigint, ids: string[]): void {
  const org = containerBatch(s, ctx, sscc, ids);
  const c = requireContainer(s, sscc);
  requireHeldContainer(c, sscc, org);
  if (c.status === CS.InTransit) revert("DeviceRegistryContainerUnavailable", sscc, c.status);
  for (const id of ids) {
    const d = requireDevice(s, id);
    if (d.container !== c.key) revert("DeviceRegistryNotInContainer", id, sscc);
    d.container = 0n;
    d.custodian = org;
    d.status = c.status === CS.Quarantined ? DS.Quarantined : DS.Active;
  }
  c.deviceCount -= BigInt(ids.length);
  if (c.deviceCount === 0n) {
    c.lotKey = 0n;
    c.holdMark = 0n;
  }
  emit(ctx, "devices", "DevicesUnpacked", sscc, ids, org, ctx.sender);
}

export function releaseContainer(s: ModelState, ctx: Ctx, sscc: bigint): void {
  whenNotPaused(s, "devices");
  ctx.touched.containers.add(sscc);
  const { org } = member(s, ctx.sender);
  const c = requireContainer(s, sscc);
  requireHeldContainer(c, sscc, org);
  if (c.status !== CS.Quarantined) revert("DeviceRegistryContainerUnavailable", sscc, c.status);
  c.status = CS.Active;
  touchContainerDevices(s, ctx, c);
  emit(ctx, "devices", "ContainerReleased", sscc, org, ctx.sender);
}

function requireMayGo(s: ModelState, id: string, d: DeviceRec, destination: bigint): void {
  const recallId = heldBy(s, id, d);
  if (recallId !== 0n && !isReturnDestination(s, destination, d.lotKey))
    revert("DeviceRegistryDeviceHeld", id, recallId);
}

function requireContainerMayGo(s: ModelState, sscc: bigint, c: ContainerRec, destination: bigint): void {
  const recallId = containerHeldBy(s, c);
  if (recallId !== 0n && !isReturnDestination(s, destination, c.lotKey)) {
    revert("DeviceRegistryContainerHeld", sscc, recallId);
  }
}

function touchContainerDevices(s: ModelState, ctx: Ctx, c: ContainerRec): void {
  for (const [id, d] of s.devices) if (d.container === c.key) ctx.touched.devices.add(id);
}

export function ship(
  s: ModelState,
  ctx: Ctx,
  recipient: bigint,
  ids: string[],
  containers: bigint[],
  documentHash: string,
  titleTransfer: boolean,
): void {
  whenNotPaused(s, "devices");
  ids.forEach((id) => touchDevice(s, ctx, id));
  containers.forEach((sscc) => ctx.touched.containers.add(sscc));
  requireBatch(ids.length + containers.length);
  const { org } = member(s, ctx.sender);
  if (recipient === org || (activeRoles(s, recipient) & HOLDING_ROLES) === 0n) {
    revert("DeviceRegistryInvalidRecipient", recipient);
  }
  const shipmentId = BigInt(s.shipments.size + 1);
  ctx.touched.shipments.add(shipmentId);
  for (const id of ids) {
    const d = requireLooseActive(s, id, org);
    requireMayGo(s, id, d, recipient);
    d.status = DS.InTransit;
    d.shipment = shipmentId;
  }
  for (const sscc of containers) {
    const c = requireContainer(s, sscc);
    requireHeldContainer(c, sscc, org);
    if (c.status !== CS.Active) revert("DeviceRegistryContainerUnavailable", sscc, c.status);
    if (c.deviceCount === 0n) revert("DeviceRegistryContainerEmpty", sscc);
    requireContainerMayGo(s, sscc, c, recipient);
    c.status = CS.InTransit;
    c.shipment = shipmentId;
    touchContainerDevices(s, ctx, c);
  }
  s.shipments.set(shipmentId, {
    sender: org,
    recipient,
    status: SS.InTransit,
    excursion: false,
    deviceIds: [...ids],
    containers: [...containers],
  });
  emit(
    ctx,
    "devices",
    "ShipmentDispatched",
    shipmentId,
    org,
    recipient,
    ids,
    containers,
    documentHash,
    titleTransfer,
    ctx.sender,
  );
}

type Closing = "receive" | "reject" | "cancel";

function requireOpenShipment(s: ModelState, id: bigint, ids: string[], containers: bigint[]): ShipmentRec {
  const sh = s.shipments.get(id);
  if (sh === undefined) revert("DeviceRegistryUnknownShipment", id);
  if (sh.status !== SS.InTransit) revert("DeviceRegistryShipmentClosed", id, sh.status);
  if (ids.length + containers.length !== sh.deviceIds.length + sh.containers.length) {
    revert("DeviceRegistryManifestMismatch", id);
  }
  return sh;
}

/** Receive, reject or cancel: the lists must be exactly what was shipped, in any order. */
export function closeShipment(
  s: ModelState,
  ctx: Ctx,
  how: Closing,
  shipmentId: bigint,
  ids: string[],
  containers: bigint[],
): void {
  whenNotPaused(s, "devices");
  ctx.touched.shipments.add(shipmentId);
  ids.forEach((id) => touchDevice(s, ctx, id));
  containers.forEach((sscc) => ctx.touched.containers.add(sscc));
  const { org } = member(s, ctx.sender);
  const sh = requireOpenShipment(s, shipmentId, ids, containers);
  if (how === "cancel" && sh.sender !== org) revert("DeviceRegistryNotSender", shipmentId, org);
  if (how !== "cancel" && sh.recipient !== org) revert("DeviceRegistryNotRecipient", shipmentId, org);
  // A recipient that lost its holding roles in transit can only reject.
  if (how === "receive" && (activeRoles(s, org) & HOLDING_ROLES) === 0n) revert("DeviceRegistryInvalidRecipient", org);
  const receiver = how === "receive" ? org : 0n;
  const quarantine = how === "receive" && sh.excursion;
  sh.status = how === "receive" ? SS.Received : how === "reject" ? SS.Rejected : SS.Cancelled;
  /** Settles one item, which must still be carried by the shipment; `mayGo` checks a held item's destination. */
  const settle = <K, R extends DeviceRec | ContainerRec>(
    key: K,
    item: R | undefined,
    notIn: string,
    mayGo: (s: ModelState, key: K, item: R, destination: bigint) => void,
  ): R => {
    if (item === undefined || item.shipment !== shipmentId) revert(notIn, key, shipmentId);
    if (receiver !== 0n) {
      mayGo(s, key, item, receiver);
      item.custodian = receiver;
    }
    item.shipment = 0n;
    return item;
  };
  for (const id of ids) {
    const d = settle(id, s.devices.get(id), "DeviceRegistryNotInShipment", requireMayGo);
    d.status = quarantine ? DS.Quarantined : DS.Active;
  }
  for (const sscc of containers) {
    const c = settle(sscc, s.containers.get(sscc), "DeviceRegistryContainerNotInShipment", requireContainerMayGo);
    c.status = quarantine ? CS.Quarantined : CS.Active;
    touchContainerDevices(s, ctx, c);
  }
  if (how === "receive") emit(ctx, "devices", "ShipmentReceived", shipmentId, org, quarantine, ctx.sender);
  if (how === "reject") emit(ctx, "devices", "ShipmentRejected", shipmentId, org, ctx.sender);
  if (how === "cancel") emit(ctx, "devices", "ShipmentCancelled", shipmentId, org, ctx.sender);
}
