import { RecordInputError } from "./errors";

/**
 * A storage rule: readings of `field` must stay within [min, max]; an excursion is a stretch out of range that lasts
 * longer than `toleranceSeconds` (0: any reading out of range). Written `temperature:2..8@30m` (units s, m, h).
 */
export interface ExcursionRule {
  field: string;
  min: number;
  max: number;
  toleranceSeconds: number;
}

/** One stretch of readings out of range, from its first reading out to the first reading back in range. */
export interface ExcursionEpisode {
  start: number;
  end: number;
  durationSeconds: number;
  /** Readings out of range in the stretch. */
  readings: number;
  /** The reading furthest from the range. */
  worst: number;
  /** Input line of the first reading out of range. */
  firstLine: number;
  /** True when it lasted longer than the tolerance (or the tolerance is 0). */
  excursion: boolean;
  /** True when the data ends while still out of range: the duration is a lower bound. */
  open: boolean;
}

/** The verdict of a rule over a batch, with the evidence. */
export interface ExcursionResult {
  rule: string;
  excursion: boolean;
  readings: number;
  episodes: ExcursionEpisode[];
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600 };
const NUMBER = "(-?\\d+(?:\\.\\d+)?)";
const RULE = new RegExp(`^([^:]+):${NUMBER}\\.\\.${NUMBER}(?:@(\\d+)([smh])?)?$`);

/** Parses `field:min..max[@tolerance]` (tolerance in s, m or h; seconds without a unit; 0 when left out). */
export function parseExcursionRule(text: string): ExcursionRule {
  const m = RULE.exec(text.trim());
  if (!m) throw new RecordInputError("--excursion-rule", 0, `${JSON.stringify(text)} is not field:min..max[@30m]`);
  const [, field, min, max, tolerance, unit] = m;
  const rule = {
    field,
    min: Number(min),
    max: Number(max),
    toleranceSeconds: Number(tolerance ?? 0) * UNIT[unit ?? "s"],
  };
  if (rule.min > rule.max) throw new RecordInputError("--excursion-rule", 0, `${JSON.stringify(text)}: min > max`);
  return rule;
}

export const formatExcursionRule = (r: ExcursionRule): string => `${r.field}:${r.min}..${r.max}@${r.toleranceSeconds}s`;

/** The value a rule reads from a record, or an error naming the field and line. */
export function readingOf(rule: ExcursionRule, record: Record<string, unknown>, line: number): number {
  const value = record[rule.field];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RecordInputError(rule.field, line, `is ${JSON.stringify(value)}: the excursion rule needs a number`);
  }
  return value;
}

/**
 * Applies a rule to readings (times in unix seconds, any order; `lines` for the evidence). Readings are taken in
 * time order; a stretch out of range ends at the first reading back in range, whose time closes its duration.
 */
export function evaluateExcursions(
  rule: ExcursionRule,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  lines: ArrayLike<number>,
): ExcursionResult {
  const order = Uint32Array.from({ length: times.length }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const episodes: ExcursionEpisode[] = [];
  let open: ExcursionEpisode | undefined;
  const distance = (v: number) => Math.max(rule.min - v, v - rule.max);
  const close = (end: number, stillOpen: boolean) => {
    open!.end = end;
    open!.durationSeconds = end - open!.start;
    open!.open = stillOpen;
    open!.excursion = rule.toleranceSeconds === 0 || open!.durationSeconds > rule.toleranceSeconds;
    episodes.push(open!);
    open = undefined;
  };
  for (const i of order) {
    const [t, v] = [times[i], values[i]];
    const out = v < rule.min || v > rule.max;
    if (out && open === undefined) {
      open = {
        start: t,
        end: t,
        durationSeconds: 0,
        readings: 0,
        worst: v,
        firstLine: lines[i],
        excursion: false,
        open: true,
      };
    }
    if (out) {
      open!.readings++;
      open!.end = t;
      if (distance(v) > distance(open!.worst)) open!.worst = v;
    } else if (open !== undefined) {
      close(t, false);
    }
  }
  if (open !== undefined) close(open.end, true);
  return {
    rule: formatExcursionRule(rule),
    excursion: episodes.some((e) => e.excursion),
    readings: times.length,
    episodes,
  };
}
