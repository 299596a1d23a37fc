import { keccak256, toUtf8Bytes } from "ethers";
import { RecordInputError } from "./errors";

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation of a parsed JSON value: object members sorted by their keys'
 * UTF-16 code units, no whitespace, numbers in ECMAScript's shortest round-trip form (1.0 and 1.00 are both `1`;
 * 1.01 stays `1.01`), strings escaped as ECMAScript's JSON.stringify does. Numbers are IEEE 754 doubles, as RFC 8785
 * says: an integer literal beyond 2^53 is rounded by any JSON parser before it is hashed, so identifiers that long
 * belong in strings. Refuses what JCS cannot represent: non-finite numbers and lone surrogates; `path` names the
 * offending member in errors.
 */
export function canonicalJson(value: unknown, line = 0, path = "record"): string {
  try {
    return canonicalFast(value);
  } catch (error) {
    if (error !== REFUSED) throw error;
    return canonicalWithPaths(value, line, path);
  }
}

/** Thrown by the fast path at anything it does not take: the path-naming serialiser then says why. */
const REFUSED = new Error("not canonicalisable on the fast path");
/** A string JSON.stringify writes as it is, between quotes: no quote, backslash, control character or surrogate. */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * The same serialisation as {@link canonicalWithPaths}, in one pass of string appends: no member paths built for
 * errors that do not happen, no arrays of members, plain strings quoted without JSON.stringify. Throws REFUSED at
 * anything else than a plain JSON value (the caller starts again with paths, for the error's message).
 */
function canonicalFast(value: unknown): string {
  switch (typeof value) {
    case "string":
      return canonicalFastString(value);
    case "number":
      if (!Number.isFinite(value)) throw REFUSED;
      return "" + value; // Number::toString, as JSON.stringify writes a finite number
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw REFUSED;
          out += (i === 0 ? "" : ",") + canonicalFast(value[i]);
        }
        return out + "]";
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw REFUSED;
      const shape = shapeOf(Object.keys(value));
      let out = "{";
      for (let i = 0; i < shape.sorted.length; i++) {
        out += shape.prefixes[i] + canonicalFast((value as Record<string, unknown>)[shape.sorted[i]]);
      }
      return out + "}";
    }
    default:
      throw REFUSED;
  }
}

/** An object's keys as they come, sorted, and each member's prefix (`,` but for the first, the key quoted, `:`). */
interface Shape {
  keys: string[];
  sorted: string[];
  prefixes: string[];
}
const shapes: Shape[] = [];

/**
 * The shape of an object with these keys (in their own order). The records of one file nearly always have the same
 * keys in the same order, so the last few shapes are kept: their keys are then neither sorted nor quoted again.
 */
function shapeOf(keys: string[]): Shape {
  search: for (const shape of shapes) {
    if (shape.keys.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue search;
    return shape;
  }
  const sorted = [...keys].sort();
  const prefixes = sorted.map((key, i) => (i === 0 ? "" : ",") + canonicalFastString(key) + ":");
  const shape = { keys, sorted, prefixes };
  if (shapes.unshift(shape) > 8) shapes.pop();
  return shape;
}

function canonicalFastString(value: string): string {
  if (PLAIN_STRING.test(value)) return '"' + value + '"';
  if (LONE_SURROGATE.test(value)) throw REFUSED;
  return JSON.stringify(value);
}

/** The reference serialisation, naming the offending member (`path`) in its errors. */
function canonicalWithPaths(value: unknown, line: number, path: string): string {
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return canonicalNumber(value, line, path);
    case "string":
      return canonicalString(value, line, path);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonicalWithPaths(v, line, `${path}[${i}]`)).join(",")}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new RecordInputError(path, line, "must be a JSON value (plain object, array, string, number, boolean)");
      }
      const entries = Object.keys(value).sort();
      const members = entries.map(
        (key) =>
          `${canonicalString(key, line, path)}:${canonicalWithPaths((value as Record<string, unknown>)[key], line, `${path}.${key}`)}`,
      );
      return `{${members.join(",")}}`;
    }
    default:
      throw new RecordInputError(path, line, `is a ${typeof value}, not a JSON value`);
  }
}

function canonicalNumber(value: number, line: number, path: string): string {
  if (!Number.isFinite(value)) throw new RecordInputError(path, line, `is ${value}: JSON has no such number`);
  // JSON.stringify of a finite number is ECMAScript's Number::toString, which RFC 8785 section 3.2.2.3 requires.
  return JSON.stringify(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(value: string, line: number, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new RecordInputError(path, line, "holds a lone UTF-16 surrogate");
  return JSON.stringify(value);
}

/** The record hash: keccak256 of the UTF-8 bytes of the record's RFC 8785 canonical JSON. */
export const recordHash = (record: unknown, line = 0): string => keccak256(toUtf8Bytes(canonicalJson(record, line)));

/** The largest record time: the anchor's window is uint40 unix seconds. */
const MAX_TIME = 2 ** 40 - 1;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A record's time in unix seconds (fractions dropped), from `field`: a number of unix seconds, or an ISO 8601
 * date-time with its zone (`2026-12-06T10:15:00Z`, `…+01:00`).
 */
export function recordTime(record: unknown, field: string, line = 0): number {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new RecordInputError("record", line, "must be a JSON object");
  }
  const raw = (record as Record<string, unknown>)[field];
  let seconds: number;
  if (typeof raw === "number") seconds = Math.floor(raw);
  else if (typeof raw === "string" && ISO_8601.test(raw)) seconds = Math.floor(Date.parse(raw) / 1000);
  else if (raw === undefined) throw new RecordInputError(field, line, "is missing (the record's time)");
  else throw new RecordInputError(field, line, `is ${JSON.stringify(raw)}: needs unix seconds or ISO 8601 with zone`);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIME) {
    throw new RecordInputError(field, line, `is ${JSON.stringify(raw)}: outside uint40 unix seconds`);
  }
  return seconds;
}
