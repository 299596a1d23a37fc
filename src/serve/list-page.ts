import type { FastifyReply } from "fastify";
import { decodeToken, encodeToken, nextLink, queryFingerprint } from "./paging";

/** The paging parameters of every list resource (the same names and limits as the EPCIS queries'). */
export const LIST_PAGE_PROPERTIES = {
  perPage: { type: "integer", minimum: 1, maximum: 1000, default: 25 },
  nextPageToken: { type: "string", minLength: 1, maxLength: 512 },
} as const;

export interface ListQuery {
  perPage?: number;
  nextPageToken?: string;
}

/** One page of a list: the items, how many the whole (filtered) list holds, where this page starts, and the next. */
export interface ListPage<T> {
  total: number;
  offset: number;
  items: T[];
  nextPageToken: string | null;
}

/**
 * The page of `rows` a request asks for: `perPage` rows from the offset its `nextPageToken` carries (a token only
 * continues the query, filters included, that made it), with the next page's token in the body and in a `Link`
 * header. The rows are the index's answer, already filtered by the request's own parameters.
 */
export function listPage<T>(reply: FastifyReply, path: string, query: ListQuery, rows: readonly T[]): ListPage<T> {
  const fingerprint = queryFingerprint(path, query as Record<string, unknown>);
  const offset = query.nextPageToken ? decodeToken(query.nextPageToken, fingerprint).after : 0;
  const perPage = query.perPage ?? LIST_PAGE_PROPERTIES.perPage.default;
  const end = offset + perPage;
  const next = end < rows.length ? encodeToken({ after: end, returned: end }, fingerprint) : null;
  if (next) reply.header("Link", nextLink(path, query as Record<string, unknown>, next));
  return { total: rows.length, offset, items: rows.slice(offset, end), nextPageToken: next };
}
