import { AI_TABLE, aiDefinition, aiOfPathSegment, type AiDefinition } from "./ai-table";
import type { Gs1Element } from "./element";
import { Gs1Error } from "./errors";

/** The default resolver of GS1 Digital Link URIs. */
export const GS1_RESOLVER = "https://id.gs1.org";

const URI = /^(https?):\/\/([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$/i;

/** True when the input looks like an http(s) URI (a Digital Link candidate). */
export const isHttpUri = (input: string): boolean => /^https?:\/\//i.test(input);

function decode(text: string, ai: string | undefined, field: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Gs1Error("percent-encoding", field, "has a malformed percent-encoding", ai, text);
  }
}

/** A key value in a path: a GTIN-8, -12 or -13 is widened to 14 digits, as Digital Link allows. */
function normaliseKey(d: AiDefinition, value: string): string {
  if (d.ai === "01" && /^[0-9]+$/.test(value) && [8, 12, 13].includes(value.length)) return value.padStart(14, "0");
  return value;
}

/**
 * Splits a GS1 Digital Link URI on any domain, `https://example.com/any/prefix/01/…/10/…/21/…?17=…`, into elements:
 * the primary key and its qualifiers from the path (qualifiers in the order the key allows, e.g. 22, 10, 21 for a
 * GTIN), then the data attributes of the query string. Values are percent-decoded; non-AI query parameters are
 * ignored.
 */
export function splitDigitalLink(input: string): Gs1Element[] {
  const match = URI.exec(input);
  if (!match) throw new Gs1Error("syntax", "uri", "is not an http(s) URI", undefined, input);
  const segments = (match[3] ?? "").split("/").slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === "") segments.pop();
  const pairs: { definition: AiDefinition; raw: string }[] = [];
  for (let k = segments.length - 2; k >= 0; k -= 2) {
    const definition = aiOfPathSegment(segments[k]);
    if (!definition) {
      if (pairs.length === 0 && /^[0-9]{2,4}$/.test(segments[k])) {
        throw new Gs1Error("unsupported-ai", "ai", "is not a supported Application Identifier", segments[k]);
      }
      break;
    }
    pairs.unshift({ definition, raw: segments[k + 1] });
  }
  let keyIndex = -1;
  pairs.forEach((p, index) => {
    if (p.definition.dlQualifiers) keyIndex = index;
  });
  if (keyIndex < 0) throw new Gs1Error("syntax", "uri", "has no GS1 primary key in its path", undefined, input);
  const [key, ...qualifiers] = pairs.slice(keyIndex);
  const elements: Gs1Element[] = [
    {
      ai: key.definition.ai,
      value: normaliseKey(key.definition, decode(key.raw, key.definition.ai, key.definition.field)),
    },
  ];
  checkQualifierOrder(
    key.definition,
    qualifiers.map((q) => q.definition),
  );
  for (const q of qualifiers) {
    elements.push({ ai: q.definition.ai, value: decode(q.raw, q.definition.ai, q.definition.field) });
  }
  for (const parameter of (match[4] ?? "").split("&")) {
    if (parameter === "") continue;
    const eq = parameter.indexOf("=");
    const name = eq < 0 ? parameter : parameter.slice(0, eq);
    if (!/^[0-9]+$/.test(name)) continue;
    const definition = aiDefinition(name);
    if (!definition) throw new Gs1Error("unsupported-ai", "ai", "is not a supported Application Identifier", name);
    if (!definition.dataAttribute) {
      throw new Gs1Error("qualifier-order", definition.field, "is a key qualifier: it belongs in the path", name);
    }
    elements.push({ ai: name, value: decode(eq < 0 ? "" : parameter.slice(eq + 1), name, definition.field) });
  }
  return elements;
}

function checkQualifierOrder(key: AiDefinition, qualifiers: readonly AiDefinition[]): void {
  const sequences = key.dlQualifiers ?? [];
  const fits = sequences.some((sequence) => {
    let last = -1;
    return qualifiers.every((q) => {
      const position = sequence.indexOf(q.ai);
      if (position <= last) return false;
      last = position;
      return true;
    });
  });
  if (fits) return;
  const allowed = sequences.filter((s) => s.length > 0).map((s) => s.map((ai) => `(${ai})`).join(", "));
  const bad = qualifiers.map((q) => `(${q.ai})`).join(", ");
  const rule = allowed.length ? `qualifiers must be in the order ${allowed.join(" | ")}` : "takes no qualifiers";
  throw new Gs1Error("qualifier-order", key.field, `${rule}, got ${bad}`, key.ai);
}

/** Percent-encodes an AI value as Digital Link does: everything but RFC 3986 unreserved characters. */
export const encodeAiValue = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Primary keys in order of preference when several are present. */
const KEY_PREFERENCE = ["01", "00", "414", "417", "8004"];

/**
 * Builds a Digital Link URI from validated elements: the preferred primary key and its qualifiers in the path, the
 * data attributes in the query string in dictionary order.
 */
export function joinDigitalLink(elements: readonly Gs1Element[], base = GS1_RESOLVER): string {
  const byAi = new Map(elements.map((e) => [e.ai, e.value]));
  const keyAi = KEY_PREFERENCE.find((ai) => byAi.has(ai));
  if (!keyAi) throw new Gs1Error("syntax", "uri", "needs a primary key: (01), (00), (414), (417) or (8004)");
  const key = aiDefinition(keyAi)!;
  const sequence = (key.dlQualifiers ?? [[]])[0];
  const used = new Set([keyAi]);
  let path = `/${keyAi}/${encodeAiValue(byAi.get(keyAi)!)}`;
  for (const ai of sequence) {
    if (!byAi.has(ai)) continue;
    path += `/${ai}/${encodeAiValue(byAi.get(ai)!)}`;
    used.add(ai);
  }
  const query: string[] = [];
  for (const definition of AI_TABLE) {
    if (used.has(definition.ai) || !byAi.has(definition.ai)) continue;
    if (!definition.dataAttribute) {
      throw new Gs1Error(
        "qualifier-order",
        definition.field,
        `is not a qualifier of (${keyAi}) nor a data attribute`,
        definition.ai,
      );
    }
    query.push(`${definition.ai}=${encodeAiValue(byAi.get(definition.ai)!)}`);
  }
  return base.replace(/\/+$/, "") + path + (query.length ? `?${query.join("&")}` : "");
}
