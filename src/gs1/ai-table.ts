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

const def = (d: AiDefinition): AiDefinition => d;

/** The supported AIs, in the dictionary's lexical order. */
export const AI_TABLE: readonly AiDefinition[] = [
  def({
    ai: "00",
    field: "sscc",
    title: "SSCC",
    charset: "N",
    minLength: 18,
    maxLength: 18,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["csum", "gcppos2"],
    dlQualifiers: [[]],
    requires: [],
    dlAlias: "sscc",
  }),
  def({
    ai: "01",
    field: "gtin",
    title: "GTIN",
    charset: "N",
    minLength: 14,
    maxLength: 14,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["csum", "gcppos2"],
    dlQualifiers: [["22", "10", "21"]],
    requires: [],
    dlAlias: "gtin",
  }),
  def({
    ai: "10",
    field: "lot",
    title: "BATCH/LOT",
    charset: "X",
    minLength: 1,
    maxLength: 20,
    predefinedLength: false,
    dataAttribute: true,
    linters: [],
    dlQualifiers: null,
    requires: [["01"]],
    dlAlias: "lot",
  }),
  def({
    ai: "11",
    field: "productionDate",
    title: "PROD DATE",
    charset: "N",
    minLength: 6,
    maxLength: 6,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["yymmd0"],
    dlQualifiers: null,
    requires: [["01"]],
  }),
  def({
    ai: "17",
    field: "expiry",
    title: "USE BY or EXPIRY",
    charset: "N",
    minLength: 6,
    maxLength: 6,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["yymmd0"],
    dlQualifiers: null,
    requires: [["01"]],
  }),
  def({
    ai: "21",
    field: "serial",
    title: "SERIAL",
    charset: "X",
    minLength: 1,
    maxLength: 20,
    predefinedLength: false,
    dataAttribute: false,
    linters: [],
    dlQualifiers: null,
    requires: [["01"]],
    dlAlias: "ser",
  }),
  def({
    ai: "22",
    field: "cpv",
    title: "CPV",
    charset: "X",
    minLength: 1,
    maxLength: 20,
    predefinedLength: false,
    dataAttribute: false,
    linters: [],
    dlQualifiers: null,
    requires: [["01"]],
    dlAlias: "cpv",
  }),
  def({
    ai: "414",
    field: "locationGln",
    title: "LOC No.",
    charset: "N",
    minLength: 13,
    maxLength: 13,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["csum", "gcppos1"],
    dlQualifiers: [[]],
    requires: [],
    dlAlias: "gln",
  }),
  def({
    ai: "417",
    field: "partyGln",
    title: "PARTY",
    charset: "N",
    minLength: 13,
    maxLength: 13,
    predefinedLength: true,
    dataAttribute: true,
    linters: ["csum", "gcppos1"],
    dlQualifiers: [[]],
    requires: [],
    dlAlias: "party",
  }),
  def({
    ai: "8004",
    field: "giai",
    title: "GIAI",
    charset: "X",
    minLength: 1,
    maxLength: 30,
    predefinedLength: false,
    dataAttribute: true,
    linters: ["gcppos1"],
    dlQualifiers: [[]],
    requires: [],
    dlAlias: "giai",
  }),
  def({
    ai: "8012",
    field: "softwareVersion",
    title: "VERSION",
    charset: "X",
    minLength: 1,
    maxLength: 20,
    predefinedLength: false,
    dataAttribute: true,
    linters: [],
    dlQualifiers: null,
    requires: [["01"]],
  }),
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
