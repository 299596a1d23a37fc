import { decodeRevertData, toSdkError } from "../../sdk/decode-error";
import { ContractRevertError } from "../../sdk/errors";

/** Why the chain refuses an event: a reason naming the error, and the custom error decoded (bigints as decimal text). */
export interface Failure {
  reason: string;
  error?: { name: string; args: Record<string, unknown> };
}

const plain = (value: unknown): unknown => (typeof value === "bigint" ? value.toString() : value);

/** A failure from a thrown error (an estimate, a replayed revert): a custom error by name, else the error's message. */
export function failureOfError(error: unknown): Failure {
  const typed = toSdkError(error);
  if (!(typed instanceof ContractRevertError)) return { reason: typed.message };
  const args = Object.fromEntries(Object.entries(typed.args as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  return { reason: typed.message, error: { name: typed.errorName, args } };
}

/** A failure from a call's revert data. */
export const failureOfRevert = (data: string): Failure => failureOfError(decodeRevertData(data));
