import { SingleBar, Presets } from "cli-progress";
import type { ProgressEvent } from "./indexer";

/** Prints sync progress: a progress bar on a terminal, one plain line per range otherwise (logs, CI, pipes). */
export function createProgressReporter(
  stream: NodeJS.WriteStream,
  startBlock: number,
): { report(event: ProgressEvent): void; stop(): void } {
  const tty = stream.isTTY === true;
  let bar: SingleBar | undefined;
  const line = (text: string) => {
    if (bar) bar.stop();
    bar = undefined;
    stream.write(text + "\n");
  };
  return {
    report(event) {
      if (event.kind === "range") {
        const { report } = event;
        if (!tty) {
          line(
            `indexed blocks ${event.from}-${event.to}: ${event.events} events` +
              ` (checkpoint ${report.checkpoint.number}, head ${report.head}, ${report.events} events this run)`,
          );
          return;
        }
        const total = Math.max(1, report.head - startBlock + 1);
        if (!bar) {
          bar = new SingleBar(
            { format: "indexing [{bar}] {percentage}% | block {value}/{total} | {events} events", stream },
            Presets.shades_classic,
          );
          bar.start(total, 0, { events: 0 });
        }
        bar.setTotal(total);
        bar.update(report.checkpoint.number - startBlock + 1, { events: report.events });
      } else if (event.kind === "reorg") {
        const o = event.outcome;
        line(
          `reorg: rolled back ${o.depth} blocks (${o.eventsRolledBack} events) from ${o.from.number} to ${o.ancestor.number}`,
        );
      } else if (event.kind === "stale") {
        line(
          `node head ${event.head} is behind the checkpoint ${event.checkpoint} with no hash changed: waiting (stale node)`,
        );
      } else if (bar) {
        bar.stop();
        bar = undefined;
      }
    },
    stop: () => bar?.stop(),
  };
}
