import { CONTRACT_NAMES, GOVERNANCE_NAMES, type DeployedName } from "../../manifest";
import { DecodeError } from "../errors";
import { abiEvents, type AbiEvent, type AbiEventInput } from "./abi-table";
import * as w from "./words";

export type { EventValue } from "./words";

/** A decoded log: the event's name and its arguments by parameter name. */
export interface DecodedEvent {
  name: string;
  args: Record<string, w.EventValue>;
}

/** The decoder specialised to the event layouts of our contracts, keyed by topic0. */
export interface EventDecoder {
  /** Decodes one log; null when topic0 names no event of our contracts. */
  decode(topics: readonly string[], data: string): DecodedEvent | null;
  /** The event name of a topic0, or undefined. */
  nameOf(topic0: string): string | undefined;
  /** Every known topic0 with its signature. */
  readonly signatures: ReadonlyMap<string, string>;
}

interface Field {
  name: string;
  read: w.WordReader;
  /** Topic index (1..3) of an indexed parameter, else -1. */
  topic: number;
  /** Character offset of the parameter's head word in the data, for non-indexed parameters. */
  head: number;
}

interface Layout {
  name: string;
  fields: Field[];
  topicCount: number;
  headChars: number;
}

const isDynamic = (type: string): boolean => type === "string" || type === "bytes" || type.endsWith("[]");

/** The reader for one ABI type; throws for a type our events do not use (tuples, signed or fixed-size arrays). */
function readerOf(type: string, event: string, field: string): w.WordReader {
  if (type.endsWith("[]")) {
    const element = type.slice(0, -2);
    const inner = readerOf(element, event, field);
    return isDynamic(element) ? w.dynamicArray(inner) : w.staticArray(inner);
  }
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) return Number(uint[1]) <= 48 ? w.uintSmall(Number(uint[1])) : w.uintLarge(Number(uint[1]));
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) return w.fixedBytes(Number(fixed[1]));
  if (type === "address") return w.address;
  if (type === "bool") return w.bool;
  if (type === "string") return w.string;
  if (type === "bytes") return w.bytes;
  throw new DecodeError(event, field, `ABI type ${type} is not supported by the specialised decoder`);
}

function layoutOf(event: AbiEvent): Layout {
  const fields: Field[] = [];
  let topic = 1;
  let head = 0;
  for (const input of event.inputs as AbiEventInput[]) {
    if (input.indexed) {
      // An indexed dynamic value is stored as its hash: a bytes32.
      const read = isDynamic(input.type) ? w.fixedBytes(32) : readerOf(input.type, event.name, input.name);
      fields.push({ name: input.name, read, topic: topic++, head: -1 });
    } else {
      fields.push({ name: input.name, read: readerOf(input.type, event.name, input.name), topic: -1, head });
      head += 64;
    }
  }
  return { name: event.name, fields, topicCount: topic, headChars: head };
}

/** Builds the decoder table from the ABIs of `contracts` (all of ours, the governance pair included, by default). */
export function createEventDecoder(
  contracts: readonly DeployedName[] = [...CONTRACT_NAMES, ...GOVERNANCE_NAMES],
): EventDecoder {
  const layouts = new Map<string, Layout>();
  const signatures = new Map<string, string>();
  for (const contract of contracts) {
    for (const event of abiEvents(contract)) {
      if (event.anonymous) continue;
      const { signature, topic0 } = event;
      if (layouts.has(topic0)) continue;
      layouts.set(topic0, layoutOf(event));
      signatures.set(topic0, signature);
    }
  }

  return {
    signatures,
    nameOf: (topic0) => layouts.get(topic0.toLowerCase())?.name,
    decode(topics, data) {
      const layout = layouts.get(topics[0]) ?? layouts.get(topics[0]?.toLowerCase());
      if (!layout) return null;
      if (topics.length !== layout.topicCount) {
        throw new DecodeError(layout.name, "topics", `expected ${layout.topicCount} topics, got ${topics.length}`);
      }
      const hex = data.length >= 2 && data.charCodeAt(1) === 120 ? data.substring(2) : data;
      if (hex.length < layout.headChars) {
        throw new DecodeError(
          layout.name,
          "data",
          `${hex.length / 2} bytes, expected at least ${layout.headChars / 2}`,
        );
      }
      const args: Record<string, w.EventValue> = {};
      for (const field of layout.fields) {
        args[field.name] =
          field.topic > 0 ? field.read(topics[field.topic].substring(2), 0, 0) : field.read(hex, field.head, 0);
      }
      return { name: layout.name, args };
    },
  };
}
