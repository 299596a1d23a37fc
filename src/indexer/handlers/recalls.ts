import { RecallStatus } from "../../contracts/generated/facts";
import { link } from "./links";
import { list, num, str, type HandlerTable } from "./types";

/** RecallRegistry: recalls, the holds they place on the device registry, acknowledgements and dispositions. */
export const recallHandlers: HandlerTable = {
  RecallIssued: (sql, e) => {
    const recallId = num(e.args.recallId);
    const gtin = str(e.args.gtin);
    sql.run(
      "INSERT INTO recalls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      recallId,
      gtin,
      str(e.args.issuer),
      num(e.args.recallClass),
      num(e.args.action),
      num(e.args.scope),
      str(e.args.returnTo),
      str(e.args.noticeHash),
      RecallStatus.Open,
      e.id,
    );
    sql.run(
      "INSERT OR REPLACE INTO holds VALUES (?, ?, ?, ?)",
      gtin,
      recallId,
      num(e.args.scope),
      str(e.args.returnTo),
    );
    for (const lotKey of e.args.lotKeys as number[]) {
      sql.run("UPDATE lots SET hold_mark = ? WHERE lot_key = ?", recallId, lotKey);
      sql.run("INSERT OR IGNORE INTO recall_lots VALUES (?, ?)", recallId, lotKey);
    }
    for (const id of list(e.args.deviceIds)) {
      sql.run("UPDATE devices SET hold_mark = ? WHERE device_id = ?", recallId, id);
      sql.run(
        "UPDATE containers SET hold_mark = ? WHERE key = (SELECT container_key FROM devices WHERE device_id = ?)",
        recallId,
        id,
      );
      sql.run("INSERT OR IGNORE INTO recall_devices VALUES (?, ?)", recallId, id);
      link(sql, id, e.id);
    }
  },
  RecallAcknowledged: (sql, e) =>
    sql.run("INSERT INTO recall_acks VALUES (?, ?, ?)", num(e.args.recallId), str(e.args.organisation), e.id),
  RecallDispositionRecorded: (sql, e) => {
    const recallId = num(e.args.recallId);
    const id = str(e.args.deviceId);
    sql.run(
      "INSERT OR REPLACE INTO recall_dispositions VALUES (?, ?, ?, ?, ?)",
      recallId,
      id,
      num(e.args.disposition),
      str(e.args.organisation),
      e.id,
    );
    sql.run("UPDATE devices SET cleared_hold = ? WHERE device_id = ?", recallId, id);
    link(sql, id, e.id);
  },
  RecallTerminated: (sql, e) => {
    const recallId = num(e.args.recallId);
    sql.run(
      "UPDATE recalls SET status = ?, terminated_event = ? WHERE recall_id = ?",
      RecallStatus.Terminated,
      e.id,
      recallId,
    );
    sql.run("DELETE FROM holds WHERE gtin = (SELECT gtin FROM recalls WHERE recall_id = ?)", recallId);
  },
};
