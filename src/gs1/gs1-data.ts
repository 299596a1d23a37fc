import { AI_TABLE, aiOfField, type Gs1FieldName } from "./ai-table";
import { validateElement, type Gs1Element } from "./element";
import { Gs1Error } from "./errors";
import { formatGs1Date, type Gs1Date } from "./gs1-date";

/** Parsed GS1 data: every element in input order, and each supported field by name. Keys are digit strings. */
export interface Gs1Data {
  readonly elements: readonly Gs1Element[];
  readonly sscc?: string;
  readonly gtin?: string;
  readonly lot?: string;
  readonly productionDate?: Gs1Date;
  readonly expiry?: Gs1Date;
  readonly serial?: string;
  readonly cpv?: string;
  readonly locationGln?: string;
  readonly partyGln?: string;
  readonly giai?: string;
  readonly softwareVersion?: string;
}

/** A date given to a builder: `YYMMDD` text, or year, month and day (0 for "day not given"). */
export type Gs1DateInput = string | { year: number; month: number; day: number };

/** Fields given to a builder; dates as `YYMMDD` or `{ year, month, day }`. */
export type Gs1Fields = {
  [K in Gs1FieldName]?: K extends "productionDate" | "expiry" ? Gs1DateInput : string;
};

/**
 * Validates elements and assembles them: each value checked, identical repeats merged, conflicting repeats refused,
 * and the AI associations the syntax dictionary requires (e.g. a serial needs a GTIN) enforced.
 */
export function assembleGs1Data(elements: readonly Gs1Element[], now?: Date): Gs1Data {
  const kept: Gs1Element[] = [];
  const result: Record<string, unknown> = {};
  for (const element of elements) {
    const date = validateElement(element, now);
    const previous = kept.find((e) => e.ai === element.ai);
    if (previous) {
      if (previous.value === element.value) continue;
      const field = AI_TABLE.find((d) => d.ai === element.ai)?.field ?? "ai";
      throw new Gs1Error("duplicate", field, `appears twice with different values`, element.ai, element.value);
    }
    kept.push(element);
    result[aiOfField(fieldOf(element.ai)).field] = date ?? element.value;
  }
  const present = new Set(kept.map((e) => e.ai));
  for (const element of kept) {
    const definition = aiOfField(fieldOf(element.ai));
    for (const group of definition.requires) {
      if (!group.some((ai) => present.has(ai))) {
        const names = group.map((ai) => `(${ai})`).join(" or ");
        throw new Gs1Error("missing-requirement", definition.field, `requires ${names}`, element.ai, element.value);
      }
    }
  }
  return { ...result, elements: kept } as Gs1Data;
}

function fieldOf(ai: string): Gs1FieldName {
  return (AI_TABLE.find((d) => d.ai === ai) as { field: Gs1FieldName }).field;
}

/** The elements of builder fields in canonical order: predefined-length AIs first, so fewer separators are needed. */
export function elementsOfFields(fields: Gs1Fields): Gs1Element[] {
  const ordered = [...AI_TABLE].sort((a, b) => Number(b.predefinedLength) - Number(a.predefinedLength));
  const elements: Gs1Element[] = [];
  for (const definition of ordered) {
    const value = fields[definition.field];
    if (value === undefined) continue;
    elements.push({ ai: definition.ai, value: typeof value === "string" ? value : formatGs1Date(value) });
  }
  return elements;
}
