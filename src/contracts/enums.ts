import { ENUMS } from "./generated/facts";

/** The Solidity name of a contract enum (`DeviceStatus`, `Role`, …). */
export type EnumName = keyof typeof ENUMS;

/** The member names of an enum. */
export type EnumMember<E extends EnumName> = keyof (typeof ENUMS)[E];

/** The member name of an on-chain enum value (e.g. `enumName("DeviceStatus", 2n)` is `"InTransit"`). */
export function enumName<E extends EnumName>(e: E, value: bigint | number): EnumMember<E> {
  const entry = Object.entries(ENUMS[e]).find(([, v]) => v === Number(value));
  if (!entry) throw new RangeError(`${e}: ${String(value)} is not a member`);
  return entry[0] as EnumMember<E>;
}

/** The member name of a stored value, or `Unknown(<value>)`: what queries and exports print. */
export function enumLabel(e: EnumName, value: bigint | number): string {
  const entry = Object.entries(ENUMS[e]).find(([, v]) => v === Number(value));
  return entry ? entry[0] : `Unknown(${String(value)})`;
}

/** The on-chain value of an enum member given by name or value. */
export function enumValue<E extends EnumName>(e: E, member: EnumMember<E> | number): number {
  const values = ENUMS[e] as Record<string, number>;
  if (typeof member === "number") {
    if (!Object.values(values).includes(member)) throw new RangeError(`${e}: ${member} is not a member`);
    return member;
  }
  const value = values[member as string];
  if (value === undefined) throw new RangeError(`${e}: ${String(member)} is not a member`);
  return value;
}
