import { refuse } from "./refusal";

/** The CBV 2.0 vocabularies the mapping reads: business steps, dispositions, source/destination types. */
export type CbvVocabulary = "BizStep" | "Disp" | "SDT";

const NAMES: Record<CbvVocabulary, string> = {
  BizStep: "business step",
  Disp: "disposition",
  SDT: "source/destination type",
};

/**
 * The bare term of a CBV 2.0 value given as a bare word (`commissioning`), a CURIE (`cbv:BizStep-commissioning`), the
 * full URI (`https://ref.gs1.org/cbv/BizStep-commissioning`) or the EPCIS 1.x URN
 * (`urn:epcglobal:cbv:bizstep:commissioning`). Anything else (another vocabulary, a private URI) is refused at `field`.
 */
export function cbvTerm(value: unknown, vocabulary: CbvVocabulary, field: string): string {
  if (typeof value !== "string") return refuse(field, `must be a CBV 2.0 ${NAMES[vocabulary]} (text)`);
  const forms = [
    /^([a-z][a-z_]*)$/,
    new RegExp(`^cbv:${vocabulary}-([a-z][a-z_]*)$`),
    new RegExp(`^https://ref\\.gs1\\.org/cbv/${vocabulary}-([a-z][a-z_]*)$`),
    new RegExp(`^urn:epcglobal:cbv:${vocabulary.toLowerCase()}:([a-z][a-z_]*)$`),
  ];
  for (const form of forms) {
    const m = form.exec(value);
    if (m) return m[1];
  }
  return refuse(
    field,
    `${JSON.stringify(value)} is not a CBV 2.0 ${NAMES[vocabulary]}: give a bare word, cbv:${vocabulary}-…, ` +
      `https://ref.gs1.org/cbv/${vocabulary}-… or urn:epcglobal:cbv:${vocabulary.toLowerCase()}:…`,
  );
}
