import { Gs1Error, gtinUri, lgtinUri, locationUri, parseEpc, partyUri, sgtinUri, ssccUri, type EpcKey } from "../gs1";
import { PermanentError } from "../errors";

/** An EPC or EPC class to match: one exact URI (Digital Link form, as the export writes it), or all serials of a GTIN. */
export type EpcMatch = { exact: string } | { serialsOf: string };

/** Why an EPC could not be read (the message is the reason). Permanent: the same text is refused again. */
export class EpcSyntaxError extends PermanentError {
  readonly code = "EPC_SYNTAX";
}

/**
 * Reads an EPC, EPC class or location given as a GS1 Digital Link URI (any resolver host) or an EPC URN
 * (`urn:epc:id:sgtin`, `sscc`, `sgln`, `pgln`, `urn:epc:class:lgtin`, `urn:epc:idpat:sgtin:….*`) into the form the
 * export writes. Throws {@link EpcSyntaxError} with the reason.
 */
export function epcMatch(text: string): EpcMatch {
  let key: EpcKey;
  try {
    key = parseEpc(text);
  } catch (error) {
    if (error instanceof Gs1Error) throw new EpcSyntaxError(error.message, { cause: error });
    throw error;
  }
  switch (key.kind) {
    case "sgtin":
      return { exact: sgtinUri(key.gtin, key.serial) };
    case "sscc":
      return { exact: ssccUri(key.sscc) };
    case "sgln":
      return { exact: locationUri(key.gln) };
    case "pgln":
      return { exact: partyUri(key.gln) };
    case "lgtin":
      return { exact: lgtinUri(key.gtin, key.lot) };
    case "gtin":
      return { exact: gtinUri(key.gtin) };
    case "gtinPattern":
      return { serialsOf: key.gtin };
  }
}

/** True when `uri` (an EPC or class as the export writes it) is matched by `m`. */
export const matches = (m: EpcMatch, uri: string): boolean =>
  "exact" in m ? m.exact === uri : uri.startsWith(`${gtinUri(m.serialsOf)}/21/`);
