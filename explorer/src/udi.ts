import { buildDigitalLink, GS1_RESOLVER, parseGs1 } from "../../src/gs1";

/**
 * What a person typed, pasted or scanned into the search box, cleaned the way scanners need: the trailing Enter or
 * Tab a keyboard-wedge scanner sends, surrounding spaces. Group separators (GS, 0x1D) and the `]d2` symbology
 * prefix stay: the GS1 parser reads them.
 */
export const cleanScan = (text: string): string => text.replace(/^[\s]+|[\s]+$/g, "");

/** Where a UDI leads in the explorer: a serialised device's page by its Digital Link path, else null. */
export function explorerPathOf(udi: string): string | null {
  try {
    const data = parseGs1(cleanScan(udi));
    if (data.gtin && data.serial) return new URL(buildDigitalLink({ gtin: data.gtin, serial: data.serial })).pathname;
    if (data.gtin && data.lot) return `/lots/${data.gtin}/${encodeURIComponent(data.lot)}`;
  } catch {
    // the service words the refusal (GET /check answers the parser's message as a 400 problem)
  }
  return null;
}

/** The UDI of a Digital Link path on the explorer's own domain (`/01/<gtin>/21/<serial>`), for the API. */
export const digitalLinkOf = (pathAndQuery: string): string => GS1_RESOLVER.replace(/\/$/, "") + pathAndQuery;
