import { ethers } from "hardhat";
import { deviceIdOf, gtin, GLN, GTIN, IMPLANT_GTIN, LOT } from "../fixtures";
import { CARE_SITE, DOC, anchorRequest, commitment, ssccOf, word } from "../helpers/scenario";
import { AnchorTarget, HoldScope } from "../helpers/lifecycle";
import { CASE, NEW_GLN, notice, type Entry } from "./fixture";

/** The gateway anchors on a target that does not exist: DataAnchorRegistryUnknownTarget(target, targetId). */
const unknownAnchorTarget = (what: string, target: number, targetId: string): Entry => [
  what,
  (f) => f.anchors.connect(f.gateway).anchor(anchorRequest(target, targetId)),
  "anchors",
  "DataAnchorRegistryUnknownTarget",
  () => [target, targetId],
];

/** Malformed references: duplicates and unknown ids. */
export const RECORD_ENTRIES: Entry[] = [
  // ===== DUPLICATES =====
  [
    "commission a serial twice",
    (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, "M-1"),
    "devices",
    "DeviceRegistryDeviceExists",
    (f) => [f.stock[0]],
  ],
  [
    "commission a batch listing a serial twice",
    (f) => f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, ["D-1", "D-1"]),
    "devices",
    "DeviceRegistryDeviceExists",
    () => [deviceIdOf(GTIN, "D-1")],
  ],
  [
    "register a lot number twice",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, LOT, 0, 0),
    "devices",
    "DeviceRegistryLotExists",
    () => [GTIN, LOT],
  ],
  [
    "register a product twice",
    (f) => f.products.connect(f.manufacturer).registerProduct(GTIN, ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryProductExists",
    () => [GTIN],
  ],
  [
    "admit an organisation twice",
    (f) => f.directory.admitOrganisation(GLN.hospital, 8, f.spare),
    "directory",
    "DirectoryOrganisationExists",
    () => [GLN.hospital],
  ],
  [
    "ship a device listed twice",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, [f.stock[0], f.stock[0]], [], DOC, false),
    "devices",
    "DeviceRegistryDeviceUnavailable",
    (f) => [f.stock[0], 2],
  ],
  [
    "pack a device listed twice",
    (f) => f.devices.connect(f.manufacturer).pack(ssccOf(9), [f.stock[0], f.stock[0]]),
    "devices",
    "DeviceRegistryDevicePacked",
    (f) => [f.stock[0], ssccOf(9)],
  ],
  [
    "ship a container listed twice",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, [], [CASE, CASE], DOC, false),
    "devices",
    "DeviceRegistryContainerUnavailable",
    () => [CASE, 2],
  ],
  [
    "receive a shipment listing a device twice",
    (f) => f.devices.connect(f.distributor).receiveShipment(f.shipmentId, [f.stock[1], f.stock[1]], []),
    "devices",
    "DeviceRegistryNotInShipment",
    (f) => [f.stock[1], f.shipmentId],
  ],
  [
    "receive a shipment listing one item too many",
    (f) => f.devices.connect(f.distributor).receiveShipment(f.shipmentId, [...f.stock.slice(0, 2), f.stock[3]], []),
    "devices",
    "DeviceRegistryManifestMismatch",
    (f) => [f.shipmentId],
  ],
  [
    "bind an account already bound",
    (f) => f.directory.addAccount(GLN.distributor, f.hospital),
    "directory",
    "DirectoryAccountInUse",
    (f) => [f.hospital.address, GLN.hospital],
  ],
  // ===== UNKNOWN IDS =====
  [
    "ship a device never commissioned",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, [deviceIdOf(GTIN, "NONE")], [], DOC, false),
    "devices",
    "DeviceRegistryUnknownDevice",
    () => [deviceIdOf(GTIN, "NONE")],
  ],
  [
    "unpack an unknown container",
    (f) => f.devices.connect(f.manufacturer).unpack(ssccOf(9), [f.stock[0]]),
    "devices",
    "DeviceRegistryUnknownContainer",
    () => [ssccOf(9)],
  ],
  [
    "receive an unknown shipment",
    (f) => f.devices.connect(f.distributor).receiveShipment(99, [], []),
    "devices",
    "DeviceRegistryUnknownShipment",
    () => [99],
  ],
  [
    "commission into an unknown lot",
    (f) => f.devices.connect(f.manufacturer).commission(99, "S-1"),
    "devices",
    "DeviceRegistryUnknownLot",
    () => [99],
  ],
  [
    "register a lot of an unknown product",
    (f) => f.devices.connect(f.manufacturer).registerLot(gtin("0061414100098"), "L-1", 0, 0),
    "devices",
    "DeviceRegistryUnknownProduct",
    () => [gtin("0061414100098")],
  ],
  [
    "install an unknown device",
    (f) => f.lifecycle.connect(f.hospital).install(deviceIdOf(GTIN, "NONE"), CARE_SITE, commitment("p")),
    "lifecycle",
    "DeviceLifecycleUnknownDevice",
    () => [deviceIdOf(GTIN, "NONE")],
  ],
  [
    "acknowledge an unknown recall",
    (f) => f.recalls.connect(f.hospital).acknowledgeRecall(7),
    "recalls",
    "RecallRegistryUnknownRecall",
    () => [7],
  ],
  [
    "recall an unknown product",
    (f) => f.recalls.connect(f.regulator).issueRecall(notice({ gtin: gtin("0061414100098") })),
    "recalls",
    "RecallRegistryUnknownProduct",
    () => [gtin("0061414100098")],
  ],
  [
    "recall an unknown lot",
    (f) => f.recalls.connect(f.manufacturer).issueRecall(notice({ scope: HoldScope.Lots, lotKeys: [99n] })),
    "devices",
    "DeviceRegistryUnknownLot",
    () => [99],
  ],
  [
    "recall a lot of another product",
    (f) =>
      f.recalls
        .connect(f.manufacturer)
        .issueRecall(notice({ gtin: IMPLANT_GTIN, scope: HoldScope.Lots, lotKeys: [f.lotKey] })),
    "devices",
    "DeviceRegistryLotNotOfProduct",
    (f) => [f.lotKey, IMPLANT_GTIN],
  ],
  [
    "recall an unknown device",
    (f) =>
      f.recalls
        .connect(f.manufacturer)
        .issueRecall(notice({ scope: HoldScope.Serials, deviceIds: [deviceIdOf(GTIN, "NONE")] })),
    "devices",
    "DeviceRegistryUnknownDevice",
    () => [deviceIdOf(GTIN, "NONE")],
  ],
  unknownAnchorTarget("anchor on an unknown shipment", AnchorTarget.Shipment, word(99n)),
  unknownAnchorTarget("anchor on a shipment id above uint32", AnchorTarget.Shipment, word(1n << 32n)),
  unknownAnchorTarget("anchor on target kind None", AnchorTarget.None, word(1n)),
  [
    "update an unknown product",
    (f) => f.products.connect(f.manufacturer).updateProductMetadata(gtin("0061414100098"), ethers.id("x")),
    "products",
    "ProductRegistryUnknownProduct",
    () => [gtin("0061414100098")],
  ],
  [
    "suspend an unknown organisation",
    (f) => f.directory.suspendOrganisation(NEW_GLN),
    "directory",
    "DirectoryUnknownOrganisation",
    () => [NEW_GLN],
  ],
  [
    "revoke an unassigned company prefix",
    (f) => f.directory.revokeCompanyPrefix("0614149"),
    "directory",
    "DirectoryUnknownCompanyPrefix",
    () => ["0614149"],
  ],
];
