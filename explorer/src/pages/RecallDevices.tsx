import { useState } from "react";
import { getJson } from "../api";
import { HeadRow } from "../components/HeadRow";
import { Org } from "../components/Org";
import { listUrl, ServerPaged, type ListPage } from "../components/ServerPaged";
import { toCsv, words } from "../format";
import { labelOf, learnName } from "../names";
import { paths } from "../router";
import { DeviceRow } from "./parts";
import type { RecallReport } from "./Recall";
import type { RecallImpact } from "../../../src/indexer/answers";

type AffectedDevice = RecallImpact["devices"][number];

/** `GET /recalls/{id}/devices`: a page of the affected devices, with the custodians and dispositions to filter by. */
interface DevicesPage extends ListPage<AffectedDevice> {
  custodians: { gln: string; name: string | null; devices: number }[];
  dispositions: Record<string, number>;
}

const CSV_HEAD = ["recallId", "udi", "deviceId", "custodianGln", "custodianName", "status", "disposition"];

/** Every affected device that passes the filters, page by page (what the CSV holds), on demand only. */
async function allDevices(path: string, params: Record<string, string>): Promise<AffectedDevice[]> {
  const rows: AffectedDevice[] = [];
  for (let token: string | null = null, first = true; first || token; first = false) {
    const page: DevicesPage = await getJson<DevicesPage>(listUrl(path, params, 1000, token));
    rows.push(...page.items);
    token = page.nextPageToken;
  }
  return rows;
}

/** A recall's affected devices: paged and filtered by the service; the CSV holds every one that passes the filters. */
export function AffectedDevices({ r }: { r: RecallReport }) {
  const [custodian, setCustodian] = useState("");
  const [disposition, setDisposition] = useState("");
  const [csvProblem, setCsvProblem] = useState<string | null>(null);
  const path = `${paths.recall(r.recallId)}/devices`;
  const params = { custodian, disposition };
  const download = async () => {
    setCsvProblem(null);
    let rows: AffectedDevice[];
    try {
      rows = await allDevices(path, params);
    } catch (error) {
      setCsvProblem(`The CSV could not be made: ${(error as Error).message}`);
      return;
    }
    const csv = toCsv(
      CSV_HEAD,
      rows.map((d) => [
        r.recallId,
        d.udi,
        d.deviceId,
        d.custodian,
        labelOf(d.custodian) === `GLN ${d.custodian}` ? "" : labelOf(d.custodian).replace(/ \(\d{13}\)$/, ""),
        d.status,
        d.disposition ?? "",
      ]),
    );
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `recall-${r.recallId}-devices.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section aria-labelledby="affected-h">
      <h2 id="affected-h">Affected devices ({r.summary.affectedDevices})</h2>
      <ServerPaged<AffectedDevice, DevicesPage>
        path={path}
        params={params}
        label="Affected devices"
        above={(page) => {
          for (const c of page.custodians) learnName(c.gln, c.name);
          const filtered = page.total;
          return (
            <div className="filters">
              <label>
                Custodian{" "}
                <select value={custodian} onChange={(e) => setCustodian(e.target.value)}>
                  <option value="">all</option>
                  {page.custodians.map((c) => (
                    <option key={c.gln} value={c.gln}>
                      {labelOf(c.gln)} ({c.devices})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Disposition{" "}
                <select value={disposition} onChange={(e) => setDisposition(e.target.value)}>
                  <option value="">all</option>
                  {Object.entries(page.dispositions).map(([k, n]) => (
                    <option key={k} value={k}>
                      {words(k)} ({n})
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={download}>
                Download CSV ({filtered})
              </button>
              {csvProblem ? <span role="alert">{csvProblem}</span> : null}
            </div>
          );
        }}
        head={<HeadRow columns={["UDI", "Held by", "Status", "Disposition"]} />}
        row={(d) => (
          <DeviceRow key={d.deviceId} udi={d.udi}>
            <td>
              <Org gln={d.custodian} />
            </td>
            <td>{words(d.status)}</td>
            <td>{d.disposition ? words(d.disposition) : <strong className="warn">none yet</strong>}</td>
          </DeviceRow>
        )}
      />
    </section>
  );
}
