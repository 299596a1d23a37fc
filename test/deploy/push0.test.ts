import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { artifacts, config } from "hardhat";
import { PUSH0, bytesOf, executedCode, opcodeOffsets, withoutMetadata } from "./support/opcodes";

/** EVM versions before Shanghai, where PUSH0 is an invalid opcode (GoQuorum, Besu without Shanghai). */
const PRE_SHANGHAI = [
  "homestead",
  "tangerineWhistle",
  "spuriousDragon",
  "byzantium",
  "constantinople",
  "petersburg",
  "istanbul",
  "berlin",
  "london",
  "paris",
];

/** EIP-170: the most bytes of runtime code a contract may have. */
const EIP170_LIMIT = 24_576;

/** Compiles one small contract with the pinned solc-js for `evmVersion`; returns its runtime code. */
function compileProbe(evmVersion: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { compile(input: string): string };
  const source = "pragma solidity 0.8.28; contract Probe { uint256 public x; function set() external { x = 0; } }";
  const input = {
    language: "Solidity",
    sources: { "Probe.sol": { content: source } },
    settings: { evmVersion, outputSelection: { "*": { "*": ["evm.deployedBytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  return `0x${output.contracts["Probe.sol"].Probe.evm.deployedBytecode.object}`;
}

describe("bytecode compatibility with pre-Shanghai chains", () => {
  describe("the opcode walker", () => {
    it("finds PUSH0 as an instruction but not inside PUSH data", () => {
      expect(opcodeOffsets(bytesOf("0x605f5f00"), PUSH0)).to.deep.equal([2]);
      expect(opcodeOffsets(bytesOf(`0x7f${"5f".repeat(32)}00`), PUSH0)).to.deep.equal([]);
      expect(opcodeOffsets(bytesOf("0x615f5f5f"), PUSH0)).to.deep.equal([3]);
    });

    it("drops the CBOR metadata so its bytes are not read as code", () => {
      const code = bytesOf("0x6001a2645f5f5f5f0006");
      expect([...withoutMetadata(code)]).to.deep.equal([0x60, 0x01]);
      expect([...withoutMetadata(bytesOf("0x60016001"))]).to.deep.equal([0x60, 0x01, 0x60, 0x01]);
    });

    it("finds the PUSH0 that solc emits for shanghai and none for paris", function () {
      this.timeout(60_000);
      expect(opcodeOffsets(withoutMetadata(bytesOf(compileProbe("shanghai"))), PUSH0)).to.have.length.greaterThan(0);
      expect(opcodeOffsets(withoutMetadata(bytesOf(compileProbe("paris"))), PUSH0)).to.deep.equal([]);
    });
  });

  describe("every deployable of contracts/", () => {
    const evmVersion = config.solidity.compilers[0].settings.evmVersion as string;

    it("was compiled for the configured EVM version", async () => {
      const buildInfos = new Set<string>();
      for (const fqn of await artifacts.getAllFullyQualifiedNames()) {
        if (!fqn.startsWith("contracts/")) continue;
        const debug = artifacts.formArtifactPathFromFullyQualifiedName(fqn).replace(/\.json$/, ".dbg.json");
        buildInfos.add(path.resolve(path.dirname(debug), JSON.parse(readFileSync(debug, "utf8")).buildInfo));
      }
      expect(buildInfos.size).to.be.greaterThan(0);
      for (const file of buildInfos) {
        const settings = JSON.parse(readFileSync(file, "utf8")).input.settings;
        expect(settings.evmVersion, file).to.equal(evmVersion);
      }
    });

    it("contains no PUSH0 in its creation or runtime code when the target predates Shanghai", async function () {
      if (!PRE_SHANGHAI.includes(evmVersion)) this.skip();
      let checked = 0;
      for (const fqn of await artifacts.getAllFullyQualifiedNames()) {
        if (!fqn.startsWith("contracts/")) continue;
        const artifact = await artifacts.readArtifact(fqn);
        if (artifact.deployedBytecode === "0x") continue;
        const [creation, runtime] = executedCode(artifact.bytecode, artifact.deployedBytecode);
        expect(opcodeOffsets(creation, PUSH0), `${fqn} creation code on ${evmVersion}`).to.deep.equal([]);
        expect(opcodeOffsets(runtime, PUSH0), `${fqn} runtime code on ${evmVersion}`).to.deep.equal([]);
        checked += 1;
      }
      expect(checked).to.be.greaterThanOrEqual(8);
    });

    it("stays under EIP-170's 24,576-byte runtime limit, which Besu and GoQuorum enforce by default", async () => {
      const sizes: Record<string, number> = {};
      for (const fqn of await artifacts.getAllFullyQualifiedNames()) {
        if (!fqn.startsWith("contracts/") || fqn.startsWith("contracts/test/")) continue;
        const { deployedBytecode } = await artifacts.readArtifact(fqn);
        if (deployedBytecode !== "0x") sizes[fqn] = bytesOf(deployedBytecode).length;
      }
      expect(Object.keys(sizes)).to.include.members([
        "contracts/ConsortiumGovernor.sol:ConsortiumGovernor",
        "contracts/ConsortiumTimelock.sol:ConsortiumTimelock",
      ]);
      for (const [fqn, size] of Object.entries(sizes)) expect(size, fqn).to.be.at.most(EIP170_LIMIT);
    });
  });
});
