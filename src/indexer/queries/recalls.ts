import { enumLabel } from "../../contracts/enums";
import { gln13, gtin14 } from "../../gs1";
import type { Sql } from "../store/sql";
import { isoTime } from "./event-entry";
import type { RecallRow } from "./recall-impact";
import type { RecallSummary } from "../answers";

export type { RecallSummary };

/** Every indexed recall, newest first. */
export function recallList(sql: Sql): RecallSummary[] {
  return sql
    .all<RecallRow & { issued_time: number; issued_block: number; terminated_time: number | null }>(
      `SELECT r.*,
         i.block_time AS issued_time, i.block_number AS issued_block, t.block_time AS terminated_time
       FROM recalls r JOIN events i ON i.id = r.issued_event LEFT JOIN events t ON t.id = r.terminated_event
       ORDER BY r.recall_id DESC`,
    )
    .map((r) => ({
      recallId: r.recall_id,
      gtin: gtin14(r.gtin),
      issuer: gln13(r.issuer),
      recallClass: enumLabel("RecallClass", r.recall_class),
      action: enumLabel("RecallAction", r.action),
      scope: enumLabel("HoldScope", r.scope),
      status: enumLabel("RecallStatus", r.status),
      issuedAt: isoTime(r.issued_time),
      issuedBlock: r.issued_block,
      terminatedAt: r.terminated_time === null ? null : isoTime(r.terminated_time),
    }));
}
