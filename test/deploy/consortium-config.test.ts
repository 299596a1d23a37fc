import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { artifacts } from "hardhat";
import { parseConsortiumConfig, readConsortiumConfig } from "../../src/deploy/consortium-config";
import { PermanentDeployError } from "../../src/deploy/errors";
import { ROLE_NAMES, ROLE_VALUES, parseRoleName, roleMask, rolesOfMask } from "../../src/deploy/roles";
import { ROOT } from "./support/processes";
import { devAccount, smallConsortium, tempDir } from "./support/consortium";

type Orgs = Array<Record<string, unknown>>;

/** The small consortium with `edit` applied, parsed. */
function parseEdited(edit: (config: Record<string, unknown>, orgs: Orgs) => void) {
  const config = smallConsortium() as unknown as Record<string, unknown>;
  edit(config, config.organisations as Orgs);
  return () => parseConsortiumConfig(config);
}

/** Asserts that `run` stops with a permanent CONFIG error whose message is exactly `message`. */
function expectConfigError(run: () => unknown, field: string, message: string) {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(PermanentDeployError);
  const error = caught as PermanentDeployError;
  expect([error.code, error.field, error.retryable]).to.deep.equal(["CONFIG", field, false]);
  expect(error.message).to.equal(message);
}

describe("consortium config", () => {
  describe("when valid", () => {
    it("parses the example file shipped in deployments/", () => {
      const config = readConsortiumConfig(path.join(ROOT, "deployments", "consortium.example.json"));
      expect(config.adminTransferDelay).to.equal(172_800n);
      expect(config.organisations.map((o) => [o.glnText, o.roles])).to.deep.equal([
        ["0614141000012", ["Manufacturer"]],
        ["0614143000010", ["Distributor"]],
        ["0614144000019", ["HealthcareProvider"]],
        ["0614146000017", ["ServiceProvider"]],
        ["0614147000016", ["Regulator"]],
        ["0614148000015", ["DataGateway"]],
      ]);
      expect(config.organisations[0].companyPrefixes).to.deep.equal(["0614141"]);
    });

    it("normalises role names, checksums accounts and keeps the GLN's leading zero", () => {
      const config = parseConsortiumConfig(smallConsortium());
      const [maker, distributor, hospital] = config.organisations;
      expect([maker.gln, maker.glnText]).to.deep.equal([614141000012n, "0614141000012"]);
      expect([distributor.roles, hospital.roles]).to.deep.equal([["Distributor"], ["HealthcareProvider"]]);
      expect(hospital.accounts).to.deep.equal([devAccount(3).address, devAccount(5).address]);
      expect(config.admin).to.equal(devAccount(9).address);
    });
  });

  describe("when invalid", () => {
    it("names a GLN whose check digit is wrong, with the expected GLN", () => {
      const run = parseEdited((_, orgs) => (orgs[0].gln = "0614141000013"));
      expectConfigError(
        run,
        "organisations[0].gln",
        'config organisations[0].gln: "0614141000013" fails the GS1 check digit (expected 0614141000012)',
      );
    });

    it("names a GLN that is not 13 digits or is a number", () => {
      expectConfigError(
        parseEdited((_, o) => (o[1].gln = "614143000010")),
        "organisations[1].gln",
        'config organisations[1].gln: "614143000010" is not a GLN (13 digits)',
      );
      expectConfigError(
        parseEdited((_, o) => (o[1].gln = 614143000010)),
        "organisations[1].gln",
        "config organisations[1].gln: 614143000010 is not a GLN (a string of 13 digits)",
      );
    });

    it("names an unknown role and lists the valid ones", () => {
      const run = parseEdited((_, orgs) => (orgs[3].roles = ["Regulator", "Auditor"]));
      expectConfigError(
        run,
        "organisations[3].roles[1]",
        `config organisations[3].roles[1]: unknown role "Auditor" (expected one of ${ROLE_NAMES.join(", ")})`,
      );
    });

    it("names an account listed twice, across organisations or within one, in any case", () => {
      const across = parseEdited(
        (_, orgs) => ((orgs[3].accounts as string[])[0] = devAccount(1).address.toLowerCase()),
      );
      expectConfigError(
        across,
        "organisations[3].accounts[0]",
        `config organisations[3].accounts[0]: duplicate account ${devAccount(1).address} (also organisations[0].accounts[0])`,
      );
      const within = parseEdited((_, orgs) => (orgs[2].accounts = [devAccount(3).address, devAccount(3).address]));
      expectConfigError(
        within,
        "organisations[2].accounts[1]",
        `config organisations[2].accounts[1]: duplicate account ${devAccount(3).address} (also organisations[2].accounts[0])`,
      );
    });

    it("names a duplicate GLN, a duplicate role and an unknown field", () => {
      expectConfigError(
        parseEdited((_, o) => (o[1].gln = o[0].gln)),
        "organisations[1].gln",
        'config organisations[1].gln: duplicate GLN "0614141000012" (also organisations[0])',
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].roles = ["Manufacturer", "MANUFACTURER"])),
        "organisations[0].roles[1]",
        'config organisations[0].roles[1]: duplicate role "MANUFACTURER"',
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].companyPrefix = "0614141")),
        "organisations[0].companyPrefix",
        "config organisations[0].companyPrefix: unknown field (expected name, gln, roles, accounts, companyPrefixes, validator)",
      );
    });

    it("refuses prefixes for a non-manufacturer, overlapping prefixes and malformed prefixes", () => {
      expectConfigError(
        parseEdited((_, o) => (o[1].companyPrefixes = ["0614143"])),
        "organisations[1].companyPrefixes",
        "config organisations[1].companyPrefixes: only an organisation with the Manufacturer role may hold company prefixes",
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].companyPrefixes = ["0614141", "06141412"])),
        "organisations[0].companyPrefixes[1]",
        'config organisations[0].companyPrefixes[1]: company prefix "06141412" overlaps "0614141" (organisations[0].companyPrefixes[0])',
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].companyPrefixes = ["061"])),
        "organisations[0].companyPrefixes[0]",
        'config organisations[0].companyPrefixes[0]: "061" is not a GS1 company prefix (a string of 4 to 12 digits)',
      );
    });

    it("refuses bad, zero and badly checksummed addresses and too many accounts", () => {
      const mixed = devAccount(1).address.replace(/[a-f]/, (c) => c.toUpperCase());
      expectConfigError(
        parseEdited((_, o) => (o[0].accounts = ["0x1234"])),
        "organisations[0].accounts[0]",
        'config organisations[0].accounts[0]: "0x1234" is not an address',
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].accounts = [`0x${"0".repeat(40)}`])),
        "organisations[0].accounts[0]",
        "config organisations[0].accounts[0]: the zero address cannot be used",
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].accounts = [mixed])),
        "organisations[0].accounts[0]",
        `config organisations[0].accounts[0]: ${mixed} has a bad checksum (mixed case that is not EIP-55)`,
      );
      const seventeen = Array.from({ length: 17 }, (_, i) => devAccount(20 + i).address);
      expectConfigError(
        parseEdited((_, o) => (o[0].accounts = seventeen)),
        "organisations[0].accounts",
        "config organisations[0].accounts: 17 accounts, at most 16",
      );
      expectConfigError(
        parseEdited((_, o) => (o[0].accounts = [])),
        "organisations[0].accounts",
        "config organisations[0].accounts: must be a non-empty array of addresses (the first admits it)",
      );
    });

    it("refuses an admin transfer delay beyond uint48 and a file that is missing or not JSON", () => {
      expectConfigError(
        parseEdited((c) => (c.adminTransferDelaySeconds = 2 ** 48)),
        "adminTransferDelaySeconds",
        `config adminTransferDelaySeconds: ${2 ** 48} is not a whole number of seconds (0 to 2^48-1)`,
      );
      const dir = tempDir("config");
      const missing = path.join(dir, "missing.json");
      expectConfigError(
        () => readConsortiumConfig(missing),
        "(file)",
        `config ${missing}: cannot read it (no such file)`,
      );
      const notJson = path.join(dir, "broken.json");
      writeFileSync(notJson, "{ organisations: [");
      expect(() => readConsortiumConfig(notJson)).to.throw(PermanentDeployError, `config ${notJson}: not JSON (`);
    });
  });

  describe("role names", () => {
    it("mirror IConsortiumDirectory.Role member by member, in the compiled source", async () => {
      const fqn = "contracts/interfaces/IConsortiumDirectory.sol:IConsortiumDirectory";
      const build = await artifacts.getBuildInfo(fqn);
      const ast = build!.output.sources["contracts/interfaces/IConsortiumDirectory.sol"].ast as { nodes: unknown[] };
      const found: string[] = [];
      const visit = (node: unknown) => {
        if (typeof node !== "object" || node === null) return;
        const n = node as { nodeType?: string; name?: string; members?: Array<{ name: string }> };
        if (n.nodeType === "EnumDefinition" && n.name === "Role") found.push(...n.members!.map((m) => m.name));
        Object.values(n).forEach((child) => (Array.isArray(child) ? child.forEach(visit) : visit(child)));
      };
      visit(ast);
      expect(found).to.deep.equal(["None", ...ROLE_NAMES]);
      expect(ROLE_NAMES.map((r) => ROLE_VALUES[r])).to.deep.equal([1, 2, 3, 4, 5, 6]);
    });

    it("parse in any case and with separators, and round-trip through a role mask", () => {
      expect(["HEALTHCARE_PROVIDER", "healthcare-provider", "Healthcare Provider"].map(parseRoleName)).to.deep.equal(
        Array(3).fill("HealthcareProvider"),
      );
      expect(parseRoleName("Hospital")).to.equal(undefined);
      expect(roleMask(["Manufacturer", "DataGateway"])).to.equal(0b1000010);
      expect(rolesOfMask(0b1000010)).to.deep.equal(["Manufacturer", "DataGateway"]);
    });
  });
});
