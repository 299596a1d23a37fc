import { id, toBeHex, ZeroHash } from "ethers";
import { DAY, GLN, GTIN, OTHER_GTIN, deviceIdOf, sscc, type System } from "../../fixtures";
import { send, type Members } from "./consortium";

export const CASE = sscc("30614141000000001");
export const CASE_2 = sscc("30614141000000002");
export const SERIALS = ["SN-0001", "SN-0002", "SN-0003", "SN-0004", "SN-0005", "SN-0006"];
export const ids = SERIALS.map((s) => deviceIdOf(GTIN, s));
export const SINGLE = deviceIdOf(GTIN, "SN-S1");
export const LOT_B_IDS = ["SN-B-0001", "SN-B-0002"].map((s) => deviceIdOf(GTIN, s));
export const EXPIRED_ID = deviceIdOf(GTIN, "SN-OLD-1");
export const OTHER_IDS = ["OT-1", "OT-2"].map((s) => deviceIdOf(OTHER_GTIN, s));

const commitment = (text: string) => id(`procedure:${text}`);

/** Directory churn: every ConsortiumDirectory event, OpenZeppelin's admin events included. */
export async function directoryChurn(system: System, m: Members): Promise<void> {
  const admin = system.directory.connect(m.admin);
  const spare = await m.spare.getAddress();
  const outsider = await m.outsider.getAddress();
  await send(admin.addAccount(GLN.distributor, spare));
  await send(admin.rotateAccount(spare, outsider));
  await send(admin.removeAccount(outsider));
  await send(admin.grantOrganisationRole(GLN.distributor, 4));
  await send(admin.revokeOrganisationRole(GLN.distributor, 4));
  await send(admin.suspendOrganisation(GLN.otherHospital));
  await send(admin.reactivateOrganisation(GLN.otherHospital));
  await send(admin.assignCompanyPrefix(GLN.otherManufacturer, "0614143"));
  await send(admin.revokeCompanyPrefix("0614143"));
  await send(admin.pause());
  await send(admin.unpause());
  await send(admin.beginDefaultAdminTransfer(spare));
  await send(admin.cancelDefaultAdminTransfer());
  await send(admin.changeDefaultAdminDelay(3n * DAY));
  await send(admin.rollbackDefaultAdminDelay());
  await send(admin.grantRole(id("AUDITOR"), spare));
  await send(admin.revokeRole(id("AUDITOR"), spare));
  await send(admin.setOrganisationValidator(GLN.distributor, outsider));
}

/** Numbers the supply-chain scenario leaves behind, for assertions. */
export const SHIPMENTS = { quarantined: 1, rejected: 2, cancelled: 3, delivered: 4, returned: 5, inTransit: 6 };
export const RECALLS = { lot: 1, serials: 2, product: 3 };

/**
 * A realistic supply chain touching every DeviceRegistry, DeviceLifecycle, RecallRegistry, DataAnchorRegistry and
 * ProductRegistry event: commission (single, batch, expired lot), pack/unpack, ship with an excursion, quarantined
 * receipt, release, reject, cancel, receive, install, service, software, explant, quarantine, decommission, destroy,
 * three recalls (lots, serials, product) with acknowledgements and every disposition, anchors, pause.
 */
export async function supplyChain(system: System, m: Members, lotKey: bigint, now: bigint): Promise<void> {
  const dev = (s: keyof Members) => system.devices.connect(m[s]);
  const life = (s: keyof Members) => system.lifecycle.connect(m[s]);
  const recall = (s: keyof Members) => system.recalls.connect(m[s]);
  const doc = id("ASN-0001");

  await send(system.products.connect(m.manufacturer).updateProductMetadata(GTIN, id("ifu-v2")));
  await send(dev("manufacturer").registerLot(GTIN, "LOT-2026-B", now - DAY, now + 365n * DAY));
  await send(dev("manufacturer").registerLot(GTIN, "LOT-OLD", now - 10n * DAY, now - DAY));
  await send(dev("otherManufacturer").registerLot(OTHER_GTIN, "OTHER-LOT-1", now - DAY, 0));
  const lotB = await system.devices.lotKeyOf(GTIN, "LOT-2026-B");
  const oldLot = await system.devices.lotKeyOf(GTIN, "LOT-OLD");
  const otherLot = await system.devices.lotKeyOf(OTHER_GTIN, "OTHER-LOT-1");

  await send(dev("manufacturer").commission(lotKey, "SN-S1"));
  await send(dev("manufacturer").commissionBatch(lotKey, SERIALS));
  await send(dev("manufacturer").commissionBatch(lotB, ["SN-B-0001", "SN-B-0002"]));
  await send(dev("manufacturer").commission(oldLot, "SN-OLD-1"));
  await send(dev("otherManufacturer").commissionBatch(otherLot, ["OT-1", "OT-2"]));

  await send(dev("manufacturer").pack(CASE, ids.slice(0, 3)));
  await send(dev("manufacturer").unpack(CASE, [ids[2]]));
  await send(dev("manufacturer").ship(GLN.distributor, [ids[3], ids[4]], [CASE], doc, true));
  await send(
    system.anchors.connect(m.gateway).anchor({
      target: 1,
      targetId: toBeHex(SHIPMENTS.quarantined, 32),
      root: id("telemetry-root"),
      recordCount: 42,
      windowStart: now - 3600n,
      windowEnd: now,
      uriHash: id("telemetry-uri"),
      excursion: true,
    }),
  );
  await send(dev("distributor").receiveShipment(SHIPMENTS.quarantined, [ids[3], ids[4]], [CASE]));
  await send(dev("distributor").releaseContainer(CASE));
  await send(life("distributor").release(ids[3]));
  await send(life("distributor").release(ids[4]));

  await send(dev("distributor").ship(GLN.hospital, [ids[3]], [], doc, true));
  await send(dev("hospital").rejectShipment(SHIPMENTS.rejected, [ids[3]], []));
  await send(dev("distributor").ship(GLN.hospital, [ids[3]], [], doc, false));
  await send(dev("distributor").cancelShipment(SHIPMENTS.cancelled, [ids[3]], []));
  await send(dev("distributor").ship(GLN.hospital, [ids[3], ids[4]], [], doc, true));
  await send(dev("hospital").receiveShipment(SHIPMENTS.delivered, [ids[3], ids[4]], []));

  await send(life("hospital").install(ids[3], GLN.hospital, commitment("install")));
  await send(life("hospital").authoriseServiceProvider(GLN.service, true));
  await send(life("service").recordService(ids[3], 1, id("service-report")));
  await send(life("service").recordSoftwareUpdate(ids[3], "2.1.0", id("image-2.1.0")));
  await send(life("hospital").explant(ids[3], commitment("explant")));
  await send(life("hospital").quarantine(ids[3], id("reason")));
  await send(life("hospital").decommission(ids[3]));
  await send(life("hospital").destroy(ids[3]));

  const notice = {
    gtin: GTIN,
    returnTo: 0,
    noticeHash: id("notice"),
    lotKeys: [] as bigint[],
    deviceIds: [] as string[],
  };
  await send(recall("manufacturer").issueRecall({ ...notice, recallClass: 2, action: 1, scope: 2, lotKeys: [lotKey] }));
  await send(recall("distributor").acknowledgeRecall(RECALLS.lot));
  await send(recall("hospital").acknowledgeRecall(RECALLS.lot));
  await send(dev("hospital").ship(GLN.manufacturer, [ids[4]], [], doc, true));
  await send(dev("manufacturer").receiveShipment(SHIPMENTS.returned, [ids[4]], []));
  await send(recall("manufacturer").recordDisposition(RECALLS.lot, ids[4], 1));
  await send(recall("manufacturer").recordDisposition(RECALLS.lot, ids[0], 2));
  await send(recall("hospital").recordDisposition(RECALLS.lot, ids[3], 3));
  await send(recall("manufacturer").terminateRecall(RECALLS.lot));

  const deviceIds = [ids[1], LOT_B_IDS[0]];
  await send(recall("regulator").issueRecall({ ...notice, recallClass: 1, action: 2, scope: 3, deviceIds }));
  await send(dev("manufacturer").pack(CASE_2, [LOT_B_IDS[0], LOT_B_IDS[1]]));
  await send(recall("regulator").issueRecall({ ...notice, gtin: OTHER_GTIN, recallClass: 4, action: 4, scope: 1 }));
  await send(recall("otherManufacturer").acknowledgeRecall(RECALLS.product));

  const anchor = {
    root: id("root"),
    recordCount: 3,
    windowStart: now - 60n,
    windowEnd: now,
    uriHash: id("uri"),
    excursion: false,
  };
  await send(system.anchors.connect(m.manufacturer).anchor({ ...anchor, target: 2, targetId: ids[4] }));
  await send(system.anchors.connect(m.gateway).anchor({ ...anchor, target: 3, targetId: toBeHex(lotB, 32) }));
  for (const registry of [system.products, system.devices, system.lifecycle, system.recalls, system.anchors]) {
    await send(registry.connect(m.admin).pause());
    await send(registry.connect(m.admin).unpause());
  }

  await send(dev("manufacturer").ship(GLN.distributor, [SINGLE], [], ZeroHash, false));
  await send(
    system.anchors
      .connect(m.gateway)
      .anchor({ ...anchor, target: 1, targetId: toBeHex(SHIPMENTS.inTransit, 32), excursion: true }),
  );
}
