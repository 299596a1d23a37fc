/** The name a parsed GS1 field is reported under. */
export type Gs1FieldName =
  | "sscc"
  | "gtin"
  | "lot"
  | "productionDate"
  | "expiry"
  | "serial"
  | "cpv"
  | "locationGln"
  | "partyGln"
  | "giai"
  | "softwareVersion";

/**
 * One Application Identifier as the GS1 Barcode Syntax Dictionary defines it, restricted to what udi-ledger supports.
 * The test `test/gs1/ai-table.test.ts` cross-checks every entry against the official dictionary.
 */
export interface AiDefinition {
  readonly ai: string;
  readonly field: Gs1FieldName;
  /** Title in the syntax dictionary. */
  readonly title: string;
  /** "N": digits; "X": GS1 character set 82. */
  readonly charset: "N" | "X";
  readonly minLength: number;
  readonly maxLength: number;
  /** Predefined length (flag `*`): no FNC1 separator follows it in a barcode. */
  readonly predefinedLength: boolean;
  /** Permitted as a Digital Link data attribute (flag `?`, query string). */
  readonly dataAttribute: boolean;
  /** Linters the dictionary applies (`csum`: check digit; `yymmd0`: date, day 00 allowed; `gcppos*`: GS1 company
   * prefix position, which needs GS1's prefix-length table and is not enforced here). */
  readonly linters: readonly string[];
  /** Digital Link primary key: the ordered qualifier sequences it accepts (supported AIs only); null if not a key. */
  readonly dlQualifiers: readonly (readonly string[])[] | null;
  /** Each group lists AIs of which at least one must appear with this AI (supported AIs only). */
  readonly requires: readonly (readonly string[])[];
  /** Digital Link convenience alphas (older URIs use them in place of the numeric AI). */
  readonly dlAlias?: string;
}

// The shapes the supported AIs share: fixed-length digits, variable-length CS82 text, and the two Digital Link roles.
const fixedDigits = (length: number, linters: readonly string[]) =>
  ({ charset: "N", minLength: length, maxLength: length, predefinedLength: true, linters }) as const;
const text = (maxLength: number, linters: readonly string[] = []) =>
  ({ charset: "X", minLength: 1, maxLength, predefinedLength: false, linters }) as const;
/** A Digital Link primary key without qualifiers, needing no other AI. */
const KEY = { dlQualifiers: [[]], requires: [] } as const;
/** An attribute of a GTIN: not a key, and only with AI 01. */
const OF_GTIN = { dlQualifiers: null, requires: [["01"]] } as const;

/** The supported AIs, in the dictionary's lexical order. */
export const AI_TABLE: readonly AiDefinition[] = [
  {
    ai: "00",
    field: "sscc",
    title: "SSCC",
    ...fixedDigits(18, ["csum", "gcppos2"]),
    ...KEY,
    dataAttribute: true,
    dlAlias: "sscc",
  },
  {
    ai: "01",
    field: "gtin",
    title: "GTIN",
    ...fixedDigits(14, ["csum", "gcppos2"]),
    dataAttribute: true,
    dlQualifiers: [["22", "10", "21"]],
    requires: [],
    dlAlias: "gtin",
  },
  { ai: "10", field: "lot", title: "BATCH/LOT", ...text(20), ...OF_GTIN, dataAttribute: true, dlAlias: "lot" },
  {
    ai: "11",
    field: "productionDate",
    title: "PROD DATE",
    ...fixedDigits(6, ["yymmd0"]),
    ...OF_GTIN,
    dataAttribute: true,
  },
  {
    ai: "17",
    field: "expiry",
    title: "USE BY or EXPIRY",
    ...fixedDigits(6, ["yymmd0"]),
    ...OF_GTIN,
    dataAttribute: true,
  },
  { ai: "21", field: "serial", title: "SERIAL", ...text(20), ...OF_GTIN, dataAttribute: false, dlAlias: "ser" },
  { ai: "22", field: "cpv", title: "CPV", ...text(20), ...OF_GTIN, dataAttribute: false, dlAlias: "cpv" },
  {
    ai: "414",
    field: "locationGln",
    title: "LOC No.",
    ...fixedDigits(13, ["csum", "gcppos1"]),
    ...KEY,
    dataAttribute: true,
    dlAlias: "gln",
  },
  {
    ai: "417",
    field: "partyGln",
    title: "PARTY",
    ...fixedDigits(13, ["csum", "gcppos1"]),
    ...KEY,
    dataAttribute: true,
    dlAlias: "party",
  },
  { ai: "8004", field: "giai", title: "GIAI", ...text(30, ["gcppos1"]), ...KEY, dataAttribute: true, dlAlias: "giai" },
  { ai: "8012", field: "softwareVersion", title: "VERSION", ...text(20), ...OF_GTIN, dataAttribute: true },
];

const BY_AI = new Map(AI_TABLE.map((d) => [d.ai, d]));
const BY_FIELD = new Map(AI_TABLE.map((d) => [d.field, d]));
const BY_ALIAS = new Map(AI_TABLE.filter((d) => d.dlAlias).map((d) => [d.dlAlias as string, d]));

/** The definition of a supported AI, or undefined. */
export const aiDefinition = (ai: string): AiDefinition | undefined => BY_AI.get(ai);

/** The definition of the AI reported under a field name. */
export const aiOfField = (field: Gs1FieldName): AiDefinition => BY_FIELD.get(field) as AiDefinition;

/** The definition of the AI a Digital Link path segment names (numeric AI or convenience alpha), or undefined. */
export const aiOfPathSegment = (segment: string): AiDefinition | undefined =>
  BY_AI.get(segment) ?? BY_ALIAS.get(segment);
