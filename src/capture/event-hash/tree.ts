import { expandBareTerm } from "./values";

/**
 * An EPCIS 2.0 JSON-LD event as the tree the CBV 2.0 event hash walks: the XML data model, where every field is an
 * element with a name, a text value and child elements. The reference implementation hashes XML and JSON alike by
 * bringing JSON to this shape (`json_to_py.py`, `json_xml_model_mismatch_correction.py`); so does this module.
 */
export interface HashNode {
  name: string;
  value: string;
  children: HashNode[];
}

/** Namespace prefix → IRI, for extension names (`ext1:field` → `{http://example.com/ext1/}field`). */
export type Namespaces = ReadonlyMap<string, string>;

/** The prefixes the reference always knows; a document's `@context` may redefine them, except `gs1`. */
const WELL_KNOWN: [string, string][] = [
  ["gs1", "https://ref.gs1.org/voc/"],
  ["cbv", "https://ref.gs1.org/cbv/"],
  ["epcis", "https://ref.gs1.org/epcis/"],
  ["cbvmda", "urn:epcglobal:cbv:mda"],
];

/** The namespaces of a JSON-LD `@context` (a URL, an object of prefixes, or an array of both). */
export function namespacesOf(context: unknown): Namespaces {
  const namespaces = new Map(WELL_KNOWN);
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (entry === null || typeof entry !== "object") continue;
    for (const [prefix, iri] of Object.entries(entry)) if (typeof iri === "string") namespaces.set(prefix, iri);
  }
  namespaces.set("gs1", WELL_KNOWN[0][1]);
  return namespaces;
}

/** Properties the reference leaves out of the tree: the text of a mixed element (it is the value), comments. */
const SKIPPED = new Set(["#text", "rdfs:comment", "comment"]);

const curie = (text: string, namespaces: Namespaces): [iri: string, local: string] | undefined => {
  const colon = text.indexOf(":");
  const iri = colon > 0 ? namespaces.get(text.slice(0, colon)) : undefined;
  return iri === undefined ? undefined : [iri, text.slice(colon + 1)];
};

/** An extension's name in Clark notation; other names as they are. */
const expandName = (key: string, namespaces: Namespaces): string => {
  const found = curie(key, namespaces);
  return found ? `{${found[0]}}${found[1]}` : key;
};

/** A value CURIE of the GS1 vocabularies as its IRI (`cbv:BizStep-shipping`); user CURIEs stay as written. */
const expandValue = (text: string, namespaces: Namespaces): string => {
  const found = curie(text, namespaces);
  return found && /^https:\/\/(ref\.)?gs1\.org/.test(found[0]) ? found[0] + found[1] : text;
};

/** The nodes a JSON property becomes: one per array element (XML repeats the element), none for null. */
function nodesOf(key: string, value: unknown, parent: string, namespaces: Namespaces): HashNode[] {
  const name = expandName(key, namespaces);
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    return value.flatMap((element) =>
      Array.isArray(element)
        ? [{ name, value: "", children: element.flatMap((inner) => nodesOf("", inner, key, namespaces)) }]
        : nodesOf(key, element, parent, namespaces),
    );
  }
  if (typeof value === "object") return [objectNode(name, key, value as Record<string, unknown>, namespaces)];
  if (typeof value === "string") {
    return [{ name, value: expandBareTerm(parent, key, expandValue(value, namespaces)), children: [] }];
  }
  return [{ name, value: String(value), children: [] }];
}

/** An object's node; `@xmlns:<prefix>` properties declare namespaces for it and below, other `@` keywords are not data. */
function objectNode(name: string, key: string, object: Record<string, unknown>, outer: Namespaces): HashNode {
  const namespaces = new Map(outer);
  for (const [k, v] of Object.entries(object)) {
    if (k.startsWith("@xmlns:") && typeof v === "string") namespaces.set(k.slice(7), v);
  }
  const text = object["#text"];
  const children = Object.entries(object)
    .filter(([k]) => !k.startsWith("@") && !SKIPPED.has(k))
    .flatMap(([k, v]) => nodesOf(k, v, key, namespaces));
  return correct({ name, value: typeof text === "string" ? text : "", children });
}

/** The JSON names of list elements that XML names otherwise. */
const ELEMENT_NAMES: Record<string, string> = {
  inputEPC: "epc",
  outputEPC: "epc",
  childQuantity: "quantityElement",
  inputQuantity: "quantityElement",
  outputQuantity: "quantityElement",
};

/**
 * The JSON/XML model differences: a JSON array `xList` is one XML element `xList` holding `x` elements (quantity lists
 * hold `quantityElement`s, EPC lists `epc`s), `childEPCs` holds `epc`s, and a `readPoint`/`bizLocation` given as text
 * is XML's `id` child.
 */
function correct(node: HashNode): HashNode {
  const lists = new Map<string, HashNode[]>();
  const children: HashNode[] = [];
  for (const child of node.children) {
    const listed = child.name.endsWith("List") ? child.name : child.name === "childEPCs" ? "childEPCs" : undefined;
    if (listed === undefined) {
      children.push(child);
      continue;
    }
    const base = listed === "childEPCs" ? "epc" : listed.slice(0, -4);
    const element = listed === "childEPCs" ? { name: "epc", value: child.value, children: [] } : child;
    const renamed =
      ELEMENT_NAMES[base] ?? (base === "quantity" && element.children.length > 0 ? "quantityElement" : base);
    if (!lists.has(listed)) lists.set(listed, []);
    lists.get(listed)!.push({ ...element, name: renamed });
  }
  for (const [name, elements] of lists) children.push({ name, value: "", children: elements });
  if ((node.name === "readPoint" || node.name === "bizLocation") && node.value && node.children.length === 0) {
    return { name: node.name, value: "", children: [{ name: "id", value: node.value, children: [] }] };
  }
  return { ...node, children };
}

/** The event's fields as tree nodes (the event's own name is its `type`). */
export const eventTree = (event: Record<string, unknown>, namespaces: Namespaces): HashNode =>
  objectNode(String(event.type), "event", event, namespaces);
