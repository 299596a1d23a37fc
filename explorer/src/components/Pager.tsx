import { useState, type ReactNode } from "react";

/** A table paged in the page (the service answers these lists whole): `pageSize` rows at a time, with a position. */
export function Paged<T>({
  rows,
  pageSize = 25,
  head,
  row,
  label,
}: {
  rows: readonly T[];
  pageSize?: number;
  head: ReactNode;
  row: (item: T, index: number) => ReactNode;
  label: string;
}) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <div className="paged">
      <div className="table-scroll">
        <table aria-label={label}>
          <thead>{head}</thead>
          <tbody>{shown.map((item, i) => row(item, current * pageSize + i))}</tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="muted">None.</p> : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={`${label} pages`}>
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
            Previous
          </button>
          <span aria-live="polite">
            Page {current + 1} of {pages} ({rows.length} rows)
          </span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current === pages - 1}>
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}
