import { endOfDayUnix, Gs1Error, startOfDayUnix, validateElement, type Gs1Date } from "../../gs1";
import { daysInMonth } from "../../gs1/gs1-date";
import type { LedgerOp } from "../types";
import { itemsOf, type EpcisEvent } from "./identifiers";
import { refuse } from "./refusal";

/** The ILMD members commissioning reads, each accepted bare, as a `cbvmda:` CURIE or as its full URN. */
const ILMD_TERMS = ["lotNumber", "itemExpirationDate", "productionDate"] as const;
type IlmdTerm = (typeof ILMD_TERMS)[number];

/** The CBV master data term an ILMD member name stands for, or undefined. */
function ilmdTerm(name: string): IlmdTerm | undefined {
  const bare = name.replace(/^(?:cbvmda:|urn:epcglobal:cbv:mda:)/, "");
  return (ILMD_TERMS as readonly string[]).includes(bare) ? (bare as IlmdTerm) : undefined;
}

/** A lot number as AI (10) takes it: 1 to 20 characters of GS1 character set 82. */
function lotAt(value: unknown, field: string): string {
  if (typeof value !== "string") return refuse(field, "must be text");
  try {
    validateElement({ ai: "10", value });
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    return refuse(field, `${JSON.stringify(value)} ${error.detail}`, error);
  }
  return value;
}

/** An `xsd:date` (`YYYY-MM-DD`), checked as a calendar day. */
function dateAt(value: unknown, field: string): Gs1Date {
  const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return refuse(field, "must be a date, YYYY-MM-DD");
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return refuse(field, `${value as string} is not a day of the calendar`);
  }
  return { raw: value as string, year, month, day };
}

/**
 * ObjectEvent ADD `commissioning` → one `commission` op per GTIN (all its EPCs, in the order listed), of the lot the
 * ILMD names: `lotNumber` (required: the ledger registers devices in lots), `itemExpirationDate` (expiresAt, the
 * last second of that day UTC) and `productionDate` (manufacturedAt, its first second). Any other ILMD member is
 * master data the ledger does not keep: refused.
 */
export function mapCommissioning(event: EpcisEvent): LedgerOp[] {
  const { devices } = itemsOf(event, "epcList", false);
  const ilmd = event.ilmd;
  if (ilmd === undefined) return refuse("ilmd", "is missing: commissioning needs the lot number (cbvmda:lotNumber)");
  if (typeof ilmd !== "object" || ilmd === null || Array.isArray(ilmd)) return refuse("ilmd", "must be an object");
  const found: Partial<Record<IlmdTerm, { value: unknown; field: string }>> = {};
  for (const [name, value] of Object.entries(ilmd)) {
    const field = `ilmd.${name}`;
    const term = ilmdTerm(name);
    if (term === undefined) {
      refuse(field, "is master data the ledger does not keep (it reads lotNumber, itemExpirationDate, productionDate)");
    } else if (found[term]) {
      refuse(field, `repeats ${found[term].field}`);
    } else found[term] = { value, field };
  }
  const lot = found.lotNumber;
  if (!lot) return refuse("ilmd", "has no lot number (cbvmda:lotNumber): the ledger registers devices in lots");
  const lotText = lotAt(lot.value, lot.field);
  const expiry = found.itemExpirationDate;
  const production = found.productionDate;
  const dates = {
    ...(production ? { manufacturedAt: startOfDayUnix(dateAt(production.value, production.field)) } : {}),
    ...(expiry ? { expiresAt: endOfDayUnix(dateAt(expiry.value, expiry.field)) } : {}),
  };
  const byGtin = new Map<string, string[]>();
  for (const { gtin, serial } of devices) byGtin.set(gtin, [...(byGtin.get(gtin) ?? []), serial]);
  return [...byGtin].map(([gtin, serials]) => ({ kind: "commission", gtin, lot: lotText, ...dates, serials }));
}
