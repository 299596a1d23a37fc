import { useEffect, useState } from "react";
import { formatDate, type CustodyStep } from "../format";
import { nameOf, useNames } from "../names";

/**
 * The custody path as a swim-lane drawing: one lane per organisation (in order of first custody), the device's
 * path stepping from lane to lane; a dashed last step while in transit. SVG built from React elements: every name
 * is a text node.
 */
export function CustodyPath({ steps }: { steps: readonly CustodyStep[] }) {
  useNames();
  const narrow = useNarrow();
  if (steps.length === 0) return null;
  const lanes = [...new Set(steps.map((s) => s.gln))];
  const laneH = 44;
  // On a phone the lane names are clipped shorter and the steps set closer, so that a path of two or three steps
  // fits the screen instead of being cut at its right edge; a longer one scrolls.
  const labelW = narrow ? 124 : 210;
  const stepW = narrow ? 84 : 120;
  const width = labelW + Math.max(steps.length, 2) * stepW;
  const height = lanes.length * laneH + 26;
  const x = (i: number) => labelW + i * stepW + stepW / 2;
  const y = (gln: string) => lanes.indexOf(gln) * laneH + laneH / 2;
  return (
    <figure className="custody">
      <div className="custody-scroll">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-label={`Custody path: ${steps.map((s) => nameOf(s.gln) ?? s.gln).join(", then ")}`}
        >
          {lanes.map((gln, i) => (
            <g key={gln}>
              <rect x={0} y={i * laneH} width={width} height={laneH} className={i % 2 ? "lane odd" : "lane"} />
              <text x={8} y={i * laneH + 19} className="lane-name">
                {clip(nameOf(gln) ?? `GLN ${gln}`, narrow ? 15 : 26)}
              </text>
              <text x={8} y={i * laneH + 35} className="lane-gln">
                GLN {gln}
              </text>
            </g>
          ))}
          {steps.slice(1).map((s, i) => (
            <line
              key={`l${i}`}
              x1={x(i)}
              y1={y(steps[i].gln)}
              x2={x(i + 1)}
              y2={y(s.gln)}
              className={s.how === "in-transit" ? "path transit" : "path"}
            />
          ))}
          {steps.map((s, i) => (
            <g key={`s${i}`}>
              <circle cx={x(i)} cy={y(s.gln)} r={7} className={`stop ${s.how}`} />
              <text x={x(i)} y={lanes.length * laneH + 17} textAnchor="middle" className="step-date">
                {s.how === "in-transit" ? "in transit" : formatDate(s.since)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption>
        {steps.map((s, i) => (
          <span key={i}>
            {i > 0 ? " → " : ""}
            {nameOf(s.gln) ?? `GLN ${s.gln}`}
            {s.how === "in-transit" ? " (in transit)" : ""}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

const NARROW = "(max-width: 600px)";

/** Whether the screen is phone-sized (and stays current when it turns). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const changed = () => setNarrow(query.matches);
    query.addEventListener("change", changed);
    return () => query.removeEventListener("change", changed);
  }, []);
  return narrow;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
