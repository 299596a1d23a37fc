import { AbiCoder, getBytes, keccak256 } from "ethers";

/**
 * The leaf schema, frozen (a change is a new format): every leaf is OpenZeppelin's standard leaf
 * `keccak256(keccak256(abi.encode(uint8 targetKind, bytes32 targetId, uint64 time, bytes32 recordHash)))`,
 * i.e. `StandardMerkleTree` with this leaf encoding, so `MerkleProof` (DataAnchorRegistry.verifyRecord) checks it.
 * - targetKind: 1 shipment, 2 device, 3 lot (the values of IDataAnchorRegistry.AnchorTarget);
 * - targetId: the anchor's target word (shipment id, device id, lot key), binding the record to what it is about;
 * - time: the record's time, unix seconds;
 * - recordHash: keccak256 of the record's RFC 8785 canonical JSON (see canonical.ts).
 */
export const LEAF_ENCODING = ["uint8", "bytes32", "uint64", "bytes32"] as const;

/** A leaf's values, in {@link LEAF_ENCODING} order, as StandardMerkleTree takes and dumps them. */
export type LeafValue = [targetKind: number, targetId: string, time: number, recordHash: string];

/** The kinds of anchor target, numbered as IDataAnchorRegistry.AnchorTarget (0 is None). */
export const TARGET_KINDS = { shipment: 1, device: 2, lot: 3 } as const;
export type TargetKind = keyof typeof TARGET_KINDS;

/** What a batch of records is about: the anchor target, as its kind and 32-byte id (lowercase hex). */
export interface RecordTarget {
  kind: TargetKind;
  id: string;
}

/** The standard leaf hash of a leaf value (ethers; the builder's fast path is tested equal to this and to OZ's). */
export function leafHash(value: LeafValue): string {
  const encoded = AbiCoder.defaultAbiCoder().encode([...LEAF_ENCODING], value);
  return keccak256(keccak256(encoded));
}

/** A leaf encoder reusing one 128-byte buffer: the static ABI encoding is four 32-byte words. */
export function createLeafEncoder(target: RecordTarget): (time: number, recordHash: Uint8Array) => Uint8Array {
  const buffer = new Uint8Array(128);
  buffer[31] = TARGET_KINDS[target.kind];
  buffer.set(getBytes(target.id), 32);
  const view = new DataView(buffer.buffer);
  return (time, recordHash) => {
    view.setUint32(88, Math.floor(time / 2 ** 32));
    view.setUint32(92, time >>> 0);
    buffer.set(recordHash, 96);
    return buffer;
  };
}
