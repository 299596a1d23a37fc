/**
 * The SQL the shared code writes is SQLite's, kept to what PostgreSQL also runs; what differs is rewritten here, once
 * per statement text: `?` and `@name` parameters become `$n`, and a few functions get their PostgreSQL spelling.
 */
export interface Translated {
  text: string;
  /** How to order the caller's parameters: positional (`?`) or by name (`@name`, from one object). */
  names: string[] | null;
}

const REWRITES: [RegExp, string][] = [
  // A JSON array parameter as a set of values.
  [/json_each\(([^)]+)\)/g, "json_array_elements_text(($1)::json) AS json_each(value)"],
  // The hex form of a uint256 id (anchors name their shipment so).
  [/printf\('0x%064x', ([^)]+)\)/g, "('0x' || lpad(to_hex($1), 64, '0'))"],
  // Token amounts and GLNs compared as numbers: NUMERIC holds what SQLite's 64-bit INTEGER cannot.
  [/CAST\(([^()]+) AS INTEGER\)/gi, "CAST($1 AS NUMERIC)"],
];

export function translate(sql: string): Translated {
  let text = sql;
  for (const [pattern, replacement] of REWRITES) text = text.replace(pattern, replacement);
  const names: string[] = [];
  let position = 0;
  let named = false;
  // Parameters outside string literals only.
  text = text.replace(/'(?:[^']|'')*'|\?|@([A-Za-z_]\w*)/g, (match, name: string | undefined) => {
    if (match.startsWith("'")) return match;
    if (name !== undefined) {
      named = true;
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    }
    return `$${++position}`;
  });
  return { text, names: named ? names : null };
}

/** The values of a statement's `$n` parameters, from the caller's arguments. */
export function parameters(translated: Translated, params: unknown[]): unknown[] {
  const values = translated.names
    ? translated.names.map((name) => (params[0] as Record<string, unknown>)[name])
    : params;
  return values.map((v) => (typeof v === "bigint" ? v.toString() : v === undefined ? null : v));
}
