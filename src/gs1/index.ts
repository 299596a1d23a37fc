/** GS1 element strings and Digital Link URIs: parsing, validation and building for the AIs udi-ledger uses. */
export { AI_TABLE, aiDefinition, type AiDefinition, type Gs1FieldName } from "./ai-table";
export { buildDigitalLink, buildElementString, type ElementStringOptions } from "./build";
export { CS82 } from "./charset";
export { checkDigitOf, hasValidCheckDigit, withCheckDigit } from "./check-digit";
export { GS1_RESOLVER, encodeAiValue } from "./digital-link";
export { parseEpc, type EpcKey } from "./epc-uri";
export { validateElement, type Gs1Element } from "./element";
export { GS, SYMBOLOGY_PREFIXES } from "./element-string";
export { Gs1Error, type Gs1ErrorReason } from "./errors";
export type { Gs1Data, Gs1DateInput, Gs1Fields } from "./gs1-data";
export {
  GS1_KEY_LENGTH,
  gln13,
  gtin14,
  gtinUri,
  lgtinUri,
  locationUri,
  parseGs1Key,
  partyUri,
  sgtinUri,
  sscc18,
  ssccUri,
  udiOf,
  type Gs1KeyKind,
} from "./keys";
export { endOfDayUnix, isoDate, isoDateOrMonth, resolveCentury, startOfDayUnix, type Gs1Date } from "./gs1-date";
export {
  detectGs1Form,
  parseBracketed,
  parseDigitalLink,
  parseGs1,
  parseRawElementString,
  type Gs1Form,
  type ParseOptions,
} from "./parse";
