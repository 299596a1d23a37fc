import { ethers } from "hardhat";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import type { ConsortiumGovernor, ConsortiumTimelock } from "../../typechain-types";
import { actors, deploySystem, gln, GLN, Role, roleMask, DAY } from "../fixtures";
import { DEFAULT_ADMIN_TRANSFER_DELAY } from "../../ignition/modules/UdiLedger";
import { MEMBER_NAMES, type MemberName } from "../helpers/directory";

/** Governance parameters of the tests: quorum 60 % of 7 organisations is 4 votes (floor of 4.2). */
export const VOTING_DELAY = 1n;
export const VOTING_PERIOD = 20n;
export const QUORUM_PERCENT = 60n;
export const TIMELOCK_DELAY = 2n * DAY;

/** OpenZeppelin's vote types (GovernorCountingSimple.VoteType). */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;
/** OpenZeppelin's IGovernor.ProposalState. */
export const ProposalState = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;

/** The seven founding organisations (the root fixture's, without the data gateway) and the account each votes with. */
export const FOUNDERS = MEMBER_NAMES.filter((name): name is Founder => name !== "gateway");
export type Founder = Exclude<MemberName, "gateway">;

/** The organisation the admission proposals admit. */
export const NEW_GLN = gln("061414900001");
export const NEW_ROLES = roleMask(Role.Distributor);

/** Deploys the system with its governance and runs the bootstrap the deploy library runs: 7 founders, a guardian. */
export async function governanceFixture() {
  const system = await deploySystem();
  const a = await actors();
  const signers = await ethers.getSigners();
  const [guardian, newcomer, hospitalSecond] = [signers[11], signers[12], signers[13]];
  const { directory } = system;
  const roles: Record<Founder, number> = {
    manufacturer: roleMask(Role.Manufacturer),
    otherManufacturer: roleMask(Role.Manufacturer),
    distributor: roleMask(Role.Distributor),
    hospital: roleMask(Role.HealthcareProvider),
    otherHospital: roleMask(Role.HealthcareProvider),
    service: roleMask(Role.ServiceProvider),
    regulator: roleMask(Role.Regulator),
  };
  for (const name of FOUNDERS) await directory.admitOrganisation(GLN[name], roles[name], a[name]);
  await directory.addAccount(GLN.hospital, hospitalSecond);
  const timelock = (await (
    await ethers.getContractFactory("ConsortiumTimelock")
  ).deploy(TIMELOCK_DELAY, a.admin)) as unknown as ConsortiumTimelock;
  const governor = (await (
    await ethers.getContractFactory("ConsortiumGovernor")
  ).deploy(directory, timelock, VOTING_DELAY, VOTING_PERIOD, QUORUM_PERCENT)) as unknown as ConsortiumGovernor;
  await directory.grantRole(await directory.GUARDIAN_ROLE(), guardian);
  await directory.beginDefaultAdminTransfer(timelock);
  await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
  const bootstrap = await timelock.completeBootstrap(governor, [directory]);
  return { ...system, ...a, guardian, newcomer, hospitalSecond, timelock, governor, bootstrap };
}
export type Governed = Awaited<ReturnType<typeof governanceFixture>>;

/** One proposal: its calls, description and id. */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  id: bigint;
}

/** Builds a proposal of directory (or other) calls: `[target, calldata]` pairs. */
export async function proposal(
  f: Governed,
  calls: [{ getAddress(): Promise<string> }, string][],
  description: string,
): Promise<Proposal> {
  const targets = await Promise.all(calls.map(([c]) => c.getAddress()));
  const values = calls.map(() => 0n);
  const calldatas = calls.map(([, data]) => data);
  const descriptionHash = ethers.id(description);
  const id = await f.governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { targets, values, calldatas, description, descriptionHash, id };
}

/** The admission of NEW_GLN with the newcomer's account, as a proposal. */
export const admission = (f: Governed, description = "Admit the new distributor"): Promise<Proposal> =>
  proposal(
    f,
    [
      [
        f.directory,
        f.directory.interface.encodeFunctionData("admitOrganisation", [NEW_GLN, NEW_ROLES, f.newcomer.address]),
      ],
    ],
    description,
  );

export const propose = (f: Governed, p: Proposal, by: HardhatEthersSigner = f.manufacturer) =>
  f.governor.connect(by).propose(p.targets, p.values, p.calldatas, p.description);
export const queue = (f: Governed, p: Proposal): Promise<ContractTransactionResponse> =>
  f.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
export const execute = (f: Governed, p: Proposal, by: HardhatEthersSigner = f.distributor) =>
  f.governor.connect(by).execute(p.targets, p.values, p.calldatas, p.descriptionHash);

/** Proposes `p` and mines until its vote is open. */
export async function open(f: Governed, p: Proposal): Promise<void> {
  await propose(f, p);
  await mine(VOTING_DELAY + 1n);
}

/** Each named founder votes `support` on `p`. */
export async function vote(f: Governed, p: Proposal, voters: readonly Founder[], support: number = Vote.For) {
  for (const name of voters) await f.governor.connect(f[name]).castVote(p.id, support);
}

/** Proposes `p`, has `voters` vote for it and mines until its vote has closed. */
export async function closeVote(f: Governed, p: Proposal, voters: readonly Founder[] = FOUNDERS.slice(0, 4)) {
  await open(f, p);
  await vote(f, p, voters);
  await mine(VOTING_PERIOD);
}

/** Proposes `p`, has `voters` vote for it, closes the vote, queues it and waits out the timelock's delay. */
export async function passAndQueue(f: Governed, p: Proposal, voters: readonly Founder[] = FOUNDERS.slice(0, 4)) {
  await closeVote(f, p, voters);
  await queue(f, p);
  await time.increase(TIMELOCK_DELAY);
}

/** Passes and executes `p`. */
export async function enact(
  f: Governed,
  p: Proposal,
  voters?: readonly Founder[],
): Promise<ContractTransactionResponse> {
  await passAndQueue(f, p, voters);
  return execute(f, p);
}
