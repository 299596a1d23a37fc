import { expect } from "chai";
import fc from "fast-check";
import { Interface, hexlify, type EventFragment, type ParamType } from "ethers";
import { CONTRACT_NAMES } from "../../src/manifest";
import { CONTRACT_ABIS } from "../../src/indexer/decode/abi-table";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { DecodeError } from "../../src/indexer/errors";

const SEED = Number(process.env.UDI_FC_SEED ?? 7);

/** A fast-check arbitrary for values of an ABI type. */
function arbitraryOf(param: ParamType): fc.Arbitrary<unknown> {
  if (param.baseType === "array") return fc.array(arbitraryOf(param.arrayChildren!), { maxLength: 4 });
  const uint = /^uint(\d+)$/.exec(param.type);
  if (uint) return fc.bigInt({ min: 0n, max: 2n ** BigInt(uint[1]) - 1n });
  if (param.type === "address") return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
  if (param.type === "bool") return fc.boolean();
  const fixed = /^bytes(\d+)$/.exec(param.type);
  if (fixed) return fc.uint8Array({ minLength: Number(fixed[1]), maxLength: Number(fixed[1]) }).map((b) => hexlify(b));
  if (param.type === "string") return fc.string({ unit: "binary", maxLength: 24 });
  throw new Error(`no arbitrary for ${param.type}`);
}

/** The value in the decoder's representation: numbers up to 48 bits, decimal text above, lower-case hex. */
function normalise(value: unknown, param: ParamType): unknown {
  if (param.baseType === "array") return (value as unknown[]).map((v) => normalise(v, param.arrayChildren!));
  const uint = /^uint(\d+)$/.exec(param.type);
  if (uint) return Number(uint[1]) <= 48 ? Number(value) : (value as bigint).toString();
  return typeof value === "string" ? (param.type === "string" ? value : value.toLowerCase()) : value;
}

const fragments: { contract: string; fragment: EventFragment; iface: Interface }[] = [];
for (const contract of CONTRACT_NAMES) {
  const iface = new Interface(CONTRACT_ABIS[contract] as never);
  iface.forEachEvent((fragment) => fragments.push({ contract, fragment, iface }));
}

describe("specialised event decoder", function () {
  const decoder = createEventDecoder();

  it("knows every event of every deployed contract's ABI", function () {
    for (const { fragment } of fragments)
      expect(decoder.nameOf(fragment.topicHash), fragment.format()).to.equal(fragment.name);
  });

  for (const { contract, fragment, iface } of fragments) {
    it(`decodes ${contract}.${fragment.name} exactly as ethers does, for any arguments`, function () {
      const args = fc.tuple(...fragment.inputs.map(arbitraryOf));
      fc.assert(
        fc.property(args, (values) => {
          const log = iface.encodeEventLog(fragment, values);
          const reference = iface.decodeEventLog(fragment, log.data, log.topics);
          const expected = Object.fromEntries(fragment.inputs.map((p, i) => [p.name, normalise(reference[i], p)]));
          expect(decoder.decode(log.topics, log.data)).to.deep.equal({ name: fragment.name, args: expected });
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  }

  it("returns null for a topic that names none of our events", function () {
    expect(decoder.decode(["0x" + "ab".repeat(32)], "0x")).to.equal(null);
  });

  it("rejects truncated data and a wrong topic count with a DecodeError naming the event", function () {
    const iface = new Interface(CONTRACT_ABIS.DeviceRegistry as never);
    const log = iface.encodeEventLog("DevicesCommissioned", [1, 2n, ["SN-1", "SN-2"], 3n, "0x" + "11".repeat(20)]);
    expect(() => decoder.decode(log.topics, log.data.slice(0, log.data.length - 64))).to.throw(DecodeError, /decoding/);
    expect(() => decoder.decode(log.topics, log.data.slice(0, 66))).to.throw(
      DecodeError,
      "decoding DevicesCommissioned.data: 32 bytes, expected at least 128",
    );
    expect(() => decoder.decode([log.topics[0]], log.data)).to.throw(
      DecodeError,
      "decoding DevicesCommissioned.topics: expected 2 topics, got 1",
    );
  });
});
