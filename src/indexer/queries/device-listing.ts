import { enumLabel } from "../../contracts/enums";
import { gln13, udiOf } from "../../gs1";
import type { DeviceState } from "../projections/device-state";

/** A device as the lot and recall answers list it: its UDI, custodian (GLN-13), status by name and recall hold. */
export const deviceListing = (s: DeviceState) => ({
  deviceId: s.deviceId,
  udi: udiOf(s.gtin, s.serial),
  custodian: gln13(s.custodian),
  status: enumLabel("DeviceStatus", s.status),
  heldBy: s.heldBy,
});
