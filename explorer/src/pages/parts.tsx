import { Link } from "../components/Link";
import { words } from "../format";
import { paths } from "../router";
import { explorerPathOf } from "../udi";

/** A device's UDI as a link to its page (a Digital Link path when it has one). */
export const deviceLink = (udi: string) => (
  <Link to={explorerPathOf(udi) ?? paths.device(udi)} className="mono">
    {udi}
  </Link>
);

/** Counts by status as a row of figures. */
export function ByStatus({ counts }: { counts: Record<string, number> }) {
  return (
    <div className="figures">
      {Object.entries(counts).map(([status, n]) => (
        <div className="figure" key={status}>
          <span className="figure-value">{n}</span>
          <span className="figure-label">{words(status)}</span>
        </div>
      ))}
    </div>
  );
}
