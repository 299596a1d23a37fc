import { createHash } from "node:crypto";
import { HttpProblem } from "./problems";
import { QUERY_PARAMETER_PROBLEM } from "./epcis-query";

/** Where the next page starts: after an event id (or an offset), with the count already returned. */
export interface PageCursor {
  after: number;
  returned: number;
}

/** The fingerprint of a query (its parameters but the paging ones): a token only continues the query that made it. */
export function queryFingerprint(path: string, query: Record<string, unknown>): string {
  const kept = Object.entries(query)
    .filter(([k, v]) => k !== "nextPageToken" && k !== "perPage" && v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash("sha256")
    .update(JSON.stringify([path, kept]))
    .digest("base64url")
    .slice(0, 16);
}

export const encodeToken = (cursor: PageCursor, fingerprint: string): string =>
  Buffer.from(JSON.stringify({ a: cursor.after, n: cursor.returned, q: fingerprint })).toString("base64url");

/** Reads a nextPageToken; 400 (QueryParameterException naming it) when it is malformed or from another query. */
export function decodeToken(token: string, fingerprint: string): PageCursor {
  let parsed: { a?: unknown; n?: unknown; q?: unknown } = {};
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    // refused below
  }
  const ok = Number.isSafeInteger(parsed.a) && Number.isSafeInteger(parsed.n) && (parsed.n as number) >= 0;
  const refuse = (reason: string) =>
    new HttpProblem(400, `nextPageToken "${token}": ${reason}`, {
      parameter: "nextPageToken",
      ...QUERY_PARAMETER_PROBLEM,
    });
  if (!ok) throw refuse("is not a token this service issued");
  if (parsed.q !== fingerprint) throw refuse("belongs to another query (repeat the same parameters with it)");
  return { after: parsed.a as number, returned: parsed.n as number };
}

/** The `Link` header of the next page: the request's own path and parameters, with the new token. */
export function nextLink(path: string, query: Record<string, unknown>, token: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (k !== "nextPageToken" && v !== undefined) params.set(k, String(v));
  params.set("nextPageToken", token);
  return `<${path}?${params.toString()}>; rel="next"`;
}

/**
 * One page of a list read from the store `limit` rows at a time: `perPage` rows from the offset the request's
 * `nextPageToken` carries, one more asked for to know whether a next page exists, and its `Link` header when it does.
 */
export function offsetPage<T>(
  reply: { header(name: string, value: string): unknown },
  path: string,
  query: { perPage?: number; nextPageToken?: string },
  perPageDefault: number,
  rows: (offset: number, limit: number) => T[],
): T[] {
  const params = query as Record<string, unknown>;
  const fingerprint = queryFingerprint(path, params);
  const offset = query.nextPageToken ? decodeToken(query.nextPageToken, fingerprint).after : 0;
  const perPage = query.perPage ?? perPageDefault;
  const list = rows(offset, perPage + 1);
  if (list.length > perPage) {
    const token = encodeToken({ after: offset + perPage, returned: offset + perPage }, fingerprint);
    reply.header("Link", nextLink(path, params, token));
  }
  return list.slice(0, perPage);
}
