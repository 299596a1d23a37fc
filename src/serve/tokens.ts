import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fieldErrorBase, PermanentError } from "../errors";
import { Gs1Error, parseGs1Key } from "../gs1";

/** What a token may do: read the ledger, manage subscriptions, administer (verify), capture (reserved for EPCIS capture). */
export const SCOPES = ["read", "subscribe", "admin", "capture"] as const;
export type Scope = (typeof SCOPES)[number];

/** One token as stored: its SHA-256, never the token itself. */
export interface StoredToken {
  id: string;
  /** Hex SHA-256 of the whole bearer token. */
  hash: string;
  scopes: Scope[];
  /** When set, the token sees only this organisation's inventory and alerts, and "here" for checks is this GLN. */
  gln: string | null;
  label: string;
  createdAt: string;
}

export interface TokensFile {
  tokens: StoredToken[];
}

/** A tokens file or a token argument that cannot be used; names the field and the value. */
export class TokensError extends fieldErrorBase<string>(
  PermanentError,
  (field, value, reason) => `${field} "${value}": ${reason}`,
) {
  readonly code = "TOKENS";
}

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** Reads a tokens file (a missing file holds no token); every entry is checked. */
export function readTokens(path: string): TokensFile {
  if (!existsSync(path)) return { tokens: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TokensError("tokens", path, `is not JSON: ${(error as Error).message}`);
  }
  const tokens = (parsed as TokensFile | null)?.tokens;
  if (!Array.isArray(tokens)) throw new TokensError("tokens", path, 'must be an object with a "tokens" array');
  for (const [i, t] of tokens.entries()) {
    const where = `tokens[${i}]`;
    if (typeof t?.id !== "string" || !/^[0-9a-f]{64}$/.test(String(t?.hash)))
      throw new TokensError(where, JSON.stringify(t), "needs an id and a 64-hex-digit SHA-256 hash");
    if (!Array.isArray(t.scopes) || t.scopes.some((s: string) => !SCOPES.includes(s as Scope)))
      throw new TokensError(`${where}.scopes`, String(t.scopes), `must be a list of ${SCOPES.join(", ")}`);
  }
  return { tokens };
}

function writeTokens(path: string, file: TokensFile): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
  renameSync(temp, path); // atomic: a running service never reads half a file
}

/** Parses `read,subscribe` into scopes; refuses unknown ones by name. */
export function parseScopes(text: string): Scope[] {
  const scopes = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (scopes.length === 0) throw new TokensError("scope", text, `must list at least one of ${SCOPES.join(", ")}`);
  for (const s of scopes)
    if (!SCOPES.includes(s as Scope)) throw new TokensError("scope", s, `is not one of ${SCOPES.join(", ")}`);
  return [...new Set(scopes)] as Scope[];
}

/** A GLN-13 argument, check digit included. */
export function parseGln(text: string, field = "gln"): string {
  try {
    return parseGs1Key("gln", text.trim(), field);
  } catch (error) {
    if (error instanceof Gs1Error) throw new TokensError(field, text, error.detail);
    throw error;
  }
}

/** Creates a token, stores its hash in `path`, and returns the token (shown once) and its record. */
export function addToken(
  path: string,
  options: { scopes: Scope[]; gln?: string; label?: string },
): { token: string; record: StoredToken } {
  const file = readTokens(path);
  const id = randomBytes(6).toString("hex");
  const token = `udi_${id}_${randomBytes(32).toString("base64url")}`;
  const record: StoredToken = {
    id,
    hash: hashToken(token),
    scopes: options.scopes,
    gln: options.gln === undefined ? null : parseGln(options.gln),
    label: options.label ?? "",
    createdAt: new Date().toISOString(),
  };
  writeTokens(path, { tokens: [...file.tokens, record] });
  return { token, record };
}

/** Removes the token with this id; false when there was none. */
export function revokeToken(path: string, id: string): boolean {
  const file = readTokens(path);
  const kept = file.tokens.filter((t) => t.id !== id);
  if (kept.length === file.tokens.length) return false;
  writeTokens(path, { tokens: kept });
  return true;
}
