import { AnchorTarget, ShipmentStatus } from "../../contracts/generated/facts";
import { link } from "./links";
import { fields, num, str, type HandlerTable } from "./types";

/** DataAnchorRegistry: anchored record sets; an excursion anchored on a shipment in transit flags it. */
export const anchorHandlers: HandlerTable = {
  DataAnchored: (sql, e) => {
    const target = num(e.args.target);
    const targetId = str(e.args.targetId);
    sql.run(
      "INSERT INTO anchors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      Number(str(e.args.anchorId)),
      target,
      targetId,
      ...fields(e, "root", "recordCount", "windowStart", "windowEnd", "uriHash", "excursion", "organisation"),
      e.id,
    );
    if (target === AnchorTarget.Shipment) {
      // The contract truncates the target id to uint32 (it rejects larger ids for shipments).
      const shipmentId = Number(BigInt(targetId) & 0xffffffffn);
      if (e.args.excursion === true) {
        sql.run(
          "UPDATE shipments SET excursion = 1 WHERE shipment_id = ? AND status = ?",
          shipmentId,
          ShipmentStatus.InTransit,
        );
      }
      // Not linked per device: the trail reaches shipment anchors through the dispatch (queries/device-events.ts).
    } else if (target === AnchorTarget.Device) {
      link(sql, targetId, e.id);
    }
  },
};
