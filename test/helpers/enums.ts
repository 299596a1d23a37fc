import { ENUMS, type EnumName } from "../../src/contracts";

/** A contract enum with bigint values, as ethers decodes `uint8` enums (from the generated contract facts). */
export const bigintEnum = <E extends EnumName>(e: E): { readonly [K in keyof (typeof ENUMS)[E]]: bigint } =>
  Object.fromEntries(Object.entries(ENUMS[e]).map(([k, v]) => [k, BigInt(v)])) as {
    readonly [K in keyof (typeof ENUMS)[E]]: bigint;
  };
