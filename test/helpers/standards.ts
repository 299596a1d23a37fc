import path from "node:path";

/**
 * A file of GS1's standards (EPCIS schema and examples, the Barcode Syntax Dictionary) in the shared folder beside the
 * repository: tests read them there, and the project ships no copy (GS1's licence).
 */
export const standardsPath = (...parts: string[]): string =>
  path.join(__dirname, "..", "..", "..", "shared", "standards", ...parts);

/** GS1's EPCIS 2.0 JSON Schema. */
export const EPCIS_SCHEMA = standardsPath("epcis", "EPCIS-JSON-Schema.json");
/** GS1's EPCIS 2.0 example documents. */
export const EPCIS_EXAMPLES = standardsPath("epcis", "examples");
