import { nameOf, useNames } from "../names";
import { paths } from "../router";
import { Link } from "./Link";

/** An organisation: its name when known and its GLN, linking to its page. */
export function Org({ gln, name }: { gln: string | null | undefined; name?: string | null }) {
  useNames();
  if (!gln) return <span className="muted">—</span>;
  const shown = name ?? nameOf(gln);
  return (
    <Link to={paths.organisation(gln)} className="org">
      {shown ? (
        <>
          <span className="org-name">{shown}</span>
          <span className="gln">GLN {gln}</span>
        </>
      ) : (
        <span className="org-name">GLN {gln}</span>
      )}
    </Link>
  );
}
