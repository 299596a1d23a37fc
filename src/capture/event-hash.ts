/**
 * An EPCIS event's identity for the capture gateway: its `eventID` when given, else its CBV 2.0 event hash
 * (CBV 2.0 section 8.9, "Event identifiers"): a pre-hash string of the event's fields in the canonical order with
 * values normalised (event-hash/prehash.ts, values.ts), its SHA-256 as `ni:///sha-256;<hex>?ver=CBV2.0` (RFC 6920).
 *
 * Our own implementation, in TypeScript, of GS1's reference (github.com/RalphTro/epcis-event-hash-generator, Python,
 * its CBV 2.0 profile), checked against its published test vectors (test/capture/event-hash-vectors.json). Not the
 * npm package epcis2.js (GS1 France's JavaScript port, `src/hash_generator/`): it cannot be installed here, as it
 * depends on `fs@0.0.1-security`, a version that does not exist on the registry; and its port follows an older
 * state of the algorithm (`ns.gs1.org` vocabulary URIs, a business transaction's identifier before its type), which
 * hashes differently.
 *
 * What it does not do as the reference does (each documented where it is decided): bare CBV terms are expanded per
 * property, not by a JSON-LD expansion of the whole document (values.ts); a time without an offset is read as UTC (values.ts); JSON-LD keywords (an event's own
 * `@context`) and nulls are not event data, and a `@context` object is read like an array (tree.ts).
 */
import { createHash } from "node:crypto";
import { PermanentError, fieldErrorBase } from "../errors";
import { preHashOf } from "./event-hash/prehash";
import { eventTree, namespacesOf } from "./event-hash/tree";

/** An event the hash cannot be computed for (not an object, no event type). Permanent: the same input fails again. */
export class EventHashError extends fieldErrorBase(PermanentError) {
  readonly code = "EVENT_HASH_INPUT";
}

const EVENT_TYPES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

function checkedEvent(event: unknown): Record<string, unknown> {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    throw new EventHashError("event", event, "must be a JSON object (an EPCIS event)");
  }
  const type = (event as Record<string, unknown>).type;
  if (typeof type !== "string" || !EVENT_TYPES.includes(type)) {
    throw new EventHashError("type", type, `must be one of ${EVENT_TYPES.join(", ")}`);
  }
  return event as Record<string, unknown>;
}

/**
 * The pre-hash string of an EPCIS 2.0 JSON-LD event (what is hashed). `context` is the `@context` of the document the
 * event came in (it names the namespaces of user extensions); by default the event's own `@context`.
 */
export function eventPreHash(event: unknown, context?: unknown): string {
  const checked = checkedEvent(event);
  // Anything but a JSON-LD context (an index, when called through `events.map`) leaves the event's own.
  const given = typeof context === "string" || (typeof context === "object" && context !== null);
  return preHashOf(eventTree(checked, namespacesOf(given ? context : checked["@context"])));
}

/** The CBV 2.0 event hash of an EPCIS 2.0 JSON-LD event: `ni:///sha-256;<64 hex digits>?ver=CBV2.0`. */
export function eventHash(event: unknown, context?: unknown): string {
  const digest = createHash("sha256").update(eventPreHash(event, context), "utf8").digest("hex");
  return `ni:///sha-256;${digest}?ver=CBV2.0`;
}

/** An event's id: its `eventID` when present and not blank, else its {@link eventHash}. */
export function eventIdOf(event: unknown, context?: unknown): string {
  const id = checkedEvent(event).eventID;
  return typeof id === "string" && id.trim() !== "" ? id : eventHash(event, context);
}
