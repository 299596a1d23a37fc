import { deviceIdOf } from "../fixtures";
import { isAttribute, isGtin, prefixDigitsOf } from "./gs1";
import { callerWithRole, emit, member, whenNotPaused } from "./model-core";
import { DS, ROLE, revert, type Ctx, type ModelState } from "./types";

/** Products, lots and commissioning, as the model states them. */

/** `directory.companyPrefixOwner(gtin)`: the owner of the shortest assigned prefix the GTIN carries. */
export function companyPrefixOwner(s: ModelState, gtin: bigint): [bigint, bigint] {
  for (let length = 4; length <= 12; length++) {
    const owner = s.prefixes.get(prefixDigitsOf(gtin, length));
    if (owner !== undefined) return [owner, BigInt(length)];
  }
  return [0n, 0n];
}

export function registerProduct(
  s: ModelState,
  ctx: Ctx,
  gtin: bigint,
  metadataHash: string,
  tracked: boolean,
  implantable: boolean,
): void {
  whenNotPaused(s, "products");
  ctx.touched.products.add(gtin);
  const org = callerWithRole(s, ctx, ROLE.Manufacturer);
  if (!isGtin(gtin)) revert("ProductRegistryInvalidGtin", gtin);
  if (companyPrefixOwner(s, gtin)[0] !== org) revert("ProductRegistryPrefixNotOwned", gtin, org);
  if (s.products.has(gtin)) revert("ProductRegistryProductExists", gtin);
  s.products.set(gtin, { manufacturer: org, tracked, implantable, metadataHash });
  emit(ctx, "products", "ProductRegistered", gtin, org, metadataHash, tracked, implantable, ctx.sender);
}

export function updateProductMetadata(s: ModelState, ctx: Ctx, gtin: bigint, metadataHash: string): void {
  whenNotPaused(s, "products");
  ctx.touched.products.add(gtin);
  const { org } = member(s, ctx.sender);
  const p = s.products.get(gtin);
  if (p === undefined) revert("ProductRegistryUnknownProduct", gtin);
  if (p.manufacturer !== org) revert("ProductRegistryNotManufacturer", gtin, org);
  p.metadataHash = metadataHash;
  emit(ctx, "products", "ProductMetadataUpdated", gtin, org, metadataHash, ctx.sender);
}

export function registerLot(
  s: ModelState,
  ctx: Ctx,
  gtin: bigint,
  lotNumber: string,
  manufacturedAt: bigint,
  expiresAt: bigint,
): void {
  whenNotPaused(s, "devices");
  const org = callerWithRole(s, ctx, ROLE.Manufacturer);
  const manufacturer = s.products.get(gtin)?.manufacturer ?? 0n;
  if (manufacturer === 0n) revert("DeviceRegistryUnknownProduct", gtin);
  if (manufacturer !== org) revert("DeviceRegistryNotManufacturer", gtin, org);
  if (!isAttribute(lotNumber)) revert("DeviceRegistryInvalidLotNumber", lotNumber);
  if (expiresAt !== 0n && expiresAt < manufacturedAt)
    revert("DeviceRegistryInvalidLotDates", manufacturedAt, expiresAt);
  if (s.lotKeys.has(`${gtin}|${lotNumber}`)) revert("DeviceRegistryLotExists", gtin, lotNumber);
  const lotKey = BigInt(s.lots.size + 1);
  s.lotKeys.set(`${gtin}|${lotNumber}`, lotKey);
  s.lots.set(lotKey, { gtin, manufacturer: org, manufacturedAt, expiresAt, holdMark: 0n });
  ctx.touched.lots.add(lotKey);
  emit(ctx, "devices", "LotRegistered", lotKey, gtin, lotNumber, manufacturedAt, expiresAt, org, ctx.sender);
}

/** The commissioning manufacturer and the lot's GTIN. */
function requireCommissioner(s: ModelState, ctx: Ctx, lotKey: bigint): { org: bigint; gtin: bigint } {
  const org = callerWithRole(s, ctx, ROLE.Manufacturer);
  const lot = s.lots.get(lotKey);
  if (lot === undefined) revert("DeviceRegistryUnknownLot", lotKey);
  if (lot.manufacturer !== org) revert("DeviceRegistryNotManufacturer", lot.gtin, org);
  return { org, gtin: lot.gtin };
}

function create(s: ModelState, ctx: Ctx, org: bigint, gtin: bigint, lotKey: bigint, serial: string): string {
  if (!isAttribute(serial)) revert("DeviceRegistryInvalidSerial", serial);
  const id = deviceIdOf(gtin, serial);
  if (s.devices.has(id)) revert("DeviceRegistryDeviceExists", id);
  s.devices.set(id, {
    gtin,
    custodian: org,
    status: DS.Active,
    lotKey,
    container: 0n,
    shipment: 0n,
    holdMark: 0n,
    clearedHold: 0n,
  });
  ctx.touched.devices.add(id);
  return id;
}

export function commission(s: ModelState, ctx: Ctx, lotKey: bigint, serial: string): void {
  whenNotPaused(s, "devices");
  const { org, gtin } = requireCommissioner(s, ctx, lotKey);
  const id = create(s, ctx, org, gtin, lotKey, serial);
  emit(ctx, "devices", "DeviceCommissioned", id, gtin, serial, lotKey, org, ctx.sender);
}

export function commissionBatch(s: ModelState, ctx: Ctx, lotKey: bigint, serials: string[]): void {
  whenNotPaused(s, "devices");
  if (serials.length === 0) revert("DeviceRegistryEmptyBatch");
  if (serials.length > 400) revert("DeviceRegistryBatchTooLarge", BigInt(serials.length), 400n);
  const { org, gtin } = requireCommissioner(s, ctx, lotKey);
  for (const serial of serials) create(s, ctx, org, gtin, lotKey, serial);
  emit(ctx, "devices", "DevicesCommissioned", lotKey, gtin, serials, org, ctx.sender);
}
