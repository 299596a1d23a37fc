import { aiDefinition, type AiDefinition } from "./ai-table";
import { firstOutsideCs82 } from "./charset";
import { hasValidCheckDigit } from "./check-digit";
import { Gs1Error } from "./errors";
import { parseGs1Date, type Gs1Date } from "./gs1-date";

/** One AI and its value, as found in an element string or a Digital Link URI. */
export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
}

/** The definition of a supported AI; throws naming the AI when it is not supported. */
export function requireAi(ai: string): AiDefinition {
  const definition = aiDefinition(ai);
  if (!definition) throw new Gs1Error("unsupported-ai", "ai", "is not a supported Application Identifier", ai);
  return definition;
}

/**
 * Checks one value against its AI: length, character set, check digit and date. Returns the parsed date for date AIs.
 * `now` fixes the reference year of the century window (tests).
 */
export function validateElement(element: Gs1Element, now?: Date): Gs1Date | undefined {
  const d = requireAi(element.ai);
  const { value } = element;
  const fixed = d.minLength === d.maxLength;
  if (value.length < d.minLength || value.length > d.maxLength) {
    const expected = fixed ? `exactly ${d.maxLength}` : `${d.minLength} to ${d.maxLength}`;
    throw new Gs1Error("length", d.field, `has ${value.length} characters, expected ${expected}`, d.ai, value);
  }
  if (d.charset === "N" && !/^[0-9]+$/.test(value)) {
    throw new Gs1Error("charset", d.field, "must be digits only", d.ai, value);
  }
  if (d.charset === "X") {
    const bad = firstOutsideCs82(value);
    if (bad >= 0) {
      const char = value.codePointAt(bad) as number;
      const shown = char >= 0x21 && char <= 0x7e ? `'${value[bad]}'` : `U+${char.toString(16).padStart(4, "0")}`;
      throw new Gs1Error(
        "charset",
        d.field,
        `character ${shown} at ${bad} is outside GS1 character set 82`,
        d.ai,
        value,
      );
    }
  }
  if (d.linters.includes("csum") && !hasValidCheckDigit(value)) {
    throw new Gs1Error("check-digit", d.field, "fails its GS1 mod-10 check digit", d.ai, value);
  }
  if (d.linters.includes("yymmd0")) return parseGs1Date(value, d.ai, d.field, now);
  return undefined;
}
