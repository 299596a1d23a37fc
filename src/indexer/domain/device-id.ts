import { keccak256 } from "ethers";

const word = (value: bigint | number): string => value.toString(16).padStart(64, "0");

/**
 * The device id, mirrored exactly from the contracts' Ids.deviceId: keccak256(abi.encode(uint64 gtin, string serial)).
 * Built from hex text directly: DevicesCommissioned batches compute one per serial.
 */
export function deviceIdOf(gtin: string | bigint, serial: string): string {
  const bytes = Buffer.from(serial, "utf8");
  const padded = bytes.toString("hex").padEnd(Math.ceil(bytes.length / 32) * 64, "0");
  return keccak256("0x" + word(BigInt(gtin)) + word(0x40) + word(bytes.length) + padded);
}
