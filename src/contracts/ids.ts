import { keccak256 } from "ethers";
import { createKeccak, type IHasher } from "hash-wasm";

let fast: IHasher | undefined;

/**
 * Derives ids with hash-wasm's keccak-256 from now on (the same ids; ethers' keccak, until this resolves, costs
 * ≈ 25 µs an id, most of a point-of-use check's hashing): the service awaits it before it listens.
 */
export async function useFastKeccak(): Promise<void> {
  fast ??= await createKeccak(256);
}

const word = (value: bigint | number): string => value.toString(16).padStart(64, "0");

/**
 * keccak256(abi.encode(uint64 key, string text)), written as hex text directly: the indexer derives one id per serial
 * of every DevicesCommissioned batch, and this is ≈ 3× faster than AbiCoder (test/contracts/ids.test.ts checks it
 * equals AbiCoder's encoding on random inputs).
 */
function idOf(key: bigint | string, text: string): string {
  const bytes = Buffer.from(text, "utf8");
  const padded = bytes.toString("hex").padEnd(Math.ceil(bytes.length / 32) * 64, "0");
  const encoded = word(BigInt(key)) + word(0x40) + word(bytes.length) + padded;
  if (!fast) return keccak256("0x" + encoded);
  fast.init();
  fast.update(Buffer.from(encoded, "hex"));
  return "0x" + fast.digest("hex");
}

/** `Ids.deviceId`: keccak256(abi.encode(uint64 gtin, string serial)), the id of a device (UDI-DI + UDI-PI). */
export const deviceId = (gtin: bigint | string, serial: string): string => idOf(gtin, serial);

/** `Ids.lotId`: keccak256(abi.encode(uint64 gtin, string lotNumber)), the key the registry finds a lot's key under. */
export const lotId = (gtin: bigint | string, lotNumber: string): string => idOf(gtin, lotNumber);
