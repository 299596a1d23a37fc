import type { Sql } from "../store/sql";
import { ProposalState } from "../../contracts/generated/facts";
import type { ViewCheck } from "./chain-views";

/**
 * The view calls that pin the governance projections to the chain: each proposal's tally, snapshot, deadline, eta,
 * proposer and (once queued, executed or cancelled) state; each vote; each timelock call's operation; the timelock's
 * roles and delay; the directory's validator nodes.
 */
export function governanceChecks(sql: Sql): ViewCheck[] {
  const checks: ViewCheck[] = [];
  const add = (contract: ViewCheck["contract"], fn: string, args: unknown[], expected: ViewCheck["expected"]) =>
    checks.push({ contract, fn, args, expected });
  const proposals = sql.all<Record<string, string | number | null>>(
    `SELECT p.*,
       (SELECT COALESCE(SUM(CAST(weight AS INTEGER)), 0) FROM proposal_votes v WHERE v.proposal_id = p.proposal_id AND support = 0) AS against,
       (SELECT COALESCE(SUM(CAST(weight AS INTEGER)), 0) FROM proposal_votes v WHERE v.proposal_id = p.proposal_id AND support = 1) AS for_votes,
       (SELECT COALESCE(SUM(CAST(weight AS INTEGER)), 0) FROM proposal_votes v WHERE v.proposal_id = p.proposal_id AND support = 2) AS abstain
     FROM proposals p`,
  );
  for (const p of proposals) {
    const id = p.proposal_id as string;
    add("ConsortiumGovernor", "proposalVotes", [id], {
      againstVotes: p.against!,
      forVotes: p.for_votes!,
      abstainVotes: p.abstain!,
    });
    add("ConsortiumGovernor", "proposalSnapshot", [id], { value: p.vote_start! });
    add("ConsortiumGovernor", "proposalDeadline", [id], { value: p.vote_end! });
    add("ConsortiumGovernor", "proposalProposer", [id], { value: p.proposer! });
    add("ConsortiumGovernor", "proposalEta", [id], { value: p.eta ?? 0 });
    // Pending, active, defeated and succeeded follow from the clock and the tally; the rest the events settle.
    const settled =
      p.canceled_event !== null
        ? ProposalState.Canceled
        : p.executed_event !== null
          ? ProposalState.Executed
          : p.queued_event !== null
            ? ProposalState.Queued
            : undefined;
    if (settled !== undefined) add("ConsortiumGovernor", "state", [id], { value: settled });
  }
  for (const v of sql.all<{ proposal_id: string; voter: string }>("SELECT proposal_id, voter FROM proposal_votes")) {
    add("ConsortiumGovernor", "hasVoted", [v.proposal_id, v.voter], { value: true });
  }
  const operations = sql.all<{ operation_id: string; done: number }>(
    `SELECT operation_id, MIN(CASE WHEN executed_event IS NULL THEN 0 ELSE 1 END) AS done FROM timelock_calls GROUP BY operation_id`,
  );
  for (const o of operations) {
    add("ConsortiumTimelock", "isOperation", [o.operation_id], { value: true });
    add("ConsortiumTimelock", "isOperationDone", [o.operation_id], { value: o.done === 1 });
  }
  for (const r of sql.all<{ role: string; account: string }>("SELECT role, account FROM timelock_roles")) {
    add("ConsortiumTimelock", "hasRole", [r.role, r.account], { value: true });
  }
  const delay = sql.get<{ value: string }>("SELECT value FROM timelock_settings WHERE key = 'minDelay'");
  if (delay) add("ConsortiumTimelock", "getMinDelay", [], { value: delay.value });
  for (const v of sql.all<{ gln: string; validator: string }>("SELECT gln, validator FROM validators")) {
    add("ConsortiumDirectory", "validatorOf", [v.gln], { value: v.validator });
  }
  return checks;
}
