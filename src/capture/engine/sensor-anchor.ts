import { keccak256, toBeHex, toUtf8Bytes, type ContractTransaction } from "ethers";
import { buildFromRecords, evaluateExcursions, type ExcursionResult, type RecordTree } from "../../records";
import type { Contracts } from "../../sdk/contracts";
import { AnchorTarget } from "../../sdk/enums";
import { recordOf } from "../mapping/sensors";
import type { LedgerOp } from "../types";

type SensorOp = Extract<LedgerOp, { kind: "anchorShipmentData" }>;

/**
 * The records module's tree of a shipment's readings (each leaf names the shipment) and, under the op's rule, its
 * excursion verdict over the readings of the rule's field, as `records anchor --excursion-rule` computes it.
 */
export async function sensorTree(
  op: SensorOp,
  shipmentId: bigint,
): Promise<{ tree: RecordTree; excursion?: ExcursionResult }> {
  const target = { kind: "shipment" as const, id: toBeHex(shipmentId, 32) };
  const { tree } = await buildFromRecords(op.readings.map(recordOf), { target });
  const rule = op.excursionRule;
  if (!rule) return { tree };
  const measured = op.readings.flatMap((r, i) => (r.field === rule.field ? [{ ...r, line: i + 1 }] : []));
  const excursion = evaluateExcursions(
    rule,
    measured.map((r) => r.time),
    measured.map((r) => r.value),
    measured.map((r) => r.line),
  );
  return { tree, excursion };
}

/** DataAnchorRegistry.anchor of the readings' root on the shipment, over their time window. */
export async function sensorAnchorCall(c: Contracts, op: SensorOp, shipmentId: bigint): Promise<ContractTransaction> {
  const { tree, excursion } = await sensorTree(op, shipmentId);
  return c.anchors.anchor.populateTransaction({
    target: AnchorTarget.Shipment,
    targetId: toBeHex(shipmentId, 32),
    root: tree.root,
    recordCount: tree.count,
    windowStart: tree.window.start,
    windowEnd: tree.window.end,
    uriHash: keccak256(toUtf8Bytes(op.uri)),
    excursion: excursion?.excursion ?? false,
  });
}
