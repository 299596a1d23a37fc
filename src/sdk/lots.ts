import { endOfDayUnix, startOfDayUnix } from "../gs1";
import type { DeviceRegistry } from "../contracts";
import { SdkInputError } from "./errors";
import { checkAttribute, parseUdiField, toGtin, type GtinInput } from "./inputs";

/** A lot: a UDI carrying (01) and (10), its key, or its GTIN and lot number. */
export type LotInput = string | { lotKey: bigint | number } | { gtin: GtinInput; lot: string };

/** A lot's identity from a UDI or fields, with the dates a UDI carries ((11), (17)) as unix seconds. */
export interface LotFields {
  gtin: bigint;
  lot: string;
  manufacturedAt?: bigint;
  expiresAt?: bigint;
}

/** GTIN, lot number and dates of a UDI: production date at 00:00:00 UTC, expiry at 23:59:59 UTC (day 00: month). */
export function lotFieldsOfUdi(udi: string, field: string): LotFields {
  const data = parseUdiField(udi, field);
  if (!data.gtin || data.lot === undefined) throw new SdkInputError(field, udi, "needs a GTIN (01) and a lot (10)");
  return {
    gtin: BigInt(data.gtin),
    lot: data.lot,
    manufacturedAt: data.productionDate ? BigInt(startOfDayUnix(data.productionDate)) : undefined,
    expiresAt: data.expiry ? BigInt(endOfDayUnix(data.expiry)) : undefined,
  };
}

/** Resolves a lot to its key on the device registry; throws naming the field when no such lot is registered. */
export async function resolveLotKey(devices: DeviceRegistry, input: LotInput, field = "lot"): Promise<bigint> {
  if (typeof input === "object" && "lotKey" in input) {
    const key = BigInt(input.lotKey);
    if (key <= 0n || key >= 2n ** 32n)
      throw new SdkInputError(`${field}.lotKey`, input.lotKey, "must be a uint32 above 0");
    return key;
  }
  const { gtin, lot } =
    typeof input === "string"
      ? lotFieldsOfUdi(input, field)
      : { gtin: toGtin(input.gtin, `${field}.gtin`), lot: checkAttribute(input.lot, `${field}.lot`) };
  const key = await devices.lotKeyOf(gtin, lot);
  if (key === 0n) throw new SdkInputError(field, { gtin: gtin.toString(), lot }, "is not a registered lot");
  return key;
}
