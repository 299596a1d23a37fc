import { PermanentError } from "../errors";

/** The EPCIS 2.0 JSON Schema file cannot be read or compiled (a start-up error of `serve --capture`). */
export class EpcisSchemaError extends PermanentError {
  readonly code = "EPCIS_SCHEMA";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`EPCIS schema ${path}: ${reason}`, { details: { path, reason } });
  }
}

/** The signing key or its account cannot run a gateway (it names `UDI_SIGNER_KEY`, never the key). */
export class CaptureSignerError extends PermanentError {
  readonly code = "CAPTURE_SIGNER";
  constructor(reason: string) {
    super(`UDI_SIGNER_KEY: ${reason}`, { details: { field: "UDI_SIGNER_KEY", reason } });
  }
}
