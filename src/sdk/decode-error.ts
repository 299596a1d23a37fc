import { ErrorDescription, isError } from "ethers";
import { ALL_ERRORS } from "./contracts";
import { CONTRACT_ERRORS, type ContractErrorName } from "./error-catalogue";
import { enumName, type EnumName } from "./enums";
import {
  ContractRevertError,
  NodeRejectedError,
  NonceError,
  SdkError,
  TransportError,
  UnknownRevertError,
} from "./errors";

const PANIC_REASONS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an invalid internal function",
};

/** Decodes revert data into a typed error: a custom error of any deployable, `Error(string)`, `Panic(uint256)`. */
export function decodeRevertData(data: string, cause?: unknown): ContractRevertError | UnknownRevertError {
  if (!data || data === "0x") return new UnknownRevertError("0x", "no revert data", { cause });
  let description: ErrorDescription | null = null;
  try {
    description = ALL_ERRORS.parseError(data);
  } catch {
    description = null;
  }
  if (!description) return new UnknownRevertError(data, `unknown error selector ${data.slice(0, 10)}`, { cause });
  if (description.name === "Error")
    return new UnknownRevertError(data, `Error(${JSON.stringify(description.args[0])})`, { cause });
  if (description.name === "Panic") {
    const code = Number(description.args[0]);
    return new UnknownRevertError(data, `Panic(0x${code.toString(16)}): ${PANIC_REASONS[code] ?? "unknown panic"}`, {
      cause,
    });
  }
  const name = description.name as ContractErrorName;
  const params = CONTRACT_ERRORS[name] as readonly (readonly [string, string])[] | undefined;
  if (!params) return new UnknownRevertError(data, `${name} is not in the SDK's error catalogue`, { cause });
  const args: Record<string, unknown> = {};
  params.forEach(([param, type], i) => {
    const value = description.args[i];
    args[param] = type.startsWith("enum:") ? safeEnumName(type.slice(5) as EnumName, value) : value;
  });
  return new ContractRevertError(name, args as never, data, { cause });
}

function safeEnumName(e: EnumName, value: bigint): unknown {
  try {
    return enumName(e, value);
  } catch {
    return value;
  }
}

/** Finds revert data anywhere in an ethers / provider error (ethers nests it differently per transport). */
function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | undefined => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > 6) return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    const data = record.data;
    if (typeof data === "string" && /^0x([0-9a-fA-F]{8})/.test(data)) return data;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      const inner = (data as { data: string }).data;
      if (/^0x[0-9a-fA-F]{8}/.test(inner)) return inner;
    }
    for (const key of ["error", "info", "cause", "revert", "payload"]) {
      const found = visit(record[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}

const NONCE_PATTERN =
  /nonce too low|nonce has already been used|replacement transaction underpriced|nonce.*(too high|mismatch)|invalid nonce/i;

/** Turns anything a call or transaction threw into an {@link SdkError} (already-typed errors pass through). */
export function toSdkError(error: unknown, nonce?: number): SdkError {
  if (error instanceof SdkError) return error;
  const data = revertDataOf(error);
  if (data) return decodeRevertData(data, error);
  const message = error instanceof Error ? error.message : String(error);
  if (isError(error, "NONCE_EXPIRED") || isError(error, "REPLACEMENT_UNDERPRICED") || NONCE_PATTERN.test(message)) {
    return new NonceError(nonce ?? -1, message, { cause: error });
  }
  if (isError(error, "CALL_EXCEPTION")) return new UnknownRevertError("0x", message, { cause: error });
  if (
    isError(error, "NETWORK_ERROR") ||
    isError(error, "TIMEOUT") ||
    isError(error, "SERVER_ERROR") ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|fetch failed/i.test(message)
  ) {
    return new TransportError(message, { cause: error });
  }
  return new NodeRejectedError(message, { cause: error });
}
