import { getAddress, ZeroAddress } from "ethers";
import { Gs1Error, parseGs1Key, withCheckDigit } from "../gs1";
import { PermanentDeployError } from "./errors";
import { parseRoleName, ROLE_NAMES, type RoleName } from "./roles";

/** What is wrong with a GLN written as text (checked by the GS1 parser), or undefined when it is a valid GLN. */
export function glnProblem(text: string): string | undefined {
  try {
    parseGs1Key("gln", text);
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    return error.reason === "check-digit"
      ? `"${text}" fails the GS1 check digit (expected ${withCheckDigit(text.slice(0, 12))})`
      : `"${text}" is not a GLN (13 digits)`;
  }
  return /^0+$/.test(text) ? `"${text}" is not a GLN (zero)` : undefined;
}

const usage = (field: string, value: string, message: string): never => {
  throw new PermanentDeployError("USAGE", field, value, `${field}: ${message}`);
};

/** A GLN argument as the uint64 the directory takes. */
export function parseGlnArgument(text: string, field = "--gln"): bigint {
  const problem = glnProblem(text);
  if (problem) usage(field, text, problem);
  return BigInt(text);
}

/** A role argument (any case, with or without separators). */
export function parseRoleArgument(text: string, field = "--role"): RoleName {
  const role = parseRoleName(text);
  return role ?? usage(field, text, `unknown role "${text}" (expected one of ${ROLE_NAMES.join(", ")})`);
}

/** A comma-separated list of roles. */
export const parseRolesArgument = (text: string, field = "--roles"): RoleName[] =>
  text.split(",").map((part) => parseRoleArgument(part.trim(), field));

/** A non-zero address written as text, checksummed; `refuse` is called with what is wrong with it. */
export function checksummedAddress(text: string, refuse: (problem: string) => never): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return refuse(`${JSON.stringify(text)} is not an address`);
  let address: string;
  try {
    address = getAddress(text);
  } catch {
    return refuse(`${text} has a bad checksum (mixed case that is not EIP-55)`);
  }
  return address === ZeroAddress ? refuse("the zero address cannot be used") : address;
}

/** A non-zero address argument, checksummed. */
export const parseAddressArgument = (text: string, field = "--account"): string =>
  checksummedAddress(text, (problem) => usage(field, text, problem));

/** A GS1 company prefix argument (4 to 12 digits). */
export function parsePrefixArgument(text: string, field = "--prefix"): string {
  if (!/^[0-9]{4,12}$/.test(text)) usage(field, text, `"${text}" is not a GS1 company prefix (4 to 12 digits)`);
  return text;
}
