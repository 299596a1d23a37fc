import { aiDefinition } from "./ai-table";
import type { Gs1Element } from "./element";
import { Gs1Error } from "./errors";

/** The GS character (ASCII 29), how scanners transmit FNC1 as a field separator. */
export const GS = "\u001d";

/** Symbology identifiers of the GS1 carriers: DataMatrix, GS1-128, QR Code, DataBar. */
export const SYMBOLOGY_PREFIXES = ["]d2", "]C1", "]Q3", "]e0"] as const;

/**
 * Splits a bracketed element string, `(01)09506000134352(17)290101(10)ABC`, into elements. A literal `(` inside a
 * value is written `\(` (the GS1 Syntax Engine's convention; `\` is outside character set 82).
 */
export function splitBracketed(input: string): Gs1Element[] {
  const elements: Gs1Element[] = [];
  let i = 0;
  while (i < input.length) {
    const open = /^\(([0-9]{2,4})\)/.exec(input.slice(i));
    if (!open) {
      throw new Gs1Error("syntax", "element string", `expected "(AI)" at position ${i}`, undefined, input);
    }
    const ai = open[1];
    i += open[0].length;
    let value = "";
    while (i < input.length && input[i] !== "(") {
      if (input[i] === "\\" && input[i + 1] === "(") {
        value += "(";
        i += 2;
      } else {
        value += input[i++];
      }
    }
    if (value === "") throw new Gs1Error("length", "value", "is empty", ai, value);
    elements.push({ ai, value });
  }
  if (elements.length === 0) throw new Gs1Error("syntax", "element string", "is empty", undefined, input);
  return elements;
}

/** The AI at the start of `text`: GS1 AIs are prefix-free, so the first 2, 3 or 4 digits that name one are it. */
function leadingAi(text: string, position: number): string {
  for (const length of [2, 3, 4]) {
    const candidate = text.slice(0, length);
    if (/^[0-9]+$/.test(candidate) && candidate.length === length && aiDefinition(candidate)) return candidate;
  }
  const shown = text.slice(0, 4);
  if (!/^[0-9]{2}/.test(shown)) {
    throw new Gs1Error("syntax", "element string", `expected an AI at position ${position}`, undefined, shown);
  }
  throw new Gs1Error("unsupported-ai", "ai", `no supported AI starts at position ${position}`, shown);
}

/**
 * Splits a raw element string as a scanner sends it: an optional symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`) or
 * a leading FNC1, then AIs and values, variable-length values ended by GS (FNC1) unless last. A GS after a
 * predefined-length value, or after the last value, is tolerated; an empty field is not.
 */
export function splitRaw(input: string): Gs1Element[] {
  let text = input;
  let offset = 0;
  if (text.startsWith("]")) {
    const prefix = SYMBOLOGY_PREFIXES.find((p) => text.startsWith(p));
    if (!prefix) {
      throw new Gs1Error(
        "syntax",
        "symbology identifier",
        "is not a GS1 one (]d2, ]C1, ]Q3, ]e0)",
        undefined,
        text.slice(0, 3),
      );
    }
    text = text.slice(3);
    offset = 3;
  }
  if (text.startsWith(GS)) {
    text = text.slice(1);
    offset += 1;
  }
  if (text === "") throw new Gs1Error("syntax", "element string", "is empty", undefined, input);
  const elements: Gs1Element[] = [];
  let i = 0;
  while (i < text.length) {
    const ai = leadingAi(text.slice(i), offset + i);
    const d = aiDefinition(ai)!;
    i += ai.length;
    let value: string;
    if (d.predefinedLength) {
      value = text.slice(i, i + d.maxLength);
      if (value.length < d.maxLength || value.includes(GS)) {
        const got = value.split(GS)[0];
        throw new Gs1Error("length", d.field, `has ${got.length} characters, expected exactly ${d.maxLength}`, ai, got);
      }
      i += d.maxLength;
      if (text[i] === GS) i += 1;
    } else {
      const end = text.indexOf(GS, i);
      value = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      if (value === "") throw new Gs1Error("length", d.field, "is empty", ai, value);
    }
    elements.push({ ai, value });
  }
  return elements;
}

/** The bracketed text of elements, escaping `(` in values. */
export const joinBracketed = (elements: readonly Gs1Element[]): string =>
  elements.map((e) => `(${e.ai})${e.value.replace(/\(/g, "\\(")}`).join("");

/** The raw text of elements: GS after every variable-length value except the last; optional symbology prefix. */
export function joinRaw(elements: readonly Gs1Element[], prefix = ""): string {
  let out = prefix;
  elements.forEach((e, index) => {
    out += e.ai + e.value;
    if (!aiDefinition(e.ai)!.predefinedLength && index < elements.length - 1) out += GS;
  });
  return out;
}
