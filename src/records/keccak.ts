import { createKeccak, type IHasher } from "hash-wasm";

/** keccak-256 of the concatenation of its arguments, synchronous once created. */
export type Keccak = (...parts: Uint8Array[]) => Uint8Array;

let shared: Promise<IHasher> | undefined;

/**
 * A fast keccak-256 (hash-wasm's WebAssembly build: about 6x @noble/hashes on this machine). Used where millions of
 * hashes are made (tree building); its outputs are tested equal to ethers' and OpenZeppelin's.
 */
export async function createFastKeccak(): Promise<Keccak> {
  shared ??= createKeccak(256);
  const hasher = await shared;
  return (...parts) => {
    hasher.init();
    for (const part of parts) hasher.update(part);
    return hasher.digest("binary");
  };
}
