import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Interface, type ErrorFragment } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  CONTRACT_ERRORS,
  ContractRevertError,
  decodeRevertData,
  ENUMS,
  NodeRejectedError,
  NonceError,
  SdkInputError,
  toSdkError,
  TransportError,
  UnknownRevertError,
  type ContractErrorName,
} from "../../src/sdk";
import { CONTRACT_NAMES, GOVERNANCE_NAMES } from "../../src/manifest";
import { GLN, GTIN } from "../fixtures";
import { sdkFixture } from "./helpers";

const ARTIFACTS = path.join(__dirname, "..", "..", "artifacts", "contracts");

/** The ABI of every deployable, read from the compiled artifacts. */
function deployableAbis(): { contract: string; abi: Interface }[] {
  return [...CONTRACT_NAMES, ...GOVERNANCE_NAMES].map((name) => {
    const artifact = JSON.parse(readFileSync(path.join(ARTIFACTS, `${name}.sol`, `${name}.json`), "utf8"));
    return { contract: name, abi: new Interface(artifact.abi) };
  });
}

/**
 * Every artifact under artifacts/contracts (interfaces, bases and libraries too), excluding test doubles and the
 * tools that are never deployed (the capture gateway's simulator runs only as `eth_call` override code).
 */
function allArtifactErrors(): ErrorFragment[] {
  const out: ErrorFragment[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== "test" && entry !== "tools") walk(full);
      } else if (entry.endsWith(".json") && !entry.endsWith(".dbg.json")) {
        const abi = JSON.parse(readFileSync(full, "utf8")).abi ?? [];
        new Interface(abi).forEachError((e) => out.push(e));
      }
    }
  };
  walk(ARTIFACTS);
  return out;
}

/** A sample value of a Solidity type. */
function sample(type: string, i: number): unknown {
  if (type.startsWith("uint")) return BigInt(i + 2);
  if (type === "bytes32")
    return (
      "0x" +
      String(i + 1)
        .repeat(64)
        .slice(0, 64)
    );
  if (type === "address") return "0x" + "ab".repeat(19) + String(10 + i);
  if (type === "bool") return true;
  if (type === "string") return `value-${i}`;
  throw new Error(`no sample for ${type}`);
}

describe("SDK errors", function () {
  describe("catalogue", function () {
    const abis = deployableAbis();
    const errors = abis.flatMap(({ contract, abi }) => {
      const list: { contract: string; fragment: ErrorFragment }[] = [];
      abi.forEachError((fragment) => list.push({ contract, fragment }));
      return list;
    });

    it("reads the errors of every deployable from the artifacts", function () {
      expect(errors.length).to.be.greaterThan(90);
    });

    it("has every custom error of every ABI, with the same parameter names and types", function () {
      const missing: string[] = [];
      for (const { contract, fragment } of [
        ...errors,
        ...allArtifactErrors().map((fragment) => ({ contract: "*", fragment })),
      ]) {
        const entry = CONTRACT_ERRORS[fragment.name as ContractErrorName] as
          readonly (readonly [string, string])[] | undefined;
        if (!entry) {
          missing.push(`${contract}.${fragment.format("sighash")}`);
          continue;
        }
        expect(
          entry.map(([name]) => name),
          fragment.name,
        ).to.deep.equal(fragment.inputs.map((p) => p.name));
        entry.forEach(([, type], i) => {
          const abiType = fragment.inputs[i].type;
          if (type.startsWith("enum:")) expect(abiType, `${fragment.name}.${entry[i][0]}`).to.equal("uint8");
          else expect(type, `${fragment.name}.${entry[i][0]}`).to.equal(abiType);
        });
      }
      expect(missing, "errors missing from CONTRACT_ERRORS").to.deep.equal([]);
    });

    it("lists no error that no ABI has", function () {
      const names = new Set(errors.map((e) => e.fragment.name));
      expect(Object.keys(CONTRACT_ERRORS).filter((n) => !names.has(n))).to.deep.equal([]);
    });

    it("decodes every error of every ABI into a typed ContractRevertError with named arguments", function () {
      for (const { contract, fragment } of errors) {
        const entry = CONTRACT_ERRORS[fragment.name as ContractErrorName] as readonly (readonly [string, string])[];
        const values = fragment.inputs.map((p, i) => (entry[i][1].startsWith("enum:") ? 1n : sample(p.type, i)));
        const data = abis.find((a) => a.contract === contract)!.abi.encodeErrorResult(fragment, values);
        const decoded = decodeRevertData(data);
        expect(decoded, `${contract}.${fragment.name}`).to.be.instanceOf(ContractRevertError);
        const revert = decoded as ContractRevertError;
        expect(revert.errorName).to.equal(fragment.name);
        expect(revert.retryable).to.equal(false);
        entry.forEach(([name, type], i) => {
          const expected = type.startsWith("enum:")
            ? Object.keys(ENUMS[type.slice(5) as keyof typeof ENUMS])[1]
            : values[i];
          const actual = (revert.args as Record<string, unknown>)[name];
          expect(typeof actual === "string" ? actual.toLowerCase() : actual, `${fragment.name}.${name}`).to.deep.equal(
            typeof expected === "string" ? expected.toLowerCase() : expected,
          );
        });
      }
    });
  });

  describe("other failures", function () {
    it("decodes Error(string) and Panic(uint256) as UnknownRevertError", function () {
      const abi = new Interface(["error Error(string)", "error Panic(uint256)"]);
      expect(decodeRevertData(abi.encodeErrorResult("Error", ["boom"])).message).to.include('Error("boom")');
      expect(decodeRevertData(abi.encodeErrorResult("Panic", [0x11])).message).to.include("overflow");
      expect(decodeRevertData("0xdeadbeef")).to.be.instanceOf(UnknownRevertError);
    });

    it("classifies transport faults as retryable and refusals as permanent", function () {
      expect(toSdkError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {}))).to.be.instanceOf(
        TransportError,
      );
      const nonce = toSdkError(new Error("nonce too low"), 7);
      expect(nonce).to.be.instanceOf(NonceError);
      expect(nonce.retryable).to.equal(true);
      const funds = toSdkError(new Error("insufficient funds for gas * price + value"));
      expect(funds).to.be.instanceOf(NodeRejectedError);
      expect(funds.retryable).to.equal(false);
    });
  });

  describe("live reverts through the client", function () {
    it("throws a typed error naming the contract error and its arguments", async function () {
      const f = await loadFixture(sdkFixture);
      const client = f.clientOf(f.distributor);
      try {
        await client.products.registerProduct({ gtin: GTIN, metadataHash: "0x01" });
        expect.fail("should revert");
      } catch (error) {
        expect(error).to.be.instanceOf(ContractRevertError);
        const e = error as ContractRevertError;
        expect(e.is("ConsortiumGatedMissingRole")).to.equal(true);
        if (e.is("ConsortiumGatedMissingRole")) {
          expect(e.args).to.deep.equal({ organisation: GLN.distributor, role: "Manufacturer" });
        }
      }
    });

    it("decodes a revert of an admin-only call by an outsider", async function () {
      const f = await loadFixture(sdkFixture);
      const error = await f
        .clientOf(f.outsider)
        .directory.pause()
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ContractRevertError);
      expect((error as ContractRevertError).errorName).to.match(
        /^(AccessControlUnauthorizedAccount|DirectoryUnauthorised)/,
      );
    });

    it("refuses bad input before sending, naming the field", async function () {
      const f = await loadFixture(sdkFixture);
      const client = f.clientOf(f.manufacturer);
      const error = await client.devices
        .ship({ to: "0614141000013", devices: [`(01)${GTIN.toString().padStart(14, "0")}(21)A`] })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SdkInputError);
      expect((error as SdkInputError).field).to.equal("to");
    });
  });
});
