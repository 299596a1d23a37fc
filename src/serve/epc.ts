import {
  Gs1Error,
  gtinUri,
  lgtinUri,
  locationUri,
  parseGs1,
  partyUri,
  sgtinUri,
  ssccUri,
  withCheckDigit,
} from "../gs1";
import { PermanentError } from "../errors";

/** An EPC or EPC class to match: one exact URI (Digital Link form, as the export writes it), or all serials of a GTIN. */
export type EpcMatch = { exact: string } | { serialsOf: string };

/** Why an EPC could not be read (the message is the reason). Permanent: the same text is refused again. */
export class EpcSyntaxError extends PermanentError {
  readonly code = "EPC_SYNTAX";
}

const URN = /^urn:epc:(id|idpat|class):([a-z]+):(.+)$/i;

/** The body each EPC URN scheme this ledger reads takes, for the message when a body is malformed. */
const URN_SHAPES: Record<string, string> = {
  "id:sgtin": "<company prefix>.<indicator + item reference>.<serial> (13 digits before the serial)",
  "idpat:sgtin": "<company prefix>.<indicator + item reference>.<serial or *>",
  "class:lgtin": "<company prefix>.<indicator + item reference>.<lot>",
  "id:sscc": "<company prefix>.<extension + serial reference> (17 digits)",
  "id:sgln": "<company prefix>.<location reference>.<extension>",
  "id:pgln": "<company prefix>.<party reference>",
};

/** The GTIN-14 of an EPC URN's company prefix and indicator + item reference. */
const gtinOfUrn = (cp: string, ir: string): string => withCheckDigit(ir[0] + cp + ir.slice(1));

function fromUrn(text: string): EpcMatch {
  const m = URN.exec(text);
  if (!m) throw new EpcSyntaxError("is not an EPC URN");
  const [, form, scheme, body] = m;
  const parts = body.split(".");
  const digits = (s: string | undefined) => s !== undefined && /^[0-9]+$/.test(s);
  const key = `${form.toLowerCase()}:${scheme.toLowerCase()}`;
  if ((key === "id:sgtin" || key === "idpat:sgtin") && parts.length === 3 && digits(parts[0]) && digits(parts[1])) {
    if (parts[0].length + parts[1].length !== 13)
      throw new EpcSyntaxError("company prefix + item reference ≠ 13 digits");
    const gtin = gtinOfUrn(parts[0], parts[1]);
    if (key === "idpat:sgtin" && parts[2] === "*") return { serialsOf: gtin };
    return { exact: sgtinUri(gtin, decodeURIComponent(parts[2])) };
  }
  if (key === "class:lgtin" && parts.length >= 3 && digits(parts[0]) && digits(parts[1]))
    return { exact: lgtinUri(gtinOfUrn(parts[0], parts[1]), decodeURIComponent(parts.slice(2).join("."))) };
  if (key === "id:sscc" && parts.length === 2 && digits(parts[0]) && digits(parts[1])) {
    if (parts[0].length + parts[1].length !== 17)
      throw new EpcSyntaxError("company prefix + serial reference ≠ 17 digits");
    return { exact: ssccUri(withCheckDigit(parts[1][0] + parts[0] + parts[1].slice(1))) };
  }
  if (key === "id:sgln" && parts.length === 3 && digits(parts[0]) && digits(parts[1]))
    return { exact: locationUri(withCheckDigit(parts[0] + parts[1])) };
  if (key === "id:pgln" && parts.length === 2 && digits(parts[0]) && digits(parts[1]))
    return { exact: partyUri(withCheckDigit(parts[0] + parts[1])) };
  const shape = URN_SHAPES[key];
  throw new EpcSyntaxError(
    shape
      ? `is not a well-formed urn:epc:${key}: it takes ${shape}`
      : `urn:epc:${form}:${scheme} is not a scheme this ledger uses`,
  );
}

/**
 * Reads an EPC, EPC class or location given as a GS1 Digital Link URI (any resolver host) or an EPC URN
 * (`urn:epc:id:sgtin`, `sscc`, `sgln`, `pgln`, `urn:epc:class:lgtin`, `urn:epc:idpat:sgtin:….*`) into the form the
 * export writes. Throws {@link EpcSyntaxError} with the reason.
 */
export function epcMatch(text: string): EpcMatch {
  if (/^urn:/i.test(text)) return fromUrn(text);
  let data;
  try {
    data = parseGs1(text);
  } catch (error) {
    if (error instanceof Gs1Error) throw new EpcSyntaxError(error.message);
    throw error;
  }
  if (data.form !== "digital-link") throw new EpcSyntaxError("is neither a GS1 Digital Link URI nor an EPC URN");
  if (data.sscc) return { exact: ssccUri(data.sscc) };
  if (data.gtin && data.serial !== undefined) return { exact: sgtinUri(data.gtin, data.serial) };
  if (data.gtin && data.lot !== undefined) return { exact: lgtinUri(data.gtin, data.lot) };
  if (data.gtin) return { exact: gtinUri(data.gtin) };
  if (data.locationGln) return { exact: locationUri(data.locationGln) };
  if (data.partyGln) return { exact: partyUri(data.partyGln) };
  throw new EpcSyntaxError("names no GTIN, SSCC or GLN");
}

/** True when `uri` (an EPC or class as the export writes it) is matched by `m`. */
export const matches = (m: EpcMatch, uri: string): boolean =>
  "exact" in m ? m.exact === uri : uri.startsWith(`${gtinUri(m.serialsOf)}/21/`);
