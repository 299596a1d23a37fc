/** A table's row of column headers; the columns named in `numeric` hold figures and are aligned as they are. */
export function HeadRow({ columns, numeric = [] }: { columns: readonly string[]; numeric?: readonly string[] }) {
  return (
    <tr>
      {columns.map((c) => (
        <th scope="col" key={c} className={numeric.includes(c) ? "num" : undefined}>
          {c}
        </th>
      ))}
    </tr>
  );
}
