import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { replayLedgerHead, type Actors } from "../fixtures";

/** OpenZeppelin's DEFAULT_ADMIN_ROLE, pinned to its literal value. */
export const DEFAULT_ADMIN_ROLE = "0x0000000000000000000000000000000000000000000000000000000000000000";

/** Organisation status, mirroring IConsortiumDirectory.OrganisationStatus. */
export const OrganisationStatus = { None: 0, Active: 1, Suspended: 2 } as const;

/** A contract that keeps a ledger head. */
export interface LedgerHeadContract {
  getAddress(): Promise<string>;
  ledgerHead(): Promise<[string, bigint] & { head: string; eventCount: bigint }>;
}

/** Asserts that the contract's ledger head and event count equal those recomputed from its raw logs. */
export async function expectLedgerHeadReplays(contract: LedgerHeadContract): Promise<void> {
  const [head, count] = await contract.ledgerHead();
  const replay = await replayLedgerHead(await contract.getAddress());
  expect(head).to.equal(replay.head);
  expect(count).to.equal(replay.count);
}

/** A named signer, so loops over signers can say which one failed. */
export interface NamedSigner {
  name: string;
  signer: HardhatEthersSigner;
}

/** The organisations of the root fixture, named as in `GLN` and `Actors`. */
export const MEMBER_NAMES = [
  "manufacturer",
  "otherManufacturer",
  "distributor",
  "hospital",
  "otherHospital",
  "service",
  "regulator",
  "gateway",
] as const;
export type MemberName = (typeof MEMBER_NAMES)[number];

/** The first account of every admitted organisation except those named in `except`. */
export function memberAccounts(
  a: Pick<Actors, MemberName>,
  ...except: MemberName[]
): (NamedSigner & { name: MemberName })[] {
  return MEMBER_NAMES.filter((name) => !except.includes(name)).map((name) => ({ name, signer: a[name] }));
}

/** Every account that is not the consortium admin: one per admitted organisation, the outsider and the spare. */
export function nonAdminAccounts(a: Pick<Actors, MemberName | "outsider" | "spare">): NamedSigner[] {
  return [...memberAccounts(a), { name: "outsider", signer: a.outsider }, { name: "spare", signer: a.spare }];
}

/** `value` with its last digit (the GS1 check digit) replaced by the next one, so the check digit is wrong. */
export const withBadCheckDigit = (value: bigint): bigint => (value / 10n) * 10n + (((value % 10n) + 1n) % 10n);
