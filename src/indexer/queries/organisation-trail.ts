import { enumLabel } from "../../contracts/enums";
import { gln13 } from "../../gs1";
import { gs1Argument } from "../domain/device-ref";
import type { EventDecoder } from "../decode/decoder";
import { NotIndexedError } from "../errors";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { eventEntries, type EventEntry } from "./event-entry";

/** A passed proposal that changed the organisation: what it said, who voted how, and when it ran. */
export interface OrganisationDecision {
  proposalId: string;
  proposer: string;
  description: string;
  votes: { voter: string; organisation: string | null; support: string; reason: string }[];
  tally: { for: number; against: number; abstain: number };
  /** The transaction that executed it: the organisation's events of that transaction are its effect. */
  executedIn: string;
}

/** An organisation's state and every event that changed it, with the governance decisions behind them. */
export interface OrganisationTrail {
  gln: string;
  asOf: Checkpoint;
  state: { status: string; roles: number; accounts: string[]; companyPrefixes: string[]; validator: string | null };
  decisions: OrganisationDecision[];
  /** The organisation's directory events and, for those a proposal made, the proposal's own events (its creation,
   * votes, queueing, the timelock's calls and its execution), in chain order. */
  events: EventEntry[];
}

/** The proposals executed in a transaction that also changed the organisation (its directory events' transactions). */
const DECIDED = `SELECT p.proposal_id FROM proposals p JOIN events x ON x.id = p.executed_event
  WHERE x.tx_hash IN (SELECT o.tx_hash FROM events o WHERE o.id IN (SELECT event_id FROM organisation_events WHERE gln = @gln))`;

/** The trail of one organisation (GLN-13): under governance, its admission shows the proposal and votes that admitted it. */
export function organisationTrail(
  sql: Sql,
  decoder: EventDecoder,
  glnText: string,
  asOf: Checkpoint,
): OrganisationTrail {
  const gln = BigInt(gs1Argument("gln", glnText, "GLN")).toString();
  const row = sql.get<{ status: number; roles: number }>("SELECT status, roles FROM organisations WHERE gln = ?", gln);
  if (!row) throw new NotIndexedError("gln", glnText, `organisation ${gln13(gln)} is not in the index`);
  const decided = sql.all<{ proposal_id: string; proposer: string; description: string; tx_hash: string }>(
    `SELECT p.proposal_id, p.proposer, p.description, x.tx_hash FROM proposals p JOIN events x ON x.id = p.executed_event
     WHERE p.proposal_id IN (${DECIDED}) ORDER BY p.executed_event`,
    { gln },
  );
  const decisions = decided.map((p): OrganisationDecision => {
    const votes = sql.all<{ voter: string; support: number; reason: string; gln: string | null }>(
      `SELECT v.voter, v.support, v.reason, a.gln FROM proposal_votes v LEFT JOIN accounts a ON a.address = v.voter
       WHERE v.proposal_id = ? ORDER BY v.event_id`,
      p.proposal_id,
    );
    const count = (support: string) => votes.filter((v) => enumLabel("VoteType", v.support) === support).length;
    return {
      proposalId: p.proposal_id,
      proposer: p.proposer,
      description: p.description,
      votes: votes.map((v) => ({
        voter: v.voter,
        organisation: v.gln === null ? null : gln13(v.gln),
        support: enumLabel("VoteType", v.support),
        reason: v.reason,
      })),
      tally: { for: count("For"), against: count("Against"), abstain: count("Abstain") },
      executedIn: p.tx_hash,
    };
  });
  const events = eventEntries(
    sql,
    decoder,
    `e.id IN (SELECT event_id FROM organisation_events WHERE gln = @gln)
     OR e.id IN (SELECT created_event FROM proposals WHERE proposal_id IN (${DECIDED}))
     OR e.id IN (SELECT queued_event FROM proposals WHERE proposal_id IN (${DECIDED}))
     OR e.id IN (SELECT executed_event FROM proposals WHERE proposal_id IN (${DECIDED}))
     OR e.id IN (SELECT event_id FROM proposal_votes WHERE proposal_id IN (${DECIDED}))
     OR (e.contract = 'ConsortiumTimelock' AND e.tx_hash IN (SELECT x.tx_hash FROM proposals p
          JOIN events x ON x.id IN (p.queued_event, p.executed_event) WHERE p.proposal_id IN (${DECIDED})))`,
    { gln },
  );
  const list = (query: string) => sql.all<{ v: string }>(query, gln).map((r) => r.v);
  return {
    gln: gln13(gln),
    asOf,
    state: {
      status: enumLabel("OrganisationStatus", row.status),
      roles: row.roles,
      accounts: list("SELECT address AS v FROM accounts WHERE gln = ? ORDER BY address"),
      companyPrefixes: list("SELECT prefix AS v FROM company_prefixes WHERE gln = ? ORDER BY prefix"),
      validator: list("SELECT validator AS v FROM validators WHERE gln = ?")[0] ?? null,
    },
    decisions,
    events,
  };
}
