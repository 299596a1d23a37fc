import {
  DS,
  CS,
  ORG,
  RS,
  SCOPE,
  revert,
  type ContractName,
  type Ctx,
  type ContainerRec,
  type DeviceRec,
  type ModelState,
} from "./types";

/**
 * What every model operation shares: pause and membership checks, event emission, and the derived facts (recall
 * holds, expiry, resolved device state) computed from the model's own records rather than from the contract's marks.
 */

/** Roles whose organisations may hold devices: manufacturer, distributor, healthcare provider, service provider. */
export const HOLDING_ROLES = (1n << 1n) | (1n << 2n) | (1n << 3n) | (1n << 4n);
/** Roles a recall may name as its return organisation (not a care site). */
export const RETURN_ROLES = (1n << 1n) | (1n << 2n) | (1n << 4n);

export const hasRole = (roles: bigint, role: bigint): boolean => (roles & (1n << role)) !== 0n;

export function emit(ctx: Ctx, contract: ContractName, name: string, ...args: unknown[]): void {
  ctx.events.push({ contract, name, args });
}

/** OpenZeppelin `whenNotPaused`. */
export function whenNotPaused(s: ModelState, contract: ContractName): void {
  if (s.paused[contract]) revert("EnforcedPause");
}

/** `directory.member(account)`: the active organisation the account signs for, and its roles. */
export function member(s: ModelState, account: string): { org: bigint; roles: bigint } {
  const org = s.accounts.get(account);
  if (org === undefined) revert("DirectoryUnknownAccount", account);
  const rec = s.orgs.get(org)!;
  if (rec.status !== ORG.Active) revert("DirectoryOrganisationSuspended", org);
  return { org, roles: rec.roles };
}

/** `ConsortiumGated._callerWithRole`. */
export function callerWithRole(s: ModelState, ctx: Ctx, role: bigint): bigint {
  const { org, roles } = member(s, ctx.sender);
  if (!hasRole(roles, role)) revert("ConsortiumGatedMissingRole", org, role);
  return org;
}

/** `directory.activeRoles(gln)`: 0 unless admitted and active. */
export function activeRoles(s: ModelState, gln: bigint): bigint {
  const rec = s.orgs.get(gln);
  return rec?.status === ORG.Active ? rec.roles : 0n;
}

/** The open recall on a product, if any. */
export function openRecallOf(s: ModelState, gtin: bigint): bigint {
  for (const [id, r] of s.recalls) if (r.gtin === gtin && r.status === RS.Open) return id;
  return 0n;
}

/** The open recall holding a device: it covers the product, the device's lot or its serial, and did not clear it. */
export function heldBy(s: ModelState, id: string, d: DeviceRec): bigint {
  const recallId = openRecallOf(s, d.gtin);
  if (recallId === 0n || s.dispositions.has(`${recallId}|${id}`)) return 0n;
  const r = s.recalls.get(recallId)!;
  if (r.scope === SCOPE.Product || r.lotKeys.includes(d.lotKey) || r.deviceIds.includes(id)) return recallId;
  return 0n;
}

/** The open recall holding a container: conservative, it ignores dispositions of devices packed in it. */
export function containerHeldBy(s: ModelState, c: ContainerRec): bigint {
  const lot = s.lots.get(c.lotKey);
  if (lot === undefined) return 0n;
  const recallId = openRecallOf(s, lot.gtin);
  if (recallId === 0n) return 0n;
  const r = s.recalls.get(recallId)!;
  if (r.scope === SCOPE.Product || r.lotKeys.includes(c.lotKey) || c.holdMark === recallId) return recallId;
  return 0n;
}

/** Where held devices of a lot may go: its manufacturer, or the return organisation of the product's open recall. */
export function isReturnDestination(s: ModelState, destination: bigint, lotKey: bigint): boolean {
  const lot = s.lots.get(lotKey)!;
  const recallId = openRecallOf(s, lot.gtin);
  return destination === lot.manufacturer || (recallId !== 0n && destination === s.recalls.get(recallId)!.returnTo);
}

export function isExpired(s: ModelState, lotKey: bigint): boolean {
  const lot = s.lots.get(lotKey);
  return lot !== undefined && lot.expiresAt !== 0n && s.clock > lot.expiresAt;
}

export const ssccOfKey = (s: ModelState, key: bigint): bigint => s.containerSscc.get(key) ?? 0n;

/** A device as `deviceState` resolves it: the container's custodian, status and shipment while packed. */
export interface ResolvedDevice {
  custodian: bigint;
  status: bigint;
  gtin: bigint;
  lotKey: bigint;
  container: bigint;
  shipment: bigint;
  heldBy: bigint;
  expired: boolean;
}

export function resolveDevice(s: ModelState, id: string): ResolvedDevice {
  const d = s.devices.get(id);
  if (d === undefined) {
    return { custodian: 0n, status: 0n, gtin: 0n, lotKey: 0n, container: 0n, shipment: 0n, heldBy: 0n, expired: false };
  }
  const view: ResolvedDevice = {
    custodian: d.custodian,
    status: d.status,
    gtin: d.gtin,
    lotKey: d.lotKey,
    container: 0n,
    shipment: d.shipment,
    heldBy: heldBy(s, id, d),
    expired: isExpired(s, d.lotKey),
  };
  if (d.container !== 0n) {
    view.container = ssccOfKey(s, d.container);
    const c = s.containers.get(view.container)!;
    view.custodian = c.custodian;
    view.shipment = c.shipment;
    if (c.status === CS.InTransit) view.status = DS.InTransit;
    if (c.status === CS.Quarantined) view.status = DS.Quarantined;
  }
  return view;
}

/** Touches a device and, when packed, its container. */
export function touchDevice(s: ModelState, ctx: Ctx, id: string): void {
  ctx.touched.devices.add(id);
  const d = s.devices.get(id);
  if (d && d.container !== 0n) ctx.touched.containers.add(ssccOfKey(s, d.container));
}

/** Touches every device of a product (a recall changes what holds them). */
export function touchProductDevices(s: ModelState, ctx: Ctx, gtin: bigint): void {
  ctx.touched.holds.add(gtin);
  for (const [id, d] of s.devices) if (d.gtin === gtin) touchDevice(s, ctx, id);
  for (const [sscc, c] of s.containers) if (s.lots.get(c.lotKey)?.gtin === gtin) ctx.touched.containers.add(sscc);
}
