import { useJson } from "../api";
import { HeadRow } from "../components/HeadRow";
import { Link } from "../components/Link";
import { Org } from "../components/Org";
import { Status } from "../components/Status";
import { formatDate, recallClassName, words } from "../format";
import { paths } from "../router";
import { Find } from "./Find";
import type { RecallSummary } from "../../../src/indexer/answers";

/** The start page: the device search, and the recalls (open first). */
export function Home() {
  return (
    <main>
      <Find autoFocus />
      <Recalls />
    </main>
  );
}

export function Recalls() {
  const recalls = useJson<{ recalls: RecallSummary[] }>("/recalls");
  return (
    <section aria-labelledby="recalls-h">
      <h2 id="recalls-h">Recalls</h2>
      <Status loaded={recalls} what="recalls">
        {({ recalls: list }) => (
          <div className="table-scroll">
            <table aria-label="Recalls">
              <thead>
                <HeadRow columns={["Recall", "Class", "Action", "Product (GTIN)", "Issuer", "Issued", "Status"]} />
              </thead>
              <tbody>
                {[...list]
                  .sort((a, b) => Number(a.status !== "Open") - Number(b.status !== "Open"))
                  .map((r) => (
                    <tr key={r.recallId}>
                      <td>
                        <Link to={paths.recall(r.recallId)}>Recall {r.recallId}</Link>
                      </td>
                      <td>
                        <span className={`class class-${r.recallClass}`}>{recallClassName(r.recallClass)}</span>
                      </td>
                      <td>{words(r.action)}</td>
                      <td className="mono">{r.gtin}</td>
                      <td>
                        <Org gln={r.issuer} />
                      </td>
                      <td>{formatDate(r.issuedAt)}</td>
                      <td>{words(r.status)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </Status>
    </section>
  );
}
