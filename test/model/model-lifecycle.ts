import { ethers } from "hardhat";
import { isGln } from "./gs1";
import { callerWithRole, emit, hasRole, member, resolveDevice, whenNotPaused, type ResolvedDevice } from "./model-core";
import { DS, ORG, ROLE, revert, type Ctx, type ModelState } from "./types";

/** Lifecycle records of devices in use, as the model states them. Status changes go through the registry's hook,
 * which the registry's own pause blocks. */

function requireLoose(s: ModelState, ctx: Ctx, id: string): ResolvedDevice {
  ctx.touched.devices.add(id);
  const view = resolveDevice(s, id);
  if (view.status === DS.None) revert("DeviceLifecycleUnknownDevice", id);
  if (view.container !== 0n) revert("DeviceLifecycleDevicePacked", id, view.container);
  return view;
}

function requireCustodian(s: ModelState, ctx: Ctx, id: string, org: bigint): ResolvedDevice {
  const view = requireLoose(s, ctx, id);
  if (view.custodian !== org) revert("DeviceLifecycleNotCustodian", id, org);
  return view;
}

function requireStatus(id: string, view: ResolvedDevice, ...allowed: bigint[]): void {
  if (!allowed.includes(view.status)) revert("DeviceLifecycleInvalidStatus", id, view.status);
}

/** `registry.setDeviceStatus`: blocked while the registry is paused. */
function setStatus(s: ModelState, id: string, status: bigint): void {
  whenNotPaused(s, "devices");
  s.devices.get(id)!.status = status;
}

export function install(s: ModelState, ctx: Ctx, id: string, careSite: bigint, commitment: string): void {
  whenNotPaused(s, "lifecycle");
  const org = callerWithRole(s, ctx, ROLE.HealthcareProvider);
  const view = requireCustodian(s, ctx, id, org);
  requireStatus(id, view, DS.Active);
  if (!isGln(careSite)) revert("DeviceLifecycleInvalidCareSite", careSite);
  if (commitment === ethers.ZeroHash) revert("DeviceLifecycleZeroHash", id);
  if (view.expired) revert("DeviceLifecycleDeviceExpired", id);
  if (view.heldBy !== 0n) revert("DeviceLifecycleDeviceHeld", id, view.heldBy);
  setStatus(s, id, DS.Installed);
  emit(ctx, "lifecycle", "DeviceInstalled", id, careSite, commitment, org, ctx.sender);
}

export function explant(s: ModelState, ctx: Ctx, id: string, commitment: string): void {
  whenNotPaused(s, "lifecycle");
  const { org } = member(s, ctx.sender);
  requireStatus(id, requireCustodian(s, ctx, id, org), DS.Installed);
  if (commitment === ethers.ZeroHash) revert("DeviceLifecycleZeroHash", id);
  setStatus(s, id, DS.Active);
  emit(ctx, "lifecycle", "DeviceExplanted", id, commitment, org, ctx.sender);
}

/** The custodian, or a service provider the custodian authorised; the device Active, Installed or Quarantined. */
function requireServicer(s: ModelState, ctx: Ctx, id: string): bigint {
  const { org, roles } = member(s, ctx.sender);
  const view = requireLoose(s, ctx, id);
  if (view.custodian !== org) {
    if (!hasRole(roles, ROLE.ServiceProvider)) revert("ConsortiumGatedMissingRole", org, ROLE.ServiceProvider);
    if (!s.servicers.has(`${view.custodian}|${org}`)) revert("DeviceLifecycleNotAuthorisedServicer", id, org);
  }
  requireStatus(id, view, DS.Active, DS.Installed, DS.Quarantined);
  return org;
}

export function recordService(s: ModelState, ctx: Ctx, id: string, outcome: bigint, reportHash: string): void {
  whenNotPaused(s, "lifecycle");
  const org = requireServicer(s, ctx, id);
  if (outcome === 0n) revert("DeviceLifecycleInvalidOutcome", id);
  if (reportHash === ethers.ZeroHash) revert("DeviceLifecycleZeroHash", id);
  emit(ctx, "lifecycle", "ServiceRecorded", id, outcome, reportHash, org, ctx.sender);
}

export function recordSoftwareUpdate(s: ModelState, ctx: Ctx, id: string, version: string, imageHash: string): void {
  whenNotPaused(s, "lifecycle");
  const org = requireServicer(s, ctx, id);
  const length = Buffer.byteLength(version, "utf8");
  if (length === 0 || length > 64) revert("DeviceLifecycleInvalidVersion", version);
  if (imageHash === ethers.ZeroHash) revert("DeviceLifecycleZeroHash", id);
  s.software.set(id, imageHash);
  emit(ctx, "lifecycle", "SoftwareUpdated", id, version, imageHash, org, ctx.sender);
}

/** Quarantine, release, decommission and destroy: the custodian moves the device between statuses. */
const TRANSITIONS = {
  quarantine: { from: [DS.Active], to: DS.Quarantined, event: "DeviceQuarantined" },
  release: { from: [DS.Quarantined], to: DS.Active, event: "DeviceReleased" },
  decommission: {
    from: [DS.Active, DS.Installed, DS.Quarantined],
    to: DS.Decommissioned,
    event: "DeviceDecommissioned",
  },
  destroy: { from: [DS.Active, DS.Quarantined, DS.Decommissioned], to: DS.Destroyed, event: "DeviceDestroyed" },
} as const;
export type Transition = keyof typeof TRANSITIONS;

export function transition(s: ModelState, ctx: Ctx, how: Transition, id: string, reasonHash: string): void {
  whenNotPaused(s, "lifecycle");
  const { org } = member(s, ctx.sender);
  const rule = TRANSITIONS[how];
  requireStatus(id, requireCustodian(s, ctx, id, org), ...rule.from);
  setStatus(s, id, rule.to);
  if (how === "quarantine") emit(ctx, "lifecycle", rule.event, id, reasonHash, org, ctx.sender);
  else emit(ctx, "lifecycle", rule.event, id, org, ctx.sender);
}

export function authoriseServiceProvider(s: ModelState, ctx: Ctx, serviceProvider: bigint, authorised: boolean): void {
  whenNotPaused(s, "lifecycle");
  const { org } = member(s, ctx.sender);
  const key = `${org}|${serviceProvider}`;
  ctx.touched.servicers.add(key);
  const sp = s.orgs.get(serviceProvider);
  const isActiveServicer = sp?.status === ORG.Active && hasRole(sp.roles, ROLE.ServiceProvider);
  if (authorised && !isActiveServicer) revert("DeviceLifecycleInvalidServiceProvider", serviceProvider);
  if (s.servicers.has(key) === authorised) {
    revert("DeviceLifecycleAuthorisationUnchanged", org, serviceProvider, authorised);
  }
  if (authorised) s.servicers.add(key);
  else s.servicers.delete(key);
  emit(ctx, "lifecycle", "ServiceProviderAuthorised", org, serviceProvider, authorised, ctx.sender);
}
