import { RecallStatus } from "../../contracts/generated/facts";
import { link } from "./links";
import { fields, list, num, str, type HandlerTable } from "./types";

/** RecallRegistry: recalls, the holds they place on the device registry, acknowledgements and dispositions. */
export const recallHandlers: HandlerTable = {
  RecallIssued: (sql, e) => {
    sql.run(
      "INSERT INTO recalls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      ...fields(e, "recallId", "gtin", "issuer", "recallClass", "action", "scope", "returnTo", "noticeHash"),
      RecallStatus.Open,
      e.id,
    );
    sql.run("INSERT OR REPLACE INTO holds VALUES (?, ?, ?, ?)", ...fields(e, "gtin", "recallId", "scope", "returnTo"));
    const recallId = num(e.args.recallId);
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
    sql.run(
      "INSERT OR REPLACE INTO recall_dispositions VALUES (?, ?, ?, ?, ?)",
      ...fields(e, "recallId", "deviceId", "disposition", "organisation"),
      e.id,
    );
    sql.run("UPDATE devices SET cleared_hold = ? WHERE device_id = ?", ...fields(e, "recallId", "deviceId"));
    link(sql, str(e.args.deviceId), e.id);
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
