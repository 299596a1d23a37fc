import type { CaptureEngine } from "../../src/capture/engine";
import type { CaptureErrorBehaviour, CaptureEvent, EventOutcome } from "../../src/capture/types";
import { TransportError } from "../../src/sdk/errors";

/** A commissioning event of one device of lot L1 (GTIN 09506000134352), with an eventID. */
export const commissioning = (serial: string, eventID: string) => ({
  type: "ObjectEvent",
  eventID,
  eventTime: "2026-12-01T10:00:00.000Z",
  eventTimeZoneOffset: "+00:00",
  action: "ADD",
  bizStep: "commissioning",
  epcList: [`https://id.gs1.org/01/09506000134352/21/${serial}`],
  ilmd: { "cbvmda:lotNumber": "L1" },
});

/** A stand-in for the engine: commits every event it is given (or fails the ones named), and records its calls. */
export function fakeEngine(options: { failIds?: Set<string>; throwTimes?: number; permanent?: boolean } = {}) {
  const calls: { captureId: string; behaviour: CaptureErrorBehaviour; events: CaptureEvent[] }[] = [];
  let throws = options.throwTimes ?? 0;
  const engine: CaptureEngine = {
    async run(captureId, behaviour, events) {
      calls.push({ captureId, behaviour, events });
      if (throws > 0) {
        throws--;
        throw options.permanent ? new Error("the simulation gas cap is too small") : new TransportError("fetch failed");
      }
      return events.map((e, i): EventOutcome =>
        options.failIds?.has(e.eventId)
          ? {
              index: e.index,
              eventId: e.eventId,
              status: "failed",
              reason: "DeviceRegistryNotCustodian",
              error: { name: "DeviceRegistryNotCustodian", args: { deviceId: "0x01" } },
            }
          : { index: e.index, eventId: e.eventId, status: "committed", txHash: `0x${i}`, blockNumber: 7, logIndex: i },
      );
    },
  };
  return { engine, calls };
}

export const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
