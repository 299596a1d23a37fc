import type { ReactNode } from "react";
import { Link } from "../components/Link";
import { words } from "../format";
import { paths } from "../router";
import { explorerPathOf } from "../udi";

/**
 * A row of a table of devices: the device's UDI as a link to its page (a Digital Link path when it has one), then the
 * row's other cells.
 */
export function DeviceRow({ udi, children }: { udi: string; children?: ReactNode }) {
  return (
    <tr>
      <td>
        <Link to={explorerPathOf(udi) ?? paths.device(udi)} className="mono">
          {udi}
        </Link>
      </td>
      {children}
    </tr>
  );
}

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
