import { enumValue, type EnumMember } from "../enums";
import { SdkInputError } from "../errors";
import { toBytes32, toDevice, toGln, type DeviceInput, type GlnInput } from "../inputs";
import { plain } from "../operation";
import type { TxContext } from "../transact";
import { pauseOperations } from "./shared";

const id = (device: DeviceInput) => toDevice(device).deviceId;

/** The device lifecycle's operations. Device arguments take UDIs, ids or GTIN + serial. */
export function lifecycleOperations(ctx: TxContext) {
  const { lifecycle } = ctx.contracts;
  return {
    install: plain(async (a: { device: DeviceInput; careSite: GlnInput; procedureCommitment: string }) =>
      lifecycle.install.populateTransaction(
        id(a.device),
        toGln(a.careSite, "careSite"),
        toBytes32(a.procedureCommitment, "procedureCommitment"),
      ),
    ),
    explant: plain(async (a: { device: DeviceInput; procedureCommitment: string }) =>
      lifecycle.explant.populateTransaction(id(a.device), toBytes32(a.procedureCommitment, "procedureCommitment")),
    ),
    recordService: plain(
      async (a: { device: DeviceInput; outcome: EnumMember<"ServiceOutcome"> | number; reportHash: string }) => {
        let outcome: number;
        try {
          outcome = enumValue("ServiceOutcome", a.outcome);
        } catch (error) {
          throw new SdkInputError("outcome", a.outcome, (error as Error).message);
        }
        return lifecycle.recordService.populateTransaction(
          id(a.device),
          outcome,
          toBytes32(a.reportHash, "reportHash"),
        );
      },
    ),
    /** `version` defaults to the (8012) software version of a device UDI. */
    recordSoftwareUpdate: plain(async (a: { device: DeviceInput; version?: string; imageHash: string }) => {
      const device = toDevice(a.device);
      const version = a.version ?? device.udi?.softwareVersion;
      if (!version) throw new SdkInputError("version", version, "is required (or a device UDI carrying (8012))");
      return lifecycle.recordSoftwareUpdate.populateTransaction(
        device.deviceId,
        version,
        toBytes32(a.imageHash, "imageHash"),
      );
    }),
    quarantine: plain(async (a: { device: DeviceInput; reasonHash: string }) =>
      lifecycle.quarantine.populateTransaction(id(a.device), toBytes32(a.reasonHash, "reasonHash")),
    ),
    release: plain(async (a: { device: DeviceInput }) => lifecycle.release.populateTransaction(id(a.device))),
    decommission: plain(async (a: { device: DeviceInput }) => lifecycle.decommission.populateTransaction(id(a.device))),
    destroy: plain(async (a: { device: DeviceInput }) => lifecycle.destroy.populateTransaction(id(a.device))),
    authoriseServiceProvider: plain(async (a: { serviceProvider: GlnInput; authorised?: boolean }) =>
      lifecycle.authoriseServiceProvider.populateTransaction(
        toGln(a.serviceProvider, "serviceProvider"),
        a.authorised ?? true,
      ),
    ),
    ...pauseOperations(lifecycle),
  };
}
