import { enumValue, type EnumMember, type EnumName } from "../enums";
import { SdkInputError } from "../errors";
import { toBytes32, toDevice, toGln, toGtin, type DeviceInput, type GlnInput, type GtinInput } from "../inputs";
import { resolveLotKey, type LotInput } from "../lots";
import { eventArg, plain, single } from "../operation";
import type { TxContext } from "../transact";
import { pauseOperations } from "./shared";

/** A recall notice. `scope` defaults to Lots when lots are listed, Serials when devices are, else Product. */
export interface IssueRecallArgs {
  gtin: GtinInput;
  recallClass: EnumMember<"RecallClass"> | number;
  action: EnumMember<"RecallAction"> | number;
  scope?: EnumMember<"HoldScope"> | number;
  /** Where affected devices go back to; default the product's manufacturer. */
  returnTo?: GlnInput;
  noticeHash: string;
  lots?: LotInput[];
  devices?: DeviceInput[];
}

/** An enum member by name or value, as an input error naming the field when it is not one. */
export function enumInput<E extends EnumName>(e: E, value: EnumMember<E> | number, field: string): number {
  try {
    return enumValue(e, value);
  } catch (error) {
    throw new SdkInputError(field, value, (error as Error).message);
  }
}

/** The recall registry's operations. */
export function recallOperations(ctx: TxContext) {
  const { recalls, devices } = ctx.contracts;
  return {
    issueRecall: single(
      async (a: IssueRecallArgs) => {
        const lotKeys = await Promise.all((a.lots ?? []).map((lot, i) => resolveLotKey(devices, lot, `lots[${i}]`)));
        const deviceIds = (a.devices ?? []).map((d, i) => toDevice(d, `devices[${i}]`).deviceId);
        const scope =
          a.scope !== undefined
            ? enumInput("HoldScope", a.scope, "scope")
            : enumValue("HoldScope", lotKeys.length ? "Lots" : deviceIds.length ? "Serials" : "Product");
        if (lotKeys.length + deviceIds.length > ctx.maxBatch) {
          throw new SdkInputError(
            "recall",
            lotKeys.length + deviceIds.length,
            `lists more than ${ctx.maxBatch} lots or devices`,
          );
        }
        return recalls.issueRecall.populateTransaction({
          gtin: toGtin(a.gtin),
          recallClass: enumInput("RecallClass", a.recallClass, "recallClass"),
          action: enumInput("RecallAction", a.action, "action"),
          scope,
          returnTo: a.returnTo === undefined ? 0n : toGln(a.returnTo, "returnTo"),
          noticeHash: toBytes32(a.noticeHash, "noticeHash"),
          lotKeys,
          deviceIds,
        });
      },
      (receipt) => eventArg<bigint>(receipt, recalls, "RecallIssued", "recallId"),
    ),
    acknowledgeRecall: plain(async (a: { recallId: bigint | number }) =>
      recalls.acknowledgeRecall.populateTransaction(a.recallId),
    ),
    recordDisposition: plain(
      async (a: { recallId: bigint | number; device: DeviceInput; disposition: EnumMember<"Disposition"> | number }) =>
        recalls.recordDisposition.populateTransaction(
          a.recallId,
          toDevice(a.device).deviceId,
          enumInput("Disposition", a.disposition, "disposition"),
        ),
    ),
    terminateRecall: plain(async (a: { recallId: bigint | number }) =>
      recalls.terminateRecall.populateTransaction(a.recallId),
    ),
    ...pauseOperations(recalls),
  };
}
