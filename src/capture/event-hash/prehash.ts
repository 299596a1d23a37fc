import type { HashNode } from "./tree";
import { canonicalTimestamp, canonicalValue } from "./values";

/**
 * The pre-hash string of the CBV 2.0 event hash: `eventType=<type>`, then the standard fields in the canonical property
 * order, each `name=value` with its children after it and the elements of a list sorted, then every field the order
 * does not name (user extensions, `ilmd`, and what the order left of a partly named element) sorted, at the end.
 * The strings are joined without separators. Follows the reference's CBV 2.0 profile: no `sensorElementList` wrapper,
 * `type` before the identifier in business transactions, sources and destinations, user extensions appended at the end
 * (CBV 2.1 inlines them), `errorDeclaration`, `certificationInfo`, `eventID` and `recordTime` left out.
 */

interface Field {
  name: string;
  /** The order of the field's children, when it has some. */
  children?: readonly Field[];
  /** What the pre-hash writes for the name, when not the name itself. */
  written?: string;
}

const leaf = (...names: string[]): Field[] => names.map((name) => ({ name }));
const quantities: Field = { name: "quantityElement", children: leaf("epcClass", "quantity", "uom") };
const epcs: Field[] = leaf("epc");
/** A business transaction, source or destination: its type first, the element itself unnamed. */
const typed = (name: string): Field[] => [{ name, written: "", children: leaf("type", name) }];

/** CBV 2.0 section 8.9's canonical property order, as the reference implementation applies it. */
const PROPERTY_ORDER: readonly Field[] = [
  ...leaf("eventTime", "eventTimeZoneOffset"),
  { name: "epcList", children: epcs },
  { name: "parentID" },
  { name: "inputEPCList", children: epcs },
  { name: "childEPCs", children: epcs },
  { name: "quantityList", children: [quantities] },
  { name: "childQuantityList", children: [quantities] },
  { name: "inputQuantityList", children: [quantities] },
  { name: "outputEPCList", children: epcs },
  { name: "outputQuantityList", children: [quantities] },
  ...leaf("action", "transformationID", "bizStep", "disposition"),
  { name: "persistentDisposition", children: leaf("set", "unset") },
  { name: "readPoint", children: leaf("id") },
  { name: "bizLocation", children: leaf("id") },
  { name: "bizTransactionList", children: typed("bizTransaction") },
  { name: "sourceList", children: typed("source") },
  { name: "destinationList", children: typed("destination") },
  {
    name: "sensorElementList",
    written: "",
    children: [
      {
        name: "sensorElement",
        children: [
          {
            name: "sensorMetadata",
            children: leaf("time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData").concat(
              leaf("dataProcessingMethod", "bizRules"),
            ),
          },
          {
            name: "sensorReport",
            children: leaf("type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod")
              .concat(leaf("time", "microorganism", "chemicalSubstance", "value", "component", "stringValue"))
              .concat(leaf("booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue"))
              .concat(leaf("sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem")),
          },
        ],
      },
    ],
  },
];

/** Event fields that are not part of the hash. */
const IGNORED = new Set(["recordTime", "eventID", "type", "errorDeclaration", "certificationInfo"]);
/** Names the pre-hash does not write (CBV 2.0 profile), wherever they occur. */
const UNWRITTEN = new Set(["sensorElementList"]);
/** Elements whose order the reference keeps among the leftovers (a list of them is not sorted). */
const UNSORTED = new Set(["bizTransaction", "source", "destination"]);

const isTime = (name: string): boolean => /time/i.test(name) && !/offset/i.test(name);

/** Sorts as the reference (Python) does: by code point, which UTF-16 order breaks only around surrogate pairs. */
function sorted(values: string[]): string[] {
  if (!values.some((v) => /[\uD800-\uDFFF]/.test(v))) return values.sort();
  const points = new Map(values.map((v) => [v, Array.from(v, (c) => c.codePointAt(0)!)]));
  return values.sort((a, b) => {
    const [x, y] = [points.get(a)!, points.get(b)!];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
}

/**
 * The ordered part for `nodes` (the children of one element), removing from `nodes` every node it used up: one with
 * no children left. What remains is for {@link leftovers}.
 */
function ordered(nodes: HashNode[], order: readonly Field[]): string {
  let text = "";
  for (const field of order) {
    const values: string[] = [];
    for (const node of nodes.filter((n) => n.name === field.name)) {
      const inner = field.children ? ordered(node.children, field.children) : "";
      const raw = node.value.trim();
      const value = raw && (isTime(node.name) ? canonicalTimestamp(raw) : canonicalValue(raw));
      if (value || inner) values.push((field.written ?? node.name) + (value ? `=${value}` : "") + inner);
      if (node.children.length === 0) nodes.splice(nodes.indexOf(node), 1);
    }
    text += sorted(values).join("");
  }
  return text;
}

/** Every node the order did not use up, with all it holds, sorted: `name=value` then its children. */
function leftovers(nodes: readonly HashNode[]): string {
  const values = nodes.map((node) => {
    const raw = node.value.trim();
    const name = UNWRITTEN.has(node.name) ? "" : node.name;
    return name + (raw ? `=${canonicalValue(raw)}` : "") + leftovers(node.children);
  });
  return (nodes.some((node) => UNSORTED.has(node.name)) ? values : sorted(values)).join("");
}

/** The pre-hash string of an event's tree (its name is the event type). */
export function preHashOf(event: HashNode): string {
  const nodes = event.children.filter((node) => !IGNORED.has(node.name));
  const standard = ordered(nodes, PROPERTY_ORDER);
  return `eventType=${event.name}${standard}${leftovers(nodes)}`;
}
