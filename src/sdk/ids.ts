import { AbiCoder, keccak256 } from "ethers";

const coder = AbiCoder.defaultAbiCoder();

/** `Ids.deviceId`: keccak256(abi.encode(uint64 gtin, string serial)), the id of a device (UDI-DI + UDI-PI). */
export const deviceId = (gtin: bigint, serial: string): string =>
  keccak256(coder.encode(["uint64", "string"], [gtin, serial]));

/** `Ids.lotId`: keccak256(abi.encode(uint64 gtin, string lotNumber)), the key the registry finds a lot's key under. */
export const lotId = (gtin: bigint, lotNumber: string): string =>
  keccak256(coder.encode(["uint64", "string"], [gtin, lotNumber]));
