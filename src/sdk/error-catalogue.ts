import type { EnumMember, EnumName } from "./enums";

import { CONTRACT_ERRORS } from "../contracts/generated/facts";

export { CONTRACT_ERRORS };

export type ContractErrorName = keyof typeof CONTRACT_ERRORS;

/** The TypeScript type a Solidity parameter type decodes to. */
type TsOf<T extends string> = T extends `enum:${infer E extends EnumName}`
  ? EnumMember<E>
  : T extends `uint${string}` | `int${string}`
    ? bigint
    : T extends "bool"
      ? boolean
      : string;

type Params<N extends ContractErrorName> = (typeof CONTRACT_ERRORS)[N];

/** The decoded arguments of a custom error, by parameter name. */
export type ContractErrorArgs<N extends ContractErrorName> = {
  -readonly [P in Params<N>[number] as P[0]]: TsOf<P[1]>;
};
