import type { Audit } from "../indexer/audit";
import { position } from "./context";
import type { Organisations } from "./organisations";
import type { Consignee } from "../indexer/answers";

export type { Consignee };

/**
 * A recall's status report in the shape 21 CFR 7.53 asks for: consignees (organisations that held an affected device
 * when the recall was issued or since), notified and acknowledged, outstanding, quantity each still holds,
 * dispositions by kind, and the two effectiveness figures. One snapshot of the index. The issuer is not a consignee
 * (effectiveness checks count those who received the product): devices returned to it without a disposition yet are
 * reported apart, as `returnedToIssuer`. The affected devices are a paged list of their own (`/recalls/{id}/devices`).
 */
export function recallStatus(audit: Audit, recallId: string, names: Organisations) {
  return audit.snapshot((asOf) => {
    const impact = audit.recallImpact(recallId);
    const issuer = impact.recall.issuer;
    const glns = audit.recallConsignees(impact.recallId).filter((gln) => gln !== issuer);
    const acks = new Map(impact.acknowledgements.map((a) => [a.gln, a.time]));
    const held = new Map(impact.custodians.map((c) => [c.gln, c.outstanding]));
    // The RecallIssued event is the notice: every member reads the same ledger, so every consignee is notified by it.
    const consignees: Consignee[] = glns.map((gln) => ({
      gln,
      name: names.name(gln),
      notified: true,
      acknowledged: acks.has(gln),
      acknowledgedAt: acks.get(gln) ?? null,
      quantityHeld: held.get(gln) ?? 0,
    }));
    const acknowledged = consignees.filter((c) => c.acknowledged).length;
    const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10_000) / 10_000);
    return {
      recallId: impact.recallId,
      asOf: position(asOf),
      recall: impact.recall,
      consignees,
      summary: {
        consignees: consignees.length,
        notified: consignees.filter((c) => c.notified).length,
        acknowledged,
        outstanding: consignees.length - acknowledged,
        affectedDevices: impact.affected,
        dispositionedDevices: impact.dispositioned,
        devicesStillHeld: consignees.reduce((n, c) => n + c.quantityHeld, 0),
      },
      /** Affected devices the issuer holds (returned to it) with no disposition recorded yet. */
      returnedToIssuer: { gln: issuer, name: names.name(issuer), dispositionPending: held.get(issuer) ?? 0 },
      dispositions: impact.dispositions,
      effectiveness: {
        /** Acknowledged consignees / consignees (1 when there are none). */
        acknowledgedConsignees: ratio(acknowledged, consignees.length),
        /** Dispositioned devices / affected devices (1 when none is affected). */
        dispositionedDevices: ratio(impact.dispositioned, impact.affected),
      },
    };
  });
}
