import { Gs1Error } from "./errors";

/**
 * A GS1 date field (`YYMMDD`, AIs 11 and 17). `day` is 0 when the field carries day `00` (day not given), which
 * GS1 allows for these AIs; the year is resolved by GS1's sliding window (General Specifications §7.12).
 */
export interface Gs1Date {
  readonly raw: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Days in a month of the Gregorian calendar. */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The full year of a two-digit GS1 year: with d = YY − (current year mod 100), the previous century when d is 51…99,
 * the next when d is −99…−50, the current one otherwise.
 */
export function resolveCentury(yy: number, now: Date = new Date()): number {
  const current = now.getUTCFullYear();
  const century = current - (current % 100);
  const diff = yy - (current % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

/** Parses and checks a `YYMMDD` value (day `00` allowed). */
export function parseGs1Date(raw: string, ai: string, field: string, now?: Date): Gs1Date {
  if (!/^[0-9]{6}$/.test(raw)) throw new Gs1Error("date", field, "must be 6 digits YYMMDD", ai, raw);
  const yy = Number(raw.slice(0, 2));
  const month = Number(raw.slice(2, 4));
  const day = Number(raw.slice(4, 6));
  if (month < 1 || month > 12) throw new Gs1Error("date", field, `month ${pad(month)} is not 01-12`, ai, raw);
  const year = resolveCentury(yy, now);
  const last = daysInMonth(year, month);
  if (day > last)
    throw new Gs1Error("date", field, `day ${pad(day)} is past the end of ${year}-${pad(month)}`, ai, raw);
  return { raw, year, month, day };
}

/** The `YYMMDD` text of a date (day 0 gives `00`). */
export const formatGs1Date = (d: { year: number; month: number; day: number }): string =>
  pad(d.year % 100) + pad(d.month) + pad(d.day);

/** The day a date stands for: day `00` is the last day of its month (GS1, for expiry and other date AIs). */
export function effectiveDay(d: Gs1Date): number {
  return d.day === 0 ? daysInMonth(d.year, d.month) : d.day;
}

/** ISO `YYYY-MM-DD`; day `00` is resolved to the last day of the month. */
export const isoDate = (d: Gs1Date): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(effectiveDay(d))}`;

/** ISO text that keeps day `00` as month precision (`YYYY-MM`), for dates where GS1 gives it no meaning. */
export const isoDateOrMonth = (d: Gs1Date): string =>
  d.day === 0 ? `${pad(d.year, 4)}-${pad(d.month)}` : `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** Unix seconds of the last instant of a date (23:59:59 UTC; day `00`: of the month's last day): an expiry. */
export const endOfDayUnix = (d: Gs1Date): number => Date.UTC(d.year, d.month - 1, effectiveDay(d), 23, 59, 59) / 1000;

/** Unix seconds of the first instant of a date (00:00:00 UTC; day `00`: the 1st): a production date. */
export const startOfDayUnix = (d: Gs1Date): number => Date.UTC(d.year, d.month - 1, Math.max(d.day, 1)) / 1000;
