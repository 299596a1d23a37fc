import { ethers } from "hardhat";
import {
  RETURN_ROLES,
  activeRoles,
  emit,
  hasRole,
  member,
  openRecallOf,
  resolveDevice,
  ssccOfKey,
  touchProductDevices,
  whenNotPaused,
} from "./model-core";
import {
  DISPOSITION,
  DS,
  RS,
  ROLE,
  SCOPE,
  SS,
  TARGET,
  revert,
  type Ctx,
  type ModelState,
  type RecallRec,
} from "./types";

/** Recalls and data anchors, as the model states them. */

export interface Notice {
  gtin: bigint;
  recallClass: bigint;
  action: bigint;
  scope: bigint;
  returnTo: bigint;
  noticeHash: string;
  lotKeys: bigint[];
  deviceIds: string[];
}

function requireValidNotice(n: Notice): void {
  if (n.recallClass === 0n || n.action === 0n || n.scope === SCOPE.None) revert("RecallRegistryInvalidNotice");
  const lots = n.lotKeys.length;
  const devices = n.deviceIds.length;
  const matches =
    n.scope === SCOPE.Product
      ? lots === 0 && devices === 0
      : n.scope === SCOPE.Lots
        ? lots !== 0 && devices === 0
        : lots === 0 && devices !== 0;
  if (!matches) revert("RecallRegistryScopeMismatch", n.scope, BigInt(lots), BigInt(devices));
  if (lots + devices > 400) revert("RecallRegistryTooManyItems", BigInt(lots + devices), 400n);
}

/** `registry.placeHold`: one open recall per product; listed lots and devices must be of the product. */
function placeHold(s: ModelState, recallId: bigint, n: Notice): void {
  whenNotPaused(s, "devices");
  const open = openRecallOf(s, n.gtin);
  if (open !== 0n) revert("DeviceRegistryRecallAlreadyOpen", n.gtin, open);
  for (const lotKey of n.lotKeys) {
    const lot = s.lots.get(lotKey);
    if (lot === undefined) revert("DeviceRegistryUnknownLot", lotKey);
    if (lot.gtin !== n.gtin) revert("DeviceRegistryLotNotOfProduct", lotKey, n.gtin);
    lot.holdMark = recallId;
  }
  for (const id of n.deviceIds) {
    const d = s.devices.get(id);
    if (d === undefined) revert("DeviceRegistryUnknownDevice", id);
    if (d.gtin !== n.gtin) revert("DeviceRegistryDeviceNotOfProduct", id, n.gtin);
    d.holdMark = recallId;
    if (d.container !== 0n) s.containers.get(ssccOfKey(s, d.container))!.holdMark = recallId;
  }
}

export function issueRecall(s: ModelState, ctx: Ctx, n: Notice): void {
  whenNotPaused(s, "recalls");
  touchProductDevices(s, ctx, n.gtin);
  n.lotKeys.forEach((k) => ctx.touched.lots.add(k));
  n.deviceIds.forEach((id) => ctx.touched.devices.add(id));
  const { org, roles } = member(s, ctx.sender);
  const manufacturer = s.products.get(n.gtin)?.manufacturer ?? 0n;
  if (manufacturer === 0n) revert("RecallRegistryUnknownProduct", n.gtin);
  if (org !== manufacturer && !hasRole(roles, ROLE.Regulator)) revert("RecallRegistryNotIssuer", n.gtin, org);
  requireValidNotice(n);
  const returnTo = n.returnTo === 0n ? manufacturer : n.returnTo;
  if ((activeRoles(s, returnTo) & RETURN_ROLES) === 0n) revert("RecallRegistryInvalidReturnTo", returnTo);
  const recallId = BigInt(s.recalls.size + 1);
  ctx.touched.recalls.add(recallId);
  placeHold(s, recallId, n);
  const { gtin, recallClass, action, scope, lotKeys, deviceIds } = n;
  const rec: RecallRec = {
    gtin,
    issuer: org,
    returnTo,
    status: RS.Open,
    recallClass,
    action,
    scope,
    lotKeys,
    deviceIds,
  };
  s.recalls.set(recallId, rec);
  emit(
    ctx,
    "recalls",
    "RecallIssued",
    recallId,
    gtin,
    org,
    recallClass,
    action,
    scope,
    returnTo,
    n.noticeHash,
    lotKeys,
    deviceIds,
    ctx.sender,
  );
}

function requireOpen(s: ModelState, recallId: bigint): RecallRec {
  const r = s.recalls.get(recallId);
  if (r === undefined) revert("RecallRegistryUnknownRecall", recallId);
  if (r.status !== RS.Open) revert("RecallRegistryRecallClosed", recallId);
  return r;
}

export function acknowledgeRecall(s: ModelState, ctx: Ctx, recallId: bigint): void {
  whenNotPaused(s, "recalls");
  const { org } = member(s, ctx.sender);
  ctx.touched.acks.add(`${recallId}|${org}`);
  requireOpen(s, recallId);
  if (s.acknowledged.has(`${recallId}|${org}`)) revert("RecallRegistryAlreadyAcknowledged", recallId, org);
  s.acknowledged.add(`${recallId}|${org}`);
  emit(ctx, "recalls", "RecallAcknowledged", recallId, org, ctx.sender);
}

export function recordDisposition(s: ModelState, ctx: Ctx, recallId: bigint, id: string, disposition: bigint): void {
  whenNotPaused(s, "recalls");
  ctx.touched.devices.add(id);
  ctx.touched.dispositions.add(`${recallId}|${id}`);
  const { org } = member(s, ctx.sender);
  const r = requireOpen(s, recallId);
  if (disposition === DISPOSITION.None) revert("RecallRegistryInvalidDisposition", id);
  const view = resolveDevice(s, id);
  if (view.heldBy !== recallId) revert("RecallRegistryNotAffected", recallId, id);
  const custodian = view.custodian === org && view.status !== DS.InTransit;
  const allowed =
    disposition === DISPOSITION.Returned
      ? custodian && (org === r.returnTo || org === s.products.get(r.gtin)!.manufacturer)
      : // Destroyed is for a destroyed device only, Corrected for one that still exists.
        (disposition === DISPOSITION.Destroyed) === (view.status === DS.Destroyed) && (custodian || org === r.issuer);
  if (!allowed) revert("RecallRegistryDispositionNotAllowed", recallId, id, org);
  s.dispositions.set(`${recallId}|${id}`, disposition);
  whenNotPaused(s, "devices");
  s.devices.get(id)!.clearedHold = recallId;
  emit(ctx, "recalls", "RecallDispositionRecorded", recallId, id, disposition, org, ctx.sender);
}

export function terminateRecall(s: ModelState, ctx: Ctx, recallId: bigint): void {
  whenNotPaused(s, "recalls");
  ctx.touched.recalls.add(recallId);
  const { org } = member(s, ctx.sender);
  const r = requireOpen(s, recallId);
  touchProductDevices(s, ctx, r.gtin);
  if (r.issuer !== org) revert("RecallRegistryNotRecallIssuer", recallId, org);
  r.status = RS.Terminated;
  whenNotPaused(s, "devices");
  emit(ctx, "recalls", "RecallTerminated", recallId, org, ctx.sender);
}

// ===== DATA ANCHORS =====

export interface AnchorRequest {
  target: bigint;
  targetId: string;
  root: string;
  recordCount: bigint;
  windowStart: bigint;
  windowEnd: bigint;
  uriHash: string;
  excursion: boolean;
}

const UINT32_MAX = 0xffffffffn;

/** The parties to an anchor target (0 where there is no second party); unknown targets revert. */
function partiesOf(s: ModelState, target: bigint, targetId: string): [bigint, bigint] {
  const key = BigInt(targetId);
  if (target === TARGET.Shipment && key <= UINT32_MAX && s.shipments.has(key)) {
    const sh = s.shipments.get(key)!;
    return [sh.sender, sh.recipient];
  }
  if (target === TARGET.Device && s.devices.has(targetId)) return [resolveDevice(s, targetId).custodian, 0n];
  if (target === TARGET.Lot && key <= UINT32_MAX && s.lots.has(key)) return [s.lots.get(key)!.manufacturer, 0n];
  revert("DataAnchorRegistryUnknownTarget", target, targetId);
}

export function anchor(s: ModelState, ctx: Ctx, r: AnchorRequest): void {
  whenNotPaused(s, "anchors");
  const { org, roles } = member(s, ctx.sender);
  if (r.root === ethers.ZeroHash || r.recordCount === 0n || r.windowStart > r.windowEnd) {
    revert("DataAnchorRegistryInvalidAnchor", r.root, r.recordCount, r.windowStart, r.windowEnd);
  }
  const [partyA, partyB] = partiesOf(s, r.target, r.targetId);
  if (!hasRole(roles, ROLE.DataGateway) && org !== partyA && org !== partyB) {
    revert("DataAnchorRegistryNotParty", r.target, r.targetId, org);
  }
  const anchorId = BigInt(s.anchors.size + 1);
  ctx.touched.anchors.add(anchorId);
  const { root, windowStart, windowEnd, recordCount, target, excursion } = r;
  s.anchors.set(anchorId, { root, organisation: org, windowStart, windowEnd, recordCount, target, excursion });
  if (excursion && target === TARGET.Shipment) {
    whenNotPaused(s, "devices");
    const shipmentId = BigInt(r.targetId);
    ctx.touched.shipments.add(shipmentId);
    const sh = s.shipments.get(shipmentId)!;
    if (sh.status === SS.InTransit) sh.excursion = true;
  }
  const args = [anchorId, target, r.targetId, root, recordCount, windowStart, windowEnd, r.uriHash, excursion, org];
  emit(ctx, "anchors", "DataAnchored", ...args, ctx.sender);
}
