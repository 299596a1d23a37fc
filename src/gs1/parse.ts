import { isHttpUri, splitDigitalLink } from "./digital-link";
import type { Gs1Element } from "./element";
import { splitBracketed, splitRaw } from "./element-string";
import { Gs1Error } from "./errors";
import { assembleGs1Data, type Gs1Data } from "./gs1-data";

/** The forms a GS1 input can take. */
export type Gs1Form = "bracketed" | "raw" | "digital-link";

/** Options of the parsers. */
export interface ParseOptions {
  /** Reference date of GS1's century window for `YYMMDD` dates (default: now). */
  now?: Date;
}

/** Which form an input is in: a Digital Link URI, a bracketed element string, or a raw (scanned) one. */
export function detectGs1Form(input: string): Gs1Form {
  if (isHttpUri(input)) return "digital-link";
  if (input.startsWith("(")) return "bracketed";
  return "raw";
}

const SPLITTERS: Record<Gs1Form, (input: string) => Gs1Element[]> = {
  bracketed: splitBracketed,
  raw: splitRaw,
  "digital-link": splitDigitalLink,
};

/**
 * Parses any supported GS1 input (bracketed or raw element string, with or without symbology identifier, or a
 * Digital Link URI) and validates every value, the AI associations and, for URIs, the qualifier order.
 * Throws a {@link Gs1Error} naming the AI, the field and the reason.
 */
export function parseGs1(input: string, options: ParseOptions = {}): Gs1Data & { form: Gs1Form } {
  if (typeof input !== "string" || input.length === 0) {
    throw new Gs1Error("syntax", "input", "is empty", undefined, String(input ?? ""));
  }
  const form = detectGs1Form(input);
  return { ...assembleGs1Data(SPLITTERS[form](input), options.now), form };
}

/** Parses a bracketed element string, `(01)…(21)…`. */
export const parseBracketed = (input: string, options: ParseOptions = {}): Gs1Data =>
  assembleGs1Data(splitBracketed(input), options.now);

/** Parses a raw element string with GS separators, optionally after a symbology identifier. */
export const parseRawElementString = (input: string, options: ParseOptions = {}): Gs1Data =>
  assembleGs1Data(splitRaw(input), options.now);

/** Parses a GS1 Digital Link URI. */
export const parseDigitalLink = (input: string, options: ParseOptions = {}): Gs1Data =>
  assembleGs1Data(splitDigitalLink(input), options.now);
