import { aiOfField } from "./ai-table";
import { GS1_RESOLVER, joinDigitalLink } from "./digital-link";
import { joinBracketed, joinRaw, SYMBOLOGY_PREFIXES } from "./element-string";
import type { Gs1Element } from "./element";
import { Gs1Error } from "./errors";
import { assembleGs1Data, elementsOfFields, type Gs1Data, type Gs1Fields } from "./gs1-data";

/** How to write an element string. */
export interface ElementStringOptions {
  /** `bracketed` (human readable, the default) or `raw` (as a scanner sends it, GS separators). */
  format?: "bracketed" | "raw";
  /** For `raw`: a symbology identifier to put first. */
  symbology?: (typeof SYMBOLOGY_PREFIXES)[number];
  now?: Date;
}

/** Validates builder fields and returns their elements in canonical order. */
function validatedElements(fields: Gs1Fields, now?: Date): Gs1Element[] {
  const elements = elementsOfFields(fields);
  const data: Gs1Data = assembleGs1Data(elements, now);
  for (const field of ["productionDate", "expiry"] as const) {
    const given = fields[field];
    const parsed = data[field];
    if (typeof given === "object" && parsed && parsed.year !== given.year) {
      const { ai } = aiOfField(field);
      throw new Gs1Error("date", field, `year ${given.year} is outside GS1's two-digit century window`, ai, parsed.raw);
    }
  }
  return elements;
}

/** Builds a GS1 element string from fields, validating them as the parser does. */
export function buildElementString(fields: Gs1Fields, options: ElementStringOptions = {}): string {
  const elements = validatedElements(fields, options.now);
  return options.format === "raw" ? joinRaw(elements, options.symbology ?? "") : joinBracketed(elements);
}

/** Builds a GS1 Digital Link URI from fields on `base` (default `https://id.gs1.org`). */
export function buildDigitalLink(fields: Gs1Fields, options: { base?: string; now?: Date } = {}): string {
  return joinDigitalLink(validatedElements(fields, options.now), options.base ?? GS1_RESOLVER);
}
