import { fields, list, str, type Handler, type HandlerTable } from "./types";

const vote: Handler = (sql, e) =>
  sql.run(
    "INSERT INTO proposal_votes VALUES (?, ?, ?, ?, ?, ?)",
    ...fields(e, "proposalId", "voter", "support", "weight", "reason"),
    e.id,
  );

/**
 * ConsortiumGovernor: proposals (with their actions), votes, queueing, execution and cancellation. The tally is the
 * sum of the stored votes, so a rebuild gives it back exactly.
 */
export const governorHandlers: HandlerTable = {
  ProposalCreated: (sql, e) => {
    const proposalId = str(e.args.proposalId);
    sql.run(
      "INSERT INTO proposals VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
      ...fields(e, "proposalId", "proposer", "description", "voteStart", "voteEnd"),
      e.id,
    );
    const [values, calldatas] = [list(e.args.values), list(e.args.calldatas)];
    list(e.args.targets).forEach((target, i) =>
      sql.run("INSERT INTO proposal_actions VALUES (?, ?, ?, ?, ?)", proposalId, i, target, values[i], calldatas[i]),
    );
  },
  VoteCast: vote,
  VoteCastWithParams: vote,
  ProposalQueued: (sql, e) =>
    sql.run(
      "UPDATE proposals SET eta = ?, queued_event = ? WHERE proposal_id = ?",
      str(e.args.etaSeconds),
      e.id,
      str(e.args.proposalId),
    ),
  ProposalExecuted: (sql, e) =>
    sql.run("UPDATE proposals SET executed_event = ? WHERE proposal_id = ?", e.id, str(e.args.proposalId)),
  ProposalCanceled: (sql, e) =>
    sql.run("UPDATE proposals SET canceled_event = ? WHERE proposal_id = ?", e.id, str(e.args.proposalId)),
};

/** ConsortiumTimelock: scheduled and executed calls, cancellations, its delay and its roles. */
export const timelockHandlers: HandlerTable = {
  CallScheduled: (sql, e) =>
    sql.run(
      "INSERT INTO timelock_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      ...fields(e, "id", "index", "target", "value", "data", "predecessor", "delay"),
      e.id,
    ),
  CallExecuted: (sql, e) =>
    sql.run(
      "UPDATE timelock_calls SET executed_event = ? WHERE operation_id = ? AND call_index = ?",
      ...[e.id, ...fields(e, "id", "index")],
    ),
  // A cancelled operation is no longer pending: the timelock forgets it, and so does the projection.
  Cancelled: (sql, e) => sql.run("DELETE FROM timelock_calls WHERE operation_id = ?", str(e.args.id)),
  MinDelayChange: (sql, e) =>
    sql.run("INSERT OR REPLACE INTO timelock_settings VALUES ('minDelay', ?)", str(e.args.newDuration)),
  RoleGranted: (sql, e) =>
    sql.run("INSERT OR IGNORE INTO timelock_roles VALUES (?, ?)", ...fields(e, "role", "account")),
  RoleRevoked: (sql, e) =>
    sql.run("DELETE FROM timelock_roles WHERE role = ? AND account = ?", ...fields(e, "role", "account")),
};
