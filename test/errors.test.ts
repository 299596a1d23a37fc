import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UdiLedgerError, isRetryable } from "../src/errors";
import * as gs1 from "../src/gs1/errors";
import * as indexer from "../src/indexer/errors";
import * as manifest from "../src/manifest";
import * as records from "../src/records/errors";
import * as sdk from "../src/sdk/errors";
import * as engine from "../src/capture/engine/errors";
import * as deploy from "../src/deploy/errors";
import * as coverage from "../scripts/check-coverage";
import * as epc from "../src/serve/epc";
import * as tokens from "../src/serve/tokens";
import * as destination from "../src/serve/alerts/destination";
import * as eventHash from "../src/capture/event-hash";
import * as mapping from "../src/capture/mapping";
import * as capture from "../src/capture/errors";

const ROOT = path.join(__dirname, "..");
const cause = new Error("the underlying failure");

/** One instance of every concrete error class of the project, built with a cause wherever the class takes one. */
const INSTANCES: Record<string, () => UdiLedgerError> = {
  SdkInputError: () => new sdk.SdkInputError("gln", "123", "must be 13 digits", { cause }),
  ContractRevertError: () => new sdk.ContractRevertError("DirectoryOrganisationExists", { gln: 1n }, "0x12345678"),
  UnknownRevertError: () => new sdk.UnknownRevertError("0x", "no revert data", { cause }),
  TransportError: () => new sdk.TransportError("fetch failed", { cause }),
  NonceError: () => new sdk.NonceError(7, "nonce too low", { cause }),
  NodeRejectedError: () => new sdk.NodeRejectedError("insufficient funds", { cause }),
  GasCapError: () => new sdk.GasCapError("commissionBatch", 20_000_000n, 16_777_216n),
  SimulationGasError: () => new engine.SimulationGasError(50_000_000n, 400, 120),
  CaptureJournalError: () => new engine.CaptureJournalError("c1", "the journal holds event 7, not given"),
  ConfirmationTimeoutError: () => new sdk.ConfirmationTimeoutError("0xabc", 1_000),
  BatchError: () => new sdk.BatchError("pack", 400, 800, ["0xabc"], new sdk.TransportError("fetch failed")),
  RpcTransportError: () => new indexer.RpcTransportError("eth_getLogs", "timeout", 504),
  RpcPermanentError: () => new indexer.RpcPermanentError("eth_foo", -32601, "method not found"),
  RangeTooLargeError: () => new indexer.RangeTooLargeError(1, 10_000, "limit exceeded", 5_000),
  StaleHeadError: () => new indexer.StaleHeadError(9, 10),
  ReorgTooDeepError: () => new indexer.ReorgTooDeepError(100, 12, undefined),
  IndexerConfigError: () => new indexer.IndexerConfigError("chainId", "1", "the database holds chain 2"),
  DecodeError: () => new indexer.DecodeError("DeviceCommissioned", "lotKey", "not 32 bytes"),
  InvalidArgumentError: () => new indexer.InvalidArgumentError("--device", "x", "not a UDI"),
  FetchWorkerError: () => new indexer.FetchWorkerError("the fetch worker exited (code 1)"),
  StoreUnavailableError: () => new indexer.StoreUnavailableError("postgres://u:***@db/x", "connect ECONNREFUSED"),
  StoreError: () => new indexer.StoreError("postgres://u:***@db/x", 'database "x" does not exist', "3D000"),
  StoreVersionError: () => new indexer.StoreVersionError("postgres://u:***@db/x", 9, 3),
  StoreLockedError: () => new indexer.StoreLockedError("postgres://u:***@db/x"),
  RecordInputError: () => new records.RecordInputError("gtin", 3, "is not a GTIN", { cause }),
  RecordBatchError: () => new records.RecordBatchError([new records.RecordInputError("gtin", 3, "is not a GTIN")]),
  DuplicateRecordError: () => new records.DuplicateRecordError("0xabc", [2, 5]),
  ReceiptRefusedError: () => new records.ReceiptRefusedError("0xabc", "proof", "does not lead to the root"),
  TreeFileError: () => new records.TreeFileError("tree.json", "is not JSON"),
  Gs1Error: () => new gs1.Gs1Error("check-digit", "GTIN", "check digit 3 expected", "01", "00614141000415"),
  ManifestError: () => new manifest.ManifestError("(file)", "m.json", "cannot read it", { cause }),
  PermanentDeployError: () => new deploy.PermanentDeployError("USAGE", "--gln", "x", "--gln: x", { cause }),
  RetryableDeployError: () => new deploy.RetryableDeployError("UNREACHABLE", "url", "http://x", "cannot reach"),
  CoverageInputError: () => new coverage.CoverageInputError("--file", "coverage.json is missing"),
  NotIndexedError: () => new indexer.NotIndexedError("shipmentId", "999", "no such shipment in the index"),
  EpcSyntaxError: () => new epc.EpcSyntaxError("is not an EPC URN", { cause }),
  TokensError: () => new tokens.TokensError("--tokens", "tokens.json", "is not JSON", { cause }),
  EventRefusedError: () => new mapping.EventRefusedError("epcList[2]", "is an EPC class, not an instance", { cause }),
  WebhookDestinationError: () =>
    new destination.WebhookDestinationError("url", "http://10.0.0.1/", "10.0.0.1 is not a public address (private)"),
  EventHashError: () => new eventHash.EventHashError("type", "Event", "must be one of ObjectEvent, …"),
  EpcisSchemaError: () => new capture.EpcisSchemaError("schema.json", "is not JSON"),
  CaptureSignerError: () => new capture.CaptureSignerError("is not a private key"),
};

/** `export [abstract] class <Name>Error extends …` in every TypeScript source of src/ and scripts/. */
function declaredErrorClasses(): { name: string; abstract: boolean; file: string }[] {
  const found: { name: string; abstract: boolean; file: string }[] = [];
  for (const dir of ["src", "scripts"]) {
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (!entry.endsWith(".ts")) continue;
      const text = readFileSync(path.join(ROOT, dir, entry), "utf8");
      for (const m of text.matchAll(/^export (abstract )?class (\w+Error)\b/gm)) {
        found.push({ name: m[2], abstract: m[1] !== undefined, file: path.join(dir, entry) });
      }
    }
  }
  return found;
}

describe("one error base (src/errors.ts)", () => {
  it("every error class the project declares extends UdiLedgerError", () => {
    for (const { name, file } of declaredErrorClasses()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const declared = (require(path.join(ROOT, file)) as Record<string, unknown>)[name] as { prototype: object };
      expect(declared.prototype === UdiLedgerError.prototype || declared.prototype instanceof UdiLedgerError, name).to
        .be.true;
    }
  });

  it("builds an instance of every concrete error class below, and knows the abstract bases", () => {
    const declared = declaredErrorClasses();
    expect(declared.filter((c) => !c.abstract).map((c) => c.name)).to.have.members(Object.keys(INSTANCES));
    expect(declared.filter((c) => c.abstract).map((c) => c.name)).to.have.members([
      "UdiLedgerError",
      "PermanentError",
      "SdkError",
      "RetryableSdkError",
      "PermanentSdkError",
      "IndexerError",
      "RetryableIndexerError",
      "PermanentIndexerError",
      "DeployError",
      "RecordsError",
    ]);
  });

  for (const [name, make] of Object.entries(INSTANCES)) {
    it(`${name} is a UdiLedgerError with a code, a class-level retryable, details and its name`, () => {
      const error = make();
      expect(error).to.be.instanceOf(UdiLedgerError).and.instanceOf(Error);
      expect(error.name).to.equal(name);
      expect(error.code).to.be.a("string").and.not.equal("");
      expect(error.retryable).to.be.a("boolean");
      expect(make().retryable, "the same class, the same retryability").to.equal(error.retryable);
      expect(error.details).to.be.an("object").and.be.frozen;
      expect(error.message).to.be.a("string").and.not.equal("");
    });
  }

  it("carries the cause and the structured fields", () => {
    const input = INSTANCES.SdkInputError() as sdk.SdkInputError;
    expect(input.cause).to.equal(cause);
    expect(input.details).to.deep.equal({ field: "gln", value: "123", reason: "must be 13 digits" });
    expect(INSTANCES.ManifestError().cause).to.equal(cause);
    expect(INSTANCES.ManifestError().details).to.deep.equal({
      field: "(file)",
      value: "m.json",
      reason: "cannot read it",
    });
    expect(INSTANCES.RecordInputError().cause).to.equal(cause);
    expect(INSTANCES.PermanentDeployError().cause).to.equal(cause);
    expect(INSTANCES.PermanentDeployError().details).to.deep.equal({ field: "--gln", value: "x" });
    expect(INSTANCES.RpcPermanentError().details).to.deep.equal({
      method: "eth_foo",
      rpcCode: -32601,
      reason: "method not found",
    });
    expect(INSTANCES.Gs1Error().details).to.include({ reason: "check-digit", ai: "01", value: "00614141000415" });
    expect(new sdk.GasCapError("x", 2n, 1n)).to.not.have.property("cause");
  });

  it("isRetryable: the retryable classes only, never an unknown error", () => {
    const retryable = Object.entries(INSTANCES)
      .filter(([, make]) => isRetryable(make()))
      .map(([name]) => name);
    expect(retryable).to.have.members([
      "TransportError",
      "NonceError",
      "ConfirmationTimeoutError",
      "BatchError", // its cause, a TransportError, is retryable
      "RpcTransportError",
      "StaleHeadError",
      "StoreUnavailableError",
      "StoreLockedError",
      "RetryableDeployError",
    ]);
    const permanentBatch = new sdk.BatchError("pack", 1, 2, [], new sdk.NodeRejectedError("no funds"));
    expect([isRetryable(permanentBatch), isRetryable(new Error("x")), isRetryable("x")]).to.deep.equal([
      false,
      false,
      false,
    ]);
  });
});
