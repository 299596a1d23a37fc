import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { endOfDayUnix, Gs1Error, isoDate, isoDateOrMonth, parseGs1, type Gs1Data, type Gs1Form } from "../../gs1";

/** What `udi-ledger udi --json` prints: always these keys (null when the input lacks the field), then the rest. */
export interface UdiReport {
  form: Gs1Form;
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  /** ISO `YYYY-MM-DD`; day 00 is the month's last day (GS1). */
  expiry: string | null;
  /** Unix seconds of the last instant of use (23:59:59 UTC), as DeviceRegistry stores `expiresAt`. */
  expiresAt: number | null;
  /** ISO `YYYY-MM-DD`, or `YYYY-MM` for day 00 (GS1 gives a production day 00 no day). */
  productionDate: string | null;
  /** `keccak256(abi.encode(uint64 gtin, string serial))`, when the input has a GTIN and a serial. */
  deviceId: string | null;
  sscc?: string;
  cpv?: string;
  locationGln?: string;
  partyGln?: string;
  giai?: string;
  softwareVersion?: string;
  elements: { ai: string; value: string }[];
}

/** The report of parsed GS1 data. */
export function udiReport(
  data: Gs1Data & { form: Gs1Form },
  deviceId: (gtin: bigint, serial: string) => string,
): UdiReport {
  const extra: Partial<UdiReport> = {};
  for (const key of ["sscc", "cpv", "locationGln", "partyGln", "giai", "softwareVersion"] as const) {
    if (data[key] !== undefined) extra[key] = data[key];
  }
  return {
    form: data.form,
    gtin: data.gtin ?? null,
    serial: data.serial ?? null,
    lot: data.lot ?? null,
    expiry: data.expiry ? isoDate(data.expiry) : null,
    expiresAt: data.expiry ? endOfDayUnix(data.expiry) : null,
    productionDate: data.productionDate ? isoDateOrMonth(data.productionDate) : null,
    deviceId: data.gtin && data.serial !== undefined ? deviceId(BigInt(data.gtin), data.serial) : null,
    ...extra,
    elements: data.elements.map((e) => ({ ai: e.ai, value: e.value })),
  };
}

function text(report: UdiReport): string {
  const rows: [string, string][] = [["form", report.form]];
  for (const e of report.elements) {
    const shown =
      e.ai === "17"
        ? `${report.expiry} (${e.value}, expires ${new Date((report.expiresAt as number) * 1000).toISOString()})`
        : e.ai === "11"
          ? `${report.productionDate} (${e.value})`
          : e.value;
    rows.push([`(${e.ai}) ${LABELS[e.ai] ?? e.ai}`, shown]);
  }
  rows.push(["deviceId", report.deviceId ?? "(needs a GTIN and a serial)"]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n") + "\n";
}

const LABELS: Record<string, string> = {
  "00": "sscc",
  "01": "gtin",
  "10": "lot",
  "11": "productionDate",
  "17": "expiry",
  "21": "serial",
  "22": "cpv",
  "414": "locationGln",
  "417": "partyGln",
  "8004": "giai",
  "8012": "softwareVersion",
};

/** Registers `udi-ledger udi <input> [--json]`: parses any GS1 UDI form and prints its fields and device id. */
export function registerUdiCommand(program: Command): void {
  program
    .command("udi")
    .description(
      "parse a UDI (bracketed or raw GS1 element string, with or without ]d2/]C1/]Q3/]e0, or a GS1 Digital Link URI) " +
        "and print its fields and deviceId",
    )
    .argument("<input>", 'the UDI; "-" reads it from standard input (a scanner pipe)')
    .option("--json", "print one JSON object")
    .option("--gs <text>", "text that stands for the GS (FNC1) separator in <input>, e.g. '{GS}' or '^'")
    .action(async (input: string, options: { json?: boolean; gs?: string }) => {
      let value = input === "-" ? readFileSync(0, "utf8").replace(/\r?\n$/, "") : input;
      if (options.gs) value = value.split(options.gs).join("\u001d");
      let report: UdiReport;
      try {
        // Loaded here, not at start-up: the hash comes from ethers, which `--help` and `--version` do not need.
        const { deviceId } = await import("../../contracts/ids");
        report = udiReport(parseGs1(value), deviceId);
      } catch (error) {
        if (!(error instanceof Gs1Error)) throw error;
        process.stderr.write(`invalid UDI: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : text(report));
    });
}
