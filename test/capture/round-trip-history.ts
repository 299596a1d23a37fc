import { id, ZeroHash } from "ethers";
import { DAY, deviceIdOf, GLN, GTIN, sscc, type System } from "../fixtures";
import { send, type Members } from "../indexer/helpers/consortium";

/** The devices of the round trip's history, by serial, and the containers they travel in. */
export const SERIALS = ["RT-1", "RT-2", "RT-3", "RT-4", "RT-5", "RT-6", "RT-B1", "RT-B2"];
export const CASES = [sscc("30614141000000101"), sscc("30614141000000102")];
/** Lots the history registers: one with production and expiry days, one without dates. */
export const LOTS = ["LOT-RT-1", "LOT-RT-2"];

/**
 * A device history that touches every operation capture maps, on a consortium admitted by `admitConsortium`: commission
 * (one, batch, a lot without dates), pack, unpack, ship with and without title and document, receive, reject,
 * cancel, a container shipped and received, install, service, software update, explant, quarantine, release, decommission, destroy,
 * and a shipment left in transit. Lot dates are whole days (production at 00:00:00, expiry at 23:59:59 UTC): CBV
 * master data are days, so other times come back as their day's bounds. The hospital's authorisation of its
 * service provider is not an EPCIS event: `authoriseServicing` runs first, before any lifecycle event, here and on
 * the second deployment, so that both lifecycle histories are the same from their first event.
 */
export async function deviceHistory(system: System, m: Members): Promise<void> {
  const dev = (s: keyof Members) => system.devices.connect(m[s]);
  const life = (s: keyof Members) => system.lifecycle.connect(m[s]);
  const [a1, a2, a3, a4, a5, a6, b1, b2] = SERIALS.map((s) => deviceIdOf(GTIN, s));
  const [case1, case2] = CASES;
  const today = (BigInt((await m.admin.provider!.getBlock("latest"))!.timestamp) / DAY) * DAY;

  await authoriseServicing(system, m);
  await send(dev("manufacturer").registerLot(GTIN, LOTS[0], today - 2n * DAY, today + 366n * DAY - 1n));
  const lot1 = await system.devices.lotKeyOf(GTIN, LOTS[0]);
  await send(dev("manufacturer").commission(lot1, "RT-1"));
  await send(dev("manufacturer").commissionBatch(lot1, ["RT-2", "RT-3", "RT-4", "RT-5", "RT-6"]));
  // Registered right before its devices, as capture registers a lot its commissioning names first.
  await send(dev("manufacturer").registerLot(GTIN, LOTS[1], 0, 0));
  await send(dev("manufacturer").commissionBatch(await system.devices.lotKeyOf(GTIN, LOTS[1]), ["RT-B1", "RT-B2"]));

  await send(dev("manufacturer").pack(case1, [a1, a2, a3]));
  await send(dev("manufacturer").unpack(case1, [a3]));
  await send(life("manufacturer").decommission(a3));
  await send(dev("manufacturer").ship(GLN.distributor, [a4, a6], [case1], id("ASN-RT-1"), true));
  await send(dev("distributor").receiveShipment(1, [a4, a6], [case1]));
  await send(dev("distributor").unpack(case1, [a1]));
  await send(dev("distributor").ship(GLN.hospital, [a4], [], id("ASN-RT-2"), true));
  await send(dev("hospital").rejectShipment(2, [a4], []));
  await send(dev("distributor").ship(GLN.hospital, [a4], [], ZeroHash, false));
  await send(dev("distributor").cancelShipment(3, [a4], []));
  await send(dev("distributor").ship(GLN.hospital, [a1, a4, a6], [], id("ASN-RT-4"), true));
  await send(dev("hospital").receiveShipment(4, [a1, a4, a6], []));

  await send(life("hospital").install(a4, GLN.hospital, id("procedure:install-4")));
  await send(life("hospital").install(a6, GLN.hospital, id("procedure:install-6")));
  await send(life("service").recordService(a4, 3, id("service-report")));
  await send(life("service").recordSoftwareUpdate(a4, "2.4.1", id("image-2.4.1")));
  await send(life("hospital").explant(a4, id("procedure:explant-4")));
  await send(life("hospital").quarantine(a4, id("reason-4")));
  await send(life("hospital").destroy(a4));
  await send(life("hospital").quarantine(a1, id("reason-1")));
  await send(life("hospital").release(a1));

  await send(dev("manufacturer").pack(case2, [b1, b2]));
  await send(dev("manufacturer").ship(GLN.distributor, [], [case2], id("ASN-RT-6"), true));
  await send(dev("distributor").receiveShipment(5, [], [case2]));
  await send(dev("manufacturer").ship(GLN.otherHospital, [a5], [], ZeroHash, false));
}

/** What the history needs that EPCIS does not carry: the hospital authorises its service provider. */
export const authoriseServicing = (system: System, m: Members): Promise<void> =>
  send(system.lifecycle.connect(m.hospital).authoriseServiceProvider(GLN.service, true));

/** Shipments the history opens (ids 1 to 6). */
export const SHIPMENT_COUNT = 6;
