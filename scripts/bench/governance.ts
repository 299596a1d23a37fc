/**
 * Gas of an admission by vote (issue 22): propose, the first and a later vote, queue and execute, from receipts, on
 * the governed system of the governance tests (7 founding organisations, the timelock the directory's admin).
 */
import type { ContractTransactionResponse } from "ethers";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  FOUNDERS,
  TIMELOCK_DELAY,
  VOTING_DELAY,
  VOTING_PERIOD,
  Vote,
  admission,
  execute,
  governanceFixture,
  propose,
  queue,
} from "../../test/governance/fixture";

const gasOf = async (tx: Promise<ContractTransactionResponse>): Promise<number> =>
  Number((await (await tx).wait())!.gasUsed);

export async function measureGovernance(record: (key: string, gas: number) => void): Promise<void> {
  const f = await governanceFixture();
  const p = await admission(f);
  record("governance.admission.propose", await gasOf(propose(f, p)));
  await mine(VOTING_DELAY + 1n);
  const [first, ...others] = FOUNDERS.slice(0, 4);
  record("governance.admission.vote.first", await gasOf(f.governor.connect(f[first]).castVote(p.id, Vote.For)));
  for (const name of others.slice(0, -1)) await f.governor.connect(f[name]).castVote(p.id, Vote.For);
  const last = f.governor.connect(f[others[others.length - 1]]).castVote(p.id, Vote.For);
  record("governance.admission.vote.later", await gasOf(last));
  await mine(VOTING_PERIOD);
  record("governance.admission.queue", await gasOf(queue(f, p)));
  await time.increase(TIMELOCK_DELAY);
  record("governance.admission.execute", await gasOf(execute(f, p)));
}
