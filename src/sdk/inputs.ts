import { isHexString, zeroPadValue } from "ethers";
import { Gs1Error, parseGs1, parseGs1Key, GS1_KEY_LENGTH, type Gs1Data, type Gs1KeyKind } from "../gs1";
import { validateElement } from "../gs1/element";
import { SdkInputError } from "./errors";
import { deviceId } from "../contracts/ids";

/** A GTIN: digits (GTIN-8, -12, -13 or -14), a number, or any GS1 input carrying (01). */
export type GtinInput = bigint | number | string;
/** A GLN: 13 digits, a number, or a GS1 input carrying (414) or (417). */
export type GlnInput = bigint | number | string;
/** An SSCC: 18 digits, a number, or a GS1 input carrying (00). */
export type SsccInput = bigint | string;
/** A device: a UDI carrying (01) and (21), a `0x` device id, or its fields. */
export type DeviceInput = string | { deviceId: string } | { gtin: GtinInput; serial: string };
/** A time: a Date or unix seconds. */
export type TimeInput = Date | number | bigint;

/** A device resolved: its id, and its GTIN and serial when the input gave them. */
export interface ResolvedDevice {
  deviceId: string;
  gtin?: bigint;
  serial?: string;
  udi?: Gs1Data;
}

const looksGs1 = (value: string) => /^[(\]\u001d]|^https?:\/\//i.test(value) || value.includes("\u001d");

/** Parses a GS1 input for an SDK field, turning GS1 errors into input errors that name the SDK field too. */
export function parseUdiField(value: string, field: string): Gs1Data {
  try {
    return parseGs1(value);
  } catch (error) {
    if (error instanceof Gs1Error) throw new SdkInputError(field, value, error.message, { cause: error });
    throw error;
  }
}

function keyOf(value: bigint | number | string, field: string, kind: Gs1KeyKind, gs1Field: keyof Gs1Data): bigint {
  let digits: string;
  if (typeof value === "string" && looksGs1(value)) {
    const found = parseUdiField(value, field)[gs1Field];
    if (typeof found !== "string") throw new SdkInputError(field, value, `carries no ${String(gs1Field)}`);
    digits = found;
  } else if (typeof value === "string") {
    digits = value;
  } else {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new SdkInputError(field, value, "must be a safe integer; pass a bigint or a string");
    }
    // A number has no leading zeros to keep: it stands for the key at its full length.
    digits = value.toString().padStart(GS1_KEY_LENGTH[kind], "0");
  }
  try {
    return BigInt(parseGs1Key(kind, digits, field));
  } catch (error) {
    if (error instanceof Gs1Error) throw new SdkInputError(field, value, error.detail, { cause: error });
    throw error;
  }
}

/** A GTIN-14 as the contracts take it. */
export const toGtin = (value: GtinInput, field = "gtin"): bigint => keyOf(value, field, "gtin", "gtin");

/** A GLN as the contracts take it (a GS1 input gives its (414), else its (417)). */
export function toGln(value: GlnInput, field = "gln"): bigint {
  if (typeof value === "string" && looksGs1(value)) {
    const data = parseUdiField(value, field);
    const gln = data.locationGln ?? data.partyGln;
    if (!gln) throw new SdkInputError(field, value, "carries no GLN (414) or (417)");
    return keyOf(gln, field, "gln", "locationGln");
  }
  return keyOf(value, field, "gln", "locationGln");
}

/** An SSCC as the contracts take it. */
export const toSscc = (value: SsccInput, field = "container"): bigint => keyOf(value, field, "sscc", "sscc");

/** A device id from any device input. */
export function toDevice(value: DeviceInput, field = "device"): ResolvedDevice {
  if (typeof value === "string") {
    if (isHexString(value, 32)) return { deviceId: value.toLowerCase() };
    const udi = parseUdiField(value, field);
    if (!udi.gtin || udi.serial === undefined)
      throw new SdkInputError(field, value, "needs a GTIN (01) and a serial (21)");
    const gtin = BigInt(udi.gtin);
    return { deviceId: deviceId(gtin, udi.serial), gtin, serial: udi.serial, udi };
  }
  if ("deviceId" in value) {
    if (!isHexString(value.deviceId, 32))
      throw new SdkInputError(`${field}.deviceId`, value.deviceId, "must be 0x + 64 hex");
    return { deviceId: value.deviceId.toLowerCase() };
  }
  const gtin = toGtin(value.gtin, `${field}.gtin`);
  checkAttribute(value.serial, `${field}.serial`);
  return { deviceId: deviceId(gtin, value.serial), gtin, serial: value.serial };
}

/** Checks a serial or lot number as the contracts will: 1-20 characters of GS1 character set 82. */
export function checkAttribute(value: string, field: string): string {
  try {
    validateElement({ ai: "21", value });
  } catch (error) {
    throw new SdkInputError(field, value, error instanceof Gs1Error ? error.detail : String(error));
  }
  return value;
}

/** A bytes32 value (hash); a shorter hex value is left-padded. */
export function toBytes32(value: string, field: string): string {
  if (!isHexString(value) || (value.length - 2) / 2 > 32)
    throw new SdkInputError(field, value, "must be 0x + up to 64 hex");
  return zeroPadValue(value, 32);
}

/** Unix seconds from a Date or a number of seconds. */
export function toUnixSeconds(value: TimeInput, field: string): bigint {
  const seconds = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (typeof seconds === "number" && (!Number.isSafeInteger(seconds) || seconds < 0)) {
    throw new SdkInputError(field, value, "must be a non-negative whole number of seconds");
  }
  const big = BigInt(seconds);
  if (big < 0n || big >= 2n ** 40n) throw new SdkInputError(field, value, "must fit in uint40 seconds");
  return big;
}
