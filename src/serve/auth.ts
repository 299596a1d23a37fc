import { statSync } from "node:fs";
import type { FastifyBaseLogger } from "fastify";
import { HttpProblem } from "./problems";
import { hashToken, readTokens, type Scope, type StoredToken } from "./tokens";

/** Who is asking: the token's id, scopes and GLN restriction (null scopes check when the service runs open). */
export interface Caller {
  tokenId: string | null;
  scopes: readonly Scope[] | "all";
  gln: string | null;
}

export interface Authenticator {
  /** The caller of an `Authorization` header; 401 when the token is missing or unknown. */
  authenticate(header: string | undefined): Caller;
  /** 403 unless the caller holds `scope`. */
  require(caller: Caller, scope: Scope): void;
}

/** How often the tokens file is looked at for changes (a running service picks up `token add/revoke` within it). */
export const TOKENS_RELOAD_MS = 500;

const OPEN: Caller = { tokenId: null, scopes: "all", gln: null };

/**
 * Bearer tokens from a tokens file, matched by SHA-256. The file is re-read when its modification time or size
 * changes (checked at most every TOKENS_RELOAD_MS); a file that fails to parse leaves the previous tokens in force and
 * is logged. Without a file the service is open (the CLI allows that only on a loopback address).
 */
export function createAuthenticator(path: string | undefined, log: FastifyBaseLogger): Authenticator {
  let byHash = new Map<string, StoredToken>();
  let seen = "";
  let checkedAt = 0;
  const refresh = (): void => {
    if (!path) return;
    const now = Date.now();
    if (now - checkedAt < TOKENS_RELOAD_MS) return;
    checkedAt = now;
    let stamp = "missing";
    try {
      const s = statSync(path);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      // a missing file holds no token
    }
    if (stamp === seen) return;
    try {
      byHash = new Map(readTokens(path).tokens.map((t) => [t.hash, t]));
      seen = stamp;
      log.info({ tokens: byHash.size }, "tokens loaded");
    } catch (error) {
      log.error({ err: error }, "tokens file refused; the previous tokens stay in force");
    }
  };
  refresh();
  return {
    authenticate(header) {
      if (!path) return OPEN;
      refresh();
      const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(header ?? "");
      if (!match) throw new HttpProblem(401, "a bearer token is required (Authorization: Bearer <token>)");
      const token = byHash.get(hashToken(match[1]));
      if (!token) throw new HttpProblem(401, "the bearer token is unknown or revoked");
      return { tokenId: token.id, scopes: token.scopes, gln: token.gln };
    },
    require(caller, scope) {
      if (caller.scopes !== "all" && !caller.scopes.includes(scope))
        throw new HttpProblem(403, `this token lacks the "${scope}" scope`, { scope });
    },
  };
}
