import { useState, type ReactNode } from "react";
import { useJson } from "../api";
import { Problem } from "./Status";

/** One page of a list resource of the service (src/serve/list-page.ts). */
export interface ListPage<T> {
  total: number;
  offset: number;
  items: T[];
  nextPageToken: string | null;
}

/** `path` with its filters (empty ones left out) and the paging parameters. */
export function listUrl(path: string, params: Record<string, string>, perPage: number, token: string | null): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  query.set("perPage", String(perPage));
  if (token) query.set("nextPageToken", token);
  return `${path}?${query.toString()}`;
}

/**
 * A table whose rows the service pages and filters: one request a page, never the whole list. "Next" follows the
 * page's `nextPageToken`; "Previous" goes back through the tokens already followed. New filters start at page one.
 */
export function ServerPaged<T, P extends ListPage<T> = ListPage<T>>({
  path,
  params = {},
  perPage = 20,
  head,
  row,
  label,
  above,
}: {
  path: string;
  params?: Record<string, string>;
  perPage?: number;
  head: ReactNode;
  row: (item: T) => ReactNode;
  label: string;
  /** What to show above the table once a page is in (filters built from the answer, a download button). */
  above?: (page: P) => ReactNode;
}) {
  const filters = JSON.stringify([path, params]);
  const [state, setState] = useState({ filters, tokens: [] as string[] });
  const tokens = state.filters === filters ? state.tokens : [];
  const loaded = useJson<P>(listUrl(path, params, perPage, tokens.at(-1) ?? null));
  const go = (next: string[]) => setState({ filters, tokens: next });
  // The last page stays on screen (marked busy) while the next one loads: filters keep their focus, nothing jumps.
  const [shown, setShown] = useState<P | null>(null);
  if (loaded.state === "ok" && loaded.data !== shown) setShown(loaded.data);
  if (loaded.state === "error") return <Problem status={loaded.problem.status} detail={loaded.problem.detail} />;
  const page = loaded.state === "ok" ? loaded.data : shown;
  if (!page)
    return (
      <p className="loading" role="status">
        Loading {label.toLowerCase()}…
      </p>
    );
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  return (
    <div className="paged" aria-busy={loaded.state === "loading"}>
      {above?.(page)}
      <div className="table-scroll">
        <table aria-label={label} aria-rowcount={page.total}>
          <thead>{head}</thead>
          <tbody>{page.items.map(row)}</tbody>
        </table>
      </div>
      {page.total === 0 ? <p className="muted">None.</p> : null}
      {tokens.length > 0 || page.nextPageToken ? (
        <nav className="pager" aria-label={`${label} pages`}>
          <button type="button" onClick={() => go(tokens.slice(0, -1))} disabled={tokens.length === 0}>
            Previous
          </button>
          <span aria-live="polite">
            Rows {first}–{last} of {page.total}
          </span>
          <button
            type="button"
            onClick={() => page.nextPageToken && go([...tokens, page.nextPageToken])}
            disabled={!page.nextPageToken}
          >
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}
