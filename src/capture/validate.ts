import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { EpcisSchemaError } from "./errors";

/** Where a document breaks GS1's EPCIS 2.0 JSON Schema: the JSON path of the value and the schema rule it fails. */
export interface SchemaViolation {
  /** JSON pointer of the refused value in the request body (`/epcisBody/eventList/3/epcList`). */
  path: string;
  /** The schema rule (`#/definitions/ObjectEvent/properties/epcList/type`). */
  schemaPath: string;
  message: string;
}

/** Checks a request body against GS1's schema: the violations (at most a few), empty when it conforms. */
export type DocumentValidator = (body: unknown) => SchemaViolation[];

/**
 * Compiles GS1's EPCIS 2.0 JSON Schema (`EPCIS-JSON-Schema.json`, draft-07). GS1 publishes it under its own licence,
 * so the project does not ship a copy: the operator points the gateway at the file (`serve --epcis-schema`). The
 * schema's top level dispatches on `type`, so the same validator checks documents and single events.
 */
export function createDocumentValidator(schemaPath: string): DocumentValidator {
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  } catch (error) {
    throw new EpcisSchemaError(schemaPath, `cannot be read as JSON (${(error as Error).message})`);
  }
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: true });
  addFormats(ajv);
  let validate: ReturnType<Ajv["compile"]>;
  try {
    validate = ajv.compile(schema as object);
  } catch (error) {
    throw new EpcisSchemaError(schemaPath, `is not a JSON Schema (${(error as Error).message})`);
  }
  return (body) =>
    validate(body)
      ? []
      : (validate.errors ?? [])
          // An `if`/`then` dispatch failing only repeats the error under it.
          .filter((e) => e.keyword !== "if")
          .slice(0, 5)
          .map((e) => ({
            path: e.instancePath || "/",
            schemaPath: e.schemaPath,
            message: e.message ?? "is refused by the schema",
          }));
}
