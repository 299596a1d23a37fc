import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatDateTime } from "../format";

/**
 * Consignees that acknowledged a recall over time (a step line, uPlot) against the number of consignees, from the
 * recall's issue to the report's chain position.
 */
export function AckChart({
  issuedAt,
  asOf,
  acknowledgedAt,
  consignees,
}: {
  issuedAt: string | null;
  asOf: string;
  acknowledgedAt: readonly string[];
  consignees: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const t = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
  const times = acknowledgedAt.map(t).sort((a, b) => a - b);
  const start = issuedAt ? t(issuedAt) : (times[0] ?? t(asOf));
  const end = Math.max(t(asOf), times[times.length - 1] ?? start, start + 1);
  const xs = [start, ...times, end];
  const acked = [0, ...times.map((_, i) => i + 1), times.length];
  const total = xs.map(() => consignees);
  const key = JSON.stringify([xs, acked, consignees]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.min(640, el.clientWidth || 640);
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { live: false },
        scales: { x: { time: true }, y: { range: [0, Math.max(consignees, 1)] } },
        axes: [{ stroke: "#333" }, { stroke: "#333", label: "consignees" }],
        series: [
          { value: (_u, v) => (v === null ? "—" : formatDateTime(new Date(v * 1000).toISOString())) },
          {
            label: "acknowledged",
            stroke: "#0b6e4f",
            width: 2,
            fill: "rgba(11,110,79,0.12)",
            paths: uPlot.paths.stepped!({ align: 1 }),
          },
          { label: "consignees", stroke: "#8a4b08", width: 1.5, dash: [6, 4] },
        ],
      },
      [xs, acked, total],
      el,
    );
    return () => plot.destroy();
  }, [key]);
  return (
    <figure className="chart">
      <div ref={box} aria-hidden="true" />
      <figcaption>
        Acknowledgements over time: {times.length} of {consignees} consignees.
      </figcaption>
    </figure>
  );
}
