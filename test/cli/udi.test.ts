import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { deviceId } from "../../src/contracts/ids";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "udi-ledger.js");
const GTIN = "09506000134352";
const DEVICE_ID = deviceId(BigInt(GTIN), "12345");

/** Runs the command as a user would; the child exits by itself (nothing to kill). */
function run(args: string[], input?: string, command = process.execPath, prefix = [BIN]) {
  const result = spawnSync(command, [...prefix, ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn .*\n/gm, "") };
}

describe("udi-ledger udi", function () {
  it("prints the fields and the deviceId of a bracketed UDI", function () {
    const r = run(["udi", `(01)${GTIN}(17)290100(10)ABC(21)12345`]);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/\(01\) gtin\s+09506000134352/);
    expect(r.stdout).to.match(/\(17\) expiry\s+2029-01-31 \(290100/);
    expect(r.stdout).to.match(/\(10\) lot\s+ABC/);
    expect(r.stdout).to.include(DEVICE_ID);
  });

  it("prints one JSON object with --json, from a Digital Link URI", function () {
    const r = run(["udi", "--json", `https://id.gs1.org/01/${GTIN}/10/ABC/21/12345?17=290100&11=250615`]);
    expect(r.status).to.equal(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0])).to.deep.include({
      form: "digital-link",
      gtin: GTIN,
      serial: "12345",
      lot: "ABC",
      expiry: "2029-01-31",
      expiresAt: Date.UTC(2029, 0, 31, 23, 59, 59) / 1000,
      productionDate: "2025-06-15",
      deviceId: DEVICE_ID,
    });
  });

  it("reads a raw scan with a symbology identifier and GS from standard input", function () {
    const r = run(["udi", "-", "--json"], `]d201${GTIN}10ABC\u001d2112345\n`);
    expect(r.status).to.equal(0);
    expect(JSON.parse(r.stdout)).to.include({
      form: "raw",
      lot: "ABC",
      serial: "12345",
      deviceId: DEVICE_ID,
      expiry: null,
    });
  });

  it("accepts a stand-in for GS with --gs", function () {
    const r = run(["udi", "--json", "--gs", "^", `01${GTIN}10ABC^2112345`]);
    expect(JSON.parse(r.stdout)).to.include({ lot: "ABC", serial: "12345" });
  });

  for (const [input, field, reason] of [
    [`(01)09506000134353(21)1`, "gtin", "check digit"],
    [`(01)${GTIN}(17)291301`, "expiry", "month 13"],
    [`(01)${GTIN}(21)A B`, "serial", "character set 82"],
    [`https://id.gs1.org/01/${GTIN}/21/S/10/L`, "gtin", "order"],
    [`(21)ABC`, "serial", "requires (01)"],
  ]) {
    it(`exits non-zero with one line naming ${field} for ${JSON.stringify(input)}`, function () {
      const r = run(["udi", input, "--json"]);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include(field).and.include(reason);
    });
  }

  it("works through npx from the repository root (the package's own bin)", function () {
    const r = run(["udi-ledger", "udi", "--json", `(01)${GTIN}(21)12345`], undefined, "npx", ["--no-install"]);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).deviceId).to.equal(DEVICE_ID);
  });
});
