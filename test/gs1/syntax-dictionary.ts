import { readFileSync } from "node:fs";
import { standardsPath } from "../helpers/standards";

/** One entry of the GS1 Barcode Syntax Dictionary, as the tests need it. */
export interface DictionaryEntry {
  ai: string;
  flags: string;
  components: { optional: boolean; charset: string; min: number; max: number; linters: string[] }[];
  attributes: { key: string; value?: string }[];
  title: string;
}

/** The official dictionary, read from the shared folder beside the repository (never copied into it). */
export const DICTIONARY_PATH = standardsPath("gs1", "gs1-syntax-dictionary.txt");

function expandRange(token: string): string[] {
  const [from, to] = token.split("-");
  if (!to) return [from];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from.length, "0"));
  return out;
}

function parseComponent(token: string) {
  const optional = token.startsWith("[");
  const [type, ...linters] = token.replace(/[[\]]/g, "").split(",");
  const m = /^([NXYZ])(\.\.)?([0-9]+)$/.exec(type);
  if (!m) throw new Error(`unexpected component ${token}`);
  const max = Number(m[3]);
  return { optional, charset: m[1], min: m[2] ? 1 : max, max, linters };
}

/** Parses the dictionary into entries keyed by AI (ranges expanded). */
export function readDictionary(): Map<string, DictionaryEntry> {
  const entries = new Map<string, DictionaryEntry>();
  for (const line of readFileSync(DICTIONARY_PATH, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const hash = line.indexOf("#");
    const title = hash < 0 ? "" : line.slice(hash + 1).trim();
    const tokens = (hash < 0 ? line : line.slice(0, hash)).trim().split(/\s+/);
    const [aiToken, ...rest] = tokens;
    const flags = /^[^A-Za-z0-9[]+$/.test(rest[0]) ? (rest.shift() as string) : "";
    const components = [];
    while (rest.length && /^\[?[NXYZ]/.test(rest[0])) components.push(parseComponent(rest.shift() as string));
    const attributes = rest.map((token) => {
      const eq = token.indexOf("=");
      return eq < 0 ? { key: token } : { key: token.slice(0, eq), value: token.slice(eq + 1) };
    });
    for (const ai of expandRange(aiToken)) entries.set(ai, { ai, flags, components, attributes, title });
  }
  return entries;
}
