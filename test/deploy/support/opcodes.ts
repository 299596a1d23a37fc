/** The PUSH0 opcode (EIP-3855, Shanghai). */
export const PUSH0 = 0x5f;
const PUSH1 = 0x60;
const PUSH32 = 0x7f;

export const bytesOf = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));

/**
 * Runtime code without its trailing CBOR metadata (solc appends the CBOR map and its 2-byte big-endian length).
 * Returns the code unchanged when the tail is not a plausible CBOR map.
 */
export function withoutMetadata(code: Uint8Array): Uint8Array {
  if (code.length < 2) return code;
  const length = (code[code.length - 2] << 8) | code[code.length - 1];
  const start = code.length - 2 - length;
  const isMap = start >= 0 && code[start] >= 0xa0 && code[start] <= 0xbf;
  return isMap ? code.subarray(0, start) : code;
}

/** The offsets at which `opcode` is executed code, walking instructions and skipping PUSH1–PUSH32 immediates. */
export function opcodeOffsets(code: Uint8Array, opcode: number): number[] {
  const found: number[] = [];
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc];
    if (op === opcode) found.push(pc);
    if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
  }
  return found;
}

/**
 * The code a deployment executes: the creation code (init code up to where the runtime code is embedded) and the
 * runtime code without its metadata.
 */
export function executedCode(bytecode: string, deployedBytecode: string): Uint8Array[] {
  const init = bytesOf(bytecode);
  const runtime = bytesOf(deployedBytecode);
  const at = Buffer.from(init).indexOf(Buffer.from(runtime));
  const creation = at >= 0 ? init.subarray(0, at) : init;
  return [creation, withoutMetadata(runtime)];
}
