import { InvalidArgumentError } from "../errors";
import { deviceIdOf } from "./device-id";

/** A device named on the command line, resolved. */
export interface DeviceRef {
  deviceId: string;
  gtin?: string;
  serial?: string;
}

const GS = "\x1d";

/** AIs that may precede the serial in a UDI, with their fixed lengths (0 = variable, ended by GS). */
const AI_LENGTH: Record<string, number> = { "01": 14, "11": 6, "17": 6, "10": 0, "21": 0 };

function fromElementString(text: string): { gtin: string; serial: string } | undefined {
  const bracketed = [...text.matchAll(/\((\d{2,4})\)([^(]*)/g)];
  const fields = new Map<string, string>();
  if (bracketed.length > 0) {
    for (const [, ai, value] of bracketed) fields.set(ai, value);
  } else {
    let rest = text.replace(/^\][dCQ][0-9]/, "");
    while (rest.length >= 2) {
      const ai = rest.substring(0, 2);
      const length = AI_LENGTH[ai];
      if (length === undefined) return undefined;
      const end = length > 0 ? 2 + length : rest.indexOf(GS) === -1 ? rest.length : rest.indexOf(GS);
      fields.set(ai, rest.substring(2, end));
      rest = rest.substring(end).replace(new RegExp(`^${GS}`), "");
    }
  }
  const gtin = fields.get("01");
  const serial = fields.get("21");
  return gtin && serial ? { gtin, serial } : undefined;
}

function fromDigitalLink(text: string): { gtin: string; serial: string } | undefined {
  const match = /\/01\/(\d{8,14})(?:\/10\/[^/?#]+)?\/21\/([^/?#]+)/.exec(text);
  return match ? { gtin: match[1], serial: decodeURIComponent(match[2]) } : undefined;
}

/**
 * Resolves a device id (0x + 64 hex), a UDI element string (`(01)…(21)…`, or raw with GS separators and an optional
 * `]d2`/`]C1`/`]Q3` prefix) or a GS1 Digital Link URI (`…/01/<GTIN>/21/<serial>`).
 */
export function resolveDeviceRef(text: string): DeviceRef {
  const trimmed = text.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(trimmed)) return { deviceId: trimmed.toLowerCase() };
  const parsed = /^https?:\/\//.test(trimmed) ? fromDigitalLink(trimmed) : fromElementString(trimmed);
  if (!parsed || !/^\d{8,14}$/.test(parsed.gtin)) {
    throw new InvalidArgumentError(
      "device",
      text,
      "is neither a device id, a UDI element string with (01) and (21), nor a Digital Link URI",
    );
  }
  const gtin = BigInt(parsed.gtin).toString();
  return { deviceId: deviceIdOf(gtin, parsed.serial), gtin, serial: parsed.serial };
}
